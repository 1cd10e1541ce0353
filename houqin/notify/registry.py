"""The reminder registry: each app declares in its `reminders.py` what it reports as due.

    from houqin.notify.registry import Due, reminder_rule

    @reminder_rule("canteens.certificate_expiring", _("Certificates expiring within 30 days"))
    def certificates_expiring(*, today):
        for cert in ...:
            yield Due(recipient_id=..., period=f"cert:{cert.pk}:{today:%Y-%m}", title=..., url=...)

The run (notify.services.reminders_run) calls every rule and delivers each Due once per
(recipient, rule, period).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from houqin.notify.models import Level


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


def month_period(today: dt.date) -> str:
    return f"{today:%Y-%m}"
