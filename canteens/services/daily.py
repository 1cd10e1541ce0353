"""The daily logs: the morning check of the day's roster and the food samples of each meal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.choices import CheckOutcome, Symptom
from canteens.models import Canteen, CanteenStaff, MorningCheck, SampleRecord
from canteens.services.access import ensure_canteen_keeper
from houqin.core.history import save_with_history
from houqin.org.choices import Role

__all__ = ["CheckEntry", "SampleEntry", "morning_checks_record", "sample_remove", "samples_record"]

FEVER_FROM = 37.3


@dataclass
class CheckEntry:
    staff_id: int
    outcome: str
    temperature: object = None
    symptoms: tuple = ()
    note: str = ""


def _ensure_day(date: dt.date) -> None:
    today = timezone.localdate()
    if date > today:
        raise ValidationError(_("A day that has not come yet cannot be recorded."))
    if date < today - dt.timedelta(days=7):
        raise ValidationError(_("Logs older than a week cannot be entered any more; ask the principal."))


def _lock_canteen(canteen: Canteen) -> None:
    """One recording of a canteen's day at a time: a second submission of the same form (a double
    click, two tabs) waits for the first and then updates the rows it saved instead of inserting
    them again (locking the day's rows alone locks nothing when there are none yet)."""
    Canteen.objects.select_for_update().filter(pk=canteen.pk).values_list("pk", flat=True).first()


@transaction.atomic
def morning_checks_record(*, canteen: Canteen, date: dt.date, entries: list[CheckEntry], acting_user) -> list:
    """Record the day's morning check, all persons or none. A person without both certificates
    valid that day cannot be put on duty; a person with a symptom (or a fever) is taken off food
    handling and the principal is alerted."""
    ensure_canteen_keeper(acting_user, canteen.school_id)
    _ensure_day(date)
    _lock_canteen(canteen)
    staff = {s.pk: s for s in CanteenStaff.objects.filter(canteen=canteen, is_active=True)}
    existing = {c.staff_id: c for c in MorningCheck.objects.select_for_update().filter(canteen=canteen, date=date)}
    errors, saved, sick = [], [], []
    for entry in entries:
        person = staff.get(entry.staff_id)
        if person is None:
            errors.append(_("A worker of another canteen or no longer employed cannot be checked here."))
            continue
        symptoms = [s for s in entry.symptoms if s in Symptom.values]
        if entry.temperature is not None and float(entry.temperature) >= FEVER_FROM and Symptom.FEVER not in symptoms:
            symptoms.append(Symptom.FEVER)
        outcome = entry.outcome
        if symptoms and outcome == CheckOutcome.FIT:
            outcome = CheckOutcome.OFF_FOOD
        earlier = existing.get(person.pk)
        if earlier is not None and (earlier.symptoms or earlier.outcome == CheckOutcome.OFF_FOOD) \
                and outcome == CheckOutcome.FIT:
            errors.append(_("%(name)s was taken off food handling today and cannot be put back on it the same "
                            "day.") % {"name": person.name})
            continue
        if outcome != CheckOutcome.ABSENT and not person.may_handle_food(date):
            errors.append(_("%(name)s cannot be on duty: the health or training certificate is missing or "
                            "expired.") % {"name": person.name})
            continue
        check = existing.get(person.pk) or MorningCheck(canteen=canteen, staff=person, date=date)
        check.outcome, check.temperature, check.symptoms = outcome, entry.temperature, symptoms
        check.note, check.checked_by = entry.note.strip()[:200], acting_user
        try:
            check.full_clean()
        except ValidationError as error:
            errors.extend(f"{person.name}：{m}" for m in error.messages)
            continue
        saved.append(check)
        if outcome == CheckOutcome.OFF_FOOD or symptoms:
            sick.append(check)
    if errors:
        raise ValidationError(errors)
    for check in saved:
        save_with_history(check, acting_user=acting_user)
    if sick:
        transaction.on_commit(lambda: _alert_principal(canteen, date, sick), robust=True)
    return saved


def _alert_principal(canteen, date, sick) -> None:
    from houqin.notify.models import Level
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    labels = dict(Symptom.choices)
    for principal in User.objects.filter(role=Role.PRINCIPAL, school_id=canteen.school_id, is_active=True):
        for check in sick:
            notification_send(
                recipient_id=principal.pk, rule="canteens.worker_unwell", period=f"{check.staff_id}:{date}",
                title=_("%(name)s is off food handling today") % {"name": check.staff.name},
                body="、".join(str(labels[s]) for s in check.symptoms),
                url=f"/canteens/checks/?canteen={canteen.pk}&date={date.isoformat()}", level=Level.DANGER,
            )


@dataclass
class SampleEntry:
    dish: str
    weight_g: int
    stored_at: dt.datetime
    sampled_by: str
    removed_at: dt.datetime | None = None


@transaction.atomic
def samples_record(*, canteen: Canteen, date: dt.date, meal: str, entries: list[SampleEntry], acting_user) -> list:
    """Record the samples of a meal (one per dish), all or none."""
    ensure_canteen_keeper(acting_user, canteen.school_id)
    _ensure_day(date)
    _lock_canteen(canteen)
    existing = {s.dish: s for s in SampleRecord.objects.select_for_update().filter(canteen=canteen, date=date,
                                                                                    meal=meal)}
    errors, saved = [], []
    seen = set()
    for entry in entries:
        dish = " ".join(entry.dish.split())
        if not dish:
            continue
        if dish in seen:
            errors.append(_("“%(dish)s” is listed twice.") % {"dish": dish})
            continue
        seen.add(dish)
        stored_local = timezone.localtime(entry.stored_at)
        if stored_local.date() != date:
            errors.append(_("The sample of “%(dish)s” must be put in the fridge on the day of the meal.")
                          % {"dish": dish})
            continue
        if entry.stored_at > timezone.now() + dt.timedelta(minutes=5):
            errors.append(_("The sample of “%(dish)s” cannot be put in the fridge later than now.") % {"dish": dish})
            continue
        sample = existing.get(dish)
        if sample is not None:
            # a recorded sample is a fact: the same values again are fine, different ones are refused
            if (sample.weight_g, sample.stored_at, sample.sampled_by) != (entry.weight_g, entry.stored_at,
                                                                           entry.sampled_by):
                errors.append(_("The sample of “%(dish)s” is recorded already and cannot be changed.")
                              % {"dish": dish})
            continue
        sample = SampleRecord(canteen=canteen, date=date, meal=meal, dish=dish, weight_g=entry.weight_g,
                              stored_at=entry.stored_at, sampled_by=entry.sampled_by, removed_at=None,
                              recorded_by=acting_user)
        try:
            sample.full_clean()
        except ValidationError as error:
            errors.extend(f"{dish}：{m}" for m in error.messages)
            continue
        saved.append(sample)
    if errors:
        raise ValidationError(errors)
    for sample in saved:
        save_with_history(sample, acting_user=acting_user)
    return saved


@transaction.atomic
def sample_remove(*, sample: SampleRecord, removed_at: dt.datetime, acting_user) -> SampleRecord:
    """Record when a sample was taken out of the fridge (an early removal stays a violation)."""
    sample = SampleRecord.objects.select_for_update().select_related("canteen").get(pk=sample.pk)
    ensure_canteen_keeper(acting_user, sample.canteen.school_id)
    if sample.removed_at is not None:
        raise ValidationError(_("This sample was taken out already."))
    if removed_at > timezone.now():
        raise ValidationError(_("A sample cannot be taken out in the future."))
    sample.removed_at = removed_at
    return save_with_history(sample, acting_user=acting_user)
