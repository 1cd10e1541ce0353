"""The plan's rules as pure functions: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from houqin.workplan.choices import GoalStatus, MeasureKind
from houqin.workplan.rules import (
    AT_RISK_LAG,
    deadline_window,
    expected_progress,
    goal_start,
    goal_status,
    measured_progress,
    share_percent,
    year_window,
)

D = dt.date


def test_expected_progress_is_a_steady_pace_from_start_to_deadline():
    start, deadline = D(2026, 1, 1), D(2026, 12, 31)
    assert expected_progress(start=start, deadline=deadline, today=D(2025, 12, 1)) == 0
    assert expected_progress(start=start, deadline=deadline, today=start) == 0
    assert expected_progress(start=start, deadline=deadline, today=D(2026, 7, 1)) == 49  # 181 of 364 days
    assert expected_progress(start=start, deadline=deadline, today=deadline) == 100
    assert expected_progress(start=start, deadline=deadline, today=D(2027, 3, 1)) == 100
    # a deadline on the first day: all of it is due at once
    assert expected_progress(start=start, deadline=start, today=start) == 0
    assert expected_progress(start=start, deadline=start, today=D(2026, 1, 2)) == 100


def test_the_clock_starts_on_the_first_of_the_year_or_when_the_goal_was_added():
    assert goal_start(2026, None) == D(2026, 1, 1)
    assert goal_start(2026, D(2025, 12, 20)) == D(2026, 1, 1)  # drafted in December for next year
    assert goal_start(2026, D(2026, 7, 1)) == D(2026, 7, 1)


def test_a_count_is_compared_with_the_target_number():
    assert measured_progress(kind=MeasureKind.COUNT, value=3, denominator=None, target=Decimal("4")) == 75
    assert measured_progress(kind=MeasureKind.COUNT, value=0, denominator=None, target=Decimal("2")) == 0
    assert measured_progress(kind=MeasureKind.COUNT, value=5, denominator=None, target=Decimal("4")) == 100


def test_a_share_is_compared_with_the_target_percentage_and_floored():
    # 38 of 52 schools = 73.07 % of a 100 % target
    assert measured_progress(kind=MeasureKind.SHARE, value=38, denominator=52, target=Decimal("100")) == 73
    # 90 % of a 95 % target = 94.7 → 94, never rounded up to "done"
    assert measured_progress(kind=MeasureKind.SHARE, value=9, denominator=10, target=Decimal("95")) == 94
    assert measured_progress(kind=MeasureKind.SHARE, value=199, denominator=200, target=Decimal("100")) == 99
    assert measured_progress(kind=MeasureKind.SHARE, value=10, denominator=10, target=Decimal("95")) == 100


@pytest.mark.parametrize("value, denominator, target", [
    (None, 10, Decimal("100")),  # the data cannot say (no term yet)
    (0, 0, Decimal("100")),  # nothing to divide by
    (3, 10, None),  # no target
    (3, 10, Decimal("0")),
])
def test_progress_is_unknown_when_the_data_cannot_say(value, denominator, target):
    assert measured_progress(kind=MeasureKind.SHARE, value=value, denominator=denominator, target=target) is None


def test_share_percent():
    assert share_percent(1, 3) == Decimal("33.3")
    assert share_percent(0, 0) is None
    assert share_percent(None, 5) is None


def status(progress, today, deadline=D(2026, 12, 31), start=D(2026, 1, 1), cancelled=False):
    return goal_status(progress=progress, deadline=deadline, today=today, start=start, cancelled=cancelled)


def test_status_rules():
    mid_year = D(2026, 7, 1)  # a steady pace is at 49 %
    assert status(100, mid_year) == GoalStatus.DONE
    assert status(100, D(2027, 2, 1)) == GoalStatus.DONE  # done stays done after the deadline
    assert status(99, D(2027, 1, 1)) == GoalStatus.OVERDUE
    assert status(49 - AT_RISK_LAG, mid_year) == GoalStatus.ON_TRACK  # lagging by exactly the tolerance
    assert status(49 - AT_RISK_LAG - 1, mid_year) == GoalStatus.AT_RISK
    assert status(None, mid_year) == GoalStatus.AT_RISK  # unknown counts as nothing done
    assert status(0, D(2026, 2, 1)) == GoalStatus.ON_TRACK  # early in the year nothing is expected yet
    assert status(60, D(2026, 12, 31)) == GoalStatus.AT_RISK  # last day, far from done
    assert status(10, mid_year, cancelled=True) == GoalStatus.CANCELLED
    assert status(100, mid_year, cancelled=True) == GoalStatus.CANCELLED


def test_windows():
    assert year_window(D(2026, 11, 22)) == (2025, 2027)
    assert deadline_window(2026) == (D(2026, 1, 1), D(2027, 12, 31))
