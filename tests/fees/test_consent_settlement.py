"""Paper and online consent end in one record; the per-class tally; term settlement (多退少不补)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fees import selectors, services
from fees.choices import ConsentChoice, ConsentSource, SettlementStatus
from fees.models import Consent, Settlement


def test_paper_slips_through_the_roster_and_online_answers_merge_into_one_tally(
    client, published, roster, principal_a, catalogue
):
    milk, meals = catalogue["milk"], catalogue["meals"]
    first_class = roster[0].school_class
    services.consent_record_online(code=roster[0].code, notice=published,
                                   choices={milk.pk: "in", meals.pk: "out"})
    client.force_login(principal_a)
    data = {f"s{roster[1].pk}-c{milk.pk}": "in", f"s{roster[1].pk}-c{meals.pk}": "in",
            f"s{roster[0].pk}-c{milk.pk}": "in", f"s{roster[0].pk}-c{meals.pk}": "out"}
    response = client.post(reverse("fees:class_detail", args=[first_class.pk]), data)
    assert response.status_code == 302
    online = Consent.objects.get(student=roster[0], category=milk)
    assert online.source == ConsentSource.ONLINE, "the same answer on paper leaves the online record alone"
    assert Consent.objects.get(student=roster[1], category=milk).source == ConsentSource.PAPER
    tally = {(c["school_class"].pk, c["category"].pk): c
             for c in selectors.consent_tally(school=published.school, term=published.term,
                                              categories=selectors.voluntary_categories(published))}
    cell = tally[(first_class.pk, milk.pk)]
    assert (cell["students"], cell["in_online"], cell["in_paper"], cell["opted_in"], cell["not_returned"]) == (3, 1, 1, 2, 1)
    page = client.get(reverse("fees:notice_consent", args=[published.pk])).content.decode()
    assert "各班选择情况" in page and first_class.name in page


def test_a_later_paper_slip_that_says_otherwise_wins_and_history_keeps_both(published, roster, principal_a, catalogue):
    milk = catalogue["milk"]
    services.consent_record_online(code=roster[0].code, notice=published,
                                   choices={milk.pk: "in", catalogue["meals"].pk: "in"})
    services.consent_record_paper(student=roster[0], notice=published, choices={milk.pk: "out"},
                                  acting_user=principal_a)
    consent = Consent.objects.get(student=roster[0], category=milk)
    assert (consent.choice, consent.source) == (ConsentChoice.OPT_OUT, ConsentSource.PAPER)
    assert list(consent.history.order_by("history_date").values_list("choice", flat=True)) == ["in", "out"]


def test_paper_consent_refuses_a_category_outside_the_notice(published, roster, principal_a, catalogue):
    with pytest.raises(ValidationError):
        services.consent_record_paper(student=roster[0], notice=published, choices={catalogue["dorm"].pk: "in"},
                                      acting_user=principal_a)


def test_receipt_scans_are_archived_and_served_only_in_scope(client, published, roster, principal_a, principal_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.test_uploads import png_bytes

    client.force_login(principal_a)
    url = reverse("fees:class_detail", args=[roster[0].school_class_id])
    response = client.post(url, {"upload_scan": "1", "note": "第一批",
                                 "scan": SimpleUploadedFile("scan.jpg", png_bytes(), content_type="image/jpeg")})
    assert response.status_code == 302
    scan = roster[0].school_class.receipt_scans.get()
    file_url = reverse("core:protected_file", args=["fees", "receiptscan", scan.pk, "scan"])
    assert client.get(file_url).status_code == 200
    client.force_login(principal_b)
    assert client.get(file_url).status_code == 404


def test_refund_is_the_surplus_never_a_charge():
    assert services.refund_due(Decimal("180"), Decimal("150.50")) == Decimal("29.50")
    assert services.refund_due(Decimal("180"), Decimal("200")) == Decimal("0")


def test_settlement_lines_for_opted_in_students_then_reported_and_locked(client, published, roster, principal_a,
                                                                        catalogue, staff_a):
    milk = catalogue["milk"]
    for student in roster[:2]:
        services.consent_record_paper(student=student, notice=published, choices={milk.pk: "in"},
                                      acting_user=principal_a)
    settlement = Settlement.objects.get(school=published.school, category=milk)
    assert services.settlement_lines_prepare(settlement=settlement, acting_user=principal_a) == 2
    assert services.settlement_lines_prepare(settlement=settlement, acting_user=principal_a) == 0
    assert {line.collected for line in settlement.lines.all()} == {Decimal("180.00")}
    client.force_login(principal_a)
    lines = list(settlement.lines.order_by("pk"))
    data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000}
    for index, line in enumerate(lines):
        data.update({f"form-{index}-id": line.pk, f"form-{index}-collected": "180.00",
                     f"form-{index}-spent": ["150.00", "190.00"][index]})
    assert client.post(settlement.get_absolute_url(), data).status_code == 302
    assert [line.refund for line in settlement.lines.order_by("pk")] == [Decimal("30.00"), Decimal("0.00")]
    bad = {**data, "form-0-spent": "-1"}
    assert client.post(settlement.get_absolute_url(), bad).status_code == 422
    with pytest.raises(Exception):
        services.settlement_submit(settlement=settlement, acting_user=staff_a)
    assert client.post(settlement.get_absolute_url(), {"submit": "1"}).status_code == 302
    settlement.refresh_from_db()
    assert settlement.status == SettlementStatus.SUBMITTED and settlement.submitted_by == principal_a
    line = settlement.lines.first()
    line.spent = Decimal("0")
    with pytest.raises(ValidationError):
        services.settlement_line_save(line=line, acting_user=principal_a)


def test_settlement_report_as_excel_and_pdf(client, published, principal_a, catalogue, tmp_path):
    settlement = Settlement.objects.get(school=published.school, category=catalogue["milk"])
    client.force_login(principal_a)
    xlsx = client.get(settlement.get_absolute_url(), {"export": "xlsx"})
    assert xlsx.status_code == 200 and "filename*=utf-8''" in xlsx["Content-Disposition"]
    from tests.scoping import export_rows

    assert export_rows(xlsx)[0][0].startswith(published.school.name)
    pdf = client.get(settlement.get_absolute_url(), {"export": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_overdue_settlements_are_flagged_to_the_bureau(client, published, bureau_admin, catalogue):
    import datetime as dt

    Settlement.objects.filter(category=catalogue["milk"]).update(due_date=dt.date(2020, 1, 1))
    client.force_login(bureau_admin)
    page = client.get(reverse("fees:settlement_list"), {"overdue": "true"}).content.decode()
    assert "学生饮用奶" in page and "伙食费" not in page
