"""Quantities with units, qualifiers and periods; and what is not a metric."""

import random
import re

import pytest

from etl.extract.metrics import (
    _DURATION_BEFORE,
    _DURATION_LAST,
    _DURATIONS,
    _MEASURED_OR_DURATION,
    _METRIC,
    _PLANNED_WORDS,
    _SCAN,
    _TARGET,
    _TARGET_WORDS,
    _UNITS,
    _nature_word,
    _pre_marker,
    extract_metrics,
)
from etl.extract.text import Region


def metrics_in(sentence: str, orgs: list[tuple[int, int, str]] | None = None) -> list:
    return extract_metrics(Region(1, "body", sentence, ((0, 0),)), orgs or [])


def only(sentence: str):
    rows = metrics_in(sentence)
    assert len(rows) == 1, [r.text for r in rows]
    return rows[0]


@pytest.mark.parametrize(("sentence", "text", "value", "unit", "qualifier"), [
    ("实现产值121.97亿元，", "121.97亿元", 12_197_000_000, "CNY", "exact"),
    ("占全市比重34.4%。", "34.4%", 34.4, "percent", "exact"),
    ("承接订单约1000笔，", "约1000笔", 1000, "count", "approx"),
    ("加工数量突破400万件，", "突破400万件", 4_000_000, "count", "over"),
    ("吸引30余个项目落户", "30余个", 30, "count", "over"),
    ("建成项目50个以上。", "50个以上", 50, "count", "at_least"),
    ("实现60台/年的修理能力", "60台/年", 60, "unit_per_year", "exact"),
    ("建成25万平方米厂房", "25万平方米", 250_000, "square_meter", "exact"),
    ("仅用一年时间就实现组网", "一年时间", 1, "year", "exact"),
    ("投资三千万元建设", "三千万元", 30_000_000, "CNY", "exact"),
    ("增长百分之十二。", "百分之十二", 12, "percent", "exact"),
    ("营收五百多亿元。", "五百多亿元", 50_000_000_000, "CNY", "over"),
    ("带动近百家企业", "近百家", 100, "count", "at_most"),
    ("百余家企业参展", "百余家", 100, "count", "over"),
    ("吸引千余名代表", "千余名", 1000, "person", "over"),
    ("覆盖不足3000人。", "不足3000人", 3000, "person", "at_most"),
    ("完成3000余万元投资", "3000余万元", 30_000_000, "CNY", "over"),
    ("单个项目补助不超过1亿元。", "不超过1亿元", 100_000_000, "CNY", "at_most"),
    ("投向该领域的资金不低于30%。", "不低于30%", 30, "percent", "at_least"),
    ("全天成交52.6万手，", "52.6万手", 526_000, "count", "exact"),
    ("发行数量不超过2.4亿股，", "不超过2.4亿股", 240_000_000, "count", "at_most"),
    ("形成约120万只/年的产能", "约120万只/年", 1_200_000, "unit_per_year", "approx"),
    ("首批货物共2300余票，", "2300余票", 2300, "count", "over"),
    ("光伏装机规模达5GW，", "5GW", 5_000_000_000, "watt", "exact"),
    ("配套储能200MWh。", "200MWh", 200_000, "kilowatt_hour", "exact"),
    ("新增装机1.2万kW。", "1.2万kW", 12_000_000, "watt", "exact"),
    ("建设3吉瓦光伏项目", "3吉瓦", 3_000_000_000, "watt", "exact"),
    ("能量密度提升至每公斤400瓦时。", "400瓦时", 0.4, "kilowatt_hour", "exact"),
    ("天然气产量35亿立方米。", "35亿立方米", 3_500_000_000, "cubic_meter", "exact"),
    ("集装箱吞吐量1020万标准箱，", "1020万标准箱", 10_200_000, "count", "exact"),
    ("完成吞吐量350万TEU。", "350万TEU", 3_500_000, "count", "exact"),
    ("同比增长-2.1%。", "-2.1%", -2.1, "percent", "exact"),
    ("电解铜均价报78,650元/吨，", "78,650元/吨", 78_650, "CNY", "exact"),
    ("新房均价1.2万元/平方米。", "1.2万元/平方米", 12_000, "CNY", "exact"),
    ("一季度净利润-1.2亿元。", "-1.2亿元", -120_000_000, "CNY", "exact"),
])
def test_value_unit_and_qualifier(sentence, text, value, unit, qualifier):
    m = only(sentence)
    assert (m.text, float(m.value), m.unit, m.qualifier) == (text, value, unit, qualifier)


