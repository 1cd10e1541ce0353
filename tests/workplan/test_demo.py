"""The demo plan: a realistic year of goals for 汉江县, half measured from the data; idempotent."""

import pytest
from django.urls import reverse

from houqin.org import demo as org_demo
from houqin.workplan import demo
from houqin.workplan.models import Goal
from inspections.models import CampaignType

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_seeded_once_and_reads_on_its_page(client, today):
    county, _accounts = org_demo.seed()
    CampaignType.objects.create(county=county, name="放心食堂", area="canteen")
    goals = demo.seed()
    assert len(goals) == 9 and len({g.area for g in goals}) >= 6
    assert sum(1 for g in goals if g.measure) == 5
    assert {g.owner.username for g in goals} == {"admin", "inspector"}
    assert demo.seed() and Goal.objects.count() == 9  # a second run adds nothing
    reported = [g for g in goals if not g.measure and g.progress_updated_at]
    assert reported and all(g.history.count() > 1 for g in reported)
    client.force_login(goals[0].owner)
    page = client.get(reverse("workplan:plan")).content.decode()
    assert all(goal.title in page for goal in goals)
    if today.month >= 9:  # the dormitory goal was due on 31 August at 70 %
        assert 'data-status="overdue"' in page
    detail = client.get(goals[1].get_absolute_url()).content.decode()
    assert "春季学期专项治理完成" in detail or today.month < 7


def test_the_demo_plan_needs_the_demo_county():
    assert demo.seed() == []
    assert not Goal.objects.exists()


def test_without_the_campaign_types_the_title_goal_is_reported_by_hand(today):
    org_demo.seed()
    goals = demo.seed()
    title_goal = next(g for g in goals if "放心食堂" in g.title)
    assert title_goal.measure == "" and title_goal.campaign_type is None
