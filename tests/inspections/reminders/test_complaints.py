"""Overdue complaints, by stage; the complainant's contact never reaches a notification."""

from django.urls import reverse

from houqin.notify.models import Level, Notification
from inspections.models import Complaint
from inspections.services.complaints import tracking_code_format
from tests.inspections.complaints.conftest import answer, assign, file
from tests.inspections.reminders.conftest import TODAY, collect, days, received, recipients, run_twice

RULE = "inspections.complaints_overdue"


def moved(complaint, **deadlines):
    Complaint.objects.filter(pk=complaint.pk).update(**deadlines)
    complaint.refresh_from_db()
    return complaint


def test_a_complaint_not_passed_on_in_time_goes_to_the_countys_bureau(
        school_a, school_far, principal_a, supervisor_a, bureau_admin, bureau_inspector, far_admin, english):
    late = moved(file(school_a, contact_name="张家长", contact_phone="13812345678"), assign_by=days(-1))
    moved(file(school_a), assign_by=TODAY)  # due today: not overdue
    moved(file(school_far), assign_by=days(5))
    assert run_twice(RULE) == 2
    assert recipients(RULE) == {"admin_a", "inspector_a"}
    [digest] = received(RULE, bureau_admin)
    assert digest.title == "1 complaints are overdue" and digest.level == Level.DANGER
    code = tracking_code_format(late.tracking_code)
    assert digest.body == f"Not passed to the school by the deadline: {code} 甲镇第一小学."
    assert digest.url == reverse("inspections:complaint_list") + "?overdue=true"


def test_a_complaint_the_school_has_not_answered_in_time_goes_to_its_principal(
        school_a, school_b, principal_a, principal_b, staff_a, bureau_admin, bureau_inspector, english):
    late = moved(assign(file(school_a), bureau_inspector), answer_by=days(-1))
    moved(assign(file(school_b), bureau_inspector), answer_by=TODAY)
    assert run_twice(RULE) == 1
    assert recipients(RULE) == {"principal_a"}
    [notice] = received(RULE, principal_a)
    code = tracking_code_format(late.tracking_code)
    assert notice.title == f"Complaint {code} was to be answered by {days(-1):%Y-%m-%d}"
    assert notice.url == reverse("inspections:complaint_detail", args=[late.pk])


def test_an_answered_complaint_not_closed_in_time_goes_to_the_bureau(
        school_a, principal_a, bureau_admin, bureau_inspector, english):
    answered = answer(assign(file(school_a), bureau_inspector), principal_a)
    moved(answered, close_by=TODAY)
    assert collect(RULE) == []
    moved(answered, close_by=days(-1))
    assert run_twice(RULE) == 2
    assert recipients(RULE) == {"admin_a", "inspector_a"}
    assert received(RULE, bureau_inspector)[0].body.startswith("Answered, not closed by the deadline:")


def test_the_complainants_contact_is_never_in_a_notification(school_a, principal_a, bureau_admin, bureau_inspector):
    moved(file(school_a, contact_name="张家长", contact_phone="13812345678"), assign_by=days(-1))
    moved(assign(file(school_a, contact_name="李家长", contact_phone="13987654321"), bureau_inspector),
          answer_by=days(-1))
    run_twice(RULE)
    texts = " ".join(f"{n.title} {n.body} {n.url}" for n in Notification.objects.filter(rule=RULE))
    assert texts and not any(secret in texts for secret in ("张家长", "13812345678", "李家长", "13987654321"))


def test_an_overdue_complaint_is_reminded_weekly(school_a, principal_a, bureau_inspector):
    moved(assign(file(school_a), bureau_inspector), answer_by=days(-1))
    run_twice(RULE)
    run_twice(RULE, days(3))  # the same ISO week
    assert len(received(RULE, principal_a)) == 1
    run_twice(RULE, days(7))  # next Monday
    assert len(received(RULE, principal_a)) == 2
