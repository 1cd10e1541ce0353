"""The life of a fee notice: draft → submitted → returned or approved → published → superseded.

One service per transition; each checks the current status and the actor's right, records who did
it and why (history), and refuses anything else with a ValidationError in the user's language.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fees.choices import EDITABLE_STATUSES, PRICE_HOTLINE, NoticeStatus
from fees.models import FeeItem, FeeNotice
from fees.rules import Finding, notice_findings
from fees.selectors import catalogue_for_school
from fees.services.access import ensure_reviewer, ensure_school_keeper
from fees.services.settlement import settlements_open
from houqin.core.history import save_with_history

__all__ = [
    "fee_item_delete",
    "fee_item_save",
    "fee_notice_approve",
    "fee_notice_check",
    "fee_notice_correct",
    "fee_notice_digest",
    "fee_notice_preview_findings",
    "fee_notice_publish",
    "fee_notice_return",
    "fee_notice_start",
    "fee_notice_submit",
    "fee_notice_update",
]


def _locked(notice: FeeNotice) -> FeeNotice:
    """Re-read the notice under a row lock: two people acting at once see each other's change."""
    return FeeNotice.objects.select_for_update().select_related("school", "term").get(pk=notice.pk)


def _refuse_transition(notice: FeeNotice, wanted: str):
    raise ValidationError(
        _("A notice that is “%(status)s” cannot be %(wanted)s.")
        % {"status": notice.get_status_display(), "wanted": wanted}
    )


def _items(notice: FeeNotice) -> list[FeeItem]:
    return list(notice.items.select_related("category", "category__policy", "policy"))


def fee_notice_preview_findings(notice: FeeNotice, items: list[FeeItem]) -> list[Finding]:
    """The findings the notice would have with these items (used while editing, nothing is saved)."""
    return notice_findings(notice, items, catalogue_for_school(notice.school))


def fee_notice_check(notice: FeeNotice) -> list[Finding]:
    """Recompute and store the notice's findings."""
    findings = fee_notice_preview_findings(notice, _items(notice))
    notice.findings = [f.as_json() for f in findings]
    notice.findings_count = len(findings)
    FeeNotice.objects.filter(pk=notice.pk).update(findings=notice.findings, findings_count=notice.findings_count)
    return findings


