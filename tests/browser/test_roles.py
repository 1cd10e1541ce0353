"""Each role signs in, finds its pages in the navigation and sees only its scope; every page it
visits passes axe-core's WCAG 2 A/AA rules, at desktop and at phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, sign_in

pytestmark = pytest.mark.browser

NAV = {
    "bureau_admin": ["首页", "学校", "收费公示", "食堂", "校车", "资产", "检查督查", "通知公告", "工作要点", "收费目录", "乡镇", "用户"],
    "bureau_inspector": ["首页", "学校", "收费公示", "食堂", "校车", "资产", "检查督查", "通知公告", "工作要点", "收费目录", "乡镇"],
    "township_supervisor": ["首页", "学校", "收费公示", "食堂", "校车", "资产", "检查督查", "通知公告", "乡镇"],
    "principal": ["首页", "学校", "收费公示", "食堂", "校车", "资产", "检查督查", "通知公告", "班级与学生", "用户"],
    "school_staff": ["首页", "学校", "收费公示", "食堂", "资产", "检查督查", "通知公告"],
}
SEES = {
    "bureau_admin": {"北镇第一小学", "北镇第二小学", "南镇中心学校"},
    "bureau_inspector": {"北镇第一小学", "北镇第二小学", "南镇中心学校"},
    "township_supervisor": {"北镇第一小学", "北镇第二小学"},
    "principal": {"北镇第一小学"},
    "school_staff": {"北镇第一小学"},
}
ALL_SCHOOLS = {"北镇第一小学", "北镇第二小学", "南镇中心学校"}


@pytest.mark.parametrize("role", list(NAV))
def test_role_signs_in_and_sees_only_its_scope(page, live_server, county_world, role):
    user = county_world["users"][role]
    sign_in(page, live_server, user.username)
    assert_accessible(page)
    nav = page.get_by_test_id("main-menu")
    expect(nav.get_by_role("link")).to_have_text(NAV[role])
    for label in NAV[role]:
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(f"{live_server.url}/org/schools/")
    table = page.locator("table").first
    for name in SEES[role]:
        expect(table).to_contain_text(name)
    for name in ALL_SCHOOLS - SEES[role]:
        expect(table).not_to_contain_text(name)
    # typing the URL of a school outside the scope answers "not found"
    for name in ALL_SCHOOLS - SEES[role]:
        school = next(s for k, s in county_world.items() if k in ("own", "neighbour", "far") and s.name == name)
        response = page.goto(f"{live_server.url}/org/schools/{school.pk}/")
        assert response.status == 404
        expect(page.locator("h1")).to_have_text("页面不存在")
        assert_accessible(page)


def test_principal_on_a_phone_completes_the_school_profile(page, live_server, county_world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_principal")
    todo = page.get_by_test_id("todo")
    expect(todo).to_contain_text("完善学校资料")
    assert_accessible(page)
    todo.get_by_role("link", name="处理").first.click()
    assert_accessible(page)
    page.get_by_label("公开电话").fill("0710-3456789")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator("main")).to_contain_text("0710-3456789")
    expect(page.locator("#history-heading")).to_be_visible()
    expect(page.locator(".history-list")).to_contain_text("王校长")
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("todo")).not_to_contain_text("完善学校资料")
    # the phone layout has no horizontal scrolling outside tables
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_bureau_admin_filters_exports_and_opens_an_account(page, live_server, county_world):
    sign_in(page, live_server, "b_admin")
    page.goto(f"{live_server.url}/org/schools/")
    page.get_by_label("乡镇").select_option(label="南镇")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.startswith("学校-") and download.value.suggested_filename.endswith(".xlsx")
    assert_accessible(page)
    page.goto(f"{live_server.url}/org/users/new/")
    page.get_by_label("用户名").fill("new_head")
    page.get_by_label("姓名").fill("新校长")
    page.get_by_label("角色").select_option(label="校长")
    expect(page.locator("#div_id_township")).to_be_hidden()
    page.get_by_label("学校").select_option(label="北镇第二小学")
    page.locator("#id_password1").fill("Head-master-2026")
    page.get_by_label("再次输入初始密码").fill("Head-master-2026")
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("账号已开通")
    expect(page.locator("h1")).to_contain_text("新校长")
