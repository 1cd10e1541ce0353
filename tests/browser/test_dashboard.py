"""The bureau dashboard on a desktop and the school home on a phone, in Chromium with axe-core."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import RectificationOrder
from tests.browser.conftest import PHONE, assert_accessible, county_world, sign_in  # noqa: F401 - fixture
from tests.inspections.rectification.conftest import issue

pytestmark = pytest.mark.browser


def test_dashboard_figures_lead_to_their_records_and_the_school_sees_its_week(browser, live_server, county_world):
    inspector, own = county_world["users"]["bureau_inspector"], county_world["own"]
    late = issue(inspector, own, finding="消毒柜未开启", severity="serious")
    RectificationOrder.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    issue(inspector, county_world["far"], finding="台账缺签字")

    bureau = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(bureau, live_server, "b_inspector")
    expect(bureau.get_by_test_id("figure-inspections.orders_overdue")).to_contain_text("1")
    expect(bureau.get_by_test_id("attention")).to_contain_text(own.name)
    expect(bureau.locator(".chart[data-chart='stack'] svg")).to_have_count(1)  # ECharts drew the chart
    assert_accessible(bureau)
    bureau.get_by_test_id("figure-inspections.orders_overdue").click()
    expect(bureau.locator("main table tbody tr")).to_have_count(1)
    expect(bureau.locator("main table tbody")).to_contain_text(late.number)

    principal = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    sign_in(principal, live_server, "b_principal")
    overdue = principal.get_by_test_id("tasks-overdue")
    expect(overdue).to_contain_text(late.number)
    assert principal.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(principal)
    overdue.get_by_role("link").first.click()
    expect(principal.locator("main")).to_contain_text("消毒柜未开启")
