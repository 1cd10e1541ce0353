"""Pure rules of the campaigns: scores, weights, grade bands and vetoes (SPEC §6). No database here,
so every figure can be worked out by hand and tested that way."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from inspections.choices import CampaignArea, Grade, VetoKind

ADVANCED_FROM = Decimal("90")
QUALIFIED_FROM = Decimal("80")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

# Vetoes that bar only the "advanced" grade; every other veto bars "advanced" and "qualified".
BARS_ADVANCED_ONLY = frozenset({VetoKind.FEE_VIOLATION})
# Vetoes that count only in campaigns judging one area.
AREA_ONLY = {VetoKind.CANTEEN_PROFIT: CampaignArea.CANTEEN}


@dataclass(frozen=True)
class Veto:
    kind: str
    detail: str
    url: str = ""

    def as_dict(self) -> dict:
        return {"kind": str(self.kind), "detail": self.detail, "url": self.url}


def points_problems(points: Decimal | None, max_points: Decimal) -> str | None:
    """Why a score for an item is impossible, or None. (The message is worded by the caller.)"""
    if points is None:
        return "missing"
    if points < 0:
        return "negative"
    if points > max_points:
        return "above_max"
    if points != points.quantize(Decimal("0.1")):
        return "precision"
    return None


def percent_of(points_total: Decimal, max_total: Decimal) -> Decimal:
    """A sum of item points as a score out of 100 (a rubric need not total exactly 100)."""
    if not max_total:
        return Decimal("0.00")
    return (points_total * HUNDRED / max_total).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_score(scores: dict[object, Decimal], weights: dict[object, Decimal]) -> Decimal:
    """Σ weight × score / Σ weight over the sources. Every weighted source must have a score."""
    missing = [source for source in weights if source not in scores]
    if missing:
        raise ValueError(f"sources without a score: {missing}")
    total_weight = sum(weights.values(), Decimal("0"))
    if not total_weight:
        raise ValueError("the weights add up to nothing")
    total = sum((scores[source] * weight for source, weight in weights.items()), Decimal("0"))
    return (total / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)


def applicable_vetoes(vetoes: list[Veto], area: str) -> list[Veto]:
    return [veto for veto in vetoes if AREA_ONLY.get(veto.kind, area) == area]


def grade_for(score: Decimal, vetoes: list[Veto], area: str) -> str:
    """≥ 90 advanced, ≥ 80 qualified, < 80 rectify; a veto bars "advanced" and, except a fee
    violation, "qualified" too."""
    vetoes = applicable_vetoes(vetoes, area)
    if score >= ADVANCED_FROM:
        grade = Grade.ADVANCED
    elif score >= QUALIFIED_FROM:
        grade = Grade.QUALIFIED
    else:
        grade = Grade.RECTIFY
    if any(veto.kind not in BARS_ADVANCED_ONLY for veto in vetoes):
        return Grade.RECTIFY
    if vetoes and grade == Grade.ADVANCED:
        return Grade.QUALIFIED
    return grade


# --- risk-based inspection plans (双随机 plus risk weighting) -------------------------------------

RISK_WEIGHTS = {
    "orders_overdue": Decimal("3"),
    "serious_open": Decimal("5"),
    "complaints_open": Decimal("2"),
    "complaints_substantiated": Decimal("3"),
    "certificates_invalid": Decimal("2"),
    "check_days_missing": Decimal("1"),
}


def risk_score(components: dict[str, int]) -> Decimal:
    """Σ weight × count over the risk components (unknown components weigh nothing)."""
    return sum((RISK_WEIGHTS.get(name, Decimal("0")) * count for name, count in components.items()), Decimal("0"))


def draw_plan(scores: dict[int, Decimal], codes: dict[int, str], *, by_risk: int, at_random: int,
              seed: str) -> list[tuple[int, str]]:
    """The schools of a month's plan: the `by_risk` highest scores (ties by school code, only schools
    with some risk), then `at_random` drawn from the rest with `seed`. The same inputs always give
    the same plan, so anyone can re-run a recorded draw."""
    import random

    ranked = sorted((pk for pk in scores if scores[pk] > 0), key=lambda pk: (-scores[pk], codes[pk]))
    risky = ranked[:by_risk]
    rest = sorted((pk for pk in scores if pk not in set(risky)), key=lambda pk: codes[pk])
    drawn = random.Random(seed).sample(rest, min(at_random, len(rest)))
    return [(pk, "risk") for pk in risky] + [(pk, "random") for pk in drawn]
