"""The work-plan pages: the scope contract of every page, the list's query count, hostile input on the
forms, the Excel export and the filters."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from houqin.workplan import services
from houqin.workplan.choices import Area
from houqin.workplan.models import Goal
from tests import factories
from tests.scoping import assert_found, assert_list_excludes, assert_not_found, export_rows
from tests.workplan.conftest import make_goal, measured
from tests.workplan.test_measures import award

pytestmark = pytest.mark.django_db

PLAN = reverse("workplan:plan")
CREATE = reverse("workplan:goal_create")


def goal_urls(goal):
    return [reverse(f"workplan:{name}", args=[goal.pk])
            for name in ("goal_detail", "goal_update", "goal_progress", "goal_cancel", "goal_reinstate")]


def form_data(**overrides):
    today = dt.date.today()
    return {"year": today.year, "position": 1, "title": "全面落实收费公示制度", "area": Area.FEES, "owner": "",
            "department": "后勤办收费管理组", "deadline": f"{today.year}-12-31", "target": "公示率100%",
            "description": "", "measure": "", "campaign_type": "", "level": "", "target_value": "", **overrides}


# --- scope --------------------------------------------------------------------------------------


def test_the_countys_bureau_reads_the_plan(client, goal, bureau_admin, bureau_inspector, today):
    assert_found(client, bureau_admin, [PLAN, reverse("workplan:plan_year", args=[today.year]), *goal_urls(goal)[:4],
                                        CREATE])
    assert_found(client, bureau_inspector, [PLAN, goal.get_absolute_url(), goal_urls(goal)[2]])  # the owner reports


def test_another_countys_admin_finds_nothing(client, goal, far_admin, far_goal):
    assert_not_found(client, far_admin, goal_urls(goal))
    assert_list_excludes(client, far_admin, PLAN, present=[far_goal.title], absent=[goal.title])


def test_the_plan_is_not_for_schools_or_townships(client, goal, principal_a, staff_a, supervisor_a):
    for user in (principal_a, staff_a, supervisor_a):
        client.force_login(user)
        for url in [PLAN, CREATE, *goal_urls(goal)]:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 403, f"{method} {url} as {user.username}: {response.status_code}"


def test_inspectors_read_but_do_not_write(client, goal, bureau_inspector, bureau_admin, county):
    client.force_login(bureau_inspector)
    for url in (CREATE, *[u for u in goal_urls(goal) if "progress" not in u and u != goal.get_absolute_url()]):
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url).status_code == 403, url
    assert client.post(CREATE, form_data(owner=bureau_inspector.pk)).status_code == 403
    page = client.get(goal.get_absolute_url()).content.decode()
    assert 'data-testid="goal-edit"' not in page and 'data-testid="report-progress"' in page
    other = factories.bureau_inspector(county, username="inspector_2", full_name="吴督查")
    client.force_login(other)
    assert client.get(goal_urls(goal)[2]).status_code == 403
    assert client.post(goal_urls(goal)[2], {"progress": 80, "progress_note": "越权"}).status_code == 403
    assert 'data-testid="report-progress"' not in client.get(goal.get_absolute_url()).content.decode()
    assert "goal-create" not in client.get(PLAN).content.decode()
    client.force_login(bureau_admin)
    assert "goal-create" in client.get(PLAN).content.decode()


def test_a_post_cannot_move_a_goal_into_another_county_or_owner(client, goal, bureau_admin, far_admin, far_goal):
    client.force_login(bureau_admin)
    response = client.post(goal_urls(goal)[1], form_data(title="改名", owner=far_admin.pk, deadline=str(goal.deadline)))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title != "改名" and goal.county_id == bureau_admin.county_id
    # another county's goal cannot be reached to change it
    assert client.post(goal_urls(far_goal)[1], form_data(owner=bureau_admin.pk)).status_code == 404
    assert client.post(goal_urls(far_goal)[2], {"progress": 90, "progress_note": "越界"}).status_code == 404


def test_an_unknown_year_is_not_found(client, bureau_admin):
    client.force_login(bureau_admin)
    assert client.get("/plan/1999/").status_code == 404
    assert client.get("/plan/2027/").status_code == 200


# --- the list -------------------------------------------------------------------------------------


def test_the_list_query_count_does_not_grow_with_the_goals(client, bureau_admin, bureau_inspector, campaign_type,
                                                           school_a, school_b):
    award(school_a, campaign_type)

    def grow(n):
        for i in range(n):
            measured(bureau_admin, "titles", target="2", campaign_type=campaign_type, level="county", title=f"创建{i}")
            measured(bureau_admin, "fee_notices", title=f"收费公示{i}")
            measured(bureau_admin, "canteen_certificates", title=f"二证{i}")
            measured(bureau_admin, "canteen_video", title=f"明厨亮灶{i}")
            measured(bureau_admin, "rectifications_on_time", target="95", title=f"整改{i}")
            measured(bureau_admin, "complaints_closed_on_time", title=f"投诉{i}")
            measured(bureau_admin, "semester_inspections", title=f"检查{i}")
            goal = make_goal(bureau_admin, owner=bureau_inspector, title=f"手工{i}")
            services.goal_progress_update(goal=goal, progress=30, note="进行中", acting_user=bureau_inspector)

    def count(**params):
        client.force_login(bureau_admin)
        with CaptureQueriesContext(connection) as context:
            assert client.get(PLAN, params).status_code == 200
        return len(context.captured_queries)

    grow(1)
    small = (count(), count(status="at_risk"), count(_export="xlsx"))
    grow(6)
    assert (count(), count(status="at_risk"), count(_export="xlsx")) == small


def test_the_list_shows_progress_bars_status_and_the_records_behind_a_figure(
        client, bureau_admin, goal, title_goal, school_a, school_b, campaign_type, bureau_inspector, today):
    award(school_a, campaign_type)
    award(school_b, campaign_type)
    services.goal_progress_update(goal=goal, progress=100, note="全部完成", acting_user=bureau_inspector)
    client.force_login(bureau_admin)
    page = client.get(PLAN).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="50"' in page and 'aria-valuenow="100"' in page
    assert 'data-status="done"' in page
    assert reverse("inspections:title_list") + f"?campaign_type={campaign_type.pk}" in page
    assert "2 / 4" not in page  # a count reads as a count
    assert ">2</a>" in page
    assert "工作要点" in page and "平均进度" in page


def test_filters_by_area_owner_status_and_measure(client, bureau_admin, bureau_inspector, goal, title_goal, today):
    late = make_goal(bureau_admin, title="已逾期的目标", area=Area.ASSETS, deadline=dt.date(today.year, 1, 1))
    client.force_login(bureau_admin)

    def titles(**params):
        page = client.get(PLAN, params).content.decode()
        return {g.title for g in (goal, title_goal, late) if g.title in page}

    assert titles(area="assets") == {late.title}
    assert titles(owner=bureau_inspector.pk) == {goal.title}
    assert titles(measured="true") == {title_goal.title}
    if today > dt.date(today.year, 1, 1):
        assert titles(status="overdue") == {late.title}
        rows = export_rows(client.get(PLAN, {"status": "overdue", "_export": "xlsx"}))
        assert [row[1] for row in rows[3:]] == [late.title]


def test_the_detail_page_shows_the_figure_its_records_and_the_history(client, bureau_admin, title_goal, campaign_type,
                                                                      school_a):
    award(school_a, campaign_type)
    client.force_login(bureau_admin)
    page = client.get(title_goal.get_absolute_url()).content.decode()
    assert 'data-testid="measured-figure"' in page and 'data-testid="records-link"' in page
    assert f"campaign_type={campaign_type.pk}" in page
    assert "变更记录" in page and "加入工作要点" in page
    assert 'data-testid="measure-help"' in page


# --- hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "这个字段是必填项。"),
    ({"title": "   "}, "这个字段是必填项。"),
    ({"title": "改" * 5000}, "确保该变量包含不超过 120 字符"),
    ({"title": "<script>alert(1)</script>"}, "只能填写纯文本，请去掉其中的 HTML 标记。"),
    ({"deadline": "1999-01-01"}, "完成时限应在"),
    ({"deadline": "2999-12-31"}, "完成时限应在"),
    ({"deadline": "明年"}, "输入一个有效的日期。"),
    ({"year": "1990"}, "只能编制"),
    ({"year": "99999"}, "只能编制"),
    ({"measure": "titles", "target_value": "2"}, "请选择本目标统计的称号"),
    ({"measure": "fee_notices", "target_value": "150"}, "目标数值最多为 100"),
    ({"measure": "fee_notices", "target_value": "-5"}, "确保该值大于或等于0"),
    ({"measure": "fee_notices"}, "需要大于 0 的目标数值"),
    ({"measure": "rm -rf"}, "选择一个有效的选项"),
    ({"owner": "999999"}, "选择一个有效的选项"),
])
def test_hostile_goal_input_is_refused_in_chinese_and_nothing_is_saved(client, bureau_admin, overrides, message):
    client.force_login(bureau_admin)
    response = client.post(CREATE, form_data(**{"owner": bureau_admin.pk, **overrides}))
    assert response.status_code == 200
    assert message in response.content.decode(), response.content.decode()[-3000:]
    assert not Goal.objects.exists()


def test_a_goal_from_the_form_and_script_in_its_text_shown_as_text(client, bureau_admin, bureau_inspector):
    client.force_login(bureau_admin)
    response = client.post(CREATE, form_data(owner=bureau_inspector.pk,
                                             description="<script>alert('x')</script> 按期完成"))
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
    rows = export_rows(client.get(PLAN, {"_export": "xlsx"}))
    assert "<script>alert('x')</script> 按期完成" in rows[3]


@pytest.mark.parametrize("data, message", [
    ({"progress": "101", "progress_note": "完成了"}, "确保该值小于或等于100。"),
    ({"progress": "-1", "progress_note": "完成了"}, "确保该值大于或等于0。"),
    ({"progress": "五十", "progress_note": "完成了"}, "输入整数。"),
    ({"progress": "", "progress_note": "完成了"}, "这个字段是必填项。"),
    ({"progress": "50", "progress_note": ""}, "这个字段是必填项。"),
    ({"progress": "50", "progress_note": "好"}, "请写明完成了哪些工作，至少两个字。"),
    ({"progress": "50", "progress_note": "进" * 2001}, "确保该变量包含不超过 2000 字符"),
])
def test_hostile_progress_input_is_refused_in_chinese_and_nothing_is_saved(client, goal, bureau_inspector, data,
                                                                          message):
    client.force_login(bureau_inspector)
    response = client.post(reverse("workplan:goal_progress", args=[goal.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    goal.refresh_from_db()
    assert goal.progress == 0 and goal.progress_note == "" and goal.history.count() == 1


def test_progress_report_through_the_page(client, goal, bureau_inspector):
    client.force_login(bureau_inspector)
    url = reverse("workplan:goal_progress", args=[goal.pk])
    response = client.post(url, {"progress": "60", "progress_note": "<b>三个片区</b>完成培训"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.progress == 60
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "&lt;b&gt;三个片区&lt;/b&gt;完成培训" in page and 'aria-valuenow="60"' in page


def test_a_measured_goal_takes_a_note_and_ignores_a_typed_percentage(client, title_goal, bureau_admin):
    client.force_login(bureau_admin)
    url = reverse("workplan:goal_progress", args=[title_goal.pk])
    assert 'name="progress"' not in client.get(url).content.decode()
    assert client.post(url, {"progress": "100", "progress_note": "已组织申报"}).status_code == 302
    title_goal.refresh_from_db()
    assert title_goal.progress == 0 and title_goal.progress_note == "已组织申报"


def test_cancel_and_reinstate_through_the_pages(client, goal, bureau_admin):
    client.force_login(bureau_admin)
    cancel = reverse("workplan:goal_cancel", args=[goal.pk])
    assert "这个字段是必填项。" in client.post(cancel, {"reason": ""}).content.decode()
    assert client.post(cancel, {"reason": "上级统一组织"}).status_code == 302
    goal.refresh_from_db()
    assert goal.cancel_reason == "上级统一组织"
    page = client.get(PLAN).content.decode()
    assert f"<del>{goal.title}</del>" in page
    assert client.post(reverse("workplan:goal_reinstate", args=[goal.pk])).status_code == 302
    goal.refresh_from_db()
    assert goal.cancelled_at is None


# --- Excel export --------------------------------------------------------------------------------


def test_the_export_holds_the_figures_as_computed_at_export(client, bureau_admin, bureau_inspector, title_goal, goal,
                                                            campaign_type, school_a, school_b, today):
    award(school_a, campaign_type)
    services.goal_progress_update(goal=goal, progress=30, note="两个片区完成", acting_user=bureau_inspector)
    formula = make_goal(bureau_admin, title="=HYPERLINK(\"http://evil\")", area=Area.OTHER)
    client.force_login(bureau_admin)
    response = client.get(PLAN, {"_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = export_rows(response)
    assert rows[0][0] == f"{today.year}年度工作要点"
    assert rows[1][0].startswith("导出时间") and "按导出时的数据计算" in rows[1][0]
    header = rows[2]
    assert header[:4] == ["序号", "工作目标", "领域", "责任人"]
    for column in ("完成时限", "当前数值", "进度百分比", "状态", "进展情况", "数据来源", "责任科室"):
        assert column in header
    by_title = {row[1]: dict(zip(header, row)) for row in rows[3:]}
    measured_row = by_title[title_goal.title]
    assert measured_row["当前数值"] == "1" and measured_row["进度百分比"] == "25"
    assert measured_row["工作目标"] == title_goal.title and "4 所学校" in measured_row["目标"]
    assert measured_row["数据来源"] == "年度获得称号的学校数"
    manual_row = by_title[goal.title]
    assert manual_row["进度百分比"] == "30" and manual_row["进展情况"] == "两个片区完成"
    assert manual_row["数据来源"] == "手工填报" and manual_row["责任人"] == bureau_inspector.full_name
    assert manual_row["责任科室"] == "后勤办食品安全组"
    assert manual_row["状态"] in ("进展正常", "存在风险")
    # a value typed by a user stays text: opening the export runs nothing
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows(min_row=4) for c in row if c.value == formula.title)
    assert cell.data_type == "s"
    # the export changes with the data: it computes, it does not copy a stored figure
    award(school_b, campaign_type)
    rows = export_rows(client.get(PLAN, {"_export": "xlsx"}))
    header = rows[2]
    assert {row[1]: dict(zip(header, row)) for row in rows[3:]}[title_goal.title]["进度百分比"] == "50"


def test_the_dashboard_shows_the_goals_needing_attention(client, bureau_admin, today):
    late = make_goal(bureau_admin, title="宿舍改造投入使用", area=Area.ASSETS, deadline=dt.date(today.year, 1, 1))
    client.force_login(bureau_admin)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="workplan-panel"' in page
    if today > late.deadline:
        assert late.title in page


def test_editing_a_goal_binds_it_to_a_measure_and_the_history_says_so(client, goal, bureau_admin, bureau_inspector):
    client.force_login(bureau_admin)
    response = client.post(goal_urls(goal)[1], form_data(
        title=goal.title, owner=bureau_inspector.pk, deadline=str(goal.deadline), area=Area.CANTEEN,
        measure="canteen_certificates", target_value="100"))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.measure == "canteen_certificates" and goal.target_value == 100
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "从业人员“二证”全部有效的食堂" in page
    assert "数据来源" in page and "→ 从业人员“二证”全部有效的食堂" in page  # the history: by hand → the measure
    assert 'data-testid="measured-figure"' in page
