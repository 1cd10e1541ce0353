"""The bureau's notices to schools (通知公告): a draft is written, given attachments and an
audience, and published once; publishing puts it in the inbox of the audience schools' principals
(and of every school account when the notice says so). Opening a published notice records a read
receipt once per school user.

Only the county's bureau administrator writes and publishes; each service checks the role, the
county and the status again, whatever the page checked before.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import has_role
from houqin.core.text import printable
from houqin.notify.choices import NOTICE_RULE, Audience, NoticeStatus, notice_period
from houqin.notify.models import Notice, NoticeAttachment, NoticeReceipt, Notification
from houqin.notify.registry import Due
from houqin.notify.selectors.notices import audience_schools, notice_recipient_ids
from houqin.notify.services.delivery import notifications_deliver
from houqin.org.choices import SCHOOL_ROLES, Role
from houqin.org.models import School, Township

MAX_ATTACHMENTS = 10


def multiline_clean(text: str) -> str:
    """Text as typed, without control or invisible characters but with its line breaks."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(printable(line).rstrip() for line in lines).strip()


def ensure_notice_admin(user, county_id) -> None:
    """Notices are written and published by the bureau administrator of their county."""
    if not (has_role(user, Role.BUREAU_ADMIN) and (user.is_superuser or user.county_id == county_id)):
        raise PermissionDenied


def _ensure_draft(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("A published notice does not change."), code="published")


@transaction.atomic
def notice_save(*, notice: Notice, townships=(), schools=(), acting_user) -> Notice:
    """Create or change a draft notice and its audience (townships or schools of its county)."""
    ensure_notice_admin(acting_user, notice.county_id)
    if notice.pk:
        _ensure_draft(Notice.objects.select_for_update().get(pk=notice.pk))
    else:
        notice.created_by = acting_user
        notice.status = NoticeStatus.DRAFT
    notice.title = " ".join(printable(notice.title).split())
    notice.body = multiline_clean(notice.body)
    townships = list(townships) if notice.audience == Audience.TOWNSHIPS else []
    schools = list(schools) if notice.audience == Audience.SCHOOLS else []
    _check_audience(notice, townships, schools)
    save_with_history(notice, acting_user=acting_user, reason=_("Draft saved"))
    notice.townships.set(townships)
    notice.schools.set(schools)
    return notice


def _check_audience(notice: Notice, townships: list[Township], schools: list[School]) -> None:
    if notice.audience == Audience.TOWNSHIPS:
        if not townships:
            raise ValidationError({"townships": _("Choose at least one township.")})
        if any(t.county_id != notice.county_id for t in townships):
            raise ValidationError({"townships": _("Choose townships of your county.")})
    if notice.audience == Audience.SCHOOLS:
        if not schools:
            raise ValidationError({"schools": _("Choose at least one school.")})
        county_ids = set(Township.objects.filter(pk__in={s.township_id for s in schools})
                         .values_list("county_id", flat=True))
        if county_ids != {notice.county_id}:
            raise ValidationError({"schools": _("Choose schools of your county.")})


@transaction.atomic
def notice_publish(*, notice: Notice, acting_user) -> Notice:
    """Publish a draft and put it in the inbox of its audience, once: the status is checked under
    a row lock and each (recipient, notice) is delivered at most once."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    ensure_notice_admin(acting_user, notice.county_id)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("This notice is published already."), code="published")
    school_count = audience_schools(notice).count()
    if not school_count:
        raise ValidationError(_("The notice is addressed to no active school; choose its audience first."))
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = timezone.now()
    notice.published_by = acting_user
    save_with_history(notice, acting_user=acting_user,
                      reason=_("Published to %(count)s schools") % {"count": school_count})
    title = _("Notice: %(title)s") % {"title": notice.title}
    url = notice.get_absolute_url()
    notifications_deliver(NOTICE_RULE, (
        Due(recipient_id=pk, period=notice_period(notice.pk), title=title, url=url)
        for pk in notice_recipient_ids(notice)))
    return notice


def notice_read(*, notice: Notice, acting_user) -> NoticeReceipt | None:
    """Record the first time a school user opens a published notice addressed to its school and
    mark the notice's notification read. The receipt of a later opening stays the first one.
    Bureau and township accounts leave no receipt: receipts count the schools' reading."""
    if notice.status != NoticeStatus.PUBLISHED or acting_user.role not in SCHOOL_ROLES or not acting_user.school_id:
        return None
    receipt = NoticeReceipt.objects.filter(notice=notice, user=acting_user).first()
    if receipt is not None:
        return receipt
    if not Notice.objects.visible_to(acting_user).filter(pk=notice.pk).exists():
        raise PermissionDenied
    now = timezone.now()
    NoticeReceipt.objects.bulk_create(
        [NoticeReceipt(notice=notice, user=acting_user, school_id=acting_user.school_id, read_at=now)],
        ignore_conflicts=True,  # the same user opening it twice at once: the first insert wins
    )
    Notification.objects.filter(recipient=acting_user, rule=NOTICE_RULE, period=notice_period(notice.pk),
                                read_at__isnull=True).update(read_at=now)
    return NoticeReceipt.objects.get(notice=notice, user=acting_user)


@transaction.atomic
def notice_attachment_add(*, notice: Notice, file, name: str = "", acting_user) -> NoticeAttachment:
    """Attach an image or PDF to a draft (checked by content and size by the field's validator)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    ensure_notice_admin(acting_user, notice.county_id)
    _ensure_draft(notice)
    if notice.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("A notice has at most %(max)s attachments.") % {"max": MAX_ATTACHMENTS})
    name = " ".join(printable(name or getattr(file, "name", "") or "").split())[:100] or _("Attachment")
    attachment = NoticeAttachment(notice=notice, file=file, name=name, uploaded_by=acting_user)
    return save_with_history(attachment, acting_user=acting_user, reason=_("Attached"))


@transaction.atomic
def notice_attachment_remove(*, attachment: NoticeAttachment, acting_user) -> None:
    """Take an attachment off a draft; its file is removed from storage once the change commits."""
    notice = Notice.objects.select_for_update().get(pk=attachment.notice_id)
    ensure_notice_admin(acting_user, notice.county_id)
    _ensure_draft(notice)
    file_name, storage = attachment.file.name, attachment.file.storage
    attachment._history_user = acting_user
    attachment._change_reason = _("Removed")
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(file_name) if file_name else None, robust=True)
