"""Goals of the county of tests/conftest.py (甲县), written through the work-plan services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from houqin.workplan import services
from houqin.workplan.choices import Area
from houqin.workplan.models import Goal
from inspections.choices import CampaignArea
from inspections.models import CampaignType


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def campaign_type(county):
    return CampaignType.objects.create(county=county, name="放心食堂", area=CampaignArea.CANTEEN)


def make_goal(admin, *, owner=None, title="全面落实收费公示制度", area=Area.FEES, deadline=None, **fields):
    today = timezone.localdate()
    year = fields.pop("year", today.year)
    goal = Goal(title=title, area=area, owner=owner or admin, year=year,
                deadline=deadline or dt.date(year, 12, 31), **fields)
    return services.goal_save(goal=goal, acting_user=admin)


def measured(admin, measure, target="100", **fields):
    return make_goal(admin, measure=measure, target_value=Decimal(target), **fields)


@pytest.fixture
def goal(bureau_admin, bureau_inspector):
    """A goal reported by hand, owned by the bureau inspector."""
    return make_goal(bureau_admin, owner=bureau_inspector, title="组织全县后勤食品安全集中培训", area=Area.OTHER,
                     department="后勤办食品安全组", target="培训全覆盖")


@pytest.fixture
def title_goal(bureau_admin, campaign_type):
    return measured(bureau_admin, "titles", target="4", title="新创县级放心食堂4所", area=Area.CAMPAIGN,
                    campaign_type=campaign_type, level="county")


@pytest.fixture
def far_goal(far_admin):
    return make_goal(far_admin, title="远县的工作要点")
