"""Checklists and inspections: the bureau administrator keeps the county's checklists; a bureau user
or township supervisor inspects a school with one, records each item's result and completes the
inspection, which locks it and turns every failed item into a rectification order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import has_role
from houqin.core.text import printable
from houqin.org.choices import Role
from houqin.org.models import School
from inspections.choices import InspectionKind, InspectionStatus, Severity
from inspections.models import Checklist, ChecklistItem, Inspection, InspectionResult
from inspections.services.rectification import ensure_inspector, order_issue, responsible_for, save_nullable

__all__ = [
    "DEADLINE_DAYS",
    "ItemEntry",
    "PASSED",
    "FAILED",
    "NOT_APPLICABLE",
    "ResultEntry",
    "checklist_save",
    "checklist_set_active",
    "inspection_complete",
    "inspection_results_record",
    "inspection_start",
]

DEADLINE_DAYS = {Severity.NORMAL: 15, Severity.SERIOUS: 7}
PASSED, FAILED, NOT_APPLICABLE = "passed", "failed", "na"
OUTCOME_VALUE = {PASSED: True, FAILED: False, NOT_APPLICABLE: None}
MAX_ITEMS = 100
INSPECTION_DAYS_BACK = 366


# --- checklists ----------------------------------------------------------------------------------


@dataclass
class ItemEntry:
    position: int
    text: str
    severity: str = Severity.NORMAL


def _ensure_checklist_admin(user, checklist: Checklist) -> None:
    if not has_role(user, Role.BUREAU_ADMIN):
        raise PermissionDenied
    if not user.is_superuser and checklist.county_id != user.county_id:
        raise Http404("out of scope")


def _clean_items(items: list[ItemEntry]) -> list[ItemEntry]:
    cleaned, errors, positions = [], [], set()
    for entry in items:
        text = " ".join(printable(entry.text or "").split())
        if not text:
            continue
        if len(text) > 300:
            errors.append(_("Item %(position)s is longer than 300 characters.") % {"position": entry.position})
            continue
        if not isinstance(entry.position, int) or not 1 <= entry.position <= 999:
            errors.append(_("Positions are whole numbers from 1 to 999."))
            continue
        if entry.position in positions:
            errors.append(_("Position %(position)s is used twice.") % {"position": entry.position})
            continue
        if entry.severity not in Severity.values:
            errors.append(_("Choose the severity of item %(position)s.") % {"position": entry.position})
            continue
        positions.add(entry.position)
        cleaned.append(ItemEntry(entry.position, text, entry.severity))
    if not cleaned:
        errors.append(_("A checklist needs at least one item."))
    if len(cleaned) > MAX_ITEMS:
        errors.append(_("A checklist holds at most %(max)s items.") % {"max": MAX_ITEMS})
    if errors:
        raise ValidationError(errors)
    return sorted(cleaned, key=lambda e: e.position)


@transaction.atomic
def checklist_save(*, checklist: Checklist, items: list[ItemEntry] | None, acting_user) -> Checklist:
    """Create or change a checklist of the acting administrator's county with its items. Once an
    inspection has used it, its items are fixed (deactivate it and write a new one); its title and
    whether it is in use can still change. `items=None` leaves the items as they are."""
    is_new = checklist.pk is None
    if is_new and not checklist.county_id:
        checklist.county_id = acting_user.county_id
    _ensure_checklist_admin(acting_user, checklist)
    if checklist.pk is not None:
        stored = Checklist.objects.select_for_update().get(pk=checklist.pk)
        _ensure_checklist_admin(acting_user, stored)
        checklist.county_id = stored.county_id
    used = checklist.pk is not None and Inspection.objects.filter(checklist_id=checklist.pk).exists()
    if used and checklist.kind != stored.kind:
        raise ValidationError({"kind": _("The kind of a checklist that has been used cannot change.")})
    if checklist.kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Choose the kind of inspection.")})
    checklist.title = " ".join(printable(checklist.title or "").split())
    entries = _clean_items(items) if items is not None else None
    if entries is not None and used:
        current = [(i.position, i.text, i.severity) for i in checklist.items.order_by("position")]
        if current != [(e.position, e.text, e.severity) for e in entries]:
            raise ValidationError(_("This checklist has been used by an inspection: its items cannot change. "
                                    "Deactivate it and create a new checklist."))
        entries = None
    save_with_history(checklist, acting_user=acting_user, reason=_("Checklist created") if is_new else "")
    if entries is not None:
        existing = {i.position: i for i in ChecklistItem.objects.select_for_update().filter(checklist=checklist)}
        wanted = {e.position for e in entries}
        for position, item in existing.items():
            if position not in wanted:
                item._history_user = acting_user
                item.delete()
        for entry in entries:
            item = existing.get(entry.position) or ChecklistItem(checklist=checklist, position=entry.position)
            if item.pk and (item.text, item.severity) == (entry.text, entry.severity):
                continue
            item.text, item.severity = entry.text, entry.severity
            save_with_history(item, acting_user=acting_user)
    return checklist


@transaction.atomic
def checklist_set_active(*, checklist: Checklist, active: bool, acting_user) -> Checklist:
    """Take a checklist out of use (or back into it); checklists are never deleted."""
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    _ensure_checklist_admin(acting_user, checklist)
    if checklist.is_active == active:
        return checklist
    checklist.is_active = active
    return save_with_history(checklist, acting_user=acting_user,
                             reason=_("Back in use") if active else _("Deactivated"))


# --- inspections ---------------------------------------------------------------------------------


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("school__township", "checklist").get(
        pk=inspection.pk)


def _refuse_done(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.DRAFT:
        raise ValidationError(_("A completed inspection cannot be changed."))


@transaction.atomic
def inspection_start(*, school: School, checklist: Checklist, date: dt.date, announced: bool, inspectors: str,
                     acting_user) -> Inspection:
    """Open an inspection of a school in scope with an active checklist of the school's county."""
    ensure_inspector(acting_user, school.pk)
    school = School.objects.select_related("township").get(pk=school.pk)
    # what is stored now, not what the caller holds; locked so its items cannot change under the new inspection
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.county_id != school.township.county_id:
        raise Http404("checklist out of scope")
    if not checklist.is_active:
        raise ValidationError({"checklist": _("This checklist is no longer in use.")})
    if not checklist.items.exists():
        raise ValidationError({"checklist": _("This checklist has no items.")})
    today = timezone.localdate()
    if not isinstance(date, dt.date) or date > today:
        raise ValidationError({"date": _("An inspection cannot be dated in the future.")})
    if date < today - dt.timedelta(days=INSPECTION_DAYS_BACK):
        raise ValidationError({"date": _("An inspection more than a year ago cannot be entered.")})
    inspectors = " ".join(printable(inspectors or "").split())
    if not inspectors:
        raise ValidationError({"inspectors": _("Name the inspectors.")})
    inspection = Inspection(school=school, checklist=checklist, kind=checklist.kind, date=date,
                            announced=bool(announced), inspectors=inspectors, lead=acting_user)
    return save_with_history(inspection, acting_user=acting_user, reason=_("Inspection started"))


