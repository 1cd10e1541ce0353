"""Notices through their services: who may write and publish, the audience, delivery once,
read receipts once, attachments checked by content, history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from houqin.notify.choices import NOTICE_RULE, Audience, NoticeStatus, notice_period
from houqin.notify.models import Notice, NoticeAttachment, NoticeReceipt, Notification
from houqin.notify.selectors.notices import audience_schools, notice_recipient_ids, receipt_summary
from houqin.notify.services import notices as services
from tests import factories
from tests.core.test_uploads import PDF, png_bytes
from tests.notify.conftest import draft, published

pytestmark = pytest.mark.django_db


def test_publishing_delivers_to_the_principals_of_the_audience_once(
    bureau_admin, principal_a, principal_b, staff_a, school_a2, far_admin, django_capture_on_commit_callbacks
):
    notice = draft(bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(notice=notice, acting_user=bureau_admin)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_by == bureau_admin
    delivered = Notification.objects.filter(rule=NOTICE_RULE, period=notice_period(notice.pk))
    assert sorted(delivered.values_list("recipient_id", flat=True)) == sorted([principal_a.pk, principal_b.pk])
    assert delivered[0].url == notice.get_absolute_url()
    assert notice.title in delivered[0].title

    with pytest.raises(ValidationError):
        services.notice_publish(notice=notice, acting_user=bureau_admin)
    assert delivered.count() == 2, "never twice"
    latest = notice.history.first()
    assert latest.history_user == bureau_admin and latest.status == NoticeStatus.PUBLISHED
    assert "3" in latest.history_change_reason, "the reason says to how many schools"


def test_staff_are_notified_when_the_notice_says_so(bureau_admin, principal_a, staff_a):
    notice = published(bureau_admin, notify_staff=True)
    assert set(Notification.objects.filter(rule=NOTICE_RULE).values_list("recipient_id", flat=True)) == {
        principal_a.pk, staff_a.pk}
    assert set(notice_recipient_ids(notice)) == {principal_a.pk, staff_a.pk}


def test_inactive_accounts_and_schools_are_left_out(bureau_admin, principal_a, school_b):
    factories.principal(school_b, is_active=False)
    closed = factories.SchoolFactory(township=school_b.township, is_active=False)
    factories.principal(closed)
    notice = published(bureau_admin)
    assert list(notice_recipient_ids(notice)) == [principal_a.pk]
    assert closed not in audience_schools(notice)


def test_audience_by_township_and_by_school(bureau_admin, township_b, school_a, school_a2, school_b):
    by_township = draft(bureau_admin, audience=Audience.TOWNSHIPS, townships=[township_b])
    assert list(audience_schools(by_township)) == [school_b]
    by_school = draft(bureau_admin, audience=Audience.SCHOOLS, schools=[school_a2, school_b])
    assert set(audience_schools(by_school)) == {school_a2, school_b}
    assert set(audience_schools(draft(bureau_admin))) == {school_a, school_a2, school_b}


def test_the_audience_must_be_chosen_and_of_the_county(bureau_admin, school_a, school_far, other_county):
    with pytest.raises(ValidationError) as error:
        draft(bureau_admin, audience=Audience.SCHOOLS)
    assert "schools" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        draft(bureau_admin, audience=Audience.SCHOOLS, schools=[school_a, school_far])
    assert "schools" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        draft(bureau_admin, audience=Audience.TOWNSHIPS, townships=[school_far.township])
    assert "townships" in error.value.error_dict
    assert not Notice.objects.exists()


def test_a_notice_to_no_active_school_is_not_published(bureau_admin, school_a):
    school_a.is_active = False
    school_a.save()
    notice = draft(bureau_admin, audience=Audience.SCHOOLS, schools=[school_a])
    with pytest.raises(ValidationError):
        services.notice_publish(notice=notice, acting_user=bureau_admin)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT


@pytest.mark.parametrize("who", ["bureau_inspector", "supervisor_a", "principal_a", "far_admin"])
def test_only_the_countys_administrator_writes_and_publishes(request, bureau_admin, notice_draft, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.notice_publish(notice=notice_draft, acting_user=user)
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=notice_draft, acting_user=user)
    with pytest.raises(PermissionDenied):
        services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile("a.pdf", PDF), acting_user=user)
    notice_draft.refresh_from_db()
    assert notice_draft.status == NoticeStatus.DRAFT


def test_a_published_notice_does_not_change(bureau_admin, notice_county):
    notice_county.title = "改过的标题"
    with pytest.raises(ValidationError):
        services.notice_save(notice=notice_county, acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        services.notice_attachment_add(notice=notice_county, file=SimpleUploadedFile("a.pdf", PDF),
                                       acting_user=bureau_admin)
    assert Notice.objects.get(pk=notice_county.pk).title == "全县通知"


def test_text_is_cleaned_but_keeps_its_lines(bureau_admin):
    notice = draft(bureau_admin, title="  通知\u200b  标题\x00 ", body="第一行\r\n\u202e第二行\x07\n\n")
    assert notice.title == "通知 标题"
    assert notice.body == "第一行\n第二行"


def test_draft_history_records_who_and_why(bureau_admin, notice_draft):
    notice_draft.title = "新的标题"
    services.notice_save(notice=notice_draft, acting_user=bureau_admin)
    records = list(notice_draft.history.all())
    assert len(records) == 2 and all(r.history_user == bureau_admin for r in records)
    assert records[0].title == "新的标题"


def test_reading_records_the_first_time_once_and_marks_the_notification(principal_a, staff_a, bureau_admin,
                                                                         supervisor_a, notice_county):
    first = services.notice_read(notice=notice_county, acting_user=principal_a)
    again = services.notice_read(notice=notice_county, acting_user=principal_a)
    assert again.pk == first.pk and again.read_at == first.read_at
    assert first.school_id == principal_a.school_id
    services.notice_read(notice=notice_county, acting_user=staff_a)
    assert services.notice_read(notice=notice_county, acting_user=bureau_admin) is None
    assert services.notice_read(notice=notice_county, acting_user=supervisor_a) is None
    assert NoticeReceipt.objects.count() == 2
    assert Notification.objects.get(recipient=principal_a, rule=NOTICE_RULE).read_at is not None


def test_drafts_and_notices_of_other_schools_leave_no_receipt(notice_draft, notice_b, principal_a):
    assert services.notice_read(notice=notice_draft, acting_user=principal_a) is None
    with pytest.raises(PermissionDenied):
        services.notice_read(notice=notice_b, acting_user=principal_a)
    assert not NoticeReceipt.objects.exists()


def test_receipt_summary_counts_schools_and_readers(notice_county, principal_a, staff_a, principal_b, school_a2,
                                                    bureau_admin, supervisor_a):
    services.notice_read(notice=notice_county, acting_user=principal_a)
    services.notice_read(notice=notice_county, acting_user=staff_a)
    assert receipt_summary(notice=notice_county, user=bureau_admin) == {"schools": 3, "read": 1, "unread": 2,
                                                                       "readers": 2}
    assert receipt_summary(notice=notice_county, user=supervisor_a) == {"schools": 2, "read": 1, "unread": 1,
                                                                       "readers": 2}


def test_attachments_are_checked_by_content(bureau_admin, notice_draft):
    added = services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile("通知.pdf", PDF),
                                           acting_user=bureau_admin)
    assert added.name == "通知.pdf" and added.file.name.endswith(".pdf")
    forged = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.notice_attachment_add(notice=notice_draft, file=forged, acting_user=bureau_admin)
    photo = services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile("x.pdf", png_bytes()),
                                           name="现场照片", acting_user=bureau_admin)
    assert photo.file.name.endswith(".png"), "named after its content, not its name"
    assert list(notice_draft.attachments.values_list("name", flat=True)) == ["通知.pdf", "现场照片"]


def test_removing_an_attachment_keeps_its_history_and_drops_the_file(bureau_admin, notice_draft,
                                                                     django_capture_on_commit_callbacks):
    attachment = services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile("a.pdf", PDF),
                                                acting_user=bureau_admin)
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_attachment_remove(attachment=attachment, acting_user=bureau_admin)
    assert not NoticeAttachment.objects.exists()
    assert not storage.exists(name)
    assert NoticeAttachment.history.filter(history_type="-", history_user=bureau_admin).exists()


def test_at_most_ten_attachments(bureau_admin, notice_draft):
    for number in range(services.MAX_ATTACHMENTS):
        services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile(f"{number}.pdf", PDF),
                                       acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        services.notice_attachment_add(notice=notice_draft, file=SimpleUploadedFile("x.pdf", PDF),
                                       acting_user=bureau_admin)
