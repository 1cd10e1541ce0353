"""A complaint from a parent's phone to the bureau's reply, in Chromium at phone size."""

import re

import pytest
from playwright.sync_api import expect

from inspections.models import Complaint
from tests.browser.conftest import PHONE, assert_accessible, county_world, sign_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_complaint_from_the_parents_phone_to_the_bureaus_reply(browser, live_server, county_world):
    base = live_server.url
    # a parent finds the school and files a complaint, without an account
    parent = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    parent.goto(f"{base}/public/complaints/new/")
    parent.locator("#q").fill("北镇第一")
    parent.locator("form[role=search] button[type=submit]").click()
    parent.get_by_test_id("complaint-school-matches").get_by_role("link", name=re.compile("北镇第一小学")).click()
    expect(parent.get_by_test_id("complaint-school")).to_contain_text("北镇第一小学")
    assert_accessible(parent)
    fits_the_phone(parent)
    parent.locator("input[name=category][value=canteen]").check()
    parent.locator("textarea[name=text]").fill("食堂午饭的米饭经常夹生，孩子<b>吃不饱</b>。")
    parent.locator("input[name=contact_phone]").fill("138 1234 5678")
    parent.wait_for_timeout(3100)  # a person takes longer than the form's minimum to write
    parent.get_by_test_id("complaint-form").locator("button[type=submit]").click()
    code = parent.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    assert_accessible(parent)
    fits_the_phone(parent)
    complaint = Complaint.objects.get()
    assert complaint.text == "食堂午饭的米饭经常夹生，孩子<b>吃不饱</b>。" and complaint.contact_phone == "13812345678"

    # later, the parent follows it by typing the code carelessly
    parent.goto(f"{base}/public/complaints/")
    parent.locator("input[name=code]").fill(code.lower().replace("-", " "))
    parent.locator("main form button[type=submit]").click()
    expect(parent.get_by_test_id("complaint-stage")).to_have_text(complaint.get_status_display())
    assert "13812345678" not in parent.content()
    assert_accessible(parent)
    status_url = parent.url

    # the bureau passes it to the school
    bureau = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(bureau, live_server, "b_inspector")
    bureau.goto(f"{base}/inspections/complaints/")
    assert_accessible(bureau)
    bureau.get_by_role("link", name=code).click()
    expect(bureau.get_by_test_id("contact")).to_contain_text("13812345678")
    assert_accessible(bureau)
    fits_the_phone(bureau)
    bureau.locator("a[href$='/assign/']").click()
    bureau.locator("textarea[name=instruction]").fill("请核查米饭蒸制流程，三日内答复。")
    assert_accessible(bureau)
    bureau.get_by_test_id("complaint-action-form").locator("button[type=submit]").click()
    expect(bureau.locator(".messages")).to_be_visible()
    detail_url = bureau.url

    # the principal answers from a phone, without seeing who complained
    principal = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(principal, live_server, "b_principal")
    principal.goto(detail_url)
    expect(principal.get_by_test_id("instruction")).to_contain_text("请核查米饭蒸制流程")
    assert "13812345678" not in principal.content()
    principal.locator("a[href$='/answer/']").click()
    principal.locator("textarea[name=answer]").fill("已更换蒸饭柜并规定蒸制时间，由值班行政陪餐检查。")
    fits_the_phone(principal)
    principal.get_by_test_id("complaint-action-form").locator("button[type=submit]").click()
    expect(principal.get_by_test_id("answer")).to_contain_text("已更换蒸饭柜")

    # the bureau closes it with a reply to the parent
    bureau.goto(detail_url)
    bureau.locator("a[href$='/close/']").click()
    bureau.locator("input[name=outcome][value=substantiated]").check()
    bureau.locator("textarea[name=public_reply]").fill("经核查属实，学校已更换设备并加强检查，感谢您的监督。")
    bureau.get_by_test_id("complaint-action-form").locator("button[type=submit]").click()
    expect(bureau.get_by_test_id("public-reply")).to_contain_text("感谢您的监督")

    # the parent reads the reply
    parent.goto(status_url)
    expect(parent.get_by_test_id("public-reply")).to_contain_text("经核查属实，学校已更换设备并加强检查")
    body = parent.content()
    assert "已更换蒸饭柜" not in body and "请核查米饭蒸制流程" not in body and "13812345678" not in body
    assert_accessible(parent)
    fits_the_phone(parent)
