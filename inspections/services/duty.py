"""Duty inspections (SPEC §6): who may record which, for which school, on which day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.scoping import ensure_in_scope
from houqin.core.text import printable
from houqin.org.choices import Duty, Role, TownshipPost
from houqin.org.models import School
from inspections.choices import DutyCapacity
from inspections.models import DutyVisit
from inspections.rules_duty import CANTEEN_CAPACITIES, previous_month

__all__ = ["capacities_for", "duty_visit_record", "school_owes_canteen_duties"]


def capacities_for(user) -> list[str]:
    """The capacities a user may record duty inspections in: a township supervisor inspects the
    township's schools in the post the bureau gave the account (central-school principal or logistics
    staff; an account without a post yet may record either); a principal checks the own
    canteen; a school's food-safety officer too. Nobody else records duty inspections."""
    if not (user.is_authenticated and user.is_active):
        return []
    if user.role == Role.TOWNSHIP_SUPERVISOR and user.township_id:
        post = {TownshipPost.HEAD: [DutyCapacity.TOWNSHIP_HEAD], TownshipPost.LOGISTICS: [DutyCapacity.TOWNSHIP_STAFF]}
        return post.get(user.township_post, [DutyCapacity.TOWNSHIP_HEAD, DutyCapacity.TOWNSHIP_STAFF])
    if user.role == Role.PRINCIPAL and user.school_id:
        return [DutyCapacity.PRINCIPAL]
    if user.role == Role.SCHOOL_STAFF and user.school_id and Duty.FOOD_SAFETY_OFFICER in (user.duties or ()):
        return [DutyCapacity.FOOD_SAFETY_OFFICER]
    return []


def school_owes_canteen_duties(school: School) -> bool:
    """Only a school with a canteen owes the weekly canteen checks."""
    from canteens.models import Canteen

    return school.has_canteen or Canteen.objects.filter(school_id=school.pk, is_active=True).exists()


@transaction.atomic
def duty_visit_record(*, school: School, capacity: str, date: dt.date, findings: str = "", acting_user) -> DutyVisit:
    """Record one duty inspection on a day of the current or the previous month (not in the future)."""
    ensure_in_scope(school.pk, user=acting_user)
    allowed = capacities_for(acting_user)
    if not allowed:
        raise PermissionDenied
    if capacity not in allowed:
        raise ValidationError({"capacity": _("You cannot record an inspection in this capacity.")})
    if capacity in CANTEEN_CAPACITIES:
        if school.pk != acting_user.school_id:
            raise PermissionDenied
        if not school_owes_canteen_duties(school):
            raise ValidationError({"school": _("This school has no canteen to check.")})
    today = timezone.localdate()
    if not isinstance(date, dt.date) or date > today:
        raise ValidationError({"date": _("An inspection cannot be dated in the future.")})
    if date < previous_month(today):
        raise ValidationError({"date": _("Only inspections of this month and the previous month can be recorded.")})
    findings = printable(findings or "").strip()
    if len(findings) > 2000:
        raise ValidationError({"findings": _("At most %(limit)s characters.") % {"limit": 2000}})
    if DutyVisit.objects.filter(school_id=school.pk, inspector=acting_user, capacity=capacity, date=date).exists():
        raise ValidationError(_("This inspection is recorded already."))
    visit = DutyVisit(school=school, inspector=acting_user, capacity=capacity, date=date, findings=findings)
    try:
        with transaction.atomic():
            return save_with_history(visit, acting_user=acting_user)
    except IntegrityError:  # the same visit recorded at the same moment by a second click
        raise ValidationError(_("This inspection is recorded already.")) from None
