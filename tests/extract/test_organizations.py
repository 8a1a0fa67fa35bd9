"""Organization names in free text: heads, edges, kinds, aliases and what is not an organization."""

import re
from pathlib import Path

import pytest

from etl.extract.lexicon import NATIONAL_BODIES
from etl.extract.organizations import (
    _CJK_NOT_GOV_END,
    _LOCAL_GOV,
    _NAME_RUN_BACK,
    _NATIONAL_RE,
    _enum_items,
    _local_bodies,
    _short_name,
    find_mentions,
    org_kind,
)
from etl.extract.text import Region, trie_pattern


def names_in(sentence: str, known: dict[str, str] | None = None) -> dict[str, str]:
    mentions, _, _ = find_mentions([Region(1, "body", sentence, ((0, 0),))], known or {})
    return {name: kind for name, kind, *_ in mentions}


@pytest.mark.parametrize(("name", "kind"), [
    ("重庆三航新材料技术研究院有限公司", "company"), ("重庆国研新创智能装备技术中心(普通合伙)", "partnership"),
    ("重庆大学国家卓越工程师学院", "university"), ("河南省科学院", "research_institute"),
    ("重庆信息通信研究院", "research_institute"), ("西永微电园", "industrial_park"), ("市工商联", "association"),
    ("市经信委", "government"), ("北京经济技术开发区管委会", "government"), ("郑州海关", "government"),
    ("全国政协", "government"), ("重庆日报", "other"),
])
def test_kind_follows_the_head_of_the_name(name, kind):
    assert org_kind(name) == kind


@pytest.mark.parametrize(("sentence", "name"), [
    ("记者在重庆川仪精密机械有限公司车间看到", "重庆川仪精密机械有限公司"),
    ("园区立足区内川仪集团等龙头企业优势", "川仪集团"),
    ("由北京城市副中心投资建设集团有限公司负责建设", "北京城市副中心投资建设集团有限公司"),
    ("顺德拥有美的集团股份有限公司等企业", "美的集团股份有限公司"),
    ("近日，来自市经信委消息", "市经信委"),
    ("按照此前市经信委与市科技局联合印发", "市科技局"),
    ("广州市工业和信息化局表示", "广州市工业和信息化局"),
])
def test_a_name_starts_where_the_words_before_it_end(sentence, name):
    assert name in names_in(sentence)


def test_short_names_in_an_enumeration_typed_by_its_head_noun_are_companies():
    found = names_in("吸引中科光智、北京快鱼等30余个产业链项目落户")
    assert {found.get("中科光智"), found.get("北京快鱼")} == {"company"}


@pytest.mark.parametrize("sentence", [
    "北碚、重庆高新区等地围绕本地优势产业",
    "汽车、医药、集成电路等企业加快布局",
    "近期公司承接订单约1000笔",
    "推动形成市场多元化格局",
    "推动两地政务服务“跨省通办”事项扩大",
    "市级国家机关各部门、有关人民团体参加会议",
])
def test_places_industries_anaphors_and_common_words_are_not_organizations(sentence):
    assert names_in(sentence) == {}


def test_a_collective_reference_is_not_the_body_it_contains():
    assert "市委" not in names_in("市工商联、各民主党派市委负责人")


def test_a_known_name_inside_a_longer_name_is_not_a_mention():
    found = names_in("重庆大学国家卓越工程师学院牵头", known={"重庆大学": "university"})
    assert "重庆大学" not in found


def test_an_alias_the_text_defines_is_recorded_and_its_later_uses_are_mentions():
    text = "记者在重庆川仪精密机械有限公司(以下简称“川仪精密”)车间看到。川仪精密是国家级高新技术企业。"
    mentions, aliases, _ = find_mentions([Region(2, "body", text, ((0, 0),))], {})
    assert aliases == {"川仪精密": "重庆川仪精密机械有限公司"}
    assert [written for _, _, written, *_ in mentions] == ["重庆川仪精密机械有限公司", "川仪精密"]
    assert {name for name, *_ in mentions} == {"重庆川仪精密机械有限公司"}


@pytest.mark.parametrize(("text", "alias"), [
    ("湖南华曙新材料股份有限公司（以下简称“华曙新材”，688572.SH）发布公告。华曙新材称", "华曙新材"),
    ("湖南华曙新材料股份有限公司（股票代码：688572，以下简称“华曙新材”）发布公告。华曙新材称", "华曙新材"),
])
def test_an_alias_defined_next_to_other_notes_in_the_same_parentheses_is_recorded(text, alias):
    mentions, aliases, _ = find_mentions([Region(1, "body", text, ((0, 0),))], {})
    assert aliases == {alias: "湖南华曙新材料股份有限公司"}
    assert [written for _, _, written, *_ in mentions] == ["湖南华曙新材料股份有限公司", alias]


