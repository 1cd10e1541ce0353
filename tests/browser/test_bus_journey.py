"""A school-bus day on a phone, in Chromium: the bus manager checks the bus before it leaves (copying
the last trip), counts the children on and off, and a child is missing; the principal is alerted,
resolves it, and submits the quarterly report, which the bureau accepts."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schoolbus.choices import CheckItem, Direction
from schoolbus.models import Escort, QuarterlyReport, Trip
from tests import factories
from tests.browser.conftest import PHONE, assert_accessible, sign_in
from tests.schoolbus.conftest import make_driver, make_route, make_vehicle

pytestmark = pytest.mark.browser


@pytest.fixture
def bus_world(county_world):
    own = county_world["own"]
    manager = factories.staff(own, duties=["bus_manager"], username="b_busman", full_name="孙校车")
    vehicle = make_vehicle(own, plate="鄂F12345", seats=35)
    driver = make_driver(own, name="张师傅")
    escort = Escort.objects.create(school=own, name="周照管")
    route = make_route(own, vehicle, driver, escort, name="一号线", students=30)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Trip.objects.create(school=own, route=route, date=yesterday, direction=Direction.TO_SCHOOL, vehicle=vehicle,
                        driver=driver, escort=escort, checks_passed=CheckItem.values, checked_by=manager,
                        checked_at=timezone.now(), boarded=30, alighted=30)
    return {**county_world, "route": route, "manager": manager}


def test_a_missing_child_alerts_the_principal_and_the_report_reaches_the_bureau(page, browser, live_server, bus_world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_busman")
    page.get_by_role("button", name="展开导航").click()
    page.get_by_test_id("main-menu").get_by_role("link", name="校车").click()
    expect(page.locator("h1")).to_contain_text("今日校车")
    assert_accessible(page)
    page.get_by_test_id("trip-card").filter(has_text="一号线 · 上学").click()
    page.get_by_test_id("copy-last").click()  # yesterday's check: every item ticked
    expect(page.get_by_label("制动")).to_be_checked()
    page.get_by_label("上车人数").fill("30")
    assert_accessible(page)
    page.get_by_role("button", name="保存趟次").click()
    expect(page.locator(".messages")).to_contain_text("趟次已记录")
    card = page.get_by_test_id("trip-card").filter(has_text="一号线 · 上学")
    expect(card).to_contain_text("上车30")
    card.click()
    expect(page.get_by_label("上车人数")).to_have_value("30")
    page.get_by_label("下车人数").fill("29")
    page.get_by_role("button", name="保存趟次").click()
    expect(page.locator(".messages")).to_contain_text("已通知校长")
    expect(page.get_by_test_id("head-count-alert")).to_contain_text("上车30人，下车29人")
    assert Trip.objects.get(date=timezone.localdate()).mismatch
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    principal = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(principal, live_server, "b_principal")
    expect(principal.get_by_test_id("unread-count")).to_have_text("1")
    principal.goto(f"{live_server.url}/notifications/")
    alert = principal.get_by_test_id("inbox").locator("li").filter(has_text="一号线清点人数不一致：上车30人，下车29人")
    alert.get_by_role("button", name="查看").click()
    expect(principal.get_by_test_id("head-count-alert")).to_be_visible()
    principal.get_by_label("每一名学生现在在哪里？").fill("王小明在李家岗提前下车，已与家长电话确认到家")
    assert_accessible(principal)
    principal.get_by_role("button", name="处置").click()
    expect(principal.locator(".messages")).to_contain_text("差异已处置")

    principal.goto(f"{live_server.url}/schoolbus/reports/")
    principal.locator("form").filter(has_text="截止").first.get_by_role("button").click()
    expect(principal.get_by_test_id("report-status")).to_have_text("草稿")
    expect(principal.get_by_test_id("figure-routes")).to_contain_text("1")
    principal.get_by_label("学校说明").fill("本季度运行正常")
    principal.get_by_role("button", name="按台账重新汇总并保存说明").click()
    assert_accessible(principal)
    principal.get_by_role("button", name="报送教育局").click()
    expect(principal.get_by_test_id("report-status")).to_have_text("已报送")

    bureau = browser.new_context(locale="zh-CN").new_page()
    sign_in(bureau, live_server, "b_inspector")
    bureau.goto(f"{live_server.url}/schoolbus/reports/?status=submitted")
    bureau.get_by_role("link", name="北镇第一小学").click()
    expect(bureau.locator("main")).to_contain_text("本季度运行正常")
    assert_accessible(bureau)
    bureau.get_by_role("button", name="审核通过").click()
    expect(bureau.get_by_test_id("report-status")).to_have_text("已通过")
    assert QuarterlyReport.objects.get().status == "accepted"
    bureau.goto(f"{live_server.url}/schoolbus/overview/")
    expect(bureau.locator("table")).to_contain_text("北镇第一小学")
    assert_accessible(bureau)