def fee_notice_digest(notice: FeeNotice, items: list[FeeItem] | None = None) -> str:
    """SHA-256 of everything a family reads on the board, so a printed board can be checked."""
    items = _items(notice) if items is None else items
    content = {
        "school": notice.school.code,
        "term": [notice.term.school_year, notice.term.semester],
        "version": notice.version,
        "phones": [notice.school_phone, notice.bureau_phone, notice.price_hotline],
        "remarks": notice.remarks,
        "consent_deadline": notice.consent_deadline.isoformat() if notice.consent_deadline else None,
        "items": [
            [i.category_name, i.kind_label, i.name, f"{i.amount:.2f}", i.unit, i.scope, i.is_voluntary,
             i.collection_method,
             i.refund_rule, i.supplier, i.supplier_reason, i.supplier_qualification, i.supplier_price,
             i.supplier_quality, i.policy_text]
            for i in items
        ],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _seal_items(notice: FeeNotice, *, seal: bool) -> None:
    """Seal (at approval) or unseal (when returned) what the catalogue says into the items."""
    for item in _items(notice):
        item.seal() if seal else item.unseal()
        item.save(update_fields=["sealed_category", "sealed_kind", "sealed_policy", "sealed_policy_number"])


@transaction.atomic
def fee_notice_start(*, school, term, acting_user) -> FeeNotice:
    """Open the first draft of a school's notice for a term, with the complaint phones filled in."""
    ensure_school_keeper(acting_user, school.pk)
    if FeeNotice.objects.filter(school=school, term=term).exists():
        raise ValidationError(_("This school already has a notice for this term; correct it instead."))
    notice = FeeNotice(
        school=school,
        term=term,
        school_phone=school.phone,
        bureau_phone=school.township.county.complaint_phone,
        price_hotline=PRICE_HOTLINE,
    )
    save_with_history(notice, acting_user=acting_user, reason=_("Draft opened"))
    fee_notice_check(notice)
    return notice


@transaction.atomic
def fee_notice_update(*, notice: FeeNotice, acting_user) -> FeeNotice:
    """Save the notice's own fields (phones, remarks, consent deadline) while it is a draft."""
    stored = _locked(notice)
    ensure_school_keeper(acting_user, stored.school_id)
    if stored.status not in EDITABLE_STATUSES:
        _refuse_transition(stored, pgettext("notice action", "changed"))
    notice.status, notice.version, notice.school_id, notice.term_id = (
        stored.status, stored.version, stored.school_id, stored.term_id)
    # the bureau's phone and the price hotline are the county's, not the school's to change
    notice.bureau_phone, notice.price_hotline = stored.bureau_phone, stored.price_hotline
    deadline = notice.consent_deadline
    if deadline and deadline != stored.consent_deadline:
        term = stored.term
        if not (term.start_date <= deadline <= term.end_date) or deadline < timezone.localdate():
            raise ValidationError({"consent_deadline": _(
                "The deadline must fall within the term (%(start)s to %(end)s) and not in the past."
            ) % {"start": term.start_date.isoformat(), "end": term.end_date.isoformat()}})
    save_with_history(notice, acting_user=acting_user)
    fee_notice_check(notice)
    return notice


@transaction.atomic
def fee_item_save(*, item: FeeItem, acting_user) -> FeeItem:
    """Add or change an item of a draft notice; the findings are recomputed."""
    notice = _locked(item.notice)
    ensure_school_keeper(acting_user, notice.school_id)
    if notice.status not in EDITABLE_STATUSES:
        _refuse_transition(notice, pgettext("notice action", "changed"))
    if item.category.county_id != notice.school.township.county_id:
        raise ValidationError({"category": _("This category is not in your county's catalogue.")})
    if item.pk is None and not item.position:
        item.position = (notice.items.aggregate(m=Max("position"))["m"] or 0) + 1
    save_with_history(item, acting_user=acting_user)
    fee_notice_check(notice)
    return item


@transaction.atomic
def fee_item_delete(*, item: FeeItem, acting_user) -> None:
    """Remove an item from a draft notice (the history keeps it)."""
    notice = _locked(item.notice)
    ensure_school_keeper(acting_user, notice.school_id)
    if notice.status not in EDITABLE_STATUSES:
        _refuse_transition(notice, pgettext("notice action", "changed"))
    item._history_user = acting_user
    item.delete()
    fee_notice_check(notice)


@transaction.atomic
def fee_notice_submit(*, notice: FeeNotice, acting_user) -> FeeNotice:
    """Send a draft (or returned) notice to the bureau, refusing it while findings remain."""
    notice = _locked(notice)
    ensure_school_keeper(acting_user, notice.school_id)
    if notice.status not in EDITABLE_STATUSES:
        _refuse_transition(notice, pgettext("notice action", "submitted"))
    findings = fee_notice_check(notice)
    if findings:
        raise ValidationError([f.message for f in findings])
    notice.status = NoticeStatus.SUBMITTED
    notice.submitted_at, notice.submitted_by = timezone.now(), acting_user
    save_with_history(notice, acting_user=acting_user, reason=_("Submitted to the bureau"))
    return notice


@transaction.atomic
def fee_notice_return(*, notice: FeeNotice, reason: str, acting_user) -> FeeNotice:
    """Send a submitted notice back to the school with the reasons."""
    notice = _locked(notice)
    ensure_reviewer(acting_user, notice.school_id)
    if notice.status not in (NoticeStatus.SUBMITTED, NoticeStatus.APPROVED):
        _refuse_transition(notice, pgettext("notice action", "returned"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the school must change.")})
    _seal_items(notice, seal=False)
    notice.digest = ""
    notice.status = NoticeStatus.RETURNED
    notice.return_reason = reason.strip()
    notice.reviewed_at, notice.reviewed_by = timezone.now(), acting_user
    save_with_history(notice, acting_user=acting_user, reason=_("Returned: %(reason)s") % {"reason": reason.strip()})
    return notice


@transaction.atomic
def fee_notice_approve(*, notice: FeeNotice, acting_user) -> FeeNotice:
    """Approve a submitted notice after checking it again; its content is sealed by its digest."""
    notice = _locked(notice)
    ensure_reviewer(acting_user, notice.school_id)
    if notice.status != NoticeStatus.SUBMITTED:
        _refuse_transition(notice, pgettext("notice action", "approved"))
    findings = fee_notice_check(notice)
    if findings:
        raise ValidationError([f.message for f in findings])
    _seal_items(notice, seal=True)
    notice.status = NoticeStatus.APPROVED
    notice.return_reason = ""
    notice.reviewed_at, notice.reviewed_by = timezone.now(), acting_user
    notice.digest = fee_notice_digest(notice)
    save_with_history(notice, acting_user=acting_user, reason=_("Approved"))
    return notice


@transaction.atomic
def fee_notice_publish(*, notice: FeeNotice, acting_user) -> FeeNotice:
    """Publish an approved notice: the version it corrects is superseded, the boards are built."""
    from fees.tasks import notice_boards_render
    from houqin.public.services import public_pages_changed

    notice = _locked(notice)
    ensure_reviewer(acting_user, notice.school_id)
    if notice.status != NoticeStatus.APPROVED:
        _refuse_transition(notice, pgettext("notice action", "published"))
    if notice.digest != fee_notice_digest(notice):
        raise ValidationError(_("The notice changed after approval; it must be approved again."))
    findings = fee_notice_check(notice)
    if findings:  # e.g. the county lowered a cap since the approval: return it to the school
        raise ValidationError([f.message for f in findings])
    now = timezone.now()
    for older in FeeNotice.objects.select_for_update().filter(
        school_id=notice.school_id, term_id=notice.term_id, status=NoticeStatus.PUBLISHED
    ):
        older.status, older.superseded_at = NoticeStatus.SUPERSEDED, now
        save_with_history(older, acting_user=acting_user,
                          reason=_("Superseded by version %(version)s") % {"version": notice.version})
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at, notice.published_by = now, acting_user
    save_with_history(notice, acting_user=acting_user, reason=_("Published"))
    settlements_open(notice)
    # robust: publication stands if Redis is down; the boards sweep (fees.tasks) queues them later
    transaction.on_commit(lambda: notice_boards_render.delay(notice.pk), robust=True)
    public_pages_changed(school_codes=[notice.school.code])
    return notice


@transaction.atomic
def fee_notice_correct(*, notice: FeeNotice, reason: str, acting_user) -> FeeNotice:
    """Start a corrected version of a published notice; the published one stays until the
    correction is published in its place."""
    notice = _locked(notice)
    ensure_school_keeper(acting_user, notice.school_id)
    if notice.status != NoticeStatus.PUBLISHED:
        _refuse_transition(notice, pgettext("notice action", "corrected"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the published notice is corrected.")})
    if FeeNotice.objects.filter(school_id=notice.school_id, term_id=notice.term_id,
                                status__in=[s for s in NoticeStatus if s not in (NoticeStatus.PUBLISHED,
                                                                                 NoticeStatus.SUPERSEDED)]).exists():
        raise ValidationError(_("A correction of this notice is already in progress."))
    latest = FeeNotice.objects.filter(school_id=notice.school_id, term_id=notice.term_id).aggregate(v=Max("version"))
    correction = FeeNotice(
        school_id=notice.school_id, term_id=notice.term_id, version=latest["v"] + 1, previous=notice,
        correction_reason=reason.strip(), school_phone=notice.school_phone, bureau_phone=notice.bureau_phone,
        price_hotline=notice.price_hotline, remarks=notice.remarks, consent_deadline=notice.consent_deadline,
    )
    save_with_history(correction, acting_user=acting_user,
                      reason=_("Correction of version %(version)s: %(reason)s") % {"version": notice.version,
                                                                                  "reason": reason.strip()})
    for item in _items(notice):
        item.pk, item.id, item.notice = None, None, correction
        item._state.adding = True
        item.unseal()  # a draft shows the catalogue as it is now; it is sealed again at approval
        save_with_history(item, acting_user=acting_user)
    fee_notice_check(correction)
    return correction
