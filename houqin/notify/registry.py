"""The reminder registry: each app declares in its `reminders.py` what it reports as due.

    from houqin.notify.registry import Due, per_school, reminder_rule

    @reminder_rule("canteens.certificate_expiring", _("Certificates expiring within 30 days"))
    def certificates_expiring(*, today):
        for cert in ...:
            yield Due(recipient_id=..., period=f"cert:{cert.pk}:{today:%Y-%m}", title=..., url=...)

The run (notify.services.reminders_run) calls every rule and delivers each Due once per
(recipient, rule, period). A rule that raises is recorded as failed and the other rules go on.

One school's bad data should not cost every other school its reminder. Read in bulk as usual,
then hand each school's part to `per_school`: an exception for one school is logged, recorded on
the run (rule, school, error) and the next school goes on:

    @reminder_rule("canteens.licence_expiring", _("Canteen licences expiring within 30 days"))
    def licences_expiring(*, today):
        canteens = Canteen.objects.filter(licence_expiry__lte=today + dt.timedelta(days=30))
        keepers = _keepers_by_school(...)

        def for_canteen(canteen):
            for user_id in keepers.get(canteen.school_id, []):
                yield Due(recipient_id=user_id, period=..., title=...)

        yield from per_school(canteens, for_canteen, school_of=lambda canteen: canteen.school_id)

`per_school(items, collect)` takes School rows by default (`school_of` gives the school id of an
item otherwise). Each item runs in a savepoint, so that a database error of one school does not
abort the rule's transaction; when `collect` runs no query of its own, `savepoint=False` saves the
two round trips per item.
Rules that do not use it keep working unchanged.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from django.db import transaction

from houqin.notify.models import Level

logger = logging.getLogger(__name__)
MAX_RECORDED_FAILURES = 500  # per run: a rule failing for every school of a province is one story


@dataclass(frozen=True)
class Due:
    recipient_id: int
    period: str
    title: str
    body: str = ""
    url: str = ""
    level: str = Level.INFO


@dataclass(frozen=True)
class ReminderRule:
    code: str
    label: str
    collect: Callable[..., Iterable[Due]]


REGISTRY: dict[str, ReminderRule] = {}


def reminder_rule(code: str, label: str):
    """Register `collect(*, today) -> Iterable[Due]` under `code` (app label, dot, rule name)."""

    def decorator(collect):
        if code in REGISTRY and REGISTRY[code].collect is not collect:
            raise ValueError(f"reminder rule {code!r} registered twice")
        REGISTRY[code] = ReminderRule(code, label, collect)
        return collect

    return decorator


def registered_rules() -> list[ReminderRule]:
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def rule_label(code: str) -> str:
    rule = REGISTRY.get(code)
    return str(rule.label) if rule else code


def month_period(today: dt.date) -> str:
    return f"{today:%Y-%m}"


# --- isolating schools inside a rule -------------------------------------------------------------


@dataclass
class RuleFailures:
    """The schools one rule skipped during one run."""

    rule: str
    schools: list

    def add(self, school_id, error: BaseException) -> None:
        self.schools.append({"rule": self.rule, "school": school_id, "error": f"{type(error).__name__}: {error}"[:300]})


_current: contextvars.ContextVar[RuleFailures | None] = contextvars.ContextVar("reminder_rule_failures", default=None)


@contextmanager
def recording_failures(rule: str):
    """What the run wraps around one rule: `per_school` records its failures in the yielded list."""
    failures = RuleFailures(rule, [])
    token = _current.set(failures)
    try:
        yield failures
    finally:
        _current.reset(token)


def per_school(
    items: Iterable,
    collect: Callable[[object], Iterable[Due]],
    *,
    school_of: Callable[[object], int] = attrgetter("pk"),
    savepoint: bool = True,
) -> Iterator[Due]:
    """Yield the Dues of `collect(item)` for each item; an item that raises is logged and recorded
    on the run against its school, and the others go on. Each item's Dues are gathered completely
    before any is yielded, so a school fails all or nothing."""
    for item in items:
        try:
            if savepoint:
                with transaction.atomic():
                    dues = list(collect(item))
            else:
                dues = list(collect(item))
        except Exception as error:  # noqa: BLE001 - isolating every kind of failure is the point
            school_id = _school_id(school_of, item)
            logger.exception("reminder rule failed for school %s", school_id)
            failures = _current.get()
            if failures is not None:
                failures.add(school_id, error)
            continue
        yield from dues


def _school_id(school_of, item):
    try:
        return school_of(item)
    except Exception:  # noqa: BLE001 - the item itself may be what is broken
        return None
