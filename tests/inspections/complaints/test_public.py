"""Public complaint pages: filing without an account and its protections, the status page and the
code lookup (what they show and what they never show), throttling."""

import time

import pytest
from django.urls import reverse

from inspections.choices import ComplaintStatus
from inspections.forms_complaints import form_token
from inspections.models import Complaint
from inspections.services import complaints as services
from tests.inspections.complaints.conftest import public_form_data

NEW = reverse("public:complaint_new")
LOOKUP = reverse("public:complaint_lookup")


def status_url(complaint):
    return reverse("public:complaint_status", args=[complaint.tracking_code])


def post(client, school, **overrides):
    return client.post(f"{NEW}?school={school.code}", public_form_data(school, **overrides))


# --- choosing the school --------------------------------------------------------------------------


def test_school_is_found_by_name_code_or_township(client, school_a, school_a2, school_b, school_far):
    page = client.get(NEW, {"q": "甲镇"})
    assert [s.pk for s in page.context["matches"]] == [school_a.pk, school_a2.pk]
    assert [s.pk for s in client.get(NEW, {"q": school_b.code}).context["matches"]] == [school_b.pk]
    assert [s.pk for s in client.get(NEW, {"township": school_b.township_id}).context["matches"]] == [school_b.pk]
    assert f"?school={school_a.code}" in page.content.decode()
    assert "form" not in page.context  # the complaint form comes once the school is chosen


def test_link_from_the_school_page_fixes_the_school(client, school_a):
    page = client.get(NEW, {"school": school_a.code})
    assert page.status_code == 200 and page.context["school"] == school_a
    assert school_a.name in page.content.decode()
    assert page.context["form"]["school"].value() == school_a.code
    # an unknown or inactive school falls back to the search
    assert client.get(NEW, {"school": "2142999999"}).context["school"] is None
    school_a.is_active = False
    school_a.save()
    assert client.get(NEW, {"school": school_a.code}).context["school"] is None


def test_typed_school_name_is_resolved_or_the_choices_are_listed(client, school_a, school_a2):
    response = client.post(NEW, public_form_data(school_a, school="甲镇第二小学"))
    assert response.status_code == 302 and Complaint.objects.get().school == school_a2
    response = client.post(NEW, public_form_data(school_a, school="甲镇"))  # two schools match
    assert response.status_code == 200 and "school" in response.context["form"].errors
    assert school_a.code in str(response.context["form"].errors["school"])
    response = client.post(NEW, public_form_data(school_a, school="不存在的学校"))
    assert "school" in response.context["form"].errors
    assert Complaint.objects.count() == 1


# --- filing ---------------------------------------------------------------------------------------


def test_filing_shows_the_tracking_code_and_the_status_link(client, school_a, bureau_admin):
    response = post(client, school_a, contact_name="张家长", contact_phone="13812345678")
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{status_url(complaint)}?filed=1"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert services.tracking_code_format(complaint.tracking_code) in body
    assert status_url(complaint) in body and 'data-testid="complaint-filed"' in body
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
    assert (complaint.school, complaint.category, complaint.contact_phone) == (school_a, "fee", "13812345678")


@pytest.mark.parametrize("text", ["", "   ", "太短", "x" * 100_000])
def test_empty_short_or_gigantic_text_is_refused_with_a_message(client, school_a, text):
    response = post(client, school_a, text=text)
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert 'class="invalid-feedback' in response.content.decode()
    assert not Complaint.objects.exists()


def test_invalid_phone_is_refused_with_a_message(client, school_a):
    response = post(client, school_a, contact_phone="12345")
    assert response.context["form"].errors["contact_phone"] and not Complaint.objects.exists()


def test_script_text_is_stored_as_typed_and_shown_escaped(client, school_a, bureau_admin):
    text = "<script>alert('x')</script><b>收费</b>不合理，请查处。"
    post(client, school_a, text=text)
    complaint = Complaint.objects.get()
    assert complaint.text == text
    client.force_login(bureau_admin)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_form_is_rerendered_with_what_was_typed(client, school_a):
    response = post(client, school_a, text="短", contact_name="张家长")
    body = response.content.decode()
    assert "张家长" in body
    assert response.context["form"].data["ts"] != public_form_data(school_a)["ts"]  # a fresh render time


def test_honeypot_is_refused_and_nothing_saved(client, school_a):
    response = post(client, school_a, website="http://spam.example")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == "automated"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("token, code", [
    (lambda: form_token(), "too_fast"),  # sent at once
    (lambda: form_token(time.time() - 3 * 3600), "expired"),  # open for three hours
    (lambda: "forged:token", "bad_token"),
    (lambda: "", "bad_token"),
])
def test_too_fast_stale_or_forged_submissions_are_refused(client, school_a, token, code):
    response = post(client, school_a, ts=token())
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [code]
    assert not Complaint.objects.exists()