@pytest.mark.parametrize("sentence", [
    "3月12日下午，召开会议。", "要深刻把握2024年成就。", "2025—2029年在建项目", "第三轮督察",
    "全面提升“33618”现代制造业集群能级", "满足CFM56-5B/7B系列发动机", "5G+工业互联网", "项目一期正式启动",
    "力争5年内建成", "把精神传达到千家万户", "一台台机械飞速运转", "坚决做到“两个维护”", "产学研用两个融合创新",
    "十四届全国人大三次会议", "中新互联互通项目实施10周年", "加快建设“2小时重庆”交通圈",
    "公司前10股东持股稳定", "两手抓两手都要硬", "全国十种有色金属产量", "实行一票否决", "发行300亿票据",
    "推出800G光模块", "建成10MWp屋顶电站", "A320MW型机组", "位列全国前10名", "住在3号楼2单元",
    "吸引数十家企业入驻", "几十个项目",
])
def test_dates_years_ordinals_slogans_models_and_idioms_are_not_metrics(sentence):
    assert metrics_in(sentence) == []


def test_digits_inside_an_organization_name_are_not_metrics():
    text = "重庆三航新材料技术研究院有限公司"
    assert metrics_in(text, [(0, len(text), text)]) == []


def test_period_is_the_time_expression_the_sentence_states():
    m = metrics_in("截至2024年底，北碚区产业实现产值121.97亿元，占全市比重34.4%。")
    assert [x.period for x in m] == ["截至2024年底", "截至2024年底"]


@pytest.mark.parametrize(("sentence", "period"), [
    ("1至2月份，全省规上工业增加值增长7.5%。", "1至2月份"),
    ("1-4月进口额下降2.1%。", "1-4月"),
    ("前4个月，出口额增长6%。", "前4个月"),
    ("2024年1-4月，利润增长12%。", "2024年1-4月"),
    ("3月份，全市出口增长5%。", "3月份"),
    ("前三季度实现营收120亿元。", "前三季度"),
    ("截至目前，全市已建成智能工厂127个。", "截至目前"),
])
def test_months_and_quarters_are_periods(sentence, period):
    assert only(sentence).period == period


@pytest.mark.parametrize("sentence", [
    "3月12日，公司宣布投资2亿元。", "余额较3月底增加3200亿元。", "降幅比1至2月份收窄1.5个百分点。",
])
def test_a_date_or_a_comparison_base_is_no_period(sentence):
    assert only(sentence).period is None


def test_no_period_when_the_sentence_states_none():
    assert only("园区还建成25万平方米标准化厂房。").period is None


@pytest.mark.parametrize(("sentence", "nature"), [
    ("力争5年内建成综合体项目50个以上。", "target"),
    ("该项目完成后，将实现60台/年的修理能力。", "planned"),
    ("近期公司承接订单约1000笔。", "actual"),
])
def test_nature_reads_targets_and_plans(sentence, nature):
    assert only(sentence).nature == nature


def test_measure_is_the_counted_noun_or_the_words_before_the_number():
    assert only("我们便接到了93套新品订单。").measure == "新品订单"
    assert only("北碚区产业实现产值121.97亿元。").measure == "产值"


def test_the_numbers_of_an_enumeration_share_the_measure():
    rows = metrics_in("德国、英国对华投资分别增长17.4%和60.1%。")
    assert [r.measure for r in rows] == ["德国、英国对华投资分别增长"] * 2


def test_a_number_and_the_one_it_changes_into_share_the_measure():
    rows = metrics_in("营业收入由2023年的12亿元增至2024年的18亿元。")
    assert [(r.text, r.measure, r.period) for r in rows] == [
        ("12亿元", "营业收入", "2023年"), ("18亿元", "营业收入", "2024年")]


def test_a_later_number_of_a_clause_reads_its_measure_after_the_number_before_it():
    rows = metrics_in("全市已累计建成智能工厂127个、数字化车间892个。")
    assert [r.measure for r in rows] == ["智能工厂", "数字化车间"]


def test_a_second_quantity_after_a_slash_and_a_latin_unit_is_a_metric():
    rows = metrics_in("电站规模为100MW/200MWh。")
    assert [(r.text, r.measure) for r in rows] == [("100MW", "电站规模"), ("200MWh", "电站规模")]


def test_a_price_per_unit_keeps_the_unit_it_is_per():
    m = only("电解铜均价报78,650元/吨，")
    assert (m.unit_text, m.measure) == ("元/吨", "电解铜均价")


def test_a_range_dash_is_no_minus_sign():
    assert [r.value for r in metrics_in("利润5亿元-8亿元，增速10%-15%。")] == [5e8, 8e8, 10, 15]


