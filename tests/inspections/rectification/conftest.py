"""Checklists, inspections and orders of the county of tests/conftest.py, built through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from inspections.choices import InspectionKind, Severity
from inspections.models import Checklist
from inspections.services import inspections as inspection_services
from inspections.services import rectification as order_services
from tests import factories


@pytest.fixture
def today():
    return timezone.localdate()


def make_checklist(admin, *, kind=InspectionKind.TWO_SAFETY, title="两个安全检查表", items=None):
    items = items or [("食堂从业人员持“二证”上岗", Severity.SERIOUS), ("每餐每样留样不少于100克", Severity.NORMAL),
                      ("校车使用许可在有效期内", Severity.NORMAL)]
    return inspection_services.checklist_save(
        checklist=Checklist(kind=kind, title=title),
        items=[inspection_services.ItemEntry(n, text, severity) for n, (text, severity) in enumerate(items, start=1)],
        acting_user=admin)


@pytest.fixture
def checklist(bureau_admin):
    return make_checklist(bureau_admin)


@pytest.fixture
def far_checklist(far_admin):
    return make_checklist(far_admin, title="远县检查表")


def start(user, school, checklist, date=None, **kwargs):
    return inspection_services.inspection_start(
        school=school, checklist=checklist, date=date or timezone.localdate(), announced=kwargs.get("announced", True),
        inspectors=kwargs.get("inspectors", "陈督导、周督查"), acting_user=user)


def record(user, inspection, outcomes, notes=None):
    """outcomes: one of "passed", "failed", "na" per checklist item, in position order."""
    items = list(inspection.checklist.items.order_by("position"))
    notes = notes or {}
    entries = [inspection_services.ResultEntry(item.pk, outcome, notes.get(index, "发现问题" if outcome == "failed" else ""))
               for index, (item, outcome) in enumerate(zip(items, outcomes))]
    return inspection_services.inspection_results_record(inspection=inspection, entries=entries, acting_user=user)


@pytest.fixture
def draft(supervisor_a, school_a, checklist):
    return start(supervisor_a, school_a, checklist)


def issue(user, school, *, finding="食堂后厨地面积水", severity=Severity.NORMAL, days=15, **kwargs):
    return order_services.order_issue(school=school, finding=finding, severity=severity,
                                      deadline=timezone.localdate() + dt.timedelta(days=days),
                                      responsible=kwargs.pop("responsible", "王校长"), acting_user=user, **kwargs)


@pytest.fixture
def order(bureau_inspector, school_a):
    return issue(bureau_inspector, school_a)


@pytest.fixture
def order_b(bureau_inspector, school_b):
    return issue(bureau_inspector, school_b, finding="乙校问题")


@pytest.fixture
def fso_a(school_a):
    return factories.staff(school_a, duties=["food_safety_officer"], username="fso_a", full_name="食安员")


@pytest.fixture
def english():
    """Messages in English while the catalogue may still lack this area's translations."""
    from django.utils import translation

    with translation.override("en"):
        yield
