"""On a phone, in Chromium: a township supervisor completes an inspection with one failed item, the
principal answers the order with a photo, the supervisor verifies it."""

import pytest
from playwright.sync_api import expect

from inspections.choices import OrderStatus
from inspections.models import RectificationAnswer, RectificationOrder
from tests import factories
from tests.browser.conftest import PHONE, assert_accessible, county_world, sign_in  # noqa: F401
from tests.core.test_uploads import png_bytes
from tests.inspections.rectification.conftest import make_checklist, start

pytestmark = pytest.mark.browser


def test_inspection_to_verified_rectification_on_a_phone(page, browser, live_server, county_world):
    admin, supervisor = county_world["users"]["bureau_admin"], county_world["users"]["township_supervisor"]
    checklist = make_checklist(admin)
    inspection = start(supervisor, county_world["own"], checklist)

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_supervisor")
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    rows = page.get_by_test_id("item-row")
    expect(rows).to_have_count(3)
    assert_accessible(page)
    rows.nth(0).locator(".btn-group label").nth(0).click()  # passed
    rows.nth(1).locator(".btn-group label").nth(1).click()  # failed
    rows.nth(1).locator("textarea").fill("周三午餐番茄炒蛋留样仅80克")
    rows.nth(2).locator(".btn-group label").nth(2).click()  # not applicable
    page.locator("button[name=complete]").click()
    orders = page.get_by_test_id("inspection-orders")
    expect(orders.locator("a")).to_have_count(1)
    inspection.refresh_from_db()
    expect(page.get_by_test_id("inspection-status")).to_have_text(inspection.get_status_display())
    order = RectificationOrder.objects.get()
    assert "留样仅80克" in order.finding and order.status == OrderStatus.OPEN
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    principal = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    sign_in(principal, live_server, "b_principal")
    principal.goto(f"{live_server.url}/inspections/orders/")
    principal.get_by_role("link", name=order.number).click()
    form = principal.get_by_test_id("answer-form")
    form.locator("textarea[name=text]").fill("已按规定补足留样并培训留样人员")
    form.locator("input[name=evidence]").set_input_files(
        {"name": "留样照片.png", "mimeType": "image/png", "buffer": png_bytes((40, 30))})
    assert_accessible(principal)
    form.locator("button[type=submit]").click()
    expect(principal.get_by_test_id("answer")).to_have_count(1)
    expect(principal.get_by_test_id("answer-form")).to_have_count(0)
    assert RectificationAnswer.objects.get().evidence.name.endswith(".png")

    page.goto(f"{live_server.url}{order.get_absolute_url()}")
    expect(page.get_by_test_id("answer").locator("a")).to_have_count(1)  # the evidence link
    assert_accessible(page)
    page.get_by_test_id("verify-form").locator("textarea").fill("复查合格")
    page.get_by_test_id("verify-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("verify-form")).to_have_count(0)
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED and RectificationAnswer.objects.get().accepted is True
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