def test_a_note_in_parentheses_without_a_definition_defines_no_alias():
    _, aliases, _ = find_mentions([Region(1, "body", "湖南华曙新材料股份有限公司（688572.SH）发布公告", ((0, 0),))], {})
    assert aliases == {}


@pytest.mark.parametrize(("sentence", "names"), [
    ("我们和中国科学院苏州纳米技术与纳米仿生研究所合作", ["中国科学院苏州纳米技术与纳米仿生研究所"]),
    ("重庆市经信委与重庆大学签约", ["重庆市经信委", "重庆大学"]),
    ("中国科学院和清华大学联合攻关", ["中国科学院", "清华大学"]),
    ("我们与东北大学机器人科学与工程学院共建", ["东北大学机器人科学与工程学院"]),
    ("清华大学师生与北京大学医学院合作", ["清华大学", "北京大学医学院"]),
    ("哈尔滨工业大学（深圳）与鹏城实验室合作", ["哈尔滨工业大学（深圳）", "鹏城实验室"]),
    ("清华大学团队与鹏城实验室合作", ["清华大学", "鹏城实验室"]),
])
def test_a_conjunction_joins_two_organizations_unless_it_is_inside_one_name(sentence, names):
    assert list(names_in(sentence)) == names


# --- the fast paths are the rules they replace ---------------------------------------------------

def test_the_local_body_guard_keeps_every_match_of_the_unguarded_pattern():
    cjk_not_end = re.compile(_CJK_NOT_GOV_END)
    assert all(bool(cjk_not_end.match(chr(c))) == ("\u4e00" <= chr(c) <= "\u9fff" and chr(c) not in "委局厅办")
               for c in range(0x3000, 0xa100))
    unguarded = re.compile(
        r"[省市区县州](?P<body>委员会|管委会|人大常委会|人大|政协|政府|纪委监委|纪委|工商联|总工会|妇联|科协|侨联|文联|"
        r"委(?!员)|[\u4e00-\u9fff]{1,10}?委员会|[\u4e00-\u9fff]{1,10}?(?:委(?!员)|局|厅|办公室|办))")
    text = ("市经信委与市科技局、区发展改革委员会，重庆市两江新区管委会和市人大常委会，县委员工，全市范围，"
            "区一二三四五六七八九十局、区一二三四五六七八九局、区一二三四五六七八九十一局，市办公室a局，省委\x00市政府办公厅，区卫生健康委员会")
    for pos in range(len(text)):
        got, want = _LOCAL_GOV.match(text, pos), unguarded.match(text, pos)
        assert (got and got.span("body")) == (want and want.span("body"))
    assert [m.span("body") for m in _LOCAL_GOV.finditer(text)] == [m.span("body") for m in unguarded.finditer(text)]


@pytest.mark.parametrize("text", [
    "市经信委与市科技局、区发展改革委员会，重庆市两江新区管委会和市人大常委会，县委员工，省委\x00州政府办公厅",
    "市区局委员会", "市发展区改革局委员会", "区市委", "县市区政府", "市", "", "重庆市江北区委", "省市区县州委",
    "州区市县省发展改革委员会局", "市场监管局", "区县委员会市委",
])
def test_the_local_body_scans_by_level_give_the_matches_of_one_scan(text):
    want, pos = [], 0
    while (m := _LOCAL_GOV.search(text, pos)) is not None:
        want.append(m.span("body"))
        pos = m.end()
    assert [m.span("body") for m in _local_bodies(text)] == want
    for start in range(len(text)):  # every suffix, so that each level character leads some scan
        assert [m.span() for m in _local_bodies(text[start:])] == [m.span() for m in _LOCAL_GOV.finditer(text[start:])]

@pytest.mark.parametrize("text", [
    "吸引中科光智、北京快鱼等", "汽车、医药、集成电路等", "、北京快鱼等", "京、北京快鱼等", "中科光智、\n等",
    "北京快鱼\n等", "一二三四五六七八九十一二三四五等", "甲乙、" * 11 + "甲乙等", "北京、(快鱼)等", "等",
])
def test_enumeration_items_read_back_from_their_end_are_the_leftmost_regex_match(text):
    items = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、){0,8}[\u4e00-\u9fffA-Za-z0-9]{2,12}$")
    hi = text.rindex("等")
    for lo in range(hi + 1):
        m = items.search(text, lo, hi)
        assert _enum_items(text, text[::-1], lo, hi) == (m.span() if m else None)



