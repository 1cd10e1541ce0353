"""Hostile-review probes: each test PASSES when the defect is present."""

import http.server
import threading
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
import io

from fees import services
from fees.choices import NoticeStatus
from fees.models import FeeCategory, FeeNotice, PolicyDocument, Settlement, SettlementLine, SchoolClass, Student
from fees.services.boards import notice_boards_render
from tests import factories
from tests.fees.conftest import add_item


def c500(user=None):
    client = Client(raise_request_exception=False)
    if user:
        client.force_login(user)
    return client


def _settlement_with_lines(published, roster, principal_a, catalogue):
    settlement = Settlement.objects.get(school=published.school, category=catalogue["milk"])
    services.consent_record_paper(student=roster[0], notice=published, choices={catalogue["milk"].pk: "in"},
                                  acting_user=principal_a)
    services.settlement_lines_prepare(settlement=settlement, acting_user=principal_a)
    return settlement


def test_forged_line_id_from_another_settlement_is_500(published, roster, principal_a, catalogue):
    mine = _settlement_with_lines(published, roster, principal_a, catalogue)
    other = Settlement.objects.get(school=published.school, category=catalogue["meals"])
    services.consent_record_paper(student=roster[1], notice=published, choices={catalogue["meals"].pk: "in"},
                                  acting_user=principal_a)
    services.settlement_lines_prepare(settlement=other, acting_user=principal_a)
    foreign = other.lines.first()
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "form-0-id": str(foreign.pk), "form-0-collected": "1.00",
            "form-0-spent": "0.00"}
    response = c500(principal_a).post(reverse("fees:settlement_detail", args=[mine.pk]), data)
    assert response.status_code == 500


def test_paper_receipts_post_without_published_notice_is_500(roster, principal_a):
    school_class = roster[0].school_class
    response = c500(principal_a).post(reverse("fees:class_detail", args=[school_class.pk]), {})
    assert response.status_code == 500


def test_missing_notices_bad_term_param_is_500(bureau_inspector, term):
    response = c500(bureau_inspector).get(reverse("fees:missing_notices") + "?term=abc")
    assert response.status_code == 500


def test_approved_notice_is_stuck_after_catalogue_edit(draft, principal_a, bureau_inspector, bureau_admin,
                                                        catalogue, client):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_approve(notice=draft, acting_user=bureau_inspector)
    policy = catalogue["policy"]
    policy.title = "收费管理通知（修订）"
    services.catalogue_entry_save(entry=policy, acting_user=bureau_admin)
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        services.fee_notice_publish(notice=draft, acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        services.fee_notice_return(notice=draft, reason="重审", acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        services.fee_notice_approve(notice=draft, acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        services.fee_notice_start(school=draft.school, term=draft.term, acting_user=principal_a)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.APPROVED  # no way out


def test_published_content_changes_without_new_version(published, catalogue, bureau_admin, client):
    digest = published.digest
    milk = catalogue["milk"]
    milk.name = "课间餐"  # renamed by the bureau after publication
    services.catalogue_entry_save(entry=milk, acting_user=bureau_admin)
    notice_boards_render(published.pk, force=True)  # e.g. the bureau's batch
    published.refresh_from_db()
    assert published.digest == digest  # board still carries the old digest ...
    assert services.fee_notice_digest(published) != digest  # ... but no longer matches what is printed
    page = client.get(reverse("public:notice_version", args=[published.school.code, published.term_id, 1]))
    assert "课间餐" in page.content.decode()


def test_board_size_unvalidated_and_css_injected(published, principal_a):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    FeeNotice.objects.filter(pk=published.pk).update(board_digest="")  # boards not built yet (worker busy)
    size = "A4;}body{background:url(http:\\00002f\\00002f127.0.0.1:%d\\00002fssrf)}" % port
    response = c500(principal_a).get(f"/fees/notices/{published.pk}/board-{size}.pdf")
    server.shutdown()
    assert response.status_code == 200
    assert hits == ["/ssrf"]


def test_control_char_in_item_name_breaks_findings_export(draft, principal_a, bureau_inspector, catalogue):
    add_item(draft, catalogue["nopolicy"], "资料\x01费", "10.00", user=principal_a)  # finding: policy missing
    response = c500(bureau_inspector).get(reverse("fees:findings") + "?_export=xlsx")
    assert response.status_code == 500


def test_settlement_export_formula_injection(published, roster, principal_a, catalogue):
    student = roster[0]
    student.name = "=HYPERLINK(\"http://x\",\"点我\")"
    services.student_save(student=student, acting_user=principal_a)
    settlement = _settlement_with_lines(published, roster, principal_a, catalogue)
    response = c500(principal_a).get(reverse("fees:settlement_detail", args=[settlement.pk]) + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and cells[0].data_type == "f"


def test_school_may_replace_bureau_phone_and_hotline(draft, principal_a, client):
    client.force_login(principal_a)
    response = client.post(reverse("fees:notice_update", args=[draft.pk]), {
        "school_phone": "0710-1234567", "bureau_phone": "0710-1234567", "price_hotline": "0710-1234567",
        "consent_deadline": "1900-01-01", "remarks": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.price_hotline == "0710-1234567" and draft.findings_count == 0


@pytest.mark.parametrize("qs", ["?page=abc", "?page=-1", "?page=999999", "?status=bogus", "?term=abc",
                                "?term=99999999999999999999", "?sort=nonexistent", "?township=x"])
def test_list_params(published, bureau_inspector, qs):
    for name in ("notice_list", "findings", "settlement_list", "missing_notices"):
        if name == "missing_notices" and "term" in qs:
            continue
        response = c500(bureau_inspector).get(reverse(f"fees:{name}") + qs)
        assert response.status_code < 500, (name, qs)


@pytest.mark.parametrize("path", [
    "/public/schools/２１４２０００００１/", "/public/schools/" + "9" * 500 + "/",
    "/public/schools/2142000001/notices/99999999999999999999/1/",
    "/public/schools/2142000001/notices/1/99999999999/",
    "/public/schools/2142000001/notices/1/1/board-A5.pdf",
    "/public/verify/?digest=" + "f" * 40, "/public/verify/?digest=%00",
    "/public/consent/?code=%F0%9F%98%80", "/public/consent/?code=" + "Ａ" * 8,
    "/public/settlement/?code=---", "/public/?page=-5&township=abc", "/public/?q=%00",
])
def test_public_hostile_get(published, path):
    response = c500().get(path)
    assert response.status_code < 500, path
