"""Every rule reads a fixed number of queries, however many schools have something due; and the
app's rules are registered with the reminder run."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from houqin.notify.registry import REGISTRY
from inspections.models import Campaign, Complaint, RectificationOrder
from inspections.services import campaigns as campaign_services
from inspections.services import rectification as order_services
from tests import factories
from tests.inspections.complaints.conftest import answer, assign, file
from tests.inspections.rectification.conftest import issue
from tests.inspections.reminders.conftest import collect, days, local_noon

RULES = [
    "inspections.complaints_overdue",
    "inspections.declaration_due",
    "inspections.duty_canteen_short",
    "inspections.duty_township_short",
    "inspections.inspections_due",
    "inspections.rectification_overdue",
    "inspections.rectification_unverified",
    "inspections.self_assessment_due",
]


def test_the_rules_are_registered():
    assert set(RULES) <= set(REGISTRY)
    assert all(str(REGISTRY[code].label) for code in RULES)


def populate(county, campaign, admin, inspector, n):
    """A township with two schools and everything due at once: a declared school still to
    self-assess and one not declared, overdue orders, an answered order not verified, an overdue
    complaint at each stage, no inspection this semester and no duty visit."""
    township = factories.TownshipFactory(county=county, name=f"量镇{n}")
    supervisor = factories.supervisor(township)
    declared, undeclared = factories.SchoolFactory(township=township), factories.SchoolFactory(township=township)
    for school in (declared, undeclared):
        principal = factories.principal(school)
        factories.staff(school, duties=["food_safety_officer"])
        order = issue(inspector, school)
        answered = issue(supervisor, school)
        order_services.order_answer(order=answered, text="已整改", acting_user=principal)
        RectificationOrder.objects.filter(pk__in=[order.pk, answered.pk]).update(deadline=days(-1))
        filed = file(school)
        assigned = assign(file(school), inspector)
        replied = answer(assign(file(school), inspector), principal)
        Complaint.objects.filter(pk__in=[filed.pk, assigned.pk, replied.pk]).update(
            assign_by=days(-1), answer_by=days(-1), close_by=days(-1))
        if school is declared:
            declaration = campaign_services.declaration_declare(campaign=campaign, school=school, acting_user=principal)
            campaign_services.declaration_accept(declaration=declaration, acting_user=admin)


@pytest.mark.parametrize("code", RULES)
def test_the_query_count_does_not_grow_with_the_schools(code, county, campaign, bureau_admin, bureau_inspector):
    populate(county, campaign, bureau_admin, bureau_inspector, 1)
    Campaign.objects.filter(pk=campaign.pk).update(declare_by=days(3), self_assess_by=days(5), review_by=days(30),
                                                   opened_at=local_noon(days(-30)))
    with CaptureQueriesContext(connection) as few:
        few_dues = collect(code)
    for n in range(2, 5):
        populate(county, campaign, bureau_admin, bureau_inspector, n)
    with CaptureQueriesContext(connection) as many:
        many_dues = collect(code)
    assert few_dues and len(many_dues) > len(few_dues)
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]