@pytest.mark.parametrize(("sentence", "name", "kind"), [
    ("教育部高校学生司有关负责人介绍，", "教育部高校学生司", "government"),
    ("海关总署统计分析司负责人表示，", "海关总署统计分析司", "government"),
    ("深圳市半导体行业协会数据显示，", "深圳市半导体行业协会", "association"),
    ("福田区科技创新局相关负责人说，", "福田区科技创新局", "government"),
    ("哈尔滨工业大学（深圳）与企业共建实验室。", "哈尔滨工业大学（深圳）", "university"),
])
def test_departments_trade_associations_offices_and_campuses_are_whole_names(sentence, name, kind):
    assert names_in(sentence) == {name: kind}


@pytest.mark.parametrize("sentence", ["全市开创新局面", "汽车行业协会表示", "全省行业协会"])
def test_a_new_start_and_an_unnamed_trade_association_are_not_organizations(sentence):
    assert names_in(sentence) == {}


def test_a_department_is_not_read_into_a_generic_phrase():
    assert names_in("商务部有关司局负责人表示，") == {"商务部": "government"}


@pytest.mark.parametrize(("name", "short"), [
    ("潍柴动力股份有限公司", "潍柴动力"), ("重庆川仪精密机械有限公司", "重庆川仪精密机械"),
    ("长安汽车集团有限公司", "长安汽车"), ("长安汽车(集团)有限公司", "长安汽车"), ("京东方有限公司", None),
    ("呼和浩特有限公司", None), ("潍柴动力", None), ("永辉超市股份有限公司", "永辉超市"),
])
def test_a_short_name_drops_the_legal_form_and_is_the_same_when_memoized(name, short):
    assert _short_name(name) == short
    assert _short_name(name) == short  # the second call reads the memo


@pytest.mark.parametrize("name", ["北部湾港股份有限公司", "上海国际机场股份有限公司", "苏州工业园区股份有限公司"])
def test_a_firm_named_after_a_port_airport_or_zone_has_no_short_name(name):
    # standalone, 北部湾港 is the port the firm runs: a place, not the company
    assert _short_name(name) is None


@pytest.mark.parametrize("sentence", [
    "科创板586家上市公司全部披露", "超过七成公司实现营收增长", "有38家公司一季度研发投入超过1亿元",
    "占发行前公司总股本的30%", "以集中竞价方式回购公司股份", "科创板公司合计实现营业收入",
    "吸引来自日本、新加坡等15个国家和地区的企业参展", "依托国家24365大学生就业服务平台",
    "但其中逾半数公司亏损额有所收窄", "已培育跨境电商企业260多家，建成跨境电商产业园2个。", "实现重点园区全覆盖",
])
def test_counts_times_markets_origins_and_students_are_not_organizations(sentence):
    assert names_in(sentence) == {}


def test_an_interview_line_names_the_firm_without_the_verb():
    assert names_in("——访江苏华储新能源科技股份有限公司董事长周建平") == {"江苏华储新能源科技股份有限公司": "company"}


@pytest.mark.parametrize("sentence", [
    "目前已集聚石化、新能源材料、装备制造等产业链企业超过400家",
    "加快集聚汽车、电子信息、装备制造等企业",
])
def test_an_enumeration_that_lists_an_industry_lists_no_firms(sentence):
    assert names_in(sentence) == {}


def test_stocks_enumerated_before_权重股_are_companies():
    assert names_in("中芯国际、寒武纪等权重股成交活跃") == {"中芯国际": "company", "寒武纪": "company"}


def regions_of(*texts: str) -> list[Region]:
    return [Region(1, "body", text, ((0, 100 * k),)) for k, text in enumerate(texts)]


