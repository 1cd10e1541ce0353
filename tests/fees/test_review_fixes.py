"""Hostile cases found in review: each was a defect, each is now a behaviour."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from fees import services
from fees.choices import NoticeStatus
from fees.documents import render_notice_board_pdf
from fees.models import FeeNotice, FeeItem, Settlement, SettlementLine
from fees.selectors import notice_items
from tests.fees.conftest import add_item


def approve(notice, principal, bureau):
    services.fee_notice_submit(notice=notice, acting_user=principal)
    return services.fee_notice_approve(notice=notice, acting_user=bureau)


def test_a_catalogue_change_after_approval_changes_nothing_printed(
    client, draft, principal_a, bureau_admin, catalogue, django_capture_on_commit_callbacks, tmp_path
):
    approve(draft, principal_a, bureau_admin)
    digest = FeeNotice.objects.get(pk=draft.pk).digest
    catalogue["milk"].name = "课间餐"
    catalogue["milk"].save()
    catalogue["policy"].title = "改过的标题"
    catalogue["policy"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=draft, acting_user=bureau_admin)
    notice = FeeNotice.objects.get(pk=draft.pk)
    assert notice.status == NoticeStatus.PUBLISHED and notice.digest == digest
    assert services.fee_notice_digest(notice) == digest
    cache.clear()
    body = client.get(reverse("public:school", args=[notice.school.code])).content.decode()
    assert "学生饮用奶" in body and "课间餐" not in body and "改过的标题" not in body
    import subprocess

    path = tmp_path / "b.pdf"
    path.write_bytes(render_notice_board_pdf(notice, notice_items(notice)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "学生饮用奶" in text and "课间餐" not in text


def test_an_approved_notice_can_be_returned_and_is_unsealed(draft, principal_a, bureau_admin, catalogue):
    approve(draft, principal_a, bureau_admin)
    services.fee_notice_return(notice=draft, reason="类别名称已调整，请重新确认", acting_user=bureau_admin)
    notice = FeeNotice.objects.get(pk=draft.pk)
    assert notice.status == NoticeStatus.RETURNED and notice.digest == ""
    assert not notice.items.exclude(sealed_category="").exists()


def test_publication_runs_the_checks_again(draft, principal_a, bureau_admin, catalogue):
    approve(draft, principal_a, bureau_admin)
    catalogue["milk"].caps.update(max_amount=Decimal("100"))
    with pytest.raises(ValidationError):
        services.fee_notice_publish(notice=draft, acting_user=bureau_admin)
    assert FeeNotice.objects.get(pk=draft.pk).status == NoticeStatus.APPROVED


@pytest.mark.parametrize("name", ["补 课费", "补\u200b课费", "補課費", "补课-费", "ＢＵ补课费"])
def test_forbidden_items_are_found_through_spacing_invisible_characters_and_traditional_script(
    draft, catalogue, name
):
    item = FeeItem(notice=draft, category=catalogue["milk"], name=name, amount=Decimal("1"), unit="per_term")
    assert "forbidden_item" in [f.code for f in services.fee_notice_preview_findings(draft, [item])]


def test_hostile_board_sizes_are_404_and_pdfs_fetch_no_urls(client, published, principal_a):
    client.force_login(principal_a)
    hostile = "A4;}body{background:url(http:\\00002f\\00002f127.0.0.1:9\\00002fx)}"
    assert client.get(f"/fees/notices/{published.pk}/board-{hostile}.pdf").status_code == 404
    assert client.get(reverse("fees:notice_board", args=[published.pk, "A5"])).status_code == 404
    from houqin.core.pdf import local_url_fetcher

    for url in ("http://127.0.0.1:1/secret", "file:///etc/passwd", "https://example.com/x.png"):
        with pytest.raises(ValueError):
            local_url_fetcher(url)


def test_a_forged_settlement_line_id_is_ignored(client, published, roster, principal_a, catalogue, school_b):
    milk = catalogue["milk"]
    settlement = Settlement.objects.get(school=published.school, category=milk)
    other = Settlement.objects.create(school=published.school, term=published.term, category=catalogue["uniform"],
                                      due_date=published.term.end_date)
    foreign = SettlementLine.objects.create(settlement=other, student=roster[0], collected=1, spent=1, refund=0)
    client.force_login(principal_a)
    data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
            "form-0-id": foreign.pk, "form-0-collected": "999", "form-0-spent": "0"}
    response = client.post(settlement.get_absolute_url(), data)
    assert response.status_code in (302, 422)
    foreign.refresh_from_db()
    assert foreign.collected == Decimal("1.00")


def test_paper_receipts_without_a_published_notice_get_a_message(client, draft, roster, principal_a):
    client.force_login(principal_a)
    response = client.post(reverse("fees:class_detail", args=[roster[0].school_class_id]), {"x": "1"}, follow=True)
    assert response.status_code == 200 and "公示发布后才能登记纸质回执" in response.content.decode()


@pytest.mark.parametrize("url", ["/fees/missing/?term=abc", "/fees/missing/?term=%C2%B2", "/fees/missing/?term=99999"])
def test_bad_term_parameters_do_not_fail(client, bureau_admin, term, url):
    client.force_login(bureau_admin)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("query", ["q=%00", "township=%C2%B2", "q=%F0%9F%98%80", "township=99999999999999999999"])
def test_hostile_directory_queries_do_not_fail(client, school_a, query):
    assert client.get(f"/public/?{query}").status_code == 200


def test_control_characters_are_dropped_and_exports_still_open(client, draft, principal_a, bureau_admin, catalogue):
    client.force_login(principal_a)
    data = {"category": catalogue["milk"].pk, "name": "资料\x01费\u200b", "amount": "250", "unit": "per_term",
            "scope": "全体\x07学生", "is_voluntary": "on", "collection_method": "separate"}
    assert client.post(reverse("fees:item_create", args=[draft.pk]), data).status_code == 302
    item = draft.items.get(name="资料费")
    assert item.scope == "全体学生"
    client.force_login(bureau_admin)
    export = client.get(reverse("fees:findings"), {"_export": "xlsx"})
    assert export.status_code == 200


def test_the_settlement_spreadsheet_never_holds_a_formula(client, published, roster, principal_a, catalogue):
    roster[0].name = '=HYPERLINK("http://evil","x")'
    roster[0].save()
    services.consent_record_paper(student=roster[0], notice=published, choices={catalogue["milk"].pk: "in"},
                                  acting_user=principal_a)
    settlement = Settlement.objects.get(school=published.school, category=catalogue["milk"])
    services.settlement_lines_prepare(settlement=settlement, acting_user=principal_a)
    client.force_login(principal_a)
    xlsx = client.get(settlement.get_absolute_url(), {"export": "xlsx"})
    sheet = zipfile.ZipFile(io.BytesIO(xlsx.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def test_the_school_cannot_change_the_bureau_phone_or_hotline(client, draft, principal_a):
    client.force_login(principal_a)
    response = client.post(reverse("fees:notice_update", args=[draft.pk]), {
        "school_phone": "0710-1111111", "bureau_phone": "0710-1111111", "price_hotline": "0710-1111111"})
    assert response.status_code == 302
    notice = FeeNotice.objects.get(pk=draft.pk)
    assert notice.school_phone == "0710-1111111"
    assert notice.bureau_phone == draft.school.township.county.complaint_phone and notice.price_hotline == "12358"


@pytest.mark.parametrize("deadline", ["1900-01-01", "2027-06-01"])
def test_the_consent_deadline_must_fall_in_the_term(client, draft, principal_a, deadline):
    client.force_login(principal_a)
    response = client.post(reverse("fees:notice_update", args=[draft.pk]),
                           {"school_phone": draft.school_phone, "consent_deadline": deadline})
    assert response.status_code == 200 and "截止日期必须在本学期内" in response.content.decode()
    assert FeeNotice.objects.get(pk=draft.pk).consent_deadline is None


def test_a_notice_is_started_only_for_a_current_or_coming_term(client, principal_a, term, old_term, catalogue):
    client.force_login(principal_a)
    response = client.post(reverse("fees:notice_start"), {"term": old_term.pk})
    assert response.status_code == 200 and not FeeNotice.objects.exists()


def test_the_full_64_character_digest_verifies(client, published):
    body = client.get(reverse("public:verify"), {"digest": published.digest}).content.decode()
    assert "现行公示（第 1 版）一致" in body
