"""Bylines on their own line and inline datelines."""

import pytest

from etl.extract.bylines import parse_credits, parse_dateline


def test_group_brand_and_outlet_are_split_off_the_reporter_role():
    b = parse_credits("新重庆-重庆日报记者 杨帆 王天翎")
    assert (b.brand, b.outlet, b.reporters) == ("新重庆", "重庆日报", ["杨帆", "王天翎"])


def test_a_middle_dot_also_separates_brand_and_outlet():
    b = parse_credits("新甘肃·甘肃日报记者 王朝霞")
    assert (b.brand, b.outlet, b.reporters) == ("新甘肃", "甘肃日报", ["王朝霞"])
    byline, _ = parse_dateline("本报讯(新甘肃·甘肃日报记者 秦娜)一季度", 0)
    assert (byline.brand, byline.outlet, byline.outlet_start) == ("新甘肃", "甘肃日报", 8)


def test_a_trailing_credit_applies_to_every_name_before_it():
    b = parse_credits("新重庆-重庆晨报记者 陈军 通讯员 罗丹 摄影报道")
    assert b.reporters == ["陈军"]
    assert [c for c in b.credits if c[0] == "摄影报道"] == [("摄影报道", "陈军"), ("摄影报道", "罗丹")]


@pytest.mark.parametrize(("line", "reporters", "credits"), [
    ("本报记者 张三", ["张三"], [("本报记者", "张三")]),
    ("记者 王五 通讯员 赵六", ["王五"], [("记者", "王五"), ("通讯员", "赵六")]),
    ("钱七 摄", [], [("摄", "钱七")]),
    ("文/张三 图/李四", [], [("文", "张三"), ("图", "李四")]),
    ("■本报记者 刘洋 实习生 王小明", ["刘洋"], [("本报记者", "刘洋"), ("实习生", "王小明")]),
    ("（本报记者 郑华 通讯员 黄磊）", ["郑华"], [("本报记者", "郑华"), ("通讯员", "黄磊")]),
])
def test_common_byline_forms(line, reporters, credits):
    b = parse_credits(line)
    assert (b.reporters, b.credits, b.outlet) == (reporters, credits, None)


@pytest.mark.parametrize("line", [
    "袁家军主持并讲话 胡衡华王炯程丽华传达 张轩出席",
    "突出千字当头唯实争先 推动现代化新重庆建设取得新成效迈上新台阶",
    "记者在车间看到，工人们正在忙碌。",
])
def test_title_and_body_lines_are_not_bylines(line):
    assert parse_credits(line) is None


def test_inline_dateline_with_credits_in_parentheses():
    byline, taken = parse_dateline("本报讯(新重庆-重庆晨报记者 陈军)推动生产要素", 100)
    assert (byline.raw, byline.outlet, byline.reporters, taken) == (
        "本报讯(新重庆-重庆晨报记者 陈军)", "重庆晨报", ["陈军"], 18)
    assert byline.start == 100


def test_inline_dateline_without_parentheses_stops_where_the_body_starts():
    byline, taken = parse_dateline("本报讯 记者 孙奇茹 近日，科技部公布", 0)
    assert (byline.raw, byline.reporters) == ("本报讯 记者 孙奇茹", ["孙奇茹"])
    assert "本报讯 记者 孙奇茹 近日，科技部公布"[taken:] == "近日，科技部公布"


def test_agency_dateline_names_the_agency_as_outlet():
    byline, _ = parse_dateline("新华社北京3月12日电（记者 张三）全国两会", 0)
    assert (byline.outlet, byline.reporters) == ("新华社", ["张三"])


def test_body_text_is_not_a_dateline():
    assert parse_dateline("本报讯 今天上午，全市召开大会。", 0) is None


def test_a_byline_split_inside_本报_names_no_one_letter_outlet():
    assert parse_credits("报记者 顾伟") is None
    b = parse_credits("文汇报记者 张三")
    assert (b.outlet, b.reporters) == ("文汇报", ["张三"])


def test_an_outlet_named_like_a_report_is_an_outlet():
    b = parse_credits("21世纪经济报道记者 曹恩惠")
    assert (b.outlet, b.reporters) == ("21世纪经济报道", ["曹恩惠"])


def test_a_place_glued_to_a_trailing_report_word_is_a_dateline_not_a_name():
    b = parse_credits("记者 彭强 实习生 林嘉欣 深圳报道")
    assert b.reporters == ["彭强"]
    assert b.credits == [("记者", "彭强"), ("实习生", "林嘉欣")]


def test_a_lone_name_glued_to_a_trailing_report_word_stays_a_name():
    assert parse_credits("记者 高田报道").reporters == ["高田"]
