"""Pages of checklists, inspections, rectification orders and duty inspections: the scope contract
on every view, roles, hostile input, exports and query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.choices import DutyCapacity, InspectionKind, InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, DutyVisit, Inspection, RectificationAnswer, RectificationOrder
from inspections.services import duty as duty_services
from inspections.services import inspections as inspection_services
from inspections.services import rectification as order_services
from tests import factories
from tests.core.test_uploads import png_bytes
from tests.inspections.rectification.conftest import issue, make_checklist, record, start
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found, export_rows


@pytest.fixture
def done(supervisor_a, school_a, checklist):
    inspection = start(supervisor_a, school_a, checklist)
    record(supervisor_a, inspection, ["passed", "failed", "na"], notes={1: "周三午餐缺少留样"})
    return inspection_services.inspection_complete(inspection=inspection, acting_user=supervisor_a)


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
    return len(context.captured_queries)


def object_urls(checklist, inspection, order):
    return {
        "checklist": [reverse("inspections:checklist_detail", args=[checklist.pk]),
                      reverse("inspections:checklist_update", args=[checklist.pk]),
                      reverse("inspections:checklist_active", args=[checklist.pk])],
        "inspection": [reverse("inspections:inspection_detail", args=[inspection.pk]),
                       reverse("inspections:inspection_complete", args=[inspection.pk])],
        "order": [reverse("inspections:order_detail", args=[order.pk]),
                  reverse("inspections:order_answer", args=[order.pk]),
                  reverse("inspections:order_verify", args=[order.pk]),
                  reverse("inspections:order_reopen", args=[order.pk])],
    }


# --- scope contract ------------------------------------------------------------------------------


def test_another_school_gets_404_on_every_inspection_and_order_page(client, checklist, done, order, principal_b):
    urls = object_urls(checklist, done, order)
    assert_not_found(client, principal_b, urls["inspection"] + urls["order"])


def test_another_county_and_township_get_404(client, checklist, done, order, far_admin, township_b):
    urls = object_urls(checklist, done, order)
    assert_not_found(client, far_admin, urls["checklist"] + urls["inspection"] + urls["order"])
    other_supervisor = factories.supervisor(township_b, username="supervisor_b")
    assert_not_found(client, other_supervisor, urls["inspection"] + urls["order"])


def test_each_role_opens_what_it_may(client, checklist, done, order, bureau_inspector, supervisor_a, principal_a,
                                     staff_a):
    urls = object_urls(checklist, done, order)
    for user in (bureau_inspector, supervisor_a):
        assert_found(client, user, urls["checklist"][:1] + urls["inspection"][:1] + urls["order"][:1])
    for user in (principal_a, staff_a):
        assert_found(client, user, urls["inspection"][:1] + urls["order"][:1])
        client.force_login(user)
        assert client.get(urls["checklist"][0]).status_code == 403
        assert client.get(reverse("inspections:checklist_list")).status_code == 403
        assert client.get(reverse("inspections:inspection_create")).status_code == 403
        assert client.get(reverse("inspections:order_create")).status_code == 403
        assert client.get(reverse("inspections:inspection_coverage")).status_code == 403


def test_school_users_see_only_completed_inspections(client, draft, done, principal_a):
    client.force_login(principal_a)
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = client.get(done.get_absolute_url())
    assert page.status_code == 200 and "周三午餐缺少留样" in page.content.decode()
    assert 'name="complete"' not in page.content.decode()
    assert client.post(done.get_absolute_url(), {}).status_code == 403
    listed = {row.pk for row in client.get(reverse("inspections:inspection_list")).context["table"].data}
    assert listed == {done.pk}


def test_lists_and_exports_leave_other_schools_out(client, done, order, order_b, principal_a, principal_b,
                                                   supervisor_a):
    assert_list_excludes(client, principal_b, reverse("inspections:order_list"), present=["乙校问题"],
                         absent=["周三午餐缺少留样", "食堂后厨地面积水"])
    assert_list_excludes(client, principal_a, reverse("inspections:order_list"),
                         present=[order.number, "食堂后厨地面积水"], absent=["乙校问题", order_b.number])
    assert_list_excludes(client, supervisor_a, reverse("inspections:order_list"), present=[order.number],
                         absent=[order_b.number])
    assert_list_excludes(client, principal_b, reverse("inspections:inspection_list"), present=[],
                         absent=[done.school.name])


def test_a_post_cannot_put_an_order_into_another_township(client, supervisor_a, school_b, today):
    data = {"finding": "伪造", "severity": "normal", "deadline": (today + dt.timedelta(days=5)).isoformat()}
    assert_cannot_move(client, supervisor_a, reverse("inspections:order_create"), data, field="school",
                       foreign_value=school_b.pk, reload=lambda: RectificationOrder.objects.count(), expected=0)


# --- checklists ----------------------------------------------------------------------------------


def checklist_post(kind="fee_special", title="收费专项治理检查表", rows=(("1", "收费公示牌张贴", "normal"),)):
    data = {"kind": kind, "title": title, "is_active": "on", "items-TOTAL_FORMS": str(len(rows)),
            "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "100"}
    for n, (position, text, severity) in enumerate(rows):
        data.update({f"items-{n}-position": position, f"items-{n}-text": text, f"items-{n}-severity": severity})
    return data


def test_the_admin_writes_a_checklist_in_rows(client, bureau_admin, bureau_inspector, county):
    url = reverse("inspections:checklist_create")
    client.force_login(bureau_inspector)
    assert client.get(url).status_code == 403
    client.force_login(bureau_admin)
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('data-testid="item-row"') == 10
    rows = (("1", "公示牌内容齐全", "normal"), ("2", "不得强制订购", "serious"), ("3", "", "normal"))
    response = client.post(url, checklist_post(rows=rows))
    assert response.status_code == 302
    checklist = Checklist.objects.get()
    assert checklist.county == county
    assert list(checklist.items.values_list("position", "text", "severity")) == [
        (1, "公示牌内容齐全", "normal"), (2, "不得强制订购", "serious")]
    # hostile rows: duplicate positions, a text without a position, an absurd position, too long a text
    for bad in ((("1", "甲", "normal"), ("1", "乙", "normal")), (("", "甲", "normal"),), (("99999", "甲", "normal"),),
                (("1", "长" * 301, "normal"),), (("1", "甲", "fatal"),), (("1", "", "normal"),)):
        assert client.post(url, checklist_post(rows=bad)).status_code == 422
    assert Checklist.objects.count() == 1


def test_a_used_checklist_is_deactivated_not_rewritten(client, bureau_admin, checklist, done):
    client.force_login(bureau_admin)
    url = reverse("inspections:checklist_update", args=[checklist.pk])
    assert client.get(url).context["used"] is True
    response = client.post(url, checklist_post(kind=checklist.kind, title="改名后", rows=(("1", "篡改", "normal"),)))
    assert response.status_code == 302
    checklist.refresh_from_db()
    assert checklist.title == "改名后" and checklist.items.count() == 3
    client.post(reverse("inspections:checklist_active", args=[checklist.pk]), {"active": "0"})
    checklist.refresh_from_db()
    assert not checklist.is_active
    create = client.get(reverse("inspections:inspection_create"))
    assert checklist.pk not in [c.pk for c in create.context["form"].fields["checklist"].queryset]


# --- inspections ---------------------------------------------------------------------------------


def test_starting_an_inspection_refuses_forged_ids(client, supervisor_a, school_a, school_b, checklist,
                                                   far_checklist, today):
    client.force_login(supervisor_a)
    url = reverse("inspections:inspection_create")
    data = {"school": school_a.pk, "checklist": checklist.pk, "date": today.isoformat(), "announced": "on",
            "inspectors": "陈督导"}
    for bad in ({"checklist": far_checklist.pk}, {"school": school_b.pk}, {"date": "2026-02-30"},
                {"date": "0001-01-01"}, {"date": (today + dt.timedelta(days=3)).isoformat()}, {"inspectors": ""},
                {"school": "abc"}, {"inspectors": "x" * 201}):
        assert client.post(url, {**data, **bad}).status_code == 200, bad
    assert not Inspection.objects.exists()
    response = client.post(url, data)
    inspection = Inspection.objects.get()
    assert response.url == inspection.get_absolute_url() and inspection.lead == supervisor_a


def test_recording_and_completing_on_the_page(client, draft, supervisor_a, principal_a):
    client.force_login(supervisor_a)
    items = list(draft.checklist.items.order_by("position"))
    page = client.get(draft.get_absolute_url()).content.decode()
    assert page.count('type="radio"') == 9
    data = {f"i{items[0].pk}-outcome": "passed", f"i{items[1].pk}-outcome": "failed", f"i{items[1].pk}-note": "",
            "summary": "总体良好"}
    assert client.post(draft.get_absolute_url(), data).status_code == 422  # a failure needs its finding
    data[f"i{items[1].pk}-note"] = "<script>alert(1)</script>缺留样"
    assert client.post(draft.get_absolute_url(), data).status_code == 302
    response = client.post(draft.get_absolute_url(), {**data, "summary": "改过的小结", "complete": "1"})
    assert response.status_code == 422  # item 3 has no result yet: "save and complete" saves nothing
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DRAFT and draft.summary == "总体良好"
    data[f"i{items[2].pk}-outcome"] = "na"
    assert client.post(draft.get_absolute_url(), {**data, "complete": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DONE
    [order] = draft.orders.all()
    assert order.severity == items[1].severity and "缺留样" in order.finding
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    # completed: no more edits, by anyone
    data[f"i{items[0].pk}-outcome"] = "failed"
    data[f"i{items[0].pk}-note"] = "改"
    assert client.post(draft.get_absolute_url(), data).status_code == 403
    assert client.post(reverse("inspections:inspection_complete", args=[draft.pk])).status_code == 302
    assert draft.orders.count() == 1
    client.force_login(principal_a)
    assert client.post(reverse("inspections:inspection_complete", args=[draft.pk])).status_code == 403


def test_inspection_list_filters(client, done, draft, bureau_admin, school_b, bureau_inspector, checklist, today):
    start(bureau_inspector, school_b, checklist, date=today - dt.timedelta(days=40))
    client.force_login(bureau_admin)
    url = reverse("inspections:inspection_list")

    def shown(**params):
        return {row.pk for row in client.get(url, params).context["table"].data}

    assert shown(status="done") == {done.pk}
    assert shown(school=draft.school_id) == {done.pk, draft.pk}
    assert shown(township=school_b.township_id, date_from=(today - dt.timedelta(days=41)).isoformat(),
                 date_to=(today - dt.timedelta(days=39)).isoformat()) == {Inspection.objects.get(school=school_b).pk}
    assert shown(kind=InspectionKind.FEE_SPECIAL) == set()
    assert client.get(url, {"date_from": "2026-13-45", "school": "999999"}).status_code == 200


# --- orders --------------------------------------------------------------------------------------


def test_issuing_by_hand_refuses_bad_input(client, supervisor_a, school_a, today, principal_a):
    client.force_login(supervisor_a)
    url = reverse("inspections:order_create")
    data = {"school": school_a.pk, "finding": "消毒柜损坏", "severity": "serious",
            "deadline": (today + dt.timedelta(days=7)).isoformat(), "responsible": ""}
    for bad in ({"deadline": (today - dt.timedelta(days=1)).isoformat()}, {"deadline": "2026-02-30"},
                {"deadline": "9999-12-31"}, {"finding": "   "}, {"finding": "长" * 4001}, {"severity": "fatal"},
                {"responsible": "人" * 31}):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200 and response.context["form"].errors, bad
    assert not RectificationOrder.objects.exists()
    response = client.post(url, data)
    order = RectificationOrder.objects.get()
    assert response.url == order.get_absolute_url()
    assert (order.severity, order.responsible, order.issued_by) == (Severity.SERIOUS, school_a.principal_name,
                                                                     supervisor_a)


def test_answer_verify_and_reopen_through_the_pages(client, order, principal_a, supervisor_a, staff_a, today):
    detail = order.get_absolute_url()
    client.force_login(supervisor_a)
    assert 'data-testid="answer-form"' not in client.get(detail).content.decode()
    assert client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": "代答"}).status_code == 403
    client.force_login(principal_a)
    assert 'data-testid="answer-form"' in client.get(detail).content.decode()
    forged = SimpleUploadedFile("fix.jpg", b"<?php system($_GET[1]); ?>", content_type="image/jpeg")
    response = client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": "已整改", "evidence": forged})
    assert response.status_code == 422 and not RectificationAnswer.objects.exists()
    assert client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": ""}).status_code == 422
    photo = SimpleUploadedFile("fix.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": "已整改", "evidence": photo})
    assert response.status_code == 302
    answer = RectificationAnswer.objects.get()
    assert answer.evidence.name.endswith(".png")
    # the evidence is served to the school and the inspector, not to another school
    from houqin.core.templatetags.portal import protected_file_url

    evidence_url = protected_file_url(answer, "evidence")
    assert client.get(evidence_url).status_code == 200
    # a school user cannot verify or reopen
    for action in ("order_verify", "order_reopen"):
        assert client.post(reverse(f"inspections:{action}", args=[order.pk]), {"note": "自己核实"}).status_code == 403
    client.force_login(staff_a)
    assert client.post(reverse("inspections:order_verify", args=[order.pk]), {}).status_code == 403
    client.force_login(supervisor_a)
    assert client.get(evidence_url).status_code == 200
    reopen = reverse("inspections:order_reopen", args=[order.pk])
    assert client.post(reopen, {"note": ""}).status_code == 422
    assert client.post(reopen, {"note": "仍有积水", "deadline": "1999-01-01"}).status_code == 422
    new_deadline = today + dt.timedelta(days=3)
    assert client.post(reopen, {"note": "仍有积水", "deadline": new_deadline.isoformat()}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.deadline, order.reopened_count) == (OrderStatus.OPEN, new_deadline, 1)
    assert client.post(reverse("inspections:order_verify", args=[order.pk]), {}).status_code == 422  # open again
    client.force_login(principal_a)
    assert client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": "已彻底整改"}).status_code == 302
    client.force_login(supervisor_a)
    assert client.post(reverse("inspections:order_verify", args=[order.pk]), {"note": "合格"}).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED
    client.force_login(principal_a)
    assert client.post(reverse("inspections:order_answer", args=[order.pk]), {"text": "再答"}).status_code == 422
    assert RectificationAnswer.objects.count() == 2
    assert client.get(evidence_url).status_code == 200
    client.force_login(factories.principal(factories.SchoolFactory(township=order.school.township)))
    assert client.get(evidence_url).status_code == 404


def test_overdue_orders_are_red_and_filterable(client, bureau_admin, bureau_inspector, school_a, school_b, today):
    late = issue(bureau_inspector, school_a, finding="逾期")
    fine = issue(bureau_inspector, school_b, finding="未到期", severity=Severity.SERIOUS)
    RectificationOrder.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=2))
    order_services.orders_escalate(today=today)
    client.force_login(bureau_admin)
    url = reverse("inspections:order_list")
    page = client.get(url).content.decode()
    assert page.count('data-overdue="true"') == 1 and "table-danger" in page

    def shown(**params):
        return {row.pk for row in client.get(url, params).context["table"].data}

    assert shown(overdue="true") == {late.pk} and shown(overdue="false") == {fine.pk}
    assert shown(escalated="true") == {late.pk}
    assert shown(severity="serious") == {fine.pk}
    assert shown(status="open", township=school_b.township_id) == {fine.pk}
    assert shown(q=late.number) == {late.pk}
    header, *rows = export_rows(client.get(url, {"_export": "xlsx", "overdue": "true"}))
    assert len(rows) == 1 and late.number in rows[0]


# --- coverage ------------------------------------------------------------------------------------


def test_semester_coverage_counts(client, bureau_admin, supervisor_a, school_a, school_a2, school_b, done,
                                  checklist, today):
    fee = make_checklist(bureau_admin, kind=InspectionKind.FEE_SPECIAL, title="收费专项治理检查表")
    fee_done = start(supervisor_a, school_a2, fee)
    record(supervisor_a, fee_done, ["passed", "passed", "passed"])
    inspection_services.inspection_complete(inspection=fee_done, acting_user=supervisor_a)
    start(supervisor_a, school_a, fee)  # in progress: does not count
    client.force_login(bureau_admin)
    response = client.get(reverse("inspections:inspection_coverage"))
    assert response.context["counts"] == {"schools": 3, "fee_done": 1, "two_safety_done": 1, "missing_any": 3}
    rows = {school.pk: school for school in response.context["table"].data}
    assert rows[school_a.pk].last_two_safety == today and rows[school_a.pk].last_fee is None
    assert rows[school_a2.pk].last_fee == today
    client.force_login(supervisor_a)
    response = client.get(reverse("inspections:inspection_coverage"))
    assert response.context["counts"]["schools"] == 2


# --- duty inspections ----------------------------------------------------------------------------


def test_who_records_duty_inspections(client, bureau_admin, supervisor_a, principal_a, staff_a, fso_a, school_a,
                                      school_b, today):
    url = reverse("inspections:duty_create")
    for user in (bureau_admin, staff_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(supervisor_a)
    data = {"capacity": "township_head", "school": school_a.pk, "date": today.isoformat(), "findings": "食堂整洁"}
    for bad in ({"school": school_b.pk}, {"capacity": "principal"}, {"date": (today + dt.timedelta(days=1)).isoformat()},
                {"date": (today - dt.timedelta(days=70)).isoformat()}, {"findings": "长" * 2001}):
        assert client.post(url, {**data, **bad}).status_code == 200, bad
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # the same visit twice
    client.force_login(principal_a)
    assert client.post(url, {**data, "capacity": "principal", "school": school_b.pk}).status_code == 200
    assert client.post(url, {**data, "capacity": "principal"}).status_code == 302
    client.force_login(fso_a)
    assert client.post(url, {**data, "capacity": "food_safety_officer"}).status_code == 302
    assert sorted(DutyVisit.objects.values_list("capacity", flat=True)) == [
        "food_safety_officer", "principal", "township_head"]


def test_a_supervisor_records_in_the_post_the_bureau_gave(supervisor_a, school_a, today, township_a):
    """One person cannot meet both township duties: the head records as head, the logistics staff
    as logistics staff; an account without a post yet may record either."""
    from django.core.exceptions import ValidationError

    from houqin.org.choices import TownshipPost

    supervisor_a.township_post = TownshipPost.HEAD
    supervisor_a.save()
    duty_services.duty_visit_record(school=school_a, capacity=DutyCapacity.TOWNSHIP_HEAD, date=today,
                                    acting_user=supervisor_a)
    with pytest.raises(ValidationError):
        duty_services.duty_visit_record(school=school_a, capacity=DutyCapacity.TOWNSHIP_STAFF, date=today,
                                        acting_user=supervisor_a)
    logistics = factories.supervisor(township_a, username="logistics_a", township_post=TownshipPost.LOGISTICS)
    assert duty_services.capacities_for(logistics) == [DutyCapacity.TOWNSHIP_STAFF]
    assert duty_services.capacities_for(factories.supervisor(township_a, username="new_a")) == [
        DutyCapacity.TOWNSHIP_HEAD, DutyCapacity.TOWNSHIP_STAFF]
    principal = factories.principal(school_a, username="p_post")
    principal.township_post = TownshipPost.HEAD
    principal.full_clean(exclude=["password"])
    assert principal.township_post == ""  # only supervisors hold a post


def test_canteen_duties_need_a_canteen(principal_b, school_b, today):
    school_b.has_canteen = False
    school_b.save()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        duty_services.duty_visit_record(school=school_b, capacity=DutyCapacity.PRINCIPAL, date=today,
                                        acting_user=principal_b)


def test_duty_page_shows_shortfalls_of_the_month(client, supervisor_a, principal_a, school_a, school_a2, today):
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    duty_services.duty_visit_record(school=school_a, capacity=DutyCapacity.TOWNSHIP_HEAD, date=last_month,
                                    acting_user=supervisor_a)
    client.force_login(supervisor_a)
    response = client.get(reverse("inspections:duty_list"), {"month": last_month.strftime("%Y-%m")})
    rows = {row["school"].pk: {d.capacity: d for d in row["duties"]} for row in response.context["table"].data}
    assert set(rows) == {school_a.pk, school_a2.pk}
    assert rows[school_a.pk][DutyCapacity.TOWNSHIP_HEAD].state == "met"
    assert rows[school_a2.pk][DutyCapacity.TOWNSHIP_HEAD].state == "short"
    assert rows[school_a.pk][DutyCapacity.TOWNSHIP_STAFF].state == "short"
    assert rows[school_a.pk][DutyCapacity.TOWNSHIP_HEAD].inspectors == ["陈督导"]
    assert response.context["shortfall_schools"] == 2
    assert 'data-shortfall="true"' in response.content.decode()
    # a malformed or future month reads as the current one
    for bad in ("2026-13", "abc", "9999-01"):
        assert client.get(reverse("inspections:duty_list"), {"month": bad}).context["month"] == today.replace(day=1)
    client.force_login(principal_a)
    response = client.get(reverse("inspections:duty_list"))
    assert [row["school"].pk for row in response.context["table"].data] == [school_a.pk]
    assert f'value="{today:%Y-%m}"' in response.content.decode()  # the month chooser shows the month shown


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["inspections:inspection_list", "inspections:order_list",
                                      "inspections:checklist_list", "inspections:inspection_coverage",
                                      "inspections:duty_list"])
def test_list_query_counts_do_not_grow(client, bureau_admin, bureau_inspector, supervisor_a, township_a, checklist,
                                       url_name, today):
    client.force_login(bureau_admin)

    def grow(n):
        for i in range(n):
            school = factories.SchoolFactory(township=township_a)
            inspection = start(bureau_inspector, school, checklist)
            record(bureau_inspector, inspection, ["failed", "passed", "failed"])
            inspection_services.inspection_complete(inspection=inspection, acting_user=bureau_inspector)
            make_checklist(bureau_admin, title=f"表{i}")
            duty_services.duty_visit_record(school=school, capacity=DutyCapacity.TOWNSHIP_STAFF, date=today,
                                            acting_user=supervisor_a)

    grow(2)
    small = count_queries(client, reverse(url_name))
    grow(6)
    assert count_queries(client, reverse(url_name)) == small
