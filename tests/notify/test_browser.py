"""A notice in Chromium: the bureau administrator writes one with an attachment and publishes it,
a principal opens it from the inbox on a phone, and the administrator sees the receipt."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from houqin.notify.models import Notice, NoticeReceipt
from tests.browser.conftest import PHONE, assert_accessible, county_world, sign_in  # noqa: F401 - fixture
from tests.core.test_uploads import PDF

pytestmark = pytest.mark.browser


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_the_bureau_publishes_a_notice_a_principal_reads_it_on_a_phone(browser, live_server, county_world, tmp_path):
    base = live_server.url

    # the administrator writes the notice, attaches the form to fill in, and publishes it
    bureau = browser.new_context(locale="zh-CN").new_page()
    bureau.on("dialog", lambda dialog: dialog.accept())
    sign_in(bureau, live_server, "b_admin")
    bureau.goto(f"{base}{reverse('notify:notice_list')}")
    assert_accessible(bureau)
    bureau.locator(f"a[href='{reverse('notify:notice_create')}']").click()
    bureau.locator("input[name=title]").fill("关于报送秋季学期食堂从业人员健康证的通知")
    bureau.locator("textarea[name=body]").fill("各学校：\n请于9月30日前上传健康证扫描件。")
    expect(bureau.locator("#div_id_schools")).to_be_hidden()  # only for "chosen schools"
    assert_accessible(bureau)
    bureau.locator("main form button[type=submit]").click()
    notice = Notice.objects.get()
    bureau.wait_for_url(f"{base}{notice.get_absolute_url()}")
    attachment = tmp_path / "健康证汇总表.pdf"
    attachment.write_bytes(PDF)
    bureau.locator("input[type=file]").set_input_files(str(attachment))
    bureau.locator("form[action$='/attachments/'] button[type=submit]").click()
    expect(bureau.get_by_test_id("attachments")).to_contain_text("健康证汇总表.pdf")
    assert_accessible(bureau)
    bureau.get_by_test_id("publish").click()
    expect(bureau.get_by_test_id("receipts-link")).to_be_visible()
    expect(bureau.get_by_test_id("schools-unread")).to_have_text("3")

    # the principal finds it in the inbox on a phone and opens it
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server, "b_principal")
    phone.goto(f"{base}{reverse('notify:inbox')}")
    expect(phone.get_by_test_id("inbox")).to_contain_text("关于报送秋季学期食堂从业人员健康证的通知")
    phone.get_by_test_id("inbox").locator("form button").first.click()
    phone.wait_for_url(f"{base}{notice.get_absolute_url()}")
    expect(phone.get_by_test_id("notice-body")).to_contain_text("请于9月30日前上传健康证扫描件")
    expect(phone.get_by_test_id("my-receipt")).to_be_visible()
    expect(phone.get_by_test_id("notice-actions").locator("a, button")).to_have_count(0)
    fits_the_phone(phone)
    assert_accessible(phone)
    with phone.expect_popup() as popup:
        phone.get_by_test_id("attachments").get_by_role("link").click()
    assert popup.value.url.startswith(f"{base}/files/notify/noticeattachment/")
    phone.goto(f"{base}{reverse('notify:notice_list')}")
    fits_the_phone(phone)
    assert_accessible(phone)
    assert NoticeReceipt.objects.filter(notice=notice, user=county_world["users"]["principal"]).count() == 1

    # the administrator sees who read it, and which schools nobody has yet
    bureau.goto(f"{base}{notice.get_absolute_url()}")
    expect(bureau.get_by_test_id("schools-read")).to_have_text("1")
    bureau.get_by_test_id("receipts-link").click()
    expect(bureau.locator("tr[data-read=yes]")).to_contain_text("王校长")
    expect(bureau.locator("tr[data-read=no]")).to_have_count(2)
    assert_accessible(bureau)
    bureau.get_by_test_id("schools-unread").click()
    expect(bureau.locator("tbody tr")).to_have_count(2)
    expect(bureau.locator("tbody")).not_to_contain_text("北镇第一小学")
