"""The seed rubrics (评分细则) are well formed: 100 points each, unique codes, valid choices, veto
items at 0 points, and every text fits its model field."""

import re
from decimal import Decimal

import pytest

from inspections.choices import CampaignArea, LedgerFigure
from inspections.rubric_seeds import RUBRICS

LIMITS = {"text": 300, "guidance": 2000, "required_evidence": 1000, "code": 10}
ITEM_KEYS = {"code", "text", "max_points", "guidance", "required_evidence", "is_veto", "ledger_figure"}


def _items(rubric):
    return [item for section in rubric["sections"] for item in section["items"]]


def _ids(rubric):
    return rubric["campaign_type"]


def test_one_rubric_per_campaign():
    assert [r["campaign_type"] for r in RUBRICS] == ["放心食堂", "文明宿舍", "放心超市", "绿色生态校园", "后勤管理先进单位"]
    assert [r["area"] for r in RUBRICS] == [CampaignArea.CANTEEN, CampaignArea.DORMITORY, CampaignArea.SHOP,
                                            CampaignArea.CAMPUS, CampaignArea.LOGISTICS]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_scored_items_sum_to_100(rubric):
    total = sum(Decimal(i["max_points"]) for i in _items(rubric) if not i["is_veto"])
    assert total == Decimal("100")


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_shape_and_counts(rubric):
    assert 4 <= len([s for s in rubric["sections"] if any(not i["is_veto"] for i in s["items"])]) <= 7
    assert 18 <= len([i for i in _items(rubric) if not i["is_veto"]]) <= 35
    for item in _items(rubric):
        assert set(item) == ITEM_KEYS, item.get("code")
        assert isinstance(item["is_veto"], bool)
        assert item["text"].strip()
        if not item["is_veto"]:
            assert item["guidance"].strip() and item["required_evidence"].strip(), item["code"]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_section_titles_state_their_points(rubric):
    for section in rubric["sections"]:
        scored = [i for i in section["items"] if not i["is_veto"]]
        if not scored:
            continue
        match = re.search(r"（(\d+(?:\.\d)?)分）$", section["title"])
        assert match, section["title"]
        assert Decimal(match.group(1)) == sum(Decimal(i["max_points"]) for i in scored), section["title"]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_codes_unique(rubric):
    codes = [i["code"] for i in _items(rubric)]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_choices_valid(rubric):
    assert rubric["area"] in CampaignArea.values
    for item in _items(rubric):
        assert item["ledger_figure"] == "" or item["ledger_figure"] in LedgerFigure.values, item["code"]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_veto_items(rubric):
    vetoes = [i for i in _items(rubric) if i["is_veto"]]
    assert vetoes
    for item in vetoes:
        assert Decimal(item["max_points"]) == 0, item["code"]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_points_have_at_most_one_decimal_place(rubric):
    for item in _items(rubric):
        assert isinstance(item["max_points"], str)
        points = Decimal(item["max_points"])
        assert points.as_tuple().exponent >= -1, item["code"]
        assert Decimal("0") <= points <= Decimal("100"), item["code"]
        assert (points > 0) != item["is_veto"], item["code"]


@pytest.mark.parametrize("rubric", RUBRICS, ids=_ids)
def test_lengths_fit_model_fields(rubric):
    assert len(rubric["title"]) <= 120
    assert len(rubric["campaign_type"]) <= 40
    assert len(rubric["description"]) <= 2000
    for section in rubric["sections"]:
        assert len(section["title"]) <= 120
        for item in section["items"]:
            for field, limit in LIMITS.items():
                assert len(item[field]) <= limit, (item["code"], field)


def test_ledger_bindings():
    bound = {r["campaign_type"]: {i["ledger_figure"] for i in _items(r) if i["ledger_figure"]} for r in RUBRICS}
    assert {LedgerFigure.MORNING_CHECKS, LedgerFigure.SAMPLES, LedgerFigure.CERTIFICATES,
            LedgerFigure.PURCHASE_DOCUMENTS, LedgerFigure.CANTEEN_ACCOUNTS} <= bound["放心食堂"]
    assert LedgerFigure.FEE_NOTICE in bound["后勤管理先进单位"]
    assert sum(LedgerFigure.RECTIFICATIONS in figures for figures in bound.values()) >= 2
    assert sum(LedgerFigure.COMPLAINTS in figures for figures in bound.values()) >= 2


def test_canteen_rubric_vetoes_profit_making():
    canteen = next(r for r in RUBRICS if r["area"] == CampaignArea.CANTEEN)
    assert any(i["is_veto"] and "盈利" in i["text"] for i in _items(canteen))
    logistics = next(r for r in RUBRICS if r["area"] == CampaignArea.LOGISTICS)
    assert any(i["is_veto"] and "收费" in i["text"] for i in _items(logistics))
