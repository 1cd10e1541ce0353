"""Self-assessment and declaration deadlines of open campaigns."""

import datetime as dt

import pytest
from django.urls import reverse

from houqin.notify.models import Level
from inspections.models import Campaign, Declaration
from inspections.services import campaigns as campaign_services
from tests.inspections.campaigns.conftest import self_assess
from tests.inspections.reminders.conftest import (
    TODAY,
    collect,
    days,
    local_noon,
    received,
    recipients,
    run,
    run_twice,
)

SELF = "inspections.self_assessment_due"
DECLARE = "inspections.declaration_due"


def deadlines(campaign, *, self_assess_by, declare_by=None, opened=None):
    """Put the campaign's deadlines on the test calendar (the services only accept real dates)."""
    Campaign.objects.filter(pk=campaign.pk).update(
        declare_by=declare_by or min(self_assess_by, TODAY) - dt.timedelta(days=10),
        self_assess_by=self_assess_by, review_by=days(60), opened_at=local_noon(opened or days(-40)))


def accepted(campaign, school, principal, admin):
    declaration = campaign_services.declaration_declare(campaign=campaign, school=school, acting_user=principal)
    return campaign_services.declaration_accept(declaration=declaration, acting_user=admin)


# --- self-assessment --------------------------------------------------------------------------------


def test_a_deadline_in_8_days_is_not_reminded(campaign, declaration):
    deadlines(campaign, self_assess_by=days(8))
    assert collect(SELF) == []


def test_a_deadline_in_7_days_reaches_the_principal_and_the_countys_admins_once(
        campaign, declaration, principal_a, principal_b, staff_a, bureau_admin, bureau_inspector, supervisor_a,
        far_admin, english):
    deadlines(campaign, self_assess_by=days(7))
    assert run_twice(SELF) == 2
    assert recipients(SELF) == {"principal_a", "admin_a"}
    [notice] = received(SELF, principal_a)
    assert notice.title == f"Submit the self-assessment for {campaign.title} by {days(7):%Y-%m-%d}"
    assert notice.level == Level.WARNING
    assert notice.url == reverse("inspections:self_assessment", args=[declaration.pk])
    [digest] = received(SELF, bureau_admin)
    assert digest.title.startswith("1 schools have not submitted the self-assessment")
    assert digest.url == reverse("inspections:campaign_results", args=[campaign.pk]) + "?status=accepted"


def test_a_passed_deadline_is_urgent_and_a_submitted_school_is_left_alone(
        campaign, declaration, principal_a, school_b, principal_b, bureau_admin, english):
    self_assess(declaration, principal_a)  # school A submits while it still can
    accepted(campaign, school_b, principal_b, bureau_admin)
    deadlines(campaign, self_assess_by=days(-1))
    run_twice(SELF)
    assert recipients(SELF) == {"principal_b", "admin_a"}
    [notice] = received(SELF, principal_b)
    assert notice.level == Level.DANGER and "was not submitted by" in notice.title
    [digest] = received(SELF, bureau_admin)
    assert digest.level == Level.DANGER and digest.title.startswith("1 schools did not submit")


def test_the_due_and_the_missed_notice_are_one_each(campaign, declaration, principal_a):
    deadlines(campaign, self_assess_by=days(7))
    run()
    run(days(3))  # the next week's run: the same deadline, the same notice
    assert len(received(SELF, principal_a)) == 1
    run(days(8))  # the deadline has passed
    run(days(15))
    assert len(received(SELF, principal_a)) == 2


def test_a_declaration_awaiting_acceptance_counts_for_the_bureau_only(
        campaign, school_a, principal_a, bureau_admin, english):
    campaign_services.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)
    deadlines(campaign, self_assess_by=days(2))
    run()
    assert recipients(SELF) == {"admin_a"}
    assert "Declared, awaiting your acceptance: 1." in received(SELF, bureau_admin)[0].body


def test_a_campaign_under_review_reminds_nobody(campaign, declaration, bureau_admin):
    deadlines(campaign, self_assess_by=days(-1))
    campaign_services.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    assert collect(SELF) == []


# --- declarations -----------------------------------------------------------------------------------


@pytest.fixture
def county_schools(school_a, principal_a, school_a2, principal_a2, school_b, principal_b, far_principal):
    school_b.has_canteen = False  # a canteen campaign does not concern it
    school_b.save()


def test_schools_not_declared_are_reminded_7_days_before_the_declaration_deadline(
        campaign, county_schools, principal_a, principal_a2, school_a, bureau_admin, staff_a, english):
    campaign_services.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)
    deadlines(campaign, self_assess_by=days(20), declare_by=days(8))
    assert collect(DECLARE) == []
    deadlines(campaign, self_assess_by=days(20), declare_by=days(7))
    assert run_twice(DECLARE) == 1
    assert recipients(DECLARE) == {"principal_a2"}  # not the declared school, the school without canteen, far county
    [notice] = received(DECLARE, principal_a2)
    assert notice.url == campaign.get_absolute_url() and notice.level == Level.INFO
    assert f"by {days(7):%Y-%m-%d}" in notice.title


def test_a_campaign_opened_inside_the_window_is_not_reminded_again(campaign, county_schools):
    deadlines(campaign, self_assess_by=days(20), declare_by=days(7), opened=TODAY)
    assert collect(DECLARE) == []
    deadlines(campaign, self_assess_by=days(20), declare_by=days(7), opened=days(-1))
    assert len(collect(DECLARE)) == 2  # school A and A2


def test_a_passed_declaration_deadline_is_not_reminded(campaign, county_schools):
    deadlines(campaign, self_assess_by=days(20), declare_by=days(-1))
    assert collect(DECLARE) == []
    assert not Declaration.objects.exists()