@pytest.mark.parametrize("texts", [
    ("记者在重庆川仪精密机械有限公司车间看到", "重庆大学"),  # a name at a region's end and at the next one's start
    ("各民主党派", "市委负责人表示"),  # 各 in the region before: not this body's clause
    ("重庆川仪精密机械有限公司(以下简称“川仪", "精密”)车间", "川仪精密是国家级高新技术企业"),  # unclosed definition
    ("中科光智、北京快鱼", "等30余个产业链项目落户"),  # an enumeration's items are in its own region
    ("以下简称“", "川仪精密是国家级高新技术企业"),  # a definition's 称 in the region before
])
def test_regions_read_together_give_each_region_its_own_names(texts):
    # read together (one string joined by NUL), each region's spans are the ones it gives alone, and
    # the mentions point into the page through each region's pieces
    regions = regions_of(*texts)
    mentions, aliases, spans = find_mentions(regions, {})
    alone = [find_mentions([region], {}) for region in regions]
    assert spans == [region_spans for _, _, (region_spans,) in alone]
    assert aliases == {k: v for _, found, _ in alone for k, v in found.items()}
    assert mentions == [m for found, _, _ in alone for m in found]
    assert all(written == regions[k].text[start - 100 * k:end - 100 * k]
               for _, _, written, _, _, start, end in mentions for k in (start // 100,))


def test_a_name_found_in_one_region_is_a_mention_in_another():
    mentions, _, spans = find_mentions(regions_of("重庆川仪精密机械有限公司签约", "记者从重庆川仪精密机械获悉"), {})
    assert spans == [[(0, 12, "重庆川仪精密机械有限公司")], [(3, 11, "重庆川仪精密机械")]]
    assert [(name, kind, start, end) for name, kind, _, _, _, start, end in mentions] == [
        ("重庆川仪精密机械有限公司", "company", 0, 12), ("重庆川仪精密机械", "company", 103, 111)]


@pytest.mark.parametrize(("sentence", "found"), [
    ("ABC公司发布公告", {}), ("3M公司发布公告", {}), ("3M中国公司发布公告", {"3M中国公司": "company"}),
    ("二季度公司营收增长", {}), ("12月公司营收增长", {}), ("今年\n公司营收增长", {}),
    ("三十多家公司参展", {}), ("１２个公司参展", {}), ("智能装备公司参展", {}), ("新材料公司参展", {}),
    ("华为智能公司参展", {"华为智能公司": "company"}), ("新华公司发布", {"新华公司": "company"}),
    ("在片区内的新能源材料产业园，一个项目正在建设", {}), ("智能装备制造公司参展", {}),
])
def test_stems_without_cjk_times_industries_and_counts_are_not_names(sentence, found):
    assert names_in(sentence) == found


@pytest.mark.parametrize(("sentence", "name", "kind"), [
    ("华为技术有限公司重庆分公司与园区签约。", "华为技术有限公司重庆分公司", "company"),
    ("中国农业银行重庆分行提供授信。", "中国农业银行重庆分行", "company"),
    ("中国人民银行重庆市分行召开会议。", "中国人民银行重庆市分行", "government"),
])
def test_a_branch_is_named_with_its_firm_or_bank(sentence, name, kind):
    assert names_in(sentence) == {name: kind}


def test_a_central_bank_is_a_government_body():
    assert org_kind("中国人民银行") == "government"


def test_a_hospital_named_after_a_place_or_a_university_is_an_organization():
    found = names_in("重庆大学附属肿瘤医院与北京协和医院合作，市人民医院参与。")
    assert found == {"重庆大学附属肿瘤医院": "other", "北京协和医院": "other", "市人民医院": "other"}


@pytest.mark.parametrize("sentence", ["患者转到定点医院治疗。", "推进公立医院改革。", "分行业看，大部分行业增长。"])
def test_kinds_of_hospital_and_split_words_are_not_organizations(sentence):
    assert names_in(sentence) == {}


def test_a_college_joining_two_disciplines_is_one_name():
    assert names_in("清华大学车辆与运载学院院长表示") == {"清华大学车辆与运载学院": "university"}


@pytest.mark.parametrize(("sentence", "name", "kind"), [
    ("三峡集团福建能源投资有限公司负责建设。", "三峡集团福建能源投资有限公司", "company"),
    ("国家金融监督管理总局宁波监管局表示", "国家金融监督管理总局宁波监管局", "government"),
    ("国家统计局四川调查总队发布数据。", "国家统计局四川调查总队", "government"),
    ("宁波市上市公司协会组织会员。", "宁波市上市公司协会", "association"),
])
def test_a_name_holding_a_shorter_name_is_one_organization(sentence, name, kind):
    assert names_in(sentence) == {name: kind}


@pytest.mark.parametrize("sentence", ["宁波境内外上市公司积极参与。", "宁波辖内银行加大投放。", "国有银行带头。"])
def test_a_kind_of_firm_is_not_an_organization(sentence):
    assert names_in(sentence) == {}


def test_the_tuned_national_scan_and_name_run_match_as_the_plain_patterns_on_the_fixture_pages():
    """The national trie's branch order and the name run's possessive inner run change no match (fixture text)."""
    plain_national = re.compile(trie_pattern(NATIONAL_BODIES))
    plain_run = re.compile(_NAME_RUN_BACK.pattern.replace("++", "+"))
    pages = Path(__file__).parents[1] / "fixtures" / "pages"
    for path in sorted(pages.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert [m.span() for m in _NATIONAL_RE.finditer(text)] == [m.span() for m in plain_national.finditer(text)]
        back = text[::-1]
        for pos in range(0, len(back), 3):
            got, want = _NAME_RUN_BACK.match(back, pos, pos + 30), plain_run.match(back, pos, pos + 30)
            assert (got and got.span()) == (want and want.span())
