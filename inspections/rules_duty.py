"""Duty inspection frequencies (SPEC §6), as pure functions with no database.

- the township central-school principal inspects each school of the township at least once a month,
  the township logistics staff at least twice a month;
- the school principal and the food-safety officer each check the canteen at least twice a week.

Monthly duties are counted in the calendar month. Weekly duties are counted per ISO week (Monday to
Sunday); a week that crosses a month end belongs to the month holding its Thursday (the ISO rule for
weeks crossing a year end), so every week belongs to exactly one month and visits on the last days of
the previous month count for the week they fall in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspections.choices import DutyCapacity

MONTHLY_REQUIRED = {DutyCapacity.TOWNSHIP_HEAD: 1, DutyCapacity.TOWNSHIP_STAFF: 2}
WEEKLY_REQUIRED = {DutyCapacity.PRINCIPAL: 2, DutyCapacity.FOOD_SAFETY_OFFICER: 2}
TOWNSHIP_CAPACITIES = tuple(MONTHLY_REQUIRED)
CANTEEN_CAPACITIES = tuple(WEEKLY_REQUIRED)

# States of one duty in one period
MET, PENDING, SHORT, NOT_OWED = "met", "pending", "short", "not_owed"


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month holding `month`."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_of_month(month: dt.date) -> list[dt.date]:
    """The Mondays of the ISO weeks belonging to the month (those whose Thursday falls in it)."""
    first, last = month_bounds(month)
    monday = monday_of(first)
    weeks = []
    while monday <= last:
        if first <= monday + dt.timedelta(days=3) <= last:
            weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def weeks_so_far(month: dt.date, today: dt.date) -> list[dt.date]:
    """The month's weeks that have begun by `today`."""
    return [monday for monday in weeks_of_month(month) if monday <= today]


def weekly_window(month: dt.date) -> tuple[dt.date, dt.date]:
    """The days whose visits count for the month's weekly duties: Monday of its first week to
    Sunday of its last (they may lie in the neighbouring months)."""
    weeks = weeks_of_month(month)
    return weeks[0], weeks[-1] + dt.timedelta(days=6)


@dataclass
class DutyState:
    """One duty of one school in one month: what is required and what was done."""

    capacity: str
    required: int  # visits a month, or weeks to meet for the weekly duties
    done: int  # visits in the month, or weeks met
    state: str
    weekly: bool = False
    per_week: int = 0
    week_counts: list[tuple[dt.date, int]] = field(default_factory=list)  # (Monday, visits) per week so far
    inspectors: list[str] = field(default_factory=list)

    @property
    def shortfall(self) -> bool:
        return self.state == SHORT


def monthly_state(capacity: str, dates: Iterable[dt.date], month: dt.date, today: dt.date) -> DutyState:
    """A township duty: the visits in the calendar month against the monthly requirement. While the
    month runs a missing visit is pending; once it is over it is a shortfall."""
    first, last = month_bounds(month)
    required = MONTHLY_REQUIRED[capacity]
    done = sum(1 for day in dates if first <= day <= last)
    if done >= required:
        state = MET
    elif today > last:
        state = SHORT
    else:
        state = PENDING
    return DutyState(capacity=capacity, required=required, done=done, state=state)


def weekly_state(capacity: str, dates: Iterable[dt.date], month: dt.date, today: dt.date) -> DutyState:
    """A canteen duty: per week of the month begun so far, whether it had the required visits. A
    week not yet over with too few visits is pending, not a shortfall."""
    per_week = WEEKLY_REQUIRED[capacity]
    weeks = weeks_so_far(month, today)
    counts = {monday: 0 for monday in weeks}
    for day in dates:
        monday = monday_of(day)
        if monday in counts:
            counts[monday] += 1
    met = sum(1 for monday in weeks if counts[monday] >= per_week)
    short_weeks = [m for m in weeks if counts[m] < per_week and m + dt.timedelta(days=6) < today]
    if short_weeks:
        state = SHORT
    elif met < len(weeks):
        state = PENDING
    else:
        state = MET
    return DutyState(capacity=capacity, required=len(weeks), done=met, state=state, weekly=True, per_week=per_week,
                     week_counts=[(m, counts[m]) for m in weeks])


def not_owed(capacity: str) -> DutyState:
    """A canteen duty of a school without a canteen."""
    return DutyState(capacity=capacity, required=0, done=0, state=NOT_OWED, weekly=capacity in WEEKLY_REQUIRED)


def duty_states(visits: Iterable[tuple[str, dt.date, str]], *, month: dt.date, today: dt.date,
                has_canteen: bool) -> list[DutyState]:
    """Every duty of one school for the month, from its visits as (capacity, date, inspector name)."""
    by_capacity: dict[str, list[tuple[dt.date, str]]] = {}
    for capacity, day, name in visits:
        by_capacity.setdefault(capacity, []).append((day, name))
    first, last = month_bounds(month)
    states = []
    for capacity in TOWNSHIP_CAPACITIES + CANTEEN_CAPACITIES:
        rows = by_capacity.get(capacity, [])
        if capacity in MONTHLY_REQUIRED:
            state = monthly_state(capacity, [d for d, _ in rows], month, today)
            counted = [(d, n) for d, n in rows if first <= d <= last]
        elif not has_canteen:
            states.append(not_owed(capacity))
            continue
        else:
            state = weekly_state(capacity, [d for d, _ in rows], month, today)
            weeks = {m for m, _ in state.week_counts}
            counted = [(d, n) for d, n in rows if monday_of(d) in weeks]
        state.inspectors = sorted({n for _, n in counted if n})
        states.append(state)
    return states