def test_filings_are_throttled_per_address(client, school_a, settings):
    settings.COMPLAINT_FILE_RATE = "5/h"
    for _i in range(5):
        assert post(client, school_a).status_code == 302
    response = post(client, school_a)
    assert response.status_code == 429 and 'data-testid="throttled"' in response.content.decode()
    assert Complaint.objects.count() == 5
    # another address is not affected
    assert client.post(f"{NEW}?school={school_a.code}", public_form_data(school_a),
                       REMOTE_ADDR="10.1.2.3").status_code == 302


def test_one_form_files_one_complaint(client, school_a):
    data = public_form_data(school_a)
    assert client.post(f"{NEW}?school={school_a.code}", data).status_code == 302
    response = client.post(f"{NEW}?school={school_a.code}", data)  # the same form again (double send, replay)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["replayed"]
    assert Complaint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_filings_cannot_slip_past_the_allowance(school_a, settings):
    """Each filing is counted before it is saved, atomically in Redis: of ten sent at once from one
    address, only the allowance is filed."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections
    from django.test import Client

    settings.COMPLAINT_FILE_RATE = "3/h"

    def send(_i):
        try:
            return Client().post(f"{NEW}?school={school_a.code}", public_form_data(school_a),
                                 REMOTE_ADDR="10.9.9.9").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(send, range(10)))
    assert codes.count(302) == 3 and codes.count(429) == 7
    assert Complaint.objects.count() == 3


def test_robots_use_up_the_allowance_and_mistakes_do_not(client, school_a, settings):
    settings.COMPLAINT_FILE_RATE = "3/h"
    for _i in range(5):
        assert post(client, school_a, text="短").status_code == 200  # a person's mistakes: not counted
    for _i in range(3):
        post(client, school_a, website="x")
    assert post(client, school_a).status_code == 429
    assert not Complaint.objects.exists()


# --- status page and lookup -----------------------------------------------------------------------


def test_status_page_shows_the_stage_and_never_the_private_parts(client, filed_a, bureau_admin, principal_a):
    from tests.inspections.complaints.conftest import answer, assign, close

    body = client.get(status_url(filed_a)).content.decode()
    assert filed_a.school.name in body and filed_a.assign_by.isoformat() in body
    assign(filed_a, bureau_admin, instruction="内部指示：请查食堂主任。")
    answer(filed_a, principal_a, text="学校内部答复：主任已停职。")
    body = client.get(status_url(filed_a)).content.decode()
    filed_a.refresh_from_db()
    assert filed_a.close_by.isoformat() in body
    close(filed_a, bureau_admin, reply="经核查属实，已责令学校整改。")
    page = client.get(status_url(filed_a))
    body = page.content.decode()
    assert page.context["complaint"].status == ComplaintStatus.CLOSED
    assert "经核查属实，已责令学校整改。" in body
    for private in ("张家长", "13812345678", "内部指示", "学校内部答复", filed_a.text):
        assert private not in body


def test_reply_is_not_shown_before_closing(client, answered_a):
    services_reply = "未结案前不应显示"
    Complaint.objects.filter(pk=answered_a.pk).update(public_reply=services_reply)
    assert services_reply not in client.get(status_url(answered_a)).content.decode()


def test_lookup_is_tolerant_of_case_spaces_and_dashes(client, filed_a):
    code = filed_a.tracking_code
    for typed in (code, code.lower(), services.tracking_code_format(code), " ".join(code), f" {code[:6]}-{code[6:]} "):
        response = client.get(LOOKUP, {"code": typed})
        assert response.status_code == 302 and response["Location"] == status_url(filed_a), typed
    response = client.get(reverse("public:complaint_status", args=[services.tracking_code_format(code).lower()]))
    assert response.status_code == 302 and response["Location"] == status_url(filed_a)


def test_unknown_code_is_a_friendly_not_found(client, filed_a):
    response = client.get(LOOKUP, {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404 and response.context["form"].errors["code"]
    response = client.get(reverse("public:complaint_status", args=["ABCDEFGHJKMN"]))
    assert response.status_code == 404 and response.context["form"].errors["code"]


def test_failed_lookups_are_throttled_so_codes_cannot_be_enumerated(client, filed_a, settings):
    settings.PUBLIC_FAILURE_RATE = "10/h"
    for i in range(10):
        assert client.get(LOOKUP, {"code": f"ABCDEFGHJK{i + 2}M"}).status_code == 404
    assert client.get(LOOKUP, {"code": filed_a.tracking_code}).status_code == 429
    assert client.get(status_url(filed_a)).status_code == 429
    assert client.get(status_url(filed_a), REMOTE_ADDR="10.9.8.7").status_code == 200


def test_public_pages_answer_in_english_too(client, filed_a, school_a, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (NEW, f"{NEW}?school={school_a.code}", LOOKUP, status_url(filed_a)):
        response = client.get(url)
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
