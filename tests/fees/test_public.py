"""The public pages: no sign-in, only published data, no personal data, verification and consent."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from fees import services
from fees.choices import ConsentChoice, ConsentSource, NoticeStatus
from fees.models import Consent, FeeNotice
from tests.fees.conftest import add_item


def page(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.content.decode()


def test_directory_searches_by_name_code_and_township(client, school_a, school_b, township_b):
    status, body = page(client, reverse("public:directory"), q="甲镇第一")
    assert status == 200 and school_a.name in body and school_b.name not in body
    assert school_b.name in page(client, reverse("public:directory"), q=school_b.code[:9])[1]
    body = page(client, reverse("public:directory"), township=township_b.pk)[1]
    assert school_b.name in body and school_a.name not in body


def test_a_draft_is_never_public(client, draft):
    cache.clear()
    status, body = page(client, reverse("public:school", args=[draft.school.code]))
    assert status == 200
    assert "学生饮用奶" not in body and "尚未发布收费公示" in body
    url = reverse("public:notice_version", args=[draft.school.code, draft.term_id, draft.version])
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:notice_board", args=[draft.school.code, draft.term_id, 1, "A4"])).status_code == 404


@pytest.mark.parametrize("status", [NoticeStatus.SUBMITTED, NoticeStatus.RETURNED, NoticeStatus.APPROVED])
def test_notices_in_review_are_not_public(client, draft, status):
    FeeNotice.objects.filter(pk=draft.pk).update(status=status, digest="a" * 64)
    cache.clear()
    assert "学生饮用奶" not in page(client, reverse("public:school", args=[draft.school.code]))[1]
    assert page(client, reverse("public:verify"), digest="AAAA-AAAA-AAAA")[0] == 200
    assert "没有与此核验码一致" in page(client, reverse("public:verify"), digest="AAAA-AAAA-AAAA")[1]


def test_the_published_notice_and_its_history_are_public_without_personal_data(
    client, published, principal_a, bureau_admin, roster, django_capture_on_commit_callbacks
):
    v2 = services.fee_notice_correct(notice=published, reason="更正说明文字", acting_user=principal_a)
    services.fee_notice_submit(notice=v2, acting_user=principal_a)
    services.fee_notice_approve(notice=v2, acting_user=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=v2, acting_user=bureau_admin)
    school = published.school
    status, body = page(client, reverse("public:school", args=[school.code]))
    assert status == 200
    assert "学生饮用奶" in body and "现行第 2 版" in body and "更正说明文字" in body
    assert reverse("public:notice_version", args=[school.code, published.term_id, 1]) in body
    for private in (principal_a.full_name, principal_a.username, principal_a.phone or "13", school.principal_name,
                    roster[0].name, roster[0].code):
        assert private not in body, private
    status, old = page(client, reverse("public:notice_version", args=[school.code, published.term_id, 1]))
    assert status == 200 and "此版本已被替代" in old


def test_unknown_or_malformed_school_codes_are_404(client, db):
    for code in ("2142999999", "12345", "abcdefghij", "２１４２０００００１"):
        assert client.get(f"/public/schools/{code}/").status_code == 404


def test_the_public_page_is_cached_and_forgotten_on_publication(client, draft, principal_a, bureau_admin,
                                                                 django_capture_on_commit_callbacks):
    cache.clear()
    url = reverse("public:school", args=[draft.school.code])
    assert "尚未发布" in page(client, url)[1]
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_approve(notice=draft, acting_user=bureau_admin)
    assert "尚未发布" in page(client, url)[1], "served from the cache until something is published"
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=draft, acting_user=bureau_admin)
    assert "学生饮用奶" in page(client, url)[1]


def test_verification_of_current_stale_and_forged_digests(client, published, principal_a, bureau_admin,
                                                           django_capture_on_commit_callbacks):
    current_digest = published.short_digest
    body = page(client, reverse("public:verify"), digest=current_digest.lower().replace("-", " "))[1]
    assert "现行公示（第 1 版）一致" in body
    v2 = services.fee_notice_correct(notice=published, reason="更正", acting_user=principal_a)
    services.fee_notice_submit(notice=v2, acting_user=principal_a)
    services.fee_notice_approve(notice=v2, acting_user=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=v2, acting_user=bureau_admin)
    body = page(client, reverse("public:verify"), digest=current_digest)[1]
    assert "该版本已被替代" in body and "查看现行第 2 版" in body
    forged = "0000-0000-0000" if not current_digest.startswith("0000") else "FFFF-FFFF-FFFF"
    assert "没有与此核验码一致" in page(client, reverse("public:verify"), digest=forged)[1]
    hostile = page(client, reverse("public:verify"), digest="<script>alert(1)</script>")[1]
    assert "&lt;script&gt;alert(1)" in hostile and "<script>alert(1)" not in hostile


def test_guessing_digests_is_throttled(client, published, settings):
    cache.clear()
    settings.PUBLIC_FAILURE_RATE = "3/h"
    for _ in range(3):
        assert client.get(reverse("public:verify"), {"digest": "0123-4567-89AB"}).status_code == 200
    assert client.get(reverse("public:verify"), {"digest": published.short_digest}).status_code == 429


# --- consent and settlement lookup ----------------------------------------------------------------


def test_a_family_chooses_online_and_changes_its_mind(client, published, roster, catalogue):
    student = roster[0]
    status, body = page(client, reverse("public:consent"), code=student.code.lower())
    assert status == 200 and "张*明" in body and student.name not in body
    milk, meals = catalogue["milk"].pk, catalogue["meals"].pk
    response = client.post(reverse("public:consent"), {"code": student.code, f"c{milk}": "in", f"c{meals}": "out"})
    assert "您的选择已记录" in response.content.decode()
    assert Consent.objects.get(student=student, category_id=milk).choice == ConsentChoice.OPT_IN
    client.post(reverse("public:consent"), {"code": student.code, f"c{milk}": "out", f"c{meals}": "out"})
    consent = Consent.objects.get(student=student, category_id=milk)
    assert (consent.choice, consent.source) == (ConsentChoice.OPT_OUT, ConsentSource.ONLINE)
    assert consent.history.count() == 2


def test_incomplete_answers_and_passed_deadlines_are_refused(client, published, roster, catalogue):
    student = roster[0]
    body = client.post(reverse("public:consent"), {"code": student.code, f"c{catalogue['milk'].pk}": "in"}
                       ).content.decode()
    assert "请为此项作出选择" in body and not Consent.objects.exists()
    FeeNotice.objects.filter(pk=published.pk).update(consent_deadline=dt.date(2020, 1, 1))
    body = client.post(reverse("public:consent"), {"code": student.code, f"c{catalogue['milk'].pk}": "in",
                                                    f"c{catalogue['meals'].pk}": "in"}).content.decode()
    assert "选择截止日期已过" in body and not Consent.objects.exists()


def test_guessed_codes_are_refused_then_throttled(client, published, roster, settings):
    cache.clear()
    settings.PUBLIC_FAILURE_RATE = "3/h"
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC"):
        response = client.get(reverse("public:consent"), {"code": guess})
        assert response.status_code == 404 and "没有学生使用这个家庭码" in response.content.decode()
    assert client.get(reverse("public:consent"), {"code": roster[0].code}).status_code == 429
    assert client.get(reverse("public:settlement"), {"code": roster[0].code}).status_code == 429


def test_the_family_looks_up_its_reported_settlement_line(client, published, roster, principal_a, catalogue):
    from decimal import Decimal

    from fees.models import Settlement

    student = roster[0]
    Consent.objects.create(student=student, term=published.term, category=catalogue["milk"], choice="in",
                           source="paper")
    settlement = Settlement.objects.get(school=published.school, category=catalogue["milk"])
    services.settlement_lines_prepare(settlement=settlement, acting_user=principal_a)
    line = settlement.lines.get(student=student)
    line.spent = Decimal("150.00")
    services.settlement_line_save(line=line, acting_user=principal_a)
    assert "暂无已报送的结算" in page(client, reverse("public:settlement"), code=student.code)[1]
    services.settlement_submit(settlement=settlement, acting_user=principal_a)
    body = page(client, reverse("public:settlement"), code=student.code)[1]
    assert "180.00 元" in body and "150.00 元" in body and "30.00 元" in body
    assert roster[1].name not in body
