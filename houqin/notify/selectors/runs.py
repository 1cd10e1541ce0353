"""Reads of the reminder runs for the bureau administrator's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.scoping import schools_visible_to
from houqin.notify.models import ReminderRun
from houqin.notify.registry import rule_label

# A run still unfinished after this long was stopped (the worker died); its message comes back to
# a worker after the broker's visibility timeout and that later run completes the work.
RUN_TIMEOUT = dt.timedelta(minutes=30)


def run_list() -> QuerySet[ReminderRun]:
    return ReminderRun.objects.select_related("requested_by")


def run_state(run: ReminderRun, now=None) -> tuple[str, str]:
    """(code, label): done, failed (finished with failed rules or schools), running, interrupted."""
    if run.finished_at is not None:
        if run.failed_rules or run.failed_schools:
            return "failed", _("finished with failures")
        return "done", _("Completed")
    if (now or timezone.now()) - run.started_at > RUN_TIMEOUT:
        return "interrupted", _("interrupted")
    return "running", _("running")


@dataclass
class RuleRow:
    code: str
    label: str
    delivered: int
    skipped: int
    seconds: float | None
    failed: bool
    failed_schools: int


def run_rules(run: ReminderRun) -> list[RuleRow]:
    """The run's figures per rule, in the order the rules ran."""
    rows = []
    for code in sorted(run.rules or {}):
        stats = run.rules[code]
        rows.append(RuleRow(code, rule_label(code), stats.get("delivered", 0), stats.get("skipped", 0),
                            stats.get("seconds"), bool(stats.get("failed")), stats.get("failed_schools", 0)))
    return rows


@dataclass
class SchoolFailure:
    rule: str
    school: object  # a School the user may see, or None
    error: str


def run_school_failures(run: ReminderRun, *, user) -> tuple[list[SchoolFailure], int]:
    """The failures of the run the user may see (schools of its scope), and how many others."""
    ids = {f.get("school") for f in run.failed_schools if isinstance(f.get("school"), int)}
    schools = {s.pk: s for s in schools_visible_to(user).filter(pk__in=ids).select_related("township")}
    shown, hidden = [], 0
    for failure in run.failed_schools:
        school = schools.get(failure.get("school"))
        if school is None and failure.get("school") is not None:
            hidden += 1
            continue
        shown.append(SchoolFailure(rule_label(failure.get("rule", "")), school, failure.get("error", "")))
    return shown, hidden
