"""Duty inspections behind their frequency: the township's last month, the canteen's last week."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.choices import DutyCapacity
from inspections.models import DutyVisit
from tests import factories
from tests.inspections.reminders.conftest import TODAY, collect, received, recipients, run_twice

TOWNSHIP = "inspections.duty_township_short"
CANTEEN = "inspections.duty_canteen_short"


def visits(school, inspector, capacity, *dates):
    """Duty visits on the test calendar (the service records only this month's and last month's)."""
    for day in dates:
        DutyVisit.objects.create(school=school, inspector=inspector, capacity=capacity, date=day)


# --- township duties, monthly ----------------------------------------------------------------------


@pytest.fixture
def february(school_a, school_a2, school_b, supervisor_a):
    """February 2027: school A fully inspected, A2 once by the logistics staff only, B never."""
    visits(school_a, supervisor_a, DutyCapacity.TOWNSHIP_HEAD, dt.date(2027, 2, 3))
    visits(school_a, supervisor_a, DutyCapacity.TOWNSHIP_STAFF, dt.date(2027, 2, 10), dt.date(2027, 2, 28))
    visits(school_a2, supervisor_a, DutyCapacity.TOWNSHIP_STAFF, dt.date(2027, 2, 11), dt.date(2027, 3, 1))


def test_township_supervisors_hear_of_last_months_shortfalls_in_their_township(
        february, supervisor_a, supervisor_b, principal_a, bureau_admin, far_supervisor, english):
    assert run_twice(TOWNSHIP) == 3
    assert recipients(TOWNSHIP) == {"supervisor_a", "supervisor_b", "supervisor_far"}
    [notice] = received(TOWNSHIP, supervisor_a)
    assert notice.title == "Township duty inspections fell short at 1 schools in 2027-02"
    assert "甲镇第二小学" in notice.body and "甲镇第一小学" not in notice.body
    assert "Township central-school principal 0/1" in notice.body and "Township logistics staff 1/2" in notice.body
    assert notice.url == reverse("inspections:duty_list") + "?month=2027-02"
    assert notice.period == "2027-02"


def test_the_township_reminder_comes_once_a_month(february, supervisor_a):
    run_twice(TOWNSHIP)
    run_twice(TOWNSHIP, dt.date(2027, 3, 8))
    assert len(received(TOWNSHIP, supervisor_a)) == 1
    run_twice(TOWNSHIP, dt.date(2027, 4, 1))  # March was short too
    assert [n.period for n in received(TOWNSHIP, supervisor_a)] == ["2027-02", "2027-03"]


# --- canteen duties, weekly ------------------------------------------------------------------------


@pytest.fixture
def fso_a2(school_a2):
    return factories.staff(school_a2, duties=["food_safety_officer"], username="fso_a2", full_name="食安员二")


@pytest.fixture
def last_week(school_a, school_a2, school_b, principal_a, principal_a2, fso_a, fso_a2, principal_b):
    """The week of 22–28 February: school A's principal checked twice, its food-safety officer once;
    A2 both twice; B has no canteen."""
    school_b.has_canteen = False
    school_b.save()
    visits(school_a, principal_a, DutyCapacity.PRINCIPAL, dt.date(2027, 2, 22), dt.date(2027, 2, 26))
    visits(school_a, fso_a, DutyCapacity.FOOD_SAFETY_OFFICER, dt.date(2027, 2, 21), dt.date(2027, 2, 23))
    visits(school_a2, principal_a2, DutyCapacity.PRINCIPAL, dt.date(2027, 2, 22), dt.date(2027, 2, 28))
    visits(school_a2, fso_a2, DutyCapacity.FOOD_SAFETY_OFFICER, dt.date(2027, 2, 24), dt.date(2027, 2, 25))


def test_the_canteens_principal_and_food_safety_officer_hear_of_last_weeks_short_checks(
        last_week, principal_a, fso_a, staff_a, supervisor_a, english):
    assert run_twice(CANTEEN) == 2
    assert recipients(CANTEEN) == {"principal_a", "fso_a"}  # not the canteen manager, A2 or B
    [notice] = received(CANTEEN, principal_a)
    assert notice.title == "Canteen checks fell short in the week of 2027-02-22"
    assert notice.body == "Food-safety officer (canteen): 1 of 2 checks."
    assert notice.url == reverse("inspections:duty_list") + "?month=2027-02"
    assert notice.period.endswith(":2027-W08")
    assert received(CANTEEN, fso_a)[0].body == notice.body


def test_a_food_safety_officer_is_not_told_of_the_principals_shortfall(school_a, principal_a, fso_a, english):
    visits(school_a, fso_a, DutyCapacity.FOOD_SAFETY_OFFICER, dt.date(2027, 2, 22), dt.date(2027, 2, 23))
    run_twice(CANTEEN)
    assert recipients(CANTEEN) == {"principal_a"}
    assert received(CANTEEN, principal_a)[0].body == "School principal (canteen): 0 of 2 checks."


def test_a_week_across_the_month_end_counts_as_the_duty_page_counts_it(school_a, principal_a, fso_a, english):
    """The week of 30 November – 6 December 2026 belongs to December (its Thursday)."""
    visits(school_a, principal_a, DutyCapacity.PRINCIPAL, dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    visits(school_a, fso_a, DutyCapacity.FOOD_SAFETY_OFFICER, dt.date(2026, 11, 29), dt.date(2026, 12, 6))
    [notice] = [d for d in collect(CANTEEN, dt.date(2026, 12, 7)) if d.recipient_id == principal_a.pk]
    assert notice.body == "Food-safety officer (canteen): 1 of 2 checks."
    assert notice.url.endswith("?month=2026-12")


def test_the_weekly_digest_waits_for_monday_when_the_1st_is_another_day(school_a, principal_a):
    assert collect(CANTEEN, dt.date(2027, 6, 1)) == []  # a Tuesday: the monthly run
    assert collect(CANTEEN, dt.date(2027, 6, 2))  # a re-run later in the week catches up
    assert collect(CANTEEN, TODAY)  # the 1st on a Monday is also the weekly run


def test_the_canteen_digest_comes_once_a_week(school_a, principal_a):
    run_twice(CANTEEN)
    run_twice(CANTEEN, dt.date(2027, 3, 3))
    assert len(received(CANTEEN, principal_a)) == 1
    run_twice(CANTEEN, dt.date(2027, 3, 8))
    assert len(received(CANTEEN, principal_a)) == 2