def test_the_bounds_of_a_range_share_the_measure():
    rows = metrics_in("预计净利润18亿元至22亿元。")
    assert [r.measure for r in rows] == ["预计净利润"] * 2


def test_measure_leaves_out_the_link_verb_before_the_number():
    assert only("全市装机容量达到120万千瓦。").measure == "全市装机容量"
    assert only("建成后年产值可达100亿元以上。").measure == "建成后年产值"
    assert only("产品良率提升至98.5%。").measure == "产品良率"


def test_subject_is_an_organization_opening_the_clause():
    text = "近日，市经信委公示了首批17个产业创新综合体名单。"
    start = text.index("市经信委")
    assert only_with(text, [(start, start + 4, "市经信委")]).subject == "市经信委"


def only_with(text, orgs):
    rows = metrics_in(text, orgs)
    assert len(rows) == 1
    return rows[0]


def test_an_anaphor_opening_the_sentence_resolves_to_the_last_organization_of_its_kind():
    text = "园区引进了甲科技有限公司。此外，园区还建成25万平方米厂房，吸引30余个项目落户。"
    firm = "甲科技有限公司"
    orgs = [(0, 2, "某某产业园区"), (text.index(firm), text.index(firm) + len(firm), firm)]
    kinds = {"某某产业园区": "industrial_park", firm: "company"}
    rows = extract_metrics(Region(1, "body", text, ((0, 0),)), orgs, kinds)
    assert [(r.text, r.subject) for r in rows] == [("25万平方米", "某某产业园区"), ("30余个", "某某产业园区")]


def test_an_anaphor_with_nothing_to_refer_to_leaves_the_subject_null():
    rows = extract_metrics(Region(1, "body", "近期公司承接订单约1000笔。", ((0, 0),)), [], {})
    assert rows[0].subject is None


_SCAN_TOKENS = [*"0123456789０１２３４５６７８９", *"一二两三四五六七八九十百千万亿零〇点余多分之",
                *",.．%/-年月日天个人家项成元次名批台套",
                "百分之", "个百分点", "台/年", "个月", "人次", "批次", "万户", "千瓦", "以上", "的", "，", "“", *_UNITS,
                *"时间小用达为近约超第", "为期", "历时", "仅用", "2024", "1,200", "千家万户", "近百家", "不足"]


def _dropped_word(m, text) -> bool:
    """Whether extract_metrics drops the match as a word: a one-character numeral before a count (两个确立), a bare
    magnitude, or a duration that is not what is measured (2024年, 3天前)."""
    unit = "percent" if m["pct"] is not None else _UNITS[m["unit"]][0]
    start = m.start()
    if m["cn_tail"] == "" and unit not in _MEASURED_OR_DURATION and text[start] in "一二两三四五六七八九":
        return True
    if m["cn_tail"] is not None and text[start] in "百千万" and not _pre_marker(text, start):
        return True  # a bare magnitude (千家万户)
    return unit in _DURATIONS and not text.startswith("时间", m.end() - len(m["post"])) and not (
        start and text[start - 1] in _DURATION_LAST and _DURATION_BEFORE.search(text, max(0, start - 5), start))


@pytest.mark.parametrize("seed", [3, 4])
def test_the_scan_refuses_only_words_extract_metrics_drops(seed):
    """``_SCAN`` finds ``_METRIC``'s matches but (some of) those ``extract_metrics`` drops as words."""
    rng = random.Random(seed)
    refused = 0
    for _ in range(20000):
        text = "".join(rng.choice(_SCAN_TOKENS) for _ in range(rng.randint(1, 30)))
        kept = [(m.span(), m.groups()) for m in _METRIC.finditer(text) if not _dropped_word(m, text)]
        scanned = [(m.span(), m.groups()) for m in _SCAN.finditer(text) if not _dropped_word(m, text)]
        assert scanned == kept, text
        refused += len(_METRIC.findall(text)) - len(_SCAN.findall(text))
    assert refused > 4000


def test_one_search_for_target_and_plan_words_tells_what_two_would():
    """A stretch's nature is read from ``_NATURE``'s first word (then a target search after it)."""
    planned = re.compile("|".join(_PLANNED_WORDS))
    tokens = [*"力争目标取确保计划到预将拟建成后完投产达的，", *_TARGET_WORDS, *_PLANNED_WORDS]
    rng = random.Random(6)
    for _ in range(20000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 15)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = "target" if _TARGET.search(text, start, end) else "planned" if planned.search(text, start, end) \
            else "actual"
        assert (_nature_word(text, start, end) or "actual") == expected, (text, start, end)
