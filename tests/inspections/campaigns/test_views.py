"""The campaign pages: scope, the self-assessment and review forms with bad input, query counts,
Excel import and export of rubrics, the result sheet PDF and the public honour roll."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from inspections.choices import DeclarationStatus, RubricStatus
from inspections.models import Declaration, ReviewSheet, Rubric, SelfScore, Title
from inspections.services import assessment, campaigns, rubrics
from tests import factories
from tests.inspections.campaigns.conftest import SOURCES, items, review_all
from tests.scoping import assert_found, assert_not_found


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_principal_never_sees_another_schools_declaration(client, submitted, principal_b, far_admin, staff_a):
    urls = [reverse("inspections:declaration_detail", args=[submitted.pk]),
            reverse("inspections:self_assessment", args=[submitted.pk]),
            reverse("inspections:result_sheet", args=[submitted.pk])]
    assert_not_found(client, principal_b, urls, methods=("get",))
    assert_not_found(client, far_admin, [urls[0], urls[2], reverse("inspections:campaign_detail", args=[submitted.campaign_id]),
                                                reverse("inspections:rubric_detail", args=[submitted.campaign.rubric_id])],
                     methods=("get",))
    source = submitted.campaign.sources.first()
    assert_not_found(client, far_admin, [reverse("inspections:review_sheet", args=[submitted.pk, source.pk])])
    client.force_login(principal_b)
    results = client.get(reverse("inspections:campaign_list")).content.decode()
    assert submitted.school.name not in results


def test_the_bureau_and_the_school_see_their_pages(client, submitted, principal_a, bureau_inspector, supervisor_a):
    detail = reverse("inspections:declaration_detail", args=[submitted.pk])
    assert_found(client, principal_a, [detail, reverse("inspections:campaign_detail", args=[submitted.campaign_id])])
    assert_found(client, bureau_inspector, [detail, reverse("inspections:campaign_results", args=[submitted.campaign_id]),
                                            reverse("inspections:rubric_list"), reverse("inspections:title_list"),
                                            reverse("inspections:vetofact_list"), reverse("inspections:plan_list"),
                                            reverse("inspections:risk_list")])
    assert_found(client, supervisor_a, [detail])


def test_schools_do_not_see_draft_campaigns_or_reviews_before_publishing(client, rubric, county, bureau_admin,
                                                                        submitted, bureau_inspector, principal_a):
    draft = campaigns.campaign_save(campaign=type(submitted.campaign)(
        county=county, rubric=rubric, title="草稿活动", year=2026, declare_by=timezone.localdate(),
        self_assess_by=timezone.localdate(), review_by=timezone.localdate()),
        sources=SOURCES, acting_user=bureau_admin)
    review_all(submitted, bureau_inspector)
    assert_not_found(client, principal_a, [reverse("inspections:campaign_detail", args=[draft.pk])], methods=("get",))
    page = client.get(reverse("inspections:declaration_detail", args=[submitted.pk])).content.decode()
    assert "整体规范" not in page and 'data-testid="result"' not in page  # the review's notes stay with the bureau


def test_self_assessment_form_refuses_bad_scores_and_keeps_what_was_typed(client, declaration, principal_a):
    by_code = items(declaration.campaign.rubric)
    client.force_login(principal_a)
    url = reverse("inspections:self_assessment", args=[declaration.pk])
    data = {f"points-{by_code['1.1'].pk}": "45", f"evidence-{by_code['1.1'].pk}": "<script>alert(1)</script>",
            f"points-{by_code['1.2'].pk}": "abc", "report": "报告"}
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "1.2" in page and "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert not SelfScore.objects.exists()
    data[f"points-{by_code['1.2'].pk}"] = "20"
    response = client.post(url, data)
    assert response.status_code == 422 and "40" in response.content.decode()  # "at most 40 points"
    data[f"points-{by_code['1.1'].pk}"] = "35.5"
    assert client.post(url, data).status_code == 302
    assert SelfScore.objects.get(item=by_code["1.1"]).evidence == "<script>alert(1)</script>"
    declaration.refresh_from_db()
    assert declaration.self_score == Decimal("55.5") and declaration.status == DeclarationStatus.ACCEPTED


def test_submitting_from_the_form_locks_it(client, declaration, principal_a):
    by_code = items(declaration.campaign.rubric)
    client.force_login(principal_a)
    url = reverse("inspections:self_assessment", args=[declaration.pk])
    data = {f"points-{by_code[c].pk}": p for c, p in (("1.1", "38"), ("1.2", "28"), ("2.1", "29"))}
    data.update({"report": "本校对照细则逐项自查，制度健全，台账完整，问题已整改。", "submit": "1"})
    assert client.post(url, data).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED and declaration.self_score == Decimal("95")
    response = client.post(url, {**data, f"points-{by_code['1.1'].pk}": "1"})
    assert response.status_code == 422
    assert SelfScore.objects.get(item=by_code["1.1"]).points == Decimal("38")


def test_the_review_form_recomputes_and_shows_errors(client, submitted, bureau_inspector):
    by_code = items(submitted.campaign.rubric)
    leaders = submitted.campaign.sources.get(name="领导小组")
    client.force_login(bureau_inspector)
    url = reverse("inspections:review_sheet", args=[submitted.pk, leaders.pk])
    assert client.get(url).status_code == 200
    data = {f"points-{by_code['1.1'].pk}": "36", f"points-{by_code['1.2'].pk}": "31",
            f"points-{by_code['2.1'].pk}": "28", f"methods-{by_code['1.1'].pk}": ["look", "check"],
            "score": "100", "notes": "ok"}
    response = client.post(url, data)
    assert response.status_code == 422 and not ReviewSheet.objects.exists()
    data[f"points-{by_code['1.2'].pk}"] = "27"
    assert client.post(url, data).status_code == 302
    sheet = ReviewSheet.objects.get()
    assert sheet.score == Decimal("91.00")  # the posted "score" is ignored
    assert sheet.scores.get(item=by_code["1.1"]).methods == ["look", "check"]


def test_a_principal_cannot_review(client, submitted, principal_a):
    source = submitted.campaign.sources.first()
    client.force_login(principal_a)
    assert client.get(reverse("inspections:review_sheet", args=[submitted.pk, source.pk])).status_code == 403


def test_evidence_upload_refuses_a_forged_file(client, declaration, principal_a, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = items(declaration.campaign.rubric)["1.1"]
    client.force_login(principal_a)
    url = reverse("inspections:evidence", args=[declaration.pk, item.pk])
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(url, {"file": fake, "caption": "照片"})
    assert response.status_code == 422
    assert not declaration.evidence_files.exists()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"file": pdf, "caption": "制度"}).status_code == 302
    evidence = declaration.evidence_files.get()
    file_url = reverse("core:protected_file", args=["inspections", "selfevidence", evidence.pk, "file"])
    assert client.get(file_url).status_code == 200


@pytest.mark.parametrize("url_name", ["inspections:campaign_list", "inspections:rubric_list", "inspections:title_list",
                                      "inspections:vetofact_list"])
def test_list_query_counts_do_not_grow(client, campaign, bureau_inspector, township_a, campaign_type, url_name):
    client.force_login(bureau_inspector)

    def title():
        school = factories.SchoolFactory(township=township_a)
        Title.objects.create(school=school, campaign_type=campaign_type, name="2026年度县级放心食堂", level="county",
                             year=2026, awarded_at=timezone.now())

    title()
    small = count_queries(client, reverse(url_name))
    for n in range(6):
        school = factories.SchoolFactory(township=township_a)
        Title.objects.create(school=school, campaign_type=campaign_type, name="2026年度县级放心食堂", level="county",
                             year=2026, awarded_at=timezone.now())
    assert count_queries(client, reverse(url_name)) == small


def test_results_query_count_does_not_grow(client, campaign, bureau_admin, bureau_inspector, township_a):
    client.force_login(bureau_inspector)
    url = reverse("inspections:campaign_results", args=[campaign.pk])
    Declaration.objects.create(campaign=campaign, school=factories.SchoolFactory(township=township_a),
                               declared_by=bureau_admin)
    small = count_queries(client, url)
    for n in range(6):
        school = factories.SchoolFactory(township=township_a)
        Declaration.objects.create(campaign=campaign, school=school, declared_by=bureau_admin)
    assert count_queries(client, url) == small


def test_the_declaration_page_query_count_does_not_grow_with_evidence(client, submitted, principal_a):
    client.force_login(principal_a)
    url = reverse("inspections:declaration_detail", args=[submitted.pk])
    small = count_queries(client, url)
    for item in submitted.campaign.rubric.items.all():
        submitted.evidence_files.create(item=item, file="x.pdf", caption="c", uploaded_by=principal_a)
    assert count_queries(client, url) == small


def test_a_bound_item_shows_its_ledger_figure(client, declaration, principal_a):
    client.force_login(principal_a)
    page = client.get(reverse("inspections:self_assessment", args=[declaration.pk])).content.decode()
    assert 'data-testid="figure-morning_checks"' in page and "/canteens/checks/" in page


# --- rubrics to and from Excel ---------------------------------------------------------------------


def test_a_rubric_exported_imports_back_into_a_new_draft(client, rubric, bureau_admin):
    client.force_login(bureau_admin)
    exported = client.get(reverse("inspections:rubric_export", args=[rubric.pk]))
    assert exported.status_code == 200
    draft = rubrics.rubric_new_version(rubric=rubric, acting_user=bureau_admin)
    rubrics.rubric_item_delete(item=draft.items.get(code="2.1"), acting_user=bureau_admin)
    upload = io.BytesIO(exported.content)
    upload.name = "rubric.xlsx"
    response = client.post(reverse("inspections:rubric_import", args=[draft.pk]), {"file": upload})
    assert response.status_code == 200
    assert sorted(draft.items.values_list("code", "max_points", "is_veto")) == sorted(
        rubric.items.values_list("code", "max_points", "is_veto"))
    assert draft.items.get(code="1.2").ledger_figure == "morning_checks"


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["部分", "编号", "评分项目", "分值", "评分标准", "佐证材料", "否决项", "关联台账指标"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "rubric.xlsx"
    return buffer


def test_a_bad_rubric_sheet_is_refused_whole_and_the_draft_is_kept(client, rubric, bureau_admin):
    draft = rubrics.rubric_new_version(rubric=rubric, acting_user=bureau_admin)
    before = sorted(draft.items.values_list("code", flat=True))
    client.force_login(bureau_admin)
    response = client.post(reverse("inspections:rubric_import", args=[draft.pk]), {"file": _workbook([
        ["一、管理", "1.1", "制度健全", "20", "", "", "否", ""],
        ["一、管理", "1.2", "分值过大", "500", "", "", "否", ""],
        ["一、管理", "1.1", "编号重复", "10", "", "", "否", ""],
        ["二、过程", "2.1", "没有分值", "", "", "", "否", ""],
    ])})
    assert response.status_code == 422
    page = response.content.decode()
    assert "3" in page and "4" in page  # row numbers of the report
    assert sorted(draft.items.values_list("code", flat=True)) == before


def test_a_rubric_in_use_cannot_be_imported_into(client, rubric, bureau_admin):
    client.force_login(bureau_admin)
    response = client.post(reverse("inspections:rubric_import", args=[rubric.pk]), {"file": _workbook([
        ["一、管理", "1.1", "制度健全", "100", "", "", "否", ""]])})
    assert response.status_code == 302
    assert rubric.items.count() == 4 and Rubric.objects.get(pk=rubric.pk).status == RubricStatus.ACTIVE


# --- results: PDF sheet, publishing, honour roll ------------------------------------------------------


@pytest.fixture
def published(campaign, submitted, bureau_inspector, bureau_admin):
    declaration = review_all(submitted, bureau_inspector)
    assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    campaigns.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)
    declaration.refresh_from_db()
    return declaration


def test_the_result_sheet_is_a_pdf_once_published(client, published, principal_a):
    client.force_login(principal_a)
    response = client.get(reverse("inspections:result_sheet", args=[published.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    page = client.get(reverse("inspections:declaration_detail", args=[published.pk])).content.decode()
    assert 'data-testid="final-score">92.60<' in page


def test_the_ranking_exports_to_excel(client, published, bureau_inspector):
    client.force_login(bureau_inspector)
    response = client.get(reverse("inspections:campaign_results", args=[published.campaign_id]), {"_export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert rows[1][0] == published.school.name
    assert Decimal(str(rows[1][header.index("综合得分")])) == Decimal("92.60")


def test_the_honour_roll_shows_titles_in_force_only(client, published, bureau_inspector, school_b, campaign_type):
    revoked = Title.objects.create(school=school_b, campaign_type=campaign_type, name="2026年度县级放心食堂",
                                   level="county", year=2026, awarded_at=timezone.now(), revoked_at=timezone.now(),
                                   revoke_reason="复查不合格")
    cache.clear()
    client.logout()
    page = client.get(reverse("public:honours")).content.decode()
    assert published.school.name in page and revoked.school.name not in page
    assert client.get(reverse("public:honours"), {"year": "abcd", "q": "<script>"}).status_code == 200


def test_the_schools_public_page_follows_award_and_revocation(client, campaign, submitted, bureau_inspector,
                                                             bureau_admin, django_capture_on_commit_callbacks):
    from inspections.models import Recheck
    from inspections.services import titles

    cache.clear()
    url = reverse("public:school", args=[submitted.school.code])
    assert 'data-testid="school-titles"' not in client.get(url).content.decode()  # now cached without a title
    declaration = review_all(submitted, bureau_inspector)
    assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    campaigns.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)
    page = client.get(url).content.decode()
    assert 'data-testid="school-titles"' in page and "2026年度县级放心食堂" in page
    with django_capture_on_commit_callbacks(execute=True):
        titles.recheck_record(recheck=Recheck(title=Title.objects.get(), date=timezone.localdate(), passed=False,
                                              findings="留样缺失"), acting_user=bureau_inspector)
    assert "2026年度县级放心食堂" not in client.get(url).content.decode()


def test_plan_draw_page_and_rerun(client, bureau_admin, school_a, school_b):
    client.force_login(bureau_admin)
    month = timezone.localdate().strftime("%Y-%m")
    response = client.post(reverse("inspections:plan_create"), {"month": month, "by_risk": "1", "at_random": "1",
                                                               "seed": "seed-1"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "seed-1" in page and 'data-testid="rerun"' in page and "alert-success" in page
    again = client.post(reverse("inspections:plan_create"), {"month": month, "by_risk": "1", "at_random": "1"})
    assert again.status_code == 200  # the month is drawn already: shown on the form


def test_campaign_form_checks_the_weights(client, rubric, bureau_admin):
    client.force_login(bureau_admin)
    today = timezone.localdate()
    data = {"rubric": rubric.pk, "title": "新活动", "year": "2026", "declare_by": today + dt.timedelta(days=3),
            "self_assess_by": today + dt.timedelta(days=6), "review_by": today + dt.timedelta(days=9), "notice": "",
            "sources-TOTAL_FORMS": "4", "sources-INITIAL_FORMS": "0", "sources-MIN_NUM_FORMS": "4",
            "sources-MAX_NUM_FORMS": "6",
            "sources-0-name": "甲", "sources-0-weight": "50", "sources-0-mode": "items",
            "sources-1-name": "乙", "sources-1-weight": "30", "sources-1-mode": "overall",
            "sources-2-name": "", "sources-2-weight": "", "sources-2-mode": "items",
            "sources-3-name": "", "sources-3-weight": "", "sources-3-mode": "items"}
    response = client.post(reverse("inspections:campaign_create"), data)
    assert response.status_code == 200 and "100" in response.content.decode()
    data["sources-1-weight"] = "50"
    assert client.post(reverse("inspections:campaign_create"), data).status_code == 302
