"""Monthly inspection plans drawn by risk and at random, recorded with the seed and the scores so
that the draw can be audited."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.org.models import County
from inspections import rules
from inspections.models import InspectionPlan, PlanEntry
from inspections.services.access import ensure_bureau_admin

MAX_PLANNED = 200


@transaction.atomic
def plan_draw(*, county: County, month: dt.date, by_risk: int, at_random: int, seed: str = "",
              acting_user) -> InspectionPlan:
    """Draw the month's plan over the county's active schools, keeping every school's risk score."""
    from inspections.selectors.planning import county_risk

    ensure_bureau_admin(acting_user, county.pk)
    month = month.replace(day=1)
    if InspectionPlan.objects.filter(county=county, month=month).exists():
        raise ValidationError(_("This month's plan is drawn already."))
    if by_risk < 0 or at_random < 0 or by_risk + at_random == 0 or by_risk + at_random > MAX_PLANNED:
        raise ValidationError(_("Plan between 1 and %(max)s schools.") % {"max": MAX_PLANNED})
    seed = (seed or secrets.token_hex(8)).strip()[:64]
    risks = county_risk(county_id=county.pk)
    if not risks:
        raise ValidationError(_("The county has no active schools."))
    scores = {pk: row["score"] for pk, row in risks.items()}
    codes = {pk: row["code"] for pk, row in risks.items()}
    chosen = rules.draw_plan(scores, codes, by_risk=by_risk, at_random=at_random, seed=seed)
    plan = InspectionPlan(county=county, month=month, by_risk=by_risk, at_random=at_random, seed=seed,
                          scores={str(pk): {"code": codes[pk], "score": str(scores[pk]),
                                            "components": risks[pk]["components"]} for pk in risks},
                          drawn_by=acting_user)
    save_with_history(plan, acting_user=acting_user, reason=_("Drawn"))
    PlanEntry.objects.bulk_create([
        PlanEntry(plan=plan, school_id=pk, reason=reason, risk_score=scores[pk], position=position)
        for position, (pk, reason) in enumerate(chosen, start=1)])
    return plan


def plan_rerun(plan: InspectionPlan) -> list[tuple[int, str]]:
    """The draw again from the recorded scores and seed (what an auditor runs)."""
    scores = {int(pk): Decimal(row["score"]) for pk, row in plan.scores.items()}
    codes = {int(pk): row["code"] for pk, row in plan.scores.items()}
    return rules.draw_plan(scores, codes, by_risk=plan.by_risk, at_random=plan.at_random, seed=plan.seed)
