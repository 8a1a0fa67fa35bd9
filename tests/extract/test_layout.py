"""Articles from page layout: title blocks, bylines, column breaks, numbered lists."""

from etl.extract.layout import headline_index, segment_articles

PAGE = """第3版 要闻

长江经济带绿色发展迈出新步伐
沿江省市协同推进生态保护

本报记者 张三

今年以来，沿江各地加快推进生态修复，

截至3月底已完成治理项目120个。

各地还将继续加大投入。

新区产业园扩容提速

记者 李四 通讯员 王五

园区新增企业56家，其中高新技术企业18家。

第二批重点项目名单

1．智能制造项目（甲公司、乙大学）
2．绿色能源项目（丙研究院）
"""


def test_page_furniture_is_not_an_article():
    assert [a.title_lines[0].text for a in segment_articles(PAGE)] == [
        "长江经济带绿色发展迈出新步伐", "新区产业园扩容提速"]


def test_title_block_gives_headline_then_deck():
    first = segment_articles(PAGE)[0]
    assert [t.text for t in first.title_lines] == ["长江经济带绿色发展迈出新步伐", "沿江省市协同推进生态保护"]


def test_byline_right_after_the_title_is_before_the_body():
    first, second = segment_articles(PAGE)
    assert (first.byline_position, first.byline.reporters) == ("before_body", ["张三"])
    assert (second.byline_position, second.byline.reporters) == ("before_body", ["李四"])


def test_a_line_that_does_not_end_a_sentence_continues_across_blank_lines():
    first = segment_articles(PAGE)[0]
    assert first.paragraphs[0].text == "今年以来，沿江各地加快推进生态修复，截至3月底已完成治理项目120个。"
    assert first.paragraphs[0].fragments == 2
    assert len(first.paragraphs) == 2


def test_paragraph_pieces_point_back_into_the_page():
    first = segment_articles(PAGE)[0]
    para = first.paragraphs[0]
    for text_at, page_at in para.pieces:
        assert PAGE[page_at:page_at + 4] == para.text[text_at:text_at + 4]


def test_numbered_lines_form_a_list_with_its_title_and_are_not_paragraphs():
    second = segment_articles(PAGE)[1]
    assert len(second.lists) == 1
    assert second.lists[0].title.text == "第二批重点项目名单"
    assert [i.number for i in second.lists[0].items] == [1, 2]
    assert all("项目（" not in p.text for p in second.paragraphs)


def test_byline_after_the_body_closes_the_article():
    page = "标题一\n\n正文第一段。\n\n记者 赵六\n\n标题二\n\n正文第二段。"
    first, second = segment_articles(page)
    assert (first.byline_position, first.byline.reporters) == ("after_body", ["赵六"])
    assert second.title_lines[0].text == "标题二"


def test_inline_dateline_is_the_byline_and_is_stripped_from_the_paragraph():
    page = "标题\n\n本报讯（记者 陈军）近日，市里召开会议。"
    art = segment_articles(page)[0]
    assert art.byline_position == "inline"
    assert art.paragraphs[0].text == "近日，市里召开会议。"
    assert page[art.paragraphs[0].start:].startswith("近日")


def test_text_before_any_title_is_an_article_without_headline():
    art = segment_articles("（上接第1版）继续推进改革。\n\n新标题\n\n正文。")[0]
    assert art.title_lines == []
    assert art.paragraphs[0].text == "继续推进改革。"


def test_credits_in_parentheses_after_the_last_sentence_are_the_byline():
    page = "标题\n\n第一段正文。\n\n最后一段正文。（记者 张三 通讯员 李四）\n\n下一篇标题\n\n正文。"
    first, second = segment_articles(page)
    assert (first.byline.reporters, first.byline_position) == (["张三"], "after_body")
    assert first.paragraphs[-1].text == "最后一段正文。"
    assert second.title_lines[0].text == "下一篇标题"


