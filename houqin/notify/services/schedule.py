"""The reminder run's schedule as the bureau administrator sees and changes it: the
django-celery-beat periodic tasks of `houqin.notify.tasks.reminders_run` (created by migration
0002: the 1st of each month and a weekly digest), and a run started by hand.

Celery beat's database scheduler notices a change by itself (PeriodicTask.save marks the tasks
changed); no restart is needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from celery.schedules import crontab_parser
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from houqin.core.permissions import has_role
from houqin.notify.models import ScheduleChange
from houqin.org.choices import Role

REMINDER_TASK = "houqin.notify.tasks.reminders_run"
_NUMBERS = r"\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*"


@dataclass(frozen=True)
class CronField:
    name: str
    maximum: int  # as celery's crontab_parser counts: 60 minutes, 24 hours, 7 weekdays, 31 days
    minimum: int
    every_allowed: bool
    message: object


CRON_FIELDS = (
    CronField("minute", 60, 0, False, gettext_lazy(
        "Enter minutes from 0 to 59: one number such as 0, or several separated by commas such as 0,30.")),
    CronField("hour", 24, 0, False, gettext_lazy(
        "Enter hours from 0 to 23: one number such as 7, several such as 7,19, or a range such as 8-17.")),
    CronField("day_of_week", 7, 0, True, gettext_lazy(
        "Enter * for every day, or days of the week from 0 (Sunday) to 6 (Saturday), such as 1 or 1-5.")),
    CronField("day_of_month", 31, 1, True, gettext_lazy(
        "Enter * for every day, or days of the month from 1 to 31, such as 1 or 1,15.")),
)
WEEKDAY_NAMES = (gettext_lazy("Sunday"), gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"),
                 gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday"))


def can_manage_schedule(user) -> bool:
    """The reminder schedule serves the whole deployment: a superuser manages it, or the bureau
    administrator of a deployment that serves that county alone. In a deployment of several counties
    a county's administrator only reads it."""
    from houqin.org.models import County

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return (has_role(user, Role.BUREAU_ADMIN) and user.county_id is not None
            and not County.objects.exclude(pk=user.county_id).exists())


def ensure_schedule_admin(user) -> None:
    if not can_manage_schedule(user):
        raise PermissionDenied


def cron_value_clean(field: CronField, value: str) -> str:
    """A crontab field as typed (full-width digits, 、 or ， between numbers, spaces) in its stored
    form, or a ValidationError naming what is allowed."""
    text = unicodedata.normalize("NFKC", value or "").replace("、", ",")
    text = re.sub(r"\s+", "", text)
    if field.every_allowed and text == "*":
        return text
    if not re.fullmatch(_NUMBERS, text):
        raise ValidationError(field.message, code="invalid")
    try:
        crontab_parser(field.maximum, field.minimum).parse(text)
    except ValueError:
        raise ValidationError(field.message, code="invalid") from None
    return text


def schedule_clean(values: dict) -> dict:
    """Every crontab field checked, and days of the week and of the month not both restricted
    (celery would start the run only on days that are both, which is not what anyone means)."""
    cleaned, errors = {}, {}
    for field in CRON_FIELDS:
        try:
            cleaned[field.name] = cron_value_clean(field, str(values.get(field.name, "")))
        except ValidationError as error:
            errors[field.name] = error
    if not errors and cleaned["day_of_week"] != "*" and cleaned["day_of_month"] != "*":
        errors["day_of_month"] = ValidationError(
            _("Restrict either the days of the week or the days of the month, not both."), code="both_days")
    if errors:
        raise ValidationError(errors)
    return cleaned


def schedule_describe(crontab: CrontabSchedule | None, enabled: bool = True) -> str:
    """The schedule in words: "每月1日 07:00", "每星期一 07:00"; "(paused)" when disabled."""
    if crontab is None:
        return "—"
    minute, hour = crontab.minute, crontab.hour
    time = f"{int(hour):02d}:{int(minute):02d}" if hour.isdigit() and minute.isdigit() else f"{hour}:{minute}"
    if crontab.day_of_week != "*":
        try:
            days = "、".join(str(WEEKDAY_NAMES[d % 7]) for d in sorted(crontab_parser(7).parse(crontab.day_of_week)))
        except ValueError:
            days = crontab.day_of_week
        text = _("every %(days)s at %(time)s") % {"days": days, "time": time}
    elif crontab.day_of_month != "*":
        text = _("on day %(days)s of each month at %(time)s") % {"days": crontab.day_of_month, "time": time}
    else:
        text = _("every day at %(time)s") % {"time": time}
    if crontab.month_of_year != "*":
        text = _("%(schedule)s, months %(months)s") % {"schedule": text, "months": crontab.month_of_year}
    return text if enabled else _("%(schedule)s (paused)") % {"schedule": text}


def reminder_schedules():
    """The periodic tasks that start the reminder run."""
    return PeriodicTask.objects.filter(task=REMINDER_TASK).select_related("crontab").order_by("name")


@transaction.atomic
def reminder_schedule_change(*, task: PeriodicTask, enabled: bool, acting_user, **crontab) -> PeriodicTask:
    """Pause, resume or move one of the reminder schedules. The crontab row is looked up or made
    for the new times (another task may share the old one); the change is recorded."""
    ensure_schedule_admin(acting_user)
    cleaned = schedule_clean(crontab)
    task = PeriodicTask.objects.select_for_update(of=("self",)).select_related("crontab").get(pk=task.pk,
                                                                                              task=REMINDER_TASK)
    before = schedule_describe(task.crontab, task.enabled)
    zone = task.crontab.timezone if task.crontab else settings.TIME_ZONE
    schedule = CrontabSchedule.objects.filter(month_of_year="*", timezone=zone, **cleaned).order_by("pk").first()
    if schedule is None:
        schedule = CrontabSchedule.objects.create(month_of_year="*", timezone=zone, **cleaned)
    task.crontab = schedule
    task.enabled = enabled
    task.save()
    after = schedule_describe(schedule, enabled)
    if after != before:
        ScheduleChange.objects.create(task_name=task.name, changed_by=acting_user, before=before[:200],
                                      after=after[:200])
    return task


def reminders_run_request(*, acting_user) -> None:
    """Queue a reminder run now (after the request's transaction commits)."""
    from houqin.notify.tasks import reminders_run

    ensure_schedule_admin(acting_user)
    transaction.on_commit(lambda: reminders_run.delay(requested_by=acting_user.pk))
