"""Classes, students, and the families' choices for voluntary fees, on paper or online.

Paper slips and online answers end in the same Consent record (one per student, term and
category); the latest answer counts and the history keeps every earlier one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.choices import ConsentChoice, ConsentSource, NoticeStatus
from fees.models import Consent, FeeNotice, ReceiptScan, SchoolClass, Student
from fees.selectors import voluntary_categories
from fees.services.access import ensure_school_keeper
from houqin.core.history import save_with_history

__all__ = [
    "consent_deadline_passed",
    "consent_record_online",
    "consent_record_paper",
    "receipt_scan_add",
    "school_class_save",
    "student_save",
]


@transaction.atomic
def school_class_save(*, school_class: SchoolClass, acting_user) -> SchoolClass:
    ensure_school_keeper(acting_user, school_class.school_id)
    return save_with_history(school_class, acting_user=acting_user)


@transaction.atomic
def student_save(*, student: Student, acting_user) -> Student:
    """Add or change a student on a class roster (students who leave are taken off the roll)."""
    ensure_school_keeper(acting_user, student.school_id)
    if student.school_class.school_id != student.school_id:
        raise PermissionDenied
    return save_with_history(student, acting_user=acting_user)


def _record(student: Student, term_id: int, category_id: int, choice: str, source: str, user) -> Consent:
    if choice not in ConsentChoice.values:
        raise ValidationError(_("Choose opted in or opted out."))
    consent = Consent.objects.select_for_update().filter(student=student, term_id=term_id,
                                                          category_id=category_id).first()
    if consent is None:
        consent = Consent(student=student, term_id=term_id, category_id=category_id)
    if consent.pk and consent.choice == choice:
        return consent  # the same answer again (e.g. a paper slip confirming an online answer)
    consent.choice, consent.source, consent.recorded_by = choice, source, user
    reason = _("Paper receipt") if source == ConsentSource.PAPER else _("Answered online by the family")
    return save_with_history(consent, acting_user=user, reason=reason)


@transaction.atomic
def consent_record_paper(*, student: Student, notice: FeeNotice, choices: dict[int, str], acting_user) -> int:
    """Record what a paper slip says, category by category; returns how many choices changed."""
    ensure_school_keeper(acting_user, student.school_id)
    notice = FeeNotice.objects.select_related("term").get(pk=notice.pk)
    if notice.school_id != student.school_id or notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("Receipts are recorded against the school's published notice."))
    allowed = {c.pk for c in voluntary_categories(notice)}
    changed = 0
    for category_id, choice in choices.items():
        if category_id not in allowed:
            raise ValidationError(_("This fee is not a voluntary item of the notice."))
        if not choice:
            continue
        before = Consent.objects.filter(student=student, term_id=notice.term_id, category_id=category_id).first()
        after = _record(student, notice.term_id, category_id, choice, ConsentSource.PAPER, acting_user)
        changed += before is None or (before.choice, before.source) != (after.choice, after.source)
    return changed


def consent_deadline_passed(notice: FeeNotice, today=None) -> bool:
    today = today or timezone.localdate()
    deadline = notice.consent_deadline or notice.term.end_date
    return today > deadline


@transaction.atomic
def consent_record_online(*, code: str, notice: FeeNotice, choices: dict[int, str]) -> list[Consent]:
    """A family's answer through the QR code: no account, the student code is the key. The answer
    can be changed until the deadline."""
    notice = FeeNotice.objects.select_related("term").get(pk=notice.pk)
    student = Student.objects.select_for_update().filter(code=code, is_active=True).first()
    if student is None or student.school_id != notice.school_id:
        raise ValidationError(_("No student has this code at this school."))
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("This notice is no longer current; open the school's page again."))
    if consent_deadline_passed(notice):
        raise ValidationError(_("The deadline for choosing has passed; ask the school if your choice must change."))
    allowed = {c.pk for c in voluntary_categories(notice)}
    if not choices or set(choices) - allowed:
        raise ValidationError(_("Choose for every voluntary item of the notice."))
    return [_record(student, notice.term_id, cid, choice, ConsentSource.ONLINE, None) for cid, choice in choices.items()]


@transaction.atomic
def receipt_scan_add(*, scan: ReceiptScan, acting_user) -> ReceiptScan:
    """Archive a scan of a class's paper receipts."""
    ensure_school_keeper(acting_user, scan.school_class.school_id)
    scan.uploaded_by = acting_user
    return save_with_history(scan, acting_user=acting_user)
