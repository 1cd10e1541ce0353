"""Hazard checks, accidents, lessons, drills and trainings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from schoolbus.choices import LIABLE
from schoolbus.models import Accident, HazardCheck, SafetyActivity
from schoolbus.services.access import ensure_bus_keeper


def _not_future(date, field="date"):
    if date and date > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _own(obj, school_id, field):
    if obj is not None and obj.school_id != school_id:
        raise ValidationError({field: _("Choose from the school's own records.")})


@transaction.atomic
def hazard_save(*, check: HazardCheck, acting_user) -> HazardCheck:
    """Record a hazard check, or how its findings were put right."""
    ensure_bus_keeper(acting_user, check.school_id)
    _not_future(check.date)
    _not_future(check.rectified_on, "rectified_on")
    _own(check.vehicle, check.school_id, "vehicle")
    errors = {}
    if check.findings.strip() and check.deadline is None and check.rectified_on is None:
        errors["deadline"] = _("Set a date by which the findings are put right.")
    if check.deadline and check.deadline < check.date:
        errors["deadline"] = _("The deadline cannot come before the check.")
    if check.rectified_on:
        if not check.findings.strip():
            errors["rectified_on"] = _("Nothing was found, so nothing is rectified.")
        elif check.rectified_on < check.date:
            errors["rectified_on"] = _("A finding cannot be rectified before the check found it.")
        elif not check.rectification.strip():
            errors["rectification"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)
    return save_with_history(check, acting_user=acting_user)


@transaction.atomic
def accident_record(*, accident: Accident, acting_user) -> Accident:
    """Record a bus accident. Liability for a death bars the driver from school buses (the driver's
    record is marked, with the accident as the reason)."""
    ensure_bus_keeper(acting_user, accident.school_id)
    _not_future(accident.date)
    _not_future(accident.reported_on, "reported_on")
    _own(accident.vehicle, accident.school_id, "vehicle")
    _own(accident.driver, accident.school_id, "driver")
    if accident.reported_on and accident.reported_on < accident.date:
        raise ValidationError({"reported_on": _("An accident cannot be reported before it happened.")})
    save_with_history(accident, acting_user=acting_user)
    driver = accident.driver
    if accident.deaths and accident.liability in LIABLE and not driver.fatal_accident_liability:
        driver.fatal_accident_liability = True
        save_with_history(driver, acting_user=acting_user,
                          reason=_("Liable for the fatal accident of %(date)s") % {"date": accident.date.isoformat()})
    return accident


@transaction.atomic
def activity_save(*, activity: SafetyActivity, acting_user) -> SafetyActivity:
    ensure_bus_keeper(acting_user, activity.school_id)
    _not_future(activity.date)
    return save_with_history(activity, acting_user=acting_user)
