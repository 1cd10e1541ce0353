"""Schools still missing this semester's fee special governance or "two safety" inspection."""

import datetime as dt

import pytest
from django.urls import reverse

from houqin.notify.models import Level
from houqin.org.models import Term
from inspections.choices import InspectionKind
from inspections.models import Inspection
from inspections.services import inspections as inspection_services
from tests.inspections.rectification.conftest import make_checklist, record, start
from tests.inspections.reminders.conftest import collect, days, received, recipients, run_twice

RULE = "inspections.inspections_due"


@pytest.fixture
def fee_checklist(bureau_admin):
    return make_checklist(bureau_admin, kind=InspectionKind.FEE_SPECIAL, title="收费专项治理检查表")


def inspected(user, school, checklist, on):
    """A completed inspection, dated `on` on the test calendar."""
    inspection = start(user, school, checklist)
    record(user, inspection, ["passed"] * inspection.checklist.items.count())
    inspection = inspection_services.inspection_complete(inspection=inspection, acting_user=user)
    Inspection.objects.filter(pk=inspection.pk).update(date=on)
    return inspection


@pytest.fixture
def coverage(bureau_inspector, checklist, fee_checklist, school_a, school_a2, school_b):
    """School A has both inspections this spring semester; A2 had its fee inspection last semester
    only; B has the "two safety" inspection only."""
    inspected(bureau_inspector, school_a, checklist, dt.date(2027, 2, 20))
    inspected(bureau_inspector, school_a, fee_checklist, dt.date(2027, 2, 21))
    inspected(bureau_inspector, school_a2, fee_checklist, dt.date(2027, 1, 10))
    inspected(bureau_inspector, school_b, checklist, dt.date(2027, 2, 22))


def test_each_inspector_gets_the_schools_of_their_scope_still_missing_an_inspection(
        coverage, school_far, supervisor_a, supervisor_b, bureau_inspector, bureau_admin, principal_a, far_inspector,
        english):
    assert run_twice(RULE) == 4
    assert recipients(RULE) == {"supervisor_a", "supervisor_b", "inspector_a", "inspector_far"}
    [township_a] = received(RULE, supervisor_a)
    assert township_a.title == "1 schools still need this semester's inspections"
    assert township_a.body == ("Fee special governance: 甲镇第二小学. Food and bus safety: 甲镇第二小学. "
                               "The semester ends on 2027-08-31.")
    assert township_a.url == reverse("inspections:inspection_coverage") + "?missing=true"
    assert township_a.level == Level.WARNING
    assert received(RULE, supervisor_b)[0].body.startswith("Fee special governance: 乙镇中心学校. The semester")
    [county] = received(RULE, bureau_inspector)
    assert county.title == "2 schools still need this semester's inspections"
    assert "远镇小学" in received(RULE, far_inspector)[0].body and "远镇小学" not in county.body


def test_once_a_month_and_urgent_in_the_semesters_last_30_days(coverage, supervisor_a):
    run_twice(RULE)
    run_twice(RULE, days(7))
    assert len(received(RULE, supervisor_a)) == 1
    run_twice(RULE, dt.date(2027, 8, 2))
    assert [n.level for n in received(RULE, supervisor_a)] == [Level.WARNING, Level.DANGER]


def test_between_terms_nothing_is_due(coverage, supervisor_a):
    Term.objects.create(school_year=2026, semester=1, start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 20))
    assert collect(RULE, dt.date(2027, 1, 25)) == []
    assert collect(RULE, dt.date(2027, 1, 20))
