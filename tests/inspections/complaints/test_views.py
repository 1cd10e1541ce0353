"""Complaint pages of the bureau and the schools: the scope contract on every view, the contact
shown to the bureau alone (page and export), the workflow through the pages, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.choices import ComplaintStatus
from inspections.models import Complaint
from tests.inspections.complaints.conftest import answer, assign, close, file
from tests.scoping import assert_found, assert_list_excludes, assert_not_found, export_rows

LIST = reverse("inspections:complaint_list")
ACTIONS = ("complaint_assign", "complaint_answer", "complaint_send_back", "complaint_close")


def urls_of(complaint):
    return [reverse("inspections:complaint_detail", args=[complaint.pk])] + [
        reverse(f"inspections:{name}", args=[complaint.pk]) for name in ACTIONS]


# --- scope --------------------------------------------------------------------------------------


def test_other_schools_complaint_is_not_found_on_any_page(client, filed_a, filed_b, principal_a, principal_b,
                                                          supervisor_a, far_admin):
    assert_not_found(client, principal_a, urls_of(filed_b))
    assert_not_found(client, principal_b, urls_of(filed_a))
    assert_not_found(client, supervisor_a, urls_of(filed_b))  # another township
    assert_not_found(client, far_admin, urls_of(filed_a) + urls_of(filed_b))  # another county
    filed_b.refresh_from_db()
    assert filed_b.status == ComplaintStatus.FILED


def test_each_role_finds_its_own(client, filed_a, filed_b, bureau_admin, bureau_inspector, supervisor_a, principal_a):
    for user in (bureau_admin, bureau_inspector, supervisor_a):
        assert_found(client, user, [reverse("inspections:complaint_detail", args=[filed_a.pk]), LIST])
    assign(filed_a, bureau_inspector)
    assert_found(client, principal_a, [reverse("inspections:complaint_detail", args=[filed_a.pk]), LIST])


def test_the_school_sees_a_complaint_only_once_the_bureau_passes_it_on(client, filed_a, school_a, principal_a,
                                                                      bureau_inspector):
    """A complaint may be about the principal: until the bureau assigns it, the school neither finds
    it nor sees it in the list; one the bureau closes without the school stays with the bureau."""
    closed_alone = file(school_a, text="校长收取家长礼品，请局里调查。")
    close(closed_alone, bureau_inspector, reason="涉及学校领导，由局纪检组调查。")
    detail = reverse("inspections:complaint_detail", args=[filed_a.pk])
    assert_not_found(client, principal_a, [detail, reverse("inspections:complaint_detail", args=[closed_alone.pk])],
                     methods=("get",))
    client.force_login(principal_a)
    assert filed_a.tracking_code[:4] not in client.get(LIST).content.decode()
    assign(filed_a, bureau_inspector)
    assert_found(client, principal_a, [detail])


def test_lists_and_exports_keep_to_the_scope(client, filed_a, filed_b, school_a2, principal_a, supervisor_a,
                                             bureau_inspector, far_admin):
    filed_a2 = file(school_a2)
    assign(filed_a, bureau_inspector)  # the school sees it once passed on
    a, a2, b = (c.tracking_code for c in (filed_a, filed_a2, filed_b))
    fmt = lambda code: f"{code[:4]}-{code[4:8]}-{code[8:]}"  # noqa: E731
    assert_list_excludes(client, principal_a, LIST, present=[fmt(a)], absent=[fmt(a2), fmt(b)])
    assert_list_excludes(client, supervisor_a, LIST, present=[fmt(a), fmt(a2)], absent=[fmt(b)])
    assert_list_excludes(client, bureau_inspector, LIST, present=[fmt(a), fmt(a2), fmt(b)], absent=[])
    assert_list_excludes(client, far_admin, LIST, present=[], absent=[fmt(a), fmt(a2), fmt(b)])


def test_school_staff_do_not_read_complaints(client, filed_a, staff_a):
    client.force_login(staff_a)
    assert client.get(LIST).status_code == 403
    # refused by role before any lookup, so the answer is the same for any number: nothing leaks
    assert client.get(reverse("inspections:complaint_detail", args=[filed_a.pk])).status_code == 403
    assert client.get(reverse("inspections:complaint_detail", args=[999999])).status_code == 403


def test_contact_is_shown_to_the_bureau_only_in_page_and_export(client, filed_a, bureau_admin, bureau_inspector,
                                                                supervisor_a, principal_a):
    assign(filed_a, bureau_inspector)
    detail = reverse("inspections:complaint_detail", args=[filed_a.pk])
    for user in (bureau_admin, bureau_inspector):
        assert_list_excludes(client, user, LIST, present=["张家长", "13812345678"], absent=[])
        assert "13812345678" in client.get(detail).content.decode()
    for user in (supervisor_a, principal_a):
        assert_list_excludes(client, user, LIST, present=[filed_a.school.name], absent=["张家长", "13812345678"])
        page = client.get(detail).content.decode()
        assert "张家长" not in page and "13812345678" not in page
        assert filed_a.text in page


def test_contact_stays_hidden_on_the_school_pages_at_every_stage(client, assigned_a, principal_a):
    client.force_login(principal_a)
    page = client.get(reverse("inspections:complaint_answer", args=[assigned_a.pk])).content.decode()
    assert "13812345678" not in page and "张家长" not in page and assigned_a.instruction in page


# --- the workflow through the pages -------------------------------------------------------------


def test_workflow_through_the_pages(client, filed_a, bureau_inspector, principal_a, bureau_admin):
    today = timezone.localdate()
    client.force_login(bureau_inspector)
    response = client.get(reverse("inspections:complaint_assign", args=[filed_a.pk]))
    assert response.status_code == 200
    assert response.context["form"]["answer_by"].value() == today + dt.timedelta(days=7)  # default deadline
    response = client.post(reverse("inspections:complaint_assign", args=[filed_a.pk]), {
        "instruction": "请三日内核查。", "answer_by": (today + dt.timedelta(days=5)).isoformat(), "serious": "on"})
    assert response.status_code == 302
    filed_a.refresh_from_db()
    assert filed_a.status == ComplaintStatus.ASSIGNED and filed_a.serious

    client.force_login(principal_a)
    detail = client.get(filed_a.get_absolute_url())
    assert detail.context["can_answer"] and not detail.context["can_close"]
    assert client.post(reverse("inspections:complaint_answer", args=[filed_a.pk]),
                       {"answer": "已整改。"}).status_code == 302

    client.force_login(bureau_admin)
    response = client.post(reverse("inspections:complaint_send_back", args=[filed_a.pk]),
                           {"reason": "请附照片", "answer_by": (today + dt.timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    client.force_login(principal_a)
    page = client.get(filed_a.get_absolute_url())
    assert "请附照片" in page.content.decode() and page.context["last_send_back"] is not None
    client.post(reverse("inspections:complaint_answer", args=[filed_a.pk]), {"answer": "已附照片。"})

    client.force_login(bureau_admin)
    response = client.post(reverse("inspections:complaint_close", args=[filed_a.pk]),
                           {"outcome": "substantiated", "serious": "on", "public_reply": "属实，已整改。"})
    assert response.status_code == 302
    filed_a.refresh_from_db()
    assert (filed_a.status, filed_a.outcome, filed_a.serious) == (ComplaintStatus.CLOSED, "substantiated", True)
    timeline = client.get(filed_a.get_absolute_url()).context["timeline"]
    assert [s.status for s in timeline] == ["filed", "assigned", "answered", "assigned", "answered", "closed"]


@pytest.mark.parametrize("user_fixture, action", [
    ("supervisor_a", "complaint_assign"), ("principal_a", "complaint_assign"), ("principal_a", "complaint_close"),
    ("bureau_admin", "complaint_answer"), ("supervisor_a", "complaint_close"),
])
def test_wrong_role_is_forbidden_and_changes_nothing(client, request, filed_a, user_fixture, action):
    if user_fixture == "principal_a":  # the school must find it first: passed on, then answered
        filed_a = answer(assign(filed_a, request.getfixturevalue("bureau_inspector")), request.getfixturevalue(user_fixture))
    status = filed_a.status
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(f"inspections:{action}", args=[filed_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"instruction": "x", "answer": "x", "public_reply": "x", "outcome": "partly",
                             "reason": "x", "answer_by": timezone.localdate().isoformat()}).status_code == 403
    filed_a.refresh_from_db()
    assert filed_a.status == status


def test_step_not_possible_in_the_current_stage_redirects_and_changes_nothing(client, assigned_a, bureau_admin,
                                                                             principal_a):
    client.force_login(bureau_admin)
    for action in ("complaint_assign", "complaint_send_back", "complaint_close"):
        url = reverse(f"inspections:{action}", args=[assigned_a.pk])
        assert client.post(url, {"instruction": "再查", "reason": "x", "outcome": "partly", "public_reply": "x",
                                 "answer_by": timezone.localdate().isoformat()}).status_code == 302
    assigned_a.refresh_from_db()
    assert assigned_a.status == ComplaintStatus.ASSIGNED and assigned_a.instruction != "再查"
    answer(assigned_a, principal_a)
    client.force_login(principal_a)
    response = client.post(reverse("inspections:complaint_answer", args=[assigned_a.pk]), {"answer": "第二次"})
    assert response.status_code == 302
    assigned_a.refresh_from_db()
    assert assigned_a.answer != "第二次"


def test_bad_input_is_shown_on_the_form_and_nothing_saved(client, filed_a, bureau_admin):
    client.force_login(bureau_admin)
    url = reverse("inspections:complaint_assign", args=[filed_a.pk])
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    for data in ({"instruction": "", "answer_by": past}, {"instruction": "查", "answer_by": past},
                 {"instruction": "查", "answer_by": "not a date"}, {"instruction": "查" * 3000, "answer_by": past}):
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    filed_a.refresh_from_db()
    assert filed_a.status == ComplaintStatus.FILED
    # closing at once needs the reason
    response = client.post(reverse("inspections:complaint_close", args=[filed_a.pk]),
                           {"outcome": "", "public_reply": "不属职责范围。"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    filed_a.refresh_from_db()
    assert filed_a.status == ComplaintStatus.FILED


def test_user_text_is_escaped_on_the_pages(client, school_a, bureau_admin):
    complaint = file(school_a, text="<script>alert('x')</script> 食堂问题很多")
    client.force_login(bureau_admin)
    for url in (complaint.get_absolute_url(), LIST):
        page = client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in client.get(complaint.get_absolute_url()).content.decode()


# --- filters, overdue, export -------------------------------------------------------------------


def test_overdue_filter_and_badge(client, filed_a, filed_b, bureau_admin):
    Complaint.objects.filter(pk=filed_a.pk).update(assign_by=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(bureau_admin)
    response = client.get(LIST, {"overdue": "true"})
    rows = list(response.context["table"].data)
    assert [c.pk for c in rows] == [filed_a.pk]
    assert 'data-testid="overdue"' in response.content.decode()
    assert [c.pk for c in client.get(LIST, {"overdue": "false"}).context["table"].data] == [filed_b.pk]
    assert client.get(filed_a.get_absolute_url()).context["overdue"]
    export = export_rows(client.get(LIST, {"overdue": "true", "_export": "xlsx"}))
    assert len(export) == 2


def test_filters_by_status_category_school_and_code(client, filed_a, filed_b, assigned_a, bureau_admin, school_b):
    client.force_login(bureau_admin)

    def pks(**params):
        return sorted(c.pk for c in client.get(LIST, params).context["table"].data)

    assert pks(status="assigned") == [filed_a.pk]
    assert pks(category="bus") == [filed_b.pk]
    assert pks(school=school_b.pk) == [filed_b.pk]
    assert pks(q=filed_b.tracking_code.lower()) == [filed_b.pk]
    assert pks(q=filed_a.school.name) == [filed_a.pk]


def test_list_query_count_does_not_grow(client, school_a, school_b, bureau_admin, principal_a):
    def grow(n):
        for i in range(n):
            complaint = file(school_a if i % 2 else school_b, contact_name=f"家长{i}")
            if i % 3 == 0:
                assign(complaint, bureau_admin)

    def count(user, **params):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST, params).status_code == 200
        return len(context.captured_queries)

    grow(4)
    small = (count(bureau_admin), count(principal_a), count(bureau_admin, _export="xlsx"))
    grow(30)
    assert (count(bureau_admin), count(principal_a), count(bureau_admin, _export="xlsx")) == small


def test_detail_query_count_does_not_grow_with_the_history(client, filed_a, bureau_admin, principal_a):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(filed_a.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    client.force_login(bureau_admin)
    assign(filed_a, bureau_admin)
    small = count()
    from inspections.services import complaints as services
    for _i in range(4):
        answer(filed_a, principal_a)
        services.complaint_send_back(complaint=filed_a, reason="再查", acting_user=bureau_admin,
                                     answer_by=timezone.localdate())
    assert count() == small


def test_a_substantiated_complaint_leads_to_a_rectification_order(client, answered_a, filed_b, bureau_inspector,
                                                                  bureau_admin, supervisor_a, principal_a):
    from inspections.models import RectificationOrder

    closed = close(answered_a, bureau_admin, outcome="substantiated", serious=True)
    create = reverse("inspections:order_create")
    client.force_login(supervisor_a)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert 'data-testid="issue-order"' in page
    form = client.get(create, {"complaint": closed.pk})
    assert form.context["form"].initial["finding"] == closed.text and form.context["form"].initial["severity"] == "serious"
    data = {"school": closed.school_id, "finding": closed.text, "requirement": "更换炊事员，加强留样",
            "severity": "serious", "deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "responsible": ""}
    assert client.post(f"{create}?complaint={closed.pk}", data).status_code == 302
    order = RectificationOrder.objects.get()
    assert order.complaint == closed and order.school == closed.school
    client.force_login(principal_a)
    assert order.number in client.get(closed.get_absolute_url()).content.decode()
    assert 'data-testid="issue-order"' not in client.get(closed.get_absolute_url()).content.decode()
    # another township's complaint cannot be used; an unfounded one leads to no order
    client.force_login(supervisor_a)
    assert client.get(create, {"complaint": filed_b.pk}).status_code == 404
    assert client.post(f"{create}?complaint={filed_b.pk}", data).status_code == 404
    client.force_login(bureau_inspector)
    unfounded = close(file(closed.school), bureau_inspector, outcome="unsubstantiated", reason="经查不属实。")
    response = client.post(f"{create}?complaint={unfounded.pk}", data)
    assert response.status_code in (200, 422) and RectificationOrder.objects.count() == 1
