"""Numbered lists of named programmes with lead units: names, lead units and the label before them."""

from etl.extract.complexes import _split_item, parse_complexes
from etl.extract.layout import segment_articles

PAGE = """第二批制造业创新中心名单

①工程机械创新中心（牵头单位：甲机械有限公司、乙大学）
②钢铁材料创新中心（牵头单位——丙钢铁有限公司、丁大学）
③种业装备创新中心（戊种业股份有限公司、己科学院）
"""


def _items():
    (numbered,) = [lst for article in segment_articles(PAGE) for lst in article.lists]
    return parse_complexes(numbered)


def test_lead_units_label_ended_by_a_colon_is_stripped_and_kept_as_note():
    item = _items()[0]
    assert (item.lead_units_note, [u.name for u in item.lead_units]) == ("牵头单位：", ["甲机械有限公司", "乙大学"])


def test_lead_units_label_ended_by_a_dash_is_stripped_and_kept_as_note():
    item = _items()[1]
    assert (item.lead_units_note, [u.name for u in item.lead_units]) == ("牵头单位——", ["丙钢铁有限公司", "丁大学"])


def test_lead_units_without_a_label_have_no_note():
    item = _items()[2]
    assert (item.lead_units_note, [u.name for u in item.lead_units]) == (None, ["戊种业股份有限公司", "己科学院"])


def test_lead_unit_spans_point_at_the_names_after_the_label():
    item = _items()[1]
    assert [PAGE[u.start:u.end] for u in item.lead_units] == ["丙钢铁有限公司", "丁大学"]


def test_a_group_nesting_parentheses_is_cut_only_at_separators_outside_them():
    def units(body: str) -> list[tuple[str, int, int]]:
        split = _split_item(body, 10)
        assert split is not None
        return [(u.name, u.start - 10, u.end - 10) for u in split[2]]

    body = "智慧医疗综合体(甲有限公司、国创科技(重庆)有限公司)"
    assert units(body) == [("甲有限公司", 8, 13), ("国创科技(重庆)有限公司", 14, 26)]
    # a separator inside an inner group does not cut (the general path)
    body = "某项目(甲公司（一、二期）, 乙大学(普通合伙))"
    assert [name for name, _, _ in units(body)] == ["甲公司（一、二期）", "乙大学(普通合伙)"]
    # the group is the one the last parenthesis closes, not an earlier one
    assert _split_item("甲(乙)丙(丁大学、戊公司)", 0)[0] == "甲(乙)丙"  # type: ignore[index]


def test_a_list_without_a_title_takes_its_batch_from_the_paragraph_introducing_it():
    numbered = segment_articles(
        "先导区名单公布\n\n本报记者 周敏\n\n近日，省发展改革委公布首批未来产业先导区名单，名单如下：\n\n"
        "（一）合肥量子信息先导区（中国科学技术大学）\n（二）芜湖低空经济先导区（奇瑞汽车股份有限公司）\n")[0].lists[0]
    intro = "近日，省发展改革委公布首批未来产业先导区名单，名单如下："
    assert {c.batch for c in parse_complexes(numbered, intro)} == {"首批"}
    assert {c.batch for c in parse_complexes(numbered, "首批项目已开工建设。")} == {None}
