"""The campaign arithmetic, worked by hand: scores, weights, grade bands, vetoes, the plan draw."""

from decimal import Decimal as D

import pytest

from inspections import rules
from inspections.choices import CampaignArea, Grade, VetoKind
from inspections.rules import Veto


def test_item_points_become_a_score_out_of_100():
    assert rules.percent_of(D("91"), D("100")) == D("91.00")
    assert rules.percent_of(D("45"), D("60")) == D("75.00")
    assert rules.percent_of(D("1"), D("3")) == D("33.33")  # 33.333… rounded half up
    assert rules.percent_of(D("2"), D("3")) == D("66.67")
    assert rules.percent_of(D("5"), D("0")) == D("0.00")


def test_weighted_score_leaders_office_survey():
    # 30 % × 91 + 30 % × 92 + 40 % × 95 = 27.3 + 27.6 + 38.0 = 92.90
    weights = {"leaders": D("30"), "office": D("30"), "survey": D("40")}
    assert rules.weighted_score({"leaders": D("91"), "office": D("92"), "survey": D("95")}, weights) == D("92.90")
    # weights need not add up to 100 here: 1 × 80 + 3 × 90 over 4 = 87.50
    assert rules.weighted_score({"a": D("80"), "b": D("90")}, {"a": D("1"), "b": D("3")}) == D("87.50")


def test_weighted_score_refuses_a_missing_source():
    with pytest.raises(ValueError):
        rules.weighted_score({"leaders": D("91")}, {"leaders": D("50"), "survey": D("50")})


@pytest.mark.parametrize("score, grade", [
    ("100", Grade.ADVANCED), ("90", Grade.ADVANCED), ("89.99", Grade.QUALIFIED), ("80", Grade.QUALIFIED),
    ("79.99", Grade.RECTIFY), ("0", Grade.RECTIFY)])
def test_grade_bands(score, grade):
    assert rules.grade_for(D(score), [], CampaignArea.CANTEEN) == grade


def test_a_veto_bars_advanced_and_qualified():
    accident = [Veto(VetoKind.FOOD_ACCIDENT, "2026-05-01 食物中毒")]
    assert rules.grade_for(D("98"), accident, CampaignArea.DORMITORY) == Grade.RECTIFY
    assert rules.grade_for(D("85"), accident, CampaignArea.DORMITORY) == Grade.RECTIFY


def test_a_fee_violation_bars_advanced_only():
    fee = [Veto(VetoKind.FEE_VIOLATION, "违规收费")]
    assert rules.grade_for(D("95"), fee, CampaignArea.LOGISTICS) == Grade.QUALIFIED
    assert rules.grade_for(D("85"), fee, CampaignArea.LOGISTICS) == Grade.QUALIFIED
    assert rules.grade_for(D("70"), fee, CampaignArea.LOGISTICS) == Grade.RECTIFY


def test_a_profit_making_canteen_bars_the_canteen_campaign_only():
    profit = [Veto(VetoKind.CANTEEN_PROFIT, "结余超标")]
    assert rules.grade_for(D("95"), profit, CampaignArea.CANTEEN) == Grade.RECTIFY
    assert rules.grade_for(D("95"), profit, CampaignArea.DORMITORY) == Grade.ADVANCED
    assert rules.applicable_vetoes(profit, CampaignArea.DORMITORY) == []


@pytest.mark.parametrize("points, problem", [
    (None, "missing"), (D("-1"), "negative"), (D("10.1"), "above_max"), (D("3.25"), "precision"), (D("10"), None),
    (D("0"), None), (D("9.5"), None)])
def test_points_problems(points, problem):
    assert rules.points_problems(points, D("10")) == problem


def test_risk_score_weights():
    # 2 overdue × 3 + 1 serious × 5 + 1 open complaint × 2 + 3 certificates × 2 + 4 days × 1 = 23
    assert rules.risk_score({"orders_overdue": 2, "serious_open": 1, "complaints_open": 1,
                             "certificates_invalid": 3, "check_days_missing": 4, "unknown": 99}) == D("23")


def test_the_draw_picks_the_riskiest_then_at_random_and_reruns_the_same():
    scores = {1: D("5"), 2: D("0"), 3: D("9"), 4: D("5"), 5: D("0"), 6: D("1")}
    codes = {1: "A1", 2: "A2", 3: "A3", 4: "A0", 5: "A5", 6: "A6"}
    plan = rules.draw_plan(scores, codes, by_risk=2, at_random=2, seed="2026-11")
    # the two riskiest: 3 (9 points), then 4 before 1 (both 5: by school code A0 < A1)
    assert plan[:2] == [(3, "risk"), (4, "risk")]
    drawn = [pk for pk, reason in plan[2:]]
    assert len(drawn) == 2 and set(drawn) <= {1, 2, 5, 6} and all(r == "random" for _, r in plan[2:])
    assert rules.draw_plan(scores, codes, by_risk=2, at_random=2, seed="2026-11") == plan
    assert rules.draw_plan(dict(reversed(list(scores.items()))), codes, by_risk=2, at_random=2, seed="2026-11") == plan


def test_the_draw_never_picks_a_school_without_risk_by_risk_and_stops_at_the_county():
    scores = {1: D("0"), 2: D("3")}
    plan = rules.draw_plan(scores, {1: "B", 2: "A"}, by_risk=5, at_random=5, seed="x")
    assert plan == [(2, "risk"), (1, "random")]
