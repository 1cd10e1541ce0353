"""The complaint workflow: every transition allowed and refused, deadlines, history, notifications."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from houqin.notify.models import Notification
from inspections.choices import ComplaintOutcome, ComplaintStatus
from inspections.models import Complaint
from inspections.services import complaints as services
from tests import factories
from tests.inspections.complaints.conftest import answer, assign, close, file

# --- filing ---------------------------------------------------------------------------------------


def test_filing_gives_an_unguessable_code_and_the_first_deadline(school_a, today):
    complaint = file(school_a, contact_name=" 张 家长 ", contact_phone="138 1234 5678")
    assert complaint.status == ComplaintStatus.FILED
    assert len(complaint.tracking_code) == 12 and set(complaint.tracking_code) <= set(services.CODE_ALPHABET)
    assert not set(complaint.tracking_code) & set("01OIL")
    assert complaint.assign_by == today + dt.timedelta(days=services.ASSIGN_DAYS)
    assert (complaint.contact_name, complaint.contact_phone) == ("张 家长", "13812345678")
    codes = {file(school_a).tracking_code for _ in range(30)}
    assert len(codes) == 30  # random, not sequential
    record = complaint.history.get()
    assert record.history_user is None and record.history_change_reason
    assert not hasattr(record, "contact_phone")  # the contact never enters the history


def test_text_is_kept_as_typed_without_control_characters(school_a):
    complaint = file(school_a, text="  第一行\r\n<script>alert(1)</script>\u200b\x00\n\n第三行  ")
    assert complaint.text == "第一行\n<script>alert(1)</script>\n\n第三行"


@pytest.mark.parametrize("text", ["", "   ", "太短了", "\u200b" * 20 + "短"])
def test_too_short_text_is_refused_and_nothing_saved(school_a, text):
    with pytest.raises(ValidationError) as error:
        file(school_a, text=text)
    assert "text" in error.value.error_dict
    assert not Complaint.objects.exists()


def test_gigantic_text_is_refused(school_a):
    with pytest.raises(ValidationError) as error:
        file(school_a, text="很" * (services.TEXT_MAX + 1))
    assert "text" in error.value.error_dict and not Complaint.objects.exists()


@pytest.mark.parametrize("phone, stored", [("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
                                           ("0710-2800001", "0710-2800001"), ("07102800001", "0710-2800001"),
                                           ("010 62751234", "010-62751234"), ("１３８１２３４５６７８", "13812345678"),
                                           ("", "")])
def test_phone_numbers_are_normalised(school_a, phone, stored):
    assert file(school_a, contact_phone=phone).contact_phone == stored


@pytest.mark.parametrize("phone", ["12345", "23812345678", "1381234567", "abc", "138123456789", "0000-1234567"])
def test_invalid_phone_numbers_are_refused(school_a, phone):
    with pytest.raises(ValidationError) as error:
        file(school_a, contact_phone=phone)
    assert "contact_phone" in error.value.error_dict and not Complaint.objects.exists()


def test_inactive_school_and_unknown_category_are_refused(school_a):
    with pytest.raises(ValidationError):
        file(school_a, category="weather")
    school_a.is_active = False
    school_a.save()
    with pytest.raises(ValidationError):
        file(school_a)
    assert not Complaint.objects.exists()


def test_filing_tells_the_countys_bureau_admins_once(filed_a, bureau_admin, bureau_inspector, far_admin,
                                                       django_capture_on_commit_callbacks, school_a):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(school_a)
    notes = Notification.objects.filter(rule="inspections.complaint_filed", period=f"{complaint.tracking_code}:filed")
    assert list(notes.values_list("recipient_id", flat=True)) == [bureau_admin.pk]
    assert notes.get().url == complaint.get_absolute_url()


def test_code_normalisation_and_format():
    assert services.tracking_code_normalise(" abcd-efgh 2345 ") == "ABCDEFGH2345"
    assert services.tracking_code_normalise("ＡＢＣＤ－ＥＦＧＨ－２３４５") == "ABCDEFGH2345"
    assert services.tracking_code_normalise("ABCDEFGH234") == ""  # too short
    assert services.tracking_code_normalise("ABCDEFGH2340") == ""  # 0 is not in the alphabet
    assert services.tracking_code_format("ABCDEFGH2345") == "ABCD-EFGH-2345"


# --- assign ---------------------------------------------------------------------------------------


def test_bureau_assigns_with_instruction_deadline_and_serious_flag(filed_a, bureau_inspector, principal_a, today,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = assign(filed_a, bureau_inspector, days=5, serious=True)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ASSIGNED and complaint.serious
    assert complaint.answer_by == today + dt.timedelta(days=5)
    assert complaint.assigned_by == bureau_inspector and complaint.assigned_at
    latest = complaint.history.latest("history_date")
    assert latest.history_user == bureau_inspector and latest.history_change_reason
    note = Notification.objects.get(rule="inspections.complaint_assigned")
    assert note.recipient == principal_a and note.period == f"{complaint.tracking_code}:assigned"


@pytest.mark.parametrize("user_fixture", ["supervisor_a", "principal_a", "staff_a"])
def test_only_the_bureau_assigns(request, filed_a, user_fixture):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(PermissionDenied):
        assign(filed_a, user)
    filed_a.refresh_from_db()
    assert filed_a.status == ComplaintStatus.FILED


def test_other_countys_bureau_cannot_touch_it(filed_a, far_admin):
    with pytest.raises(Http404):
        assign(filed_a, far_admin)


def test_assign_refused_in_the_wrong_status_or_without_instruction(assigned_a, bureau_admin, filed_b, today):
    with pytest.raises(ValidationError):
        assign(assigned_a, bureau_admin)
    with pytest.raises(ValidationError) as error:
        assign(filed_b, bureau_admin, instruction="  ")
    assert "instruction" in error.value.error_dict
    for bad in (today - dt.timedelta(days=1), today + dt.timedelta(days=61), None):
        with pytest.raises(ValidationError) as error:
            services.complaint_assign(complaint=filed_b, instruction="查", answer_by=bad, serious=False,
                                      acting_user=bureau_admin)
        assert "answer_by" in error.value.error_dict
    filed_b.refresh_from_db()
    assert filed_b.status == ComplaintStatus.FILED and not filed_b.instruction


# --- answer ---------------------------------------------------------------------------------------


def test_principal_answers_and_the_close_deadline_starts(assigned_a, principal_a, bureau_inspector, today,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer(assigned_a, principal_a)
    assigned_a.refresh_from_db()
    assert assigned_a.status == ComplaintStatus.ANSWERED and assigned_a.answered_by == principal_a
    assert assigned_a.close_by == today + dt.timedelta(days=services.CLOSE_DAYS)
    assert Notification.objects.filter(rule="inspections.complaint_answered", recipient=bureau_inspector).exists()


@pytest.mark.parametrize("user_fixture, error", [("staff_a", PermissionDenied), ("bureau_admin", PermissionDenied),
                                                 ("supervisor_a", PermissionDenied), ("principal_b", Http404)])
def test_only_the_schools_principal_answers(request, assigned_a, user_fixture, error):
    with pytest.raises(error):
        answer(assigned_a, request.getfixturevalue(user_fixture))
    assigned_a.refresh_from_db()
    assert assigned_a.status == ComplaintStatus.ASSIGNED and not assigned_a.answer


def test_answer_refused_before_assignment_and_when_empty(filed_a, assigned_a, principal_a):
    filed = file(filed_a.school)
    with pytest.raises(ValidationError):
        answer(filed, principal_a)
    with pytest.raises(ValidationError) as error:
        answer(assigned_a, principal_a, text=" \n ")
    assert "answer" in error.value.error_dict


# --- send back ------------------------------------------------------------------------------------


def test_bureau_sends_an_answer_back_with_a_reason_and_new_deadline(answered_a, bureau_admin, principal_a, today,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_send_back(complaint=answered_a, reason="没有附整改照片。", acting_user=bureau_admin,
                                     answer_by=today + dt.timedelta(days=3))
    answered_a.refresh_from_db()
    assert answered_a.status == ComplaintStatus.ASSIGNED and answered_a.close_by is None
    assert answered_a.answer_by == today + dt.timedelta(days=3)
    assert "没有附整改照片。" in answered_a.history.latest("history_date").history_change_reason
    assert Notification.objects.get(rule="inspections.complaint_returned").recipient == principal_a
    # the school answers again and the bureau can close it
    answer(answered_a, principal_a, text="已补充整改照片。")
    close(answered_a, bureau_admin)
    answered_a.refresh_from_db()
    assert answered_a.status == ComplaintStatus.CLOSED


def test_send_back_refused_when_not_answered_by_others_or_without_reason(assigned_a, answered_a, bureau_admin,
                                                                         supervisor_a, today):
    kwargs = {"answer_by": today + dt.timedelta(days=3)}
    with pytest.raises(PermissionDenied):
        services.complaint_send_back(complaint=answered_a, reason="不够", acting_user=supervisor_a, **kwargs)
    with pytest.raises(ValidationError) as error:
        services.complaint_send_back(complaint=answered_a, reason="", acting_user=bureau_admin, **kwargs)
    assert "reason" in error.value.error_dict
    answered_a.refresh_from_db()
    assert answered_a.status == ComplaintStatus.ANSWERED
    filed = file(answered_a.school)
    with pytest.raises(ValidationError):
        services.complaint_send_back(complaint=filed, reason="不够", acting_user=bureau_admin, **kwargs)


# --- close ----------------------------------------------------------------------------------------


def test_bureau_closes_with_outcome_serious_flag_and_reply(answered_a, bureau_admin):
    close(answered_a, bureau_admin, outcome=ComplaintOutcome.SUBSTANTIATED, serious=True, reply="属实，已责令整改。")
    answered_a.refresh_from_db()
    assert answered_a.status == ComplaintStatus.CLOSED
    assert (answered_a.outcome, answered_a.serious, answered_a.public_reply) == ("substantiated", True, "属实，已责令整改。")
    assert answered_a.closed_by == bureau_admin and answered_a.closed_at


def test_close_needs_a_reply_and_an_outcome(answered_a, bureau_admin):
    with pytest.raises(ValidationError) as error:
        close(answered_a, bureau_admin, reply="  ")
    assert "public_reply" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        close(answered_a, bureau_admin, outcome="")
    assert "outcome" in error.value.error_dict
    answered_a.refresh_from_db()
    assert answered_a.status == ComplaintStatus.ANSWERED


def test_a_new_complaint_may_be_closed_at_once_with_a_reason(filed_a, bureau_admin):
    with pytest.raises(ValidationError) as error:
        close(filed_a, bureau_admin, outcome="")
    assert "reason" in error.value.error_dict
    close(filed_a, bureau_admin, outcome="", reason="属于市场监管部门职责，已告知投诉人。", reply="此事不属教育局职责，请向市场监管部门反映。")
    filed_a.refresh_from_db()
    assert filed_a.status == ComplaintStatus.CLOSED and filed_a.outcome == ""
    assert "市场监管" in filed_a.history.latest("history_date").history_change_reason


def test_close_refused_while_at_the_school_or_closed_and_for_others(assigned_a, closed_a, bureau_admin,
                                                                  supervisor_a, principal_a, far_admin):
    with pytest.raises(ValidationError):
        close(assigned_a, bureau_admin)
    with pytest.raises(ValidationError):
        close(closed_a, bureau_admin)
    answered = answer(assign(file(closed_a.school), bureau_admin), principal_a)
    for user, error in ((supervisor_a, PermissionDenied), (principal_a, PermissionDenied), (far_admin, Http404)):
        with pytest.raises(error):
            close(answered, user)
    answered.refresh_from_db()
    assert answered.status == ComplaintStatus.ANSWERED


def test_closed_complaint_accepts_no_further_step(closed_a, bureau_admin, principal_a, today):
    with pytest.raises(ValidationError):
        assign(closed_a, bureau_admin)
    with pytest.raises(ValidationError):
        answer(closed_a, principal_a)
    with pytest.raises(ValidationError):
        services.complaint_send_back(complaint=closed_a, reason="x", answer_by=today, acting_user=bureau_admin)


def test_an_inactive_principal_is_not_notified(filed_a, bureau_admin, school_a, django_capture_on_commit_callbacks):
    factories.principal(school_a, username="old_principal", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assign(filed_a, bureau_admin)
    assert not Notification.objects.filter(rule="inspections.complaint_assigned").exists()


def test_stale_object_cannot_skip_a_stage(filed_a, bureau_admin, principal_a):
    """A page opened before someone else acted: the service reads the stored status, not the stale one."""
    stale = Complaint.objects.get(pk=filed_a.pk)
    close(filed_a, bureau_admin, outcome="", reason="重复投诉", reply="与此前投诉重复。")
    with pytest.raises(ValidationError):
        assign(stale, bureau_admin)
    assert Complaint.objects.get(pk=filed_a.pk).status == ComplaintStatus.CLOSED
