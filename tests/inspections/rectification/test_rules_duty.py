"""Duty frequency rules, worked by hand on a calendar."""

import datetime as dt

from inspections.choices import DutyCapacity
from inspections.rules_duty import (
    MET,
    NOT_OWED,
    PENDING,
    SHORT,
    duty_states,
    month_bounds,
    monthly_state,
    previous_month,
    weekly_state,
    weekly_window,
    weeks_of_month,
    weeks_so_far,
)

D = dt.date


def test_weeks_belong_to_the_month_holding_their_thursday():
    # April 2026 has 30 days and begins on a Wednesday: the week of Monday 30 March holds Thursday
    # 2 April, so it is April's; the week of Monday 27 April holds Thursday 30 April: April's too.
    assert weeks_of_month(D(2026, 4, 15)) == [D(2026, 3, 30), D(2026, 4, 6), D(2026, 4, 13), D(2026, 4, 20),
                                               D(2026, 4, 27)]
    assert weekly_window(D(2026, 4, 1)) == (D(2026, 3, 30), D(2026, 5, 3))
    # March 2026 begins on a Sunday: the week of Monday 23 February (Thursday 26 February) is
    # February's, and the week of Monday 30 March is April's, so March has four weeks.
    assert weeks_of_month(D(2026, 3, 1)) == [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23)]
    # November 2026 (30 days, begins on a Sunday): 2, 9, 16, 23 November; the week of 30 November
    # holds Thursday 3 December.
    assert weeks_of_month(D(2026, 11, 30)) == [D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16), D(2026, 11, 23)]
    # February 2027 begins on a Monday and has exactly four weeks.
    assert weekly_window(D(2027, 2, 10)) == (D(2027, 2, 1), D(2027, 2, 28))
    assert month_bounds(D(2026, 11, 17)) == (D(2026, 11, 1), D(2026, 11, 30))
    assert previous_month(D(2026, 1, 31)) == D(2025, 12, 1)


def test_weeks_so_far_are_the_weeks_begun():
    assert weeks_so_far(D(2026, 4, 1), D(2026, 4, 22)) == [D(2026, 3, 30), D(2026, 4, 6), D(2026, 4, 13),
                                                             D(2026, 4, 20)]
    assert weeks_so_far(D(2026, 4, 1), D(2026, 3, 30)) == [D(2026, 3, 30)]  # April's first week began in March


def test_canteen_checks_per_week_crossing_the_month_end():
    """Today is Wednesday 22 April 2026. The principal checked on 30 and 31 March (2 in April's first
    week: met), once in the week of 6 April (over: short), twice in the week of 13 April (met) and
    once so far this week (pending). A check on 27 March is March's. 2 of 4 weeks met; shortfall."""
    today = D(2026, 4, 22)
    visits = [D(2026, 3, 27), D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 7), D(2026, 4, 13), D(2026, 4, 17),
              D(2026, 4, 21)]
    state = weekly_state(DutyCapacity.PRINCIPAL, visits, D(2026, 4, 1), today)
    assert (state.done, state.required, state.state) == (2, 4, SHORT)
    assert state.week_counts == [(D(2026, 3, 30), 2), (D(2026, 4, 6), 1), (D(2026, 4, 13), 2), (D(2026, 4, 20), 1)]
    # The food-safety officer met every finished week; this week is still open: pending, not short.
    officer = [D(2026, 3, 31), D(2026, 4, 2), D(2026, 4, 8), D(2026, 4, 9), D(2026, 4, 14), D(2026, 4, 15),
               D(2026, 4, 20)]
    state = weekly_state(DutyCapacity.FOOD_SAFETY_OFFICER, officer, D(2026, 4, 1), today)
    assert (state.done, state.required, state.state) == (3, 4, PENDING)
    # On 4 May the month is over: all five weeks count; the last one (27 April – 3 May) had no check.
    state = weekly_state(DutyCapacity.FOOD_SAFETY_OFFICER, officer + [D(2026, 4, 22)], D(2026, 4, 1), D(2026, 5, 4))
    assert (state.done, state.required, state.state) == (4, 5, SHORT)


def test_township_visits_per_calendar_month():
    april = D(2026, 4, 1)
    # the head visited on 31 March only: nothing in April yet — due while April runs, short after it
    assert monthly_state(DutyCapacity.TOWNSHIP_HEAD, [D(2026, 3, 31)], april, D(2026, 4, 22)).state == PENDING
    late = monthly_state(DutyCapacity.TOWNSHIP_HEAD, [D(2026, 3, 31)], april, D(2026, 5, 1))
    assert (late.done, late.required, late.state) == (0, 1, SHORT)
    staff = monthly_state(DutyCapacity.TOWNSHIP_STAFF, [D(2026, 4, 1), D(2026, 4, 30)], april, D(2026, 5, 1))
    assert (staff.done, staff.required, staff.state) == (2, 2, MET)
    once = monthly_state(DutyCapacity.TOWNSHIP_STAFF, [D(2026, 4, 30), D(2026, 5, 1)], april, D(2026, 5, 2))
    assert (once.done, once.state) == (1, SHORT)


def test_a_school_without_canteen_owes_no_canteen_duty():
    visits = [(DutyCapacity.TOWNSHIP_HEAD, D(2026, 11, 3), "陈督导"), (DutyCapacity.TOWNSHIP_STAFF, D(2026, 11, 4), "刘干事"),
              (DutyCapacity.TOWNSHIP_STAFF, D(2026, 11, 18), "刘干事")]
    states = {s.capacity: s for s in duty_states(visits, month=D(2026, 11, 1), today=D(2026, 11, 20), has_canteen=False)}
    assert states[DutyCapacity.TOWNSHIP_HEAD].state == MET
    assert states[DutyCapacity.TOWNSHIP_STAFF].inspectors == ["刘干事"]
    assert states[DutyCapacity.PRINCIPAL].state == NOT_OWED
    assert states[DutyCapacity.FOOD_SAFETY_OFFICER].state == NOT_OWED
    with_canteen = {s.capacity: s for s in duty_states(visits, month=D(2026, 11, 1), today=D(2026, 11, 20),
                                                        has_canteen=True)}
    principal = with_canteen[DutyCapacity.PRINCIPAL]
    assert (principal.done, principal.required, principal.state) == (0, 3, SHORT)
