"""Writes of the work plan: goals are written by the county's bureau administrator; progress is reported
by the goal's owner or the administrator. Every change is saved with its author and reason in the
goal's history; a goal is never deleted, it is cancelled (and may be reinstated)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import has_role
from houqin.core.text import printable
from houqin.org.choices import BUREAU_ROLES, Role
from houqin.workplan.models import Goal
from houqin.workplan.rules import year_window

NOTE_MAX = 2000
REASON_MAX = 200


def can_edit_plan(user, county_id) -> bool:
    """Goals are set by the bureau administrator of their county."""
    return has_role(user, Role.BUREAU_ADMIN) and (user.is_superuser or user.county_id == county_id)


def can_report_progress(user, goal: Goal) -> bool:
    """Progress is reported by the goal's owner or the county's bureau administrator."""
    if can_edit_plan(user, goal.county_id):
        return True
    return has_role(user, *BUREAU_ROLES) and user.pk == goal.owner_id and user.county_id == goal.county_id


def ensure_plan_admin(user, county_id) -> None:
    if not can_edit_plan(user, county_id):
        raise PermissionDenied


def _locked(goal: Goal) -> Goal:
    return Goal.objects.select_for_update().get(pk=goal.pk)


@transaction.atomic
def goal_save(*, goal: Goal, acting_user) -> Goal:
    """Add a goal to a year's plan, or change one: what, who, by when, and how it is measured."""
    if goal.pk is None and not goal.county_id:
        goal.county_id = acting_user.county_id
    if not goal.county_id:
        raise ValidationError(_("Your account belongs to no county, so it has no work plan."))
    ensure_plan_admin(acting_user, goal.county_id)
    previous = None
    if goal.pk is not None:
        previous = _locked(goal)
        if previous.county_id != goal.county_id:
            raise PermissionDenied
        if previous.cancelled_at:
            raise ValidationError(_("This goal is cancelled: reinstate it before changing it."))
    if previous is None or previous.year != goal.year:
        low, high = year_window(timezone.localdate())
        if goal.year is None or not low <= goal.year <= high:
            raise ValidationError({"year": _("A plan can be written for %(low)s to %(high)s.") % {
                "low": low, "high": high}})
    return save_with_history(goal, acting_user=acting_user, reason=_("Added to the plan") if previous is None
                             else _("Changed"))


@transaction.atomic
def goal_progress_update(*, goal: Goal, progress: int | None, note: str, acting_user) -> Goal:
    """Report how far a goal has come: the percentage done (for a goal reported by hand; a measured
    goal's figure comes from the data) and what was done. Each report is one entry of the history."""
    goal = _locked(goal)
    if not can_report_progress(acting_user, goal):
        raise PermissionDenied
    if goal.cancelled_at:
        raise ValidationError(_("This goal is cancelled and takes no progress reports."))
    note = printable(note or "").strip()
    errors = {}
    if len(note) < 2:
        errors["progress_note"] = _("Write what was done, in at least two characters.")
    elif len(note) > NOTE_MAX:
        errors["progress_note"] = _("Keep the notes within %(max)s characters.") % {"max": NOTE_MAX}
    if not goal.is_measured:
        if progress is None:
            errors["progress"] = _("Give the progress in per cent.")
        elif not 0 <= progress <= 100:
            errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if errors:
        raise ValidationError(errors)
    if not goal.is_measured:
        goal.progress = progress
    goal.progress_note = note
    goal.progress_updated_at = timezone.now()
    return save_with_history(goal, acting_user=acting_user, reason=_("Progress reported"))


@transaction.atomic
def goal_cancel(*, goal: Goal, reason: str, acting_user) -> Goal:
    """Take a goal out of the plan (it stays on record, struck through), with the reason."""
    goal = _locked(goal)
    ensure_plan_admin(acting_user, goal.county_id)
    if goal.cancelled_at:
        raise ValidationError(_("This goal is cancelled already."))
    reason = printable(reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("Say why the goal is cancelled.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason within %(max)s characters.") % {"max": REASON_MAX}})
    goal.cancelled_at = timezone.now()
    goal.cancel_reason = reason
    return save_with_history(goal, acting_user=acting_user, reason=_("Cancelled: %(reason)s") % {"reason": reason})


@transaction.atomic
def goal_reinstate(*, goal: Goal, acting_user) -> Goal:
    goal = _locked(goal)
    ensure_plan_admin(acting_user, goal.county_id)
    if not goal.cancelled_at:
        raise ValidationError(_("This goal is not cancelled."))
    goal.cancelled_at, goal.cancel_reason = None, ""
    return save_with_history(goal, acting_user=acting_user, reason=_("Reinstated"))