def test_a_photo_caption_is_a_credit_not_a_paragraph():
    page = "标题\n\n本报记者 王五\n\n正文第一段。\n\n3月12日，工人在车间内加紧生产。 本报记者 王五 摄\n\n正文第二段。"
    art = segment_articles(page)[0]
    assert [p.text for p in art.paragraphs] == ["正文第一段。", "正文第二段。"]
    assert ("摄", "王五") in art.extra_credits[0].credits


def test_a_marked_caption_over_its_own_credit_line_is_neither_paragraph_nor_end_of_article():
    page = "标题\n\n正文第一段。\n\n▲3月12日，工人在车间内加紧生产。\n\n本报记者 王五 摄\n\n正文第二段。"
    [art] = segment_articles(page)
    assert [p.text for p in art.paragraphs] == ["正文第一段。", "正文第二段。"]
    assert art.byline is None
    assert ("摄", "王五") in art.extra_credits[0].credits


def test_a_related_facts_box_heading_inside_a_body_is_an_intertitle_not_a_new_article():
    page = "标题\n\n正文第一段。\n\n相关链接\n\n背景资料一段。\n\n本报记者 王五\n\n下一篇\n\n下一篇正文。"
    arts = segment_articles(page)
    assert [a.title_lines[0].text for a in arts] == ["标题", "下一篇"]
    assert [p.text for p in arts[0].paragraphs] == ["正文第一段。", "背景资料一段。"]
    assert arts[0].byline.raw == "本报记者 王五"


def test_end_marker_is_not_text():
    art = segment_articles("标题\n\n全文到此结束。（完）")[0]
    assert art.paragraphs[0].text == "全文到此结束。"


def test_a_short_line_cut_inside_a_name_is_a_column_break_not_a_title():
    page = ("标题\n\n本报记者 张三\n\n据中国汽\n\n车工业协会统计，一季度汽车销量增长。\n\n"
            "随后一段正文。")
    arts = segment_articles(page)
    assert len(arts) == 1
    assert arts[0].paragraphs[0].text == "据中国汽车工业协会统计，一季度汽车销量增长。"


def test_a_line_opening_a_quotation_is_body_not_a_title():
    page = "标题\n\n正文一段。\n\n“我们和研究所\n\n一起攻关。”他说。"
    arts = segment_articles(page)
    assert len(arts) == 1
    assert arts[0].paragraphs[1].text == "“我们和研究所一起攻关。”他说。"


def test_an_intertitle_is_one_line_even_before_a_short_fragment():
    page = "标题\n\n正文一段。\n\n■ 做强产业链\n\n园区提供检测认证等服\n\n务。\n\n后文。"
    art = segment_articles(page)[0]
    assert [t.text for t in art.intertitles] == ["■ 做强产业链"]
    assert "园区提供检测认证等服务。" in [p.text for p in art.paragraphs]


def test_circled_numbers_make_a_list_and_do_not_break_the_page():
    page = "标题\n\n本报记者 张三\n\n导语正文。\n\n①重庆大学\n②西南大学\n③重庆邮电大学\n\n结尾正文。"
    art = segment_articles(page)[0]
    assert [item.number for item in art.lists[0].items] == [1, 2, 3]


def test_numbered_points_written_as_sentences_stay_paragraphs():
    page = ("标题\n\n本报记者 张三\n\n导语正文。\n\n（一）支持整车项目。对新建项目，给予补助。\n\n"
            "（二）提升配套能力。鼓励企业合作，给予奖励。\n\n结尾正文。")
    art = segment_articles(page)[0]
    assert art.lists == []
    assert [p.text[:3] for p in art.paragraphs] == ["导语正", "（一）", "（二）", "结尾正"]


