"""A hand-built calendar for the inspections app's reminder rules: the run of Monday 1 March 2027 (both
the monthly run and the weekly digest), data built through the real services and then moved onto that
calendar, and the helpers the rule tests share. Fixtures of the campaign and rectification tests are
reused, not copied."""

import datetime as dt

import pytest
from django.utils import timezone

from houqin.notify import services as notify
from houqin.notify.models import Notification
from houqin.notify.registry import REGISTRY
from tests import factories
from tests.inspections.campaigns.conftest import campaign, campaign_type, declaration, rubric  # noqa: F401
from tests.inspections.rectification.conftest import checklist, english, fso_a  # noqa: F401

TODAY = dt.date(2027, 3, 1)  # a Monday and the 1st: the monthly run and the weekly digest at once


def days(n: int) -> dt.date:
    """A date `n` days from the calendar's today (negative: before it)."""
    return TODAY + dt.timedelta(days=n)


def local_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def collect(code: str, today: dt.date = TODAY) -> list:
    """What one rule reports as due, without delivering it."""
    return list(REGISTRY[code].collect(today=today))


def run(today: dt.date = TODAY):
    return notify.reminders_run(today=today)


def run_twice(code: str, today: dt.date = TODAY) -> int:
    """Run the whole reminder task twice on the same day; the second run must deliver nothing new."""
    run(today)
    first = Notification.objects.filter(rule=code).count()
    second_run = run(today)
    assert Notification.objects.filter(rule=code).count() == first
    assert second_run.failed_rules == []
    return first


def received(code: str, user) -> list[Notification]:
    return list(Notification.objects.filter(rule=code, recipient=user).order_by("pk"))


def recipients(code: str) -> set[str]:
    return set(Notification.objects.filter(rule=code).values_list("recipient__username", flat=True))


@pytest.fixture
def supervisor_b(township_b):
    return factories.supervisor(township_b, username="supervisor_b", full_name="钱督导")


@pytest.fixture
def far_inspector(other_county):
    return factories.bureau_inspector(other_county, username="inspector_far", full_name="远督查")


@pytest.fixture
def far_supervisor(school_far):
    return factories.supervisor(school_far.township, username="supervisor_far", full_name="远督导")


@pytest.fixture
def far_principal(school_far):
    return factories.principal(school_far, username="principal_far", full_name="远校长")


@pytest.fixture
def principal_a2(school_a2):
    return factories.principal(school_a2, username="principal_a2", full_name="孙校长")