@dataclass
class ResultEntry:
    item_id: int
    outcome: str  # PASSED, FAILED, NOT_APPLICABLE, or "" for not recorded yet
    note: str = ""


@transaction.atomic
def inspection_results_record(*, inspection: Inspection, entries: list[ResultEntry], summary: str | None = None,
                              acting_user) -> Inspection:
    """Record the results of a draft inspection, all or none. A failed item needs its finding."""
    inspection = _locked(inspection)
    ensure_inspector(acting_user, inspection.school_id)
    _refuse_done(inspection)
    items = {i.pk: i for i in inspection.checklist.items.all()}
    existing = {r.item_id: r for r in InspectionResult.objects.select_for_update().filter(inspection=inspection)}
    errors, changed = [], []
    for entry in entries:
        item = items.get(entry.item_id)
        if item is None:
            errors.append(_("An item of another checklist cannot be recorded here."))
            continue
        if not entry.outcome:
            continue
        if entry.outcome not in OUTCOME_VALUE:
            errors.append(_("Choose passed, failed or not applicable for “%(item)s”.") % {"item": item.text})
            continue
        note = printable(entry.note or "").strip()
        if len(note) > 2000:
            errors.append(_("The finding of “%(item)s” is longer than 2000 characters.") % {"item": item.text})
            continue
        if entry.outcome == FAILED and not note:
            errors.append(_("“%(item)s” failed: describe what was found.") % {"item": item.text})
            continue
        result = existing.get(item.pk) or InspectionResult(inspection=inspection, item=item)
        passed = OUTCOME_VALUE[entry.outcome]
        if result.pk and (result.passed, result.note) == (passed, note):
            continue
        result.passed, result.note = passed, note
        changed.append(result)
    if summary is not None:
        summary = printable(summary).strip()
        if len(summary) > 5000:
            errors.append(_("The summary is longer than 5000 characters."))
    if errors:
        raise ValidationError(errors)
    for result in changed:
        save_nullable(result, acting_user=acting_user, nullable=("passed",))
    if summary is not None and summary != inspection.summary:
        inspection.summary = summary
        save_with_history(inspection, acting_user=acting_user)
    return inspection


@transaction.atomic
def inspection_complete(*, inspection: Inspection, acting_user) -> Inspection:
    """Complete a draft inspection whose every item has a result: it is locked, and each failed item
    becomes a rectification order to the school's principal (severity from the item; 15 days to
    rectify, 7 for a serious hazard), all in one transaction."""
    inspection = _locked(inspection)
    ensure_inspector(acting_user, inspection.school_id)
    _refuse_done(inspection)
    items = list(inspection.checklist.items.order_by("position"))
    results = {r.item_id: r for r in inspection.results.all()}
    missing = [i for i in items if i.pk not in results]
    if missing:
        raise ValidationError(_("%(count)s items have no result yet, first: “%(item)s”.")
                              % {"count": len(missing), "item": missing[0].text})
    inspection.status = InspectionStatus.DONE
    inspection.completed_at = timezone.now()
    save_with_history(inspection, acting_user=acting_user, reason=_("Inspection completed"))
    today = timezone.localdate()
    responsible = responsible_for(inspection.school)
    for item in items:
        result = results[item.pk]
        if result.passed is not False:
            continue
        order_issue(
            school=inspection.school, finding=f"{item.text}：{result.note}", severity=item.severity,
            deadline=today + dt.timedelta(days=DEADLINE_DAYS[item.severity]), responsible=responsible,
            acting_user=acting_user, inspection=inspection,
        )
    return inspection
