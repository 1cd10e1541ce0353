"""A creation campaign from opening to the honour roll, in Chromium at phone size: the bureau opens it,
a principal declares, self-assesses with a photo and submits; inspectors score three sources; a school
with a serious hazard still open is vetoed from the ledger; publishing awards the title to the public
honour roll and issues the vetoed school its rectification order."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.choices import DeclarationStatus, Grade, Severity
from inspections.models import Campaign, CampaignType, Declaration, RectificationOrder, Rubric, SelfEvidence, Title
from inspections.services import campaigns, rubrics
from inspections.services.rectification import order_issue
from tests.browser.conftest import PHONE, assert_accessible, county_world, sign_in  # noqa: F401 - fixture
from tests.core.test_uploads import png_bytes
from tests.inspections.campaigns.conftest import SECTIONS, SOURCES, review_all, self_assess

pytestmark = pytest.mark.browser


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def draft_campaign(county, admin) -> Campaign:
    kind = CampaignType.objects.create(county=county, name="放心食堂", area="canteen")
    rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=kind, year=2026, title="放心食堂评分细则"),
                                   acting_user=admin)
    rubrics.rubric_fill(rubric=rubric, sections=SECTIONS)
    rubric = rubrics.rubric_activate(rubric=rubric, acting_user=admin)
    today = timezone.localdate()
    return campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=rubric, title="2026年度放心食堂创建", year=2026, declare_by=today + dt.timedelta(days=10),
        self_assess_by=today + dt.timedelta(days=20), review_by=today + dt.timedelta(days=40)),
        sources=SOURCES, acting_user=admin)


def test_a_campaign_from_opening_to_the_honour_roll(browser, live_server, county_world):
    base, users = live_server.url, county_world["users"]
    admin, inspector = users["bureau_admin"], users["bureau_inspector"]
    campaign = draft_campaign(county_world["county"], admin)

    # the bureau opens the campaign
    bureau = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(bureau, live_server, "b_admin")
    bureau.goto(f"{base}{campaign.get_absolute_url()}")
    assert_accessible(bureau)
    bureau.locator("form[action$='/open/'] button").click()
    expect(bureau.locator(".messages")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == "open"

    # the far school, with a serious hazard still open, goes through by the services
    far = county_world["far"]
    order_issue(school=far, finding="学生宿舍消防通道堵塞", severity=Severity.SERIOUS,
                deadline=timezone.localdate() + dt.timedelta(days=3), responsible="赵校长", acting_user=inspector)
    far_principal = far.users.get(role="principal")
    far_declaration = campaigns.declaration_accept(
        declaration=campaigns.declaration_declare(campaign=campaign, school=far, acting_user=far_principal),
        acting_user=admin)
    self_assess(far_declaration, far_principal, points=("40", "30", "30"))

    # the principal declares from a phone; the bureau accepts
    principal = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    sign_in(principal, live_server, "b_principal")
    principal.goto(f"{base}{campaign.get_absolute_url()}")
    principal.get_by_test_id("declare").click()
    declaration = Declaration.objects.get(campaign=campaign, school=county_world["own"])
    bureau.goto(f"{base}{declaration.get_absolute_url()}")
    bureau.get_by_test_id("accept").click()
    expect(bureau.get_by_test_id("accept")).to_have_count(0)

    # the principal scores every item, adds a photo to one, and submits
    principal.goto(f"{base}{declaration.get_absolute_url()}")
    principal.get_by_test_id("self-assess").click()
    assert_accessible(principal)
    fits_the_phone(principal)
    items = {item.code: item for item in campaign.rubric.items.all()}
    for code, points in (("1.1", "38"), ("1.2", "27"), ("2.1", "29")):
        principal.locator(f"#points-{items[code].pk}").fill(points)
        principal.locator(f"#evidence-{items[code].pk}").fill(f"{code} 制度文件与台账齐全")
    principal.locator(f"#evidence-{items['V1'].pk}").fill("本年度未发生食品安全事故")
    principal.locator("main button[name=save]").click()
    expect(principal.locator(".messages")).to_be_visible()
    principal.locator(f"a[href$='/evidence/{items['1.1'].pk}/']").click()
    principal.locator("input[type=file]").set_input_files(
        {"name": "领导小组文件.png", "mimeType": "image/png", "buffer": png_bytes((60, 40))})
    principal.locator("input[name=caption]").fill("领导小组文件")
    principal.locator("main form[enctype] button[type=submit]").click()
    expect(principal.get_by_role("link", name="领导小组文件")).to_be_visible()
    assert_accessible(principal)
    principal.goto(f"{base}/inspections/declarations/{declaration.pk}/self-assessment/")
    expect(principal.locator(f"#points-{items['1.1'].pk}")).to_have_value("38")
    principal.locator("#report").fill("本校对照细则逐项自查：制度健全，台账完整，晨检与留样规范，问题已整改。")
    principal.get_by_test_id("submit-assessment").click()
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED and declaration.self_score == Decimal("94")
    assert SelfEvidence.objects.filter(declaration=declaration).count() == 1
    expect(principal.get_by_test_id("self-assess")).to_have_count(0)  # locked

    # the review starts; an inspector scores the two item sources and the survey on the page
    bureau.goto(f"{base}{campaign.get_absolute_url()}")
    bureau.locator("form[action$='/review/'] button").click()
    expect(bureau.locator(".messages")).to_be_visible()
    review = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(review, live_server, "b_inspector")
    for source_number in (1, 2):
        review.goto(f"{base}{declaration.get_absolute_url()}")
        review.get_by_test_id(f"review-{source_number}").click()
        for code, points in (("1.1", "36"), ("1.2", "27"), ("2.1", "28")):
            review.locator(f"#points-{items[code].pk}").fill(points)
            review.locator(f"#m-{items[code].pk}-check").check()
        review.locator(f"#note-{items['V1'].pk}").fill("查阅台账，未发现事故")
        if source_number == 1:
            assert_accessible(review)
            fits_the_phone(review)
            review.locator(f"#points-{items['1.1'].pk}").fill("41")  # above the item's maximum
            review.get_by_test_id("save-review").click()
            expect(review.get_by_test_id("errors")).to_be_visible()
            review.locator(f"#points-{items['1.1'].pk}").fill("36")
        review.get_by_test_id("save-review").click()
        expect(review.get_by_test_id(f"review-{source_number}")).to_have_text(re.compile(r"\S"))
    review.get_by_test_id("review-3").click()
    review.locator("#overall_score").fill("95")
    review.get_by_test_id("save-review").click()
    review.get_by_test_id("complete-review").click()
    expect(review.get_by_test_id("final-score")).to_have_text("92.60")  # 91×30 % + 91×30 % + 95×40 %
    assert_accessible(review)

    # the far school's review: its open serious hazard vetoes it, shown with the link to the order
    review_all(far_declaration, inspector)
    review.goto(f"{base}{far_declaration.get_absolute_url()}")
    review.get_by_test_id("complete-review").click()
    far_declaration.refresh_from_db()
    assert far_declaration.grade == Grade.RECTIFY and far_declaration.vetoes[0]["kind"] == "serious_hazard"
    expect(review.get_by_test_id("result")).to_contain_text(far_declaration.vetoes[0]["detail"])

    # publishing: the title goes to the public honour roll, the vetoed school gets an order
    bureau.goto(f"{base}{campaign.get_absolute_url()}")
    bureau.locator("form[action$='/publish/'] button").click()
    expect(bureau.locator(".messages")).to_be_visible()
    title = Title.objects.get()
    assert title.school == county_world["own"] and title.name == "2026年度县级放心食堂"
    assert RectificationOrder.objects.filter(school=far, finding__contains=campaign.title).count() == 1

    parent = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    parent.goto(f"{base}/public/honours/")
    expect(parent.locator("main")).to_contain_text("北镇第一小学")
    expect(parent.locator("main")).not_to_contain_text("南镇中心学校")
    assert_accessible(parent)
    fits_the_phone(parent)
    parent.goto(f"{base}/public/schools/{county_world['own'].code}/")
    expect(parent.get_by_test_id("school-titles")).to_contain_text("2026年度县级放心食堂")
    assert_accessible(parent)

    # the principal reads the result on the phone
    principal.goto(f"{base}{declaration.get_absolute_url()}")
    expect(principal.get_by_test_id("final-score")).to_have_text("92.60")
    fits_the_phone(principal)
