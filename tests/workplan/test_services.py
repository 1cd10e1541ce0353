"""The work-plan services: who may write what, the database state and the history each write leaves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from houqin.workplan import selectors, services
from houqin.workplan.choices import Area, GoalStatus
from houqin.workplan.models import Goal
from tests import factories
from tests.workplan.conftest import make_goal, measured

pytestmark = pytest.mark.django_db


def test_the_admin_adds_a_goal_with_its_history(goal, bureau_admin, county):
    assert goal.county == county
    record = goal.history.get()
    assert record.history_type == "+" and record.history_user == bureau_admin
    assert record.history_change_reason == "加入工作要点"


def test_only_the_countys_admin_writes_goals(bureau_inspector, far_admin, goal, today):
    with pytest.raises(PermissionDenied):
        make_goal(bureau_inspector, title="督查员不能新增")
    goal.title = "改到别的县"
    with pytest.raises(PermissionDenied):
        services.goal_save(goal=goal, acting_user=far_admin)
    assert Goal.objects.get(pk=goal.pk).title == "组织全县后勤食品安全集中培训"


def test_a_plan_is_written_for_last_this_or_next_year(bureau_admin, today):
    with pytest.raises(ValidationError) as error:
        make_goal(bureau_admin, year=today.year - 3, deadline=dt.date(today.year - 3, 12, 31))
    assert "year" in error.value.error_dict
    assert make_goal(bureau_admin, year=today.year + 1).year == today.year + 1


def test_the_deadline_falls_within_the_plan_year_or_the_next(bureau_admin, today):
    for deadline in (dt.date(today.year - 1, 12, 31), dt.date(today.year + 2, 1, 1)):
        with pytest.raises(ValidationError) as error:
            make_goal(bureau_admin, deadline=deadline)
        assert "deadline" in error.value.error_dict
    assert make_goal(bureau_admin, deadline=dt.date(today.year + 1, 6, 30)).pk


def test_the_owner_is_a_member_of_the_countys_bureau(bureau_admin, principal_a, far_admin, bureau_inspector):
    for owner in (principal_a, far_admin):
        with pytest.raises(ValidationError) as error:
            make_goal(bureau_admin, owner=owner)
        assert "owner" in error.value.error_dict
    bureau_inspector.is_active = False
    bureau_inspector.save()
    with pytest.raises(ValidationError):
        make_goal(bureau_admin, owner=bureau_inspector)


def test_a_measured_goal_needs_its_parameters_and_a_sensible_target(bureau_admin, campaign_type, other_county):
    with pytest.raises(ValidationError) as error:
        make_goal(bureau_admin, measure="titles")
    assert set(error.value.error_dict) == {"campaign_type", "level", "target_value"}
    with pytest.raises(ValidationError) as error:
        measured(bureau_admin, "fee_notices", target="120")
    assert "target_value" in error.value.error_dict
    from inspections.models import CampaignType

    far_type = CampaignType.objects.create(county=other_county, name="放心食堂", area="canteen")
    with pytest.raises(ValidationError) as error:
        measured(bureau_admin, "titles", target="2", campaign_type=far_type, level="city")
    assert "campaign_type" in error.value.error_dict
    with pytest.raises(ValidationError):
        make_goal(bureau_admin, measure="no_such_measure", target_value=Decimal("1"))


def test_parameters_a_measure_does_not_read_are_dropped(bureau_admin, campaign_type):
    goal = measured(bureau_admin, "fee_notices", campaign_type=campaign_type, level="city")
    assert (goal.campaign_type, goal.level, goal.measure_params) == (None, "", {})
    manual = make_goal(bureau_admin, campaign_type=campaign_type, level="city", target_value=Decimal("3"))
    assert (manual.campaign_type, manual.level, manual.target_value) == (None, "", None)


def test_the_owner_reports_progress_into_the_history(goal, bureau_inspector):
    goal = services.goal_progress_update(goal=goal, progress=40, note="两个片区完成培训", acting_user=bureau_inspector)
    goal = services.goal_progress_update(goal=goal, progress=70, note="四个片区完成培训", acting_user=bureau_inspector)
    goal.refresh_from_db()
    assert (goal.progress, goal.progress_note) == (70, "四个片区完成培训")
    latest = goal.history.order_by("-history_id").first()
    assert latest.history_user == bureau_inspector and latest.history_change_reason == "报告进展"
    log = selectors.progress_log(goal)
    assert [(e.progress, e.note) for e in log] == [(70, "四个片区完成培训"), (40, "两个片区完成培训")]
    assert goal.history.count() == 3


def test_only_the_owner_or_the_admin_reports_progress(goal, bureau_admin, bureau_inspector, county, far_admin):
    other = factories.bureau_inspector(county, username="inspector_2", full_name="吴督查")
    for user in (other, far_admin):
        with pytest.raises(PermissionDenied):
            services.goal_progress_update(goal=goal, progress=50, note="越权报告", acting_user=user)
    assert services.goal_progress_update(goal=goal, progress=50, note="管理员代报", acting_user=bureau_admin).progress == 50


@pytest.mark.parametrize("progress, note, field", [
    (101, "完成了", "progress"), (-1, "完成了", "progress"), (None, "完成了", "progress"), (50, " ", "progress_note"),
    (50, "x" * 2001, "progress_note"),
])
def test_progress_reports_are_refused_when_wrong(goal, bureau_inspector, progress, note, field):
    with pytest.raises(ValidationError) as error:
        services.goal_progress_update(goal=goal, progress=progress, note=note, acting_user=bureau_inspector)
    assert field in error.value.error_dict
    goal.refresh_from_db()
    assert goal.progress == 0 and goal.history.count() == 1


def test_a_measured_goal_takes_notes_only(title_goal, bureau_admin):
    goal = services.goal_progress_update(goal=title_goal, progress=None, note="已组织4所学校申报", acting_user=bureau_admin)
    assert goal.progress == 0 and goal.progress_note == "已组织4所学校申报"
    assert selectors.progress_log(goal)[0].progress is None


def test_a_cancelled_goal_stays_on_record_and_can_come_back(goal, bureau_admin, bureau_inspector):
    with pytest.raises(PermissionDenied):
        services.goal_cancel(goal=goal, reason="计划调整", acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        services.goal_cancel(goal=goal, reason="", acting_user=bureau_admin)
    goal = services.goal_cancel(goal=goal, reason="上级统一组织培训", acting_user=bureau_admin)
    assert goal.cancelled_at and goal.cancel_reason == "上级统一组织培训"
    selectors.goal_figures([goal])
    assert goal.figures.status == GoalStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.goal_progress_update(goal=goal, progress=50, note="已取消仍报告", acting_user=bureau_inspector)
    goal.title = "取消后修改"
    with pytest.raises(ValidationError):
        services.goal_save(goal=goal, acting_user=bureau_admin)
    goal = services.goal_reinstate(goal=goal, acting_user=bureau_admin)
    assert goal.cancelled_at is None
    assert [r.history_change_reason for r in goal.history.order_by("history_id")] == [
        "加入工作要点", "取消：上级统一组织培训", "恢复"]


def test_goal_figures_combine_measure_progress_and_pace(bureau_admin, campaign_type, school_a, today):
    from tests.workplan.test_measures import award

    award(school_a, campaign_type)
    goal = measured(bureau_admin, "titles", target="2", campaign_type=campaign_type, level="county",
                    area=Area.CAMPAIGN)
    manual = make_goal(bureau_admin)
    selectors.goal_figures([goal, manual], today=today)
    assert goal.figures.progress == 50 and goal.figures.reading.value == 1
    assert manual.figures.progress == 0 and manual.figures.reading is None
