"""The fee notice from draft to the parent's phone, in Chromium."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fees.choices import FeeKind, FeeUnit
from fees.models import Consent, FeeCap, FeeCategory, FeeNotice, ForbiddenItem, PolicyDocument, SchoolClass, Student
from houqin.org.models import Term
from tests.browser.conftest import PHONE, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def fee_world(county_world):
    county = county_world["county"]
    term = Term.objects.create(school_year=2026, semester=1, start_date=dt.date(2026, 9, 1),
                               end_date=dt.date(2027, 1, 22))
    policy = PolicyDocument.objects.create(county=county, number="鄂价费〔2017〕5号", title="收费管理通知")
    milk = FeeCategory.objects.create(county=county, name="学生饮用奶", kind=FeeKind.PASS_THROUGH, policy=policy)
    FeeCap.objects.create(category=milk, unit=FeeUnit.PER_TERM, max_amount=Decimal("200"))
    ForbiddenItem.objects.create(county=county, name="补课费", keywords="辅导费", policy=policy, reason="不得有偿补课。")
    own = county_world["own"]
    own.phone = "0710-2800001"
    own.save()
    school_class = SchoolClass.objects.create(school=own, school_year=2026, name="三年级（2）班")
    student = Student.objects.create(school=own, school_class=school_class, name="张小明")
    return {**county_world, "term": term, "milk": milk, "student": student}


def test_notice_from_draft_to_the_parents_phone(page, browser, live_server, fee_world):
    base = live_server.url
    # the principal drafts, meets a finding, fixes it and submits
    sign_in(page, live_server, "b_principal")
    page.get_by_test_id("main-menu").get_by_role("link", name="收费公示").click()
    assert_accessible(page)
    page.get_by_role("link", name="新增").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("收费公示")
    assert_accessible(page)
    page.get_by_test_id("add-item").click()
    page.get_by_label("类别").select_option(label="学生饮用奶")
    page.get_by_label("收费项目").fill("学生饮用奶")
    page.get_by_label("计价单位").select_option(label="元/生/学期")
    page.get_by_label("金额（元）").fill("260")
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("最高限价")  # shown live, before saving
    assert_accessible(page)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("button", name="报送教育局")).to_be_disabled()
    page.get_by_role("link", name="编辑").first.click()
    page.get_by_label("金额（元）").fill("180")
    expect(findings).to_contain_text("未发现合规问题")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("button", name="报送教育局").click()
    expect(page.locator(".messages")).to_contain_text("公示已报送教育局")
    notice_url = page.url

    # the inspector returns it with a reason
    inspector = browser.new_context(locale="zh-CN").new_page()
    sign_in(inspector, live_server, "b_inspector")
    inspector.goto(f"{base}/fees/notices/?status=submitted")
    inspector.get_by_role("link", name="北镇第一小学").click()
    assert_accessible(inspector)
    inspector.get_by_role("link", name="退回").click()
    inspector.get_by_label("原因").fill("请写明退费办法。")
    inspector.get_by_role("button", name="保存").click()
    expect(inspector.locator(".messages")).to_contain_text("公示已退回学校")

    # the principal reads the reason, fixes the item and submits again
    page.goto(notice_url)
    expect(page.get_by_role("alert")).to_contain_text("请写明退费办法")
    page.get_by_role("link", name="编辑").first.click()
    page.get_by_label("退费办法").fill("未饮用天数按实退还")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("button", name="报送教育局").click()
    expect(page.locator(".messages")).to_contain_text("公示已报送教育局")

    # the inspector approves and publishes
    inspector.goto(notice_url)
    inspector.get_by_role("button", name="审核通过").click()
    inspector.get_by_role("button", name="发布公示").click()
    expect(inspector.locator(".messages")).to_contain_text("公示已发布")
    digest = inspector.get_by_test_id("digest").inner_text()
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", digest)
    notice = FeeNotice.objects.get()
    assert notice.status == "published" and notice.short_digest == digest

    # a parent on a phone: the public page, the board, the digest, the consent
    parent = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    parent.goto(f"{base}/public/schools/{fee_world['own'].code}/")
    expect(parent.get_by_test_id("fee-items")).to_contain_text("180.00 元")
    assert_accessible(parent)
    assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    board = parent.request.get(base + parent.get_by_test_id("board-a4").get_attribute("href"))
    assert board.ok and board.headers["content-type"] == "application/pdf" and board.body()[:5] == b"%PDF-"
    parent.get_by_label("公示牌上的核验码").fill(digest.lower())
    parent.get_by_role("button", name="核验").click()
    expect(parent.get_by_test_id("verify-result")).to_contain_text("现行公示（第 1 版）一致")
    assert_accessible(parent)
    student = fee_world["student"]
    parent.goto(f"{base}/public/consent/?code={student.code}")
    expect(parent.get_by_test_id("consent-student")).to_contain_text("张*明")
    parent.get_by_role("radio", name="同意", exact=True).check()
    parent.get_by_role("button", name="提交选择").click()
    expect(parent.get_by_test_id("consent-saved")).to_be_visible()
    assert_accessible(parent)
    assert Consent.objects.get(student=student).choice == "in"