def test_a_long_line_whose_next_line_ends_its_sentence_is_a_column_break_not_a_title():
    page = ("标题\n\n本报记者 张三\n\n第一段正文。\n\n奇瑞汽车股份有限公司等整车企业也在加\n\n"
            "快新车型投放。企业表示将加快交付。\n\n下一篇标题\n\n6月18日，正文。")
    first, second = segment_articles(page)
    assert first.paragraphs[-1].text == "奇瑞汽车股份有限公司等整车企业也在加快新车型投放。企业表示将加快交付。"
    assert second.title_lines[0].text == "下一篇标题"


def test_only_lines_starting_as_the_list_pattern_can_are_tried_as_items() -> None:
    from etl.extract.layout import _ANY_LIST_ITEM, _LIST_FIRST

    rests = ["1 条目", "、条目", ".条目", ")条目", "1)条目", "一)条目", "条目"]
    for code in range(0x10000):
        c = chr(code)
        if c not in _LIST_FIRST and not c.isdecimal():
            assert all(_ANY_LIST_ITEM.match(c + rest) is None for rest in rests), hex(code)


def test_only_lines_ending_as_a_paragraph_can_end_are_tested_for_it() -> None:
    from etl.extract.layout import _MAY_CLOSE, _closes_paragraph

    heads = ["文字", "完成了。", "完成。(记者 张三", "见第3版(转第", "句子。……", "完成。”"]
    for code in range(0x10000):
        c = chr(code)
        if c not in _MAY_CLOSE and not c.isspace() and not 0xD800 <= code <= 0xDFFF:
            assert not any(_closes_paragraph(head + c) for head in heads), hex(code)


RELATED = """海上风电机组并网发电

新华社福州5月20日电（记者 林超）机组在福建平潭并网发电。

■ 相关新闻

福建海上风电装机突破400万千瓦

本报讯（记者 郑华）截至4月底，福建省海上风电累计装机容量突破400万千瓦。

（本报记者 郑华 通讯员 黄磊）
"""


def test_a_short_line_before_a_dateline_is_the_title_of_a_new_story():
    arts = segment_articles(RELATED)
    assert [[t.text for t in a.title_lines] for a in arts] == [
        ["海上风电机组并网发电"], ["福建海上风电装机突破400万千瓦"]]
    assert arts[1].byline.raw == "本报讯（记者 郑华）"
    assert [p.text for p in arts[1].paragraphs] == ["截至4月底，福建省海上风电累计装机容量突破400万千瓦。"]


def test_a_paragraph_cut_off_before_a_title_and_a_dateline_stays_in_its_article():
    page = ("甲地新设企业1854家\n\n记者从甲地自由贸易试验\n\n乙地共建通勤圈进展顺利\n\n"
            "本报讯（记者 袁敏）两地今年将实施合作项目622个。\n")
    arts = segment_articles(page)
    assert [[t.text for t in a.title_lines] for a in arts] == [["甲地新设企业1854家"], ["乙地共建通勤圈进展顺利"]]
    assert [p.text for p in arts[0].paragraphs] == ["记者从甲地自由贸易试验"]
    assert arts[1].byline.credits == [("记者", "袁敏")]


def test_credits_in_parentheses_on_a_line_of_their_own_are_credits():
    last = segment_articles(RELATED)[1]
    assert [c for b in last.extra_credits for c in b.credits] == [("本报记者", "郑华"), ("通讯员", "黄磊")]


def test_the_headline_is_the_line_before_a_subtitle_under_a_kicker():
    titles = segment_articles("高质量发展调研行\n\n智能制造跑出“加速度”\n\n——两江新区数字化转型见闻\n\n"
                              "本报记者 刘翰书\n\n走进工厂，机器人有序作业。\n")[0].title_lines
    assert titles[headline_index(titles)].text == "智能制造跑出“加速度”"


def test_the_headline_is_the_first_line_when_a_subtitle_follows_it():
    page = "让更多机器人走向全球\n\n——访研究所所长刘振宇\n\n本报记者 王五\n\n记者：进展如何？\n"
    titles = segment_articles(page)[0].title_lines
    assert headline_index(titles) == 0
