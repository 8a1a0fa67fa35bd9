"""Numbered lists of named programmes with lead units: names, lead units and the label before them."""

from etl.extract.complexes import parse_complexes
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
