"""The life of a complaint from the public (投诉举报): filed → assigned to the school → answered →
closed by the bureau, with "sent back" from answered to assigned when the answer does not satisfy.

One service per transition; each re-reads the complaint under a row lock, checks the current status,
the actor's role and scope, records who did it and why (history), and refuses anything else with a
ValidationError in the user's language. Each stage has a deadline (calendar days).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import has_role
from houqin.core.scoping import ensure_in_scope
from houqin.core.text import printable
from houqin.org.choices import BUREAU_ROLES, Role
from houqin.org.models import School
from inspections.choices import ComplaintCategory, ComplaintOutcome, ComplaintStatus
from inspections.models import Complaint

__all__ = [
    "ANSWER_DAYS",
    "ASSIGN_DAYS",
    "CLOSE_DAYS",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "TEXT_MAX",
    "TEXT_MIN",
    "complaint_answer",
    "complaint_assign",
    "complaint_close",
    "complaint_file",
    "complaint_send_back",
    "contact_phone_clean",
    "multiline_clean",
    "tracking_code_format",
    "tracking_code_normalise",
]

ASSIGN_DAYS = 2  # the bureau passes a new complaint to the school within 2 days
ANSWER_DAYS = 7  # default time the school has to answer
CLOSE_DAYS = 3  # the bureau closes an answered complaint within 3 days
MAX_ANSWER_DAYS = 60  # the farthest answer deadline the bureau may set

TEXT_MIN = 10
TEXT_MAX = 5000
INSTRUCTION_MAX = 2000
ANSWER_MAX = 5000
REPLY_MAX = 2000
REASON_MAX = 1000

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a note cannot be mistyped into
# another valid code. 31 symbols ** 12 ≈ 2 ** 59 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\Z")
_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}\Z")
_LANDLINE_RE = re.compile(r"^0[1-9][0-9]{1,2}[2-9][0-9]{6,7}\Z")  # area code + 7/8-digit number


# --- pure helpers (the public form uses them too) -----------------------------------------------


def multiline_clean(text: str) -> str:
    """Text as typed, with control and invisible characters removed but line breaks kept; the
    surrounding blank space is trimmed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(printable(line).rstrip() for line in lines).strip()


def contact_phone_clean(phone: str) -> str:
    """A Chinese mobile (11 digits from 13…19) or landline with area code ("0710-1234567"), written
    with digits only and a dash after the area code; "" when empty. ValidationError otherwise."""
    raw = unicodedata.normalize("NFKC", printable(phone or "")).strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if _MOBILE_RE.match(digits):
        return digits
    if _LANDLINE_RE.match(digits):
        area = 3 if digits[1] in "12" else 4  # 010, 02x; other area codes have 4 digits
        return f"{digits[:area]}-{digits[area:]}"
    raise ValidationError(
        _("Enter a mobile number of 11 digits or a landline with its area code, such as 0710-1234567."),
        code="phone",
    )


def tracking_code_normalise(value: str) -> str:
    """The stored form of a code as someone typed it: case, spaces, dashes and full-width
    characters do not matter. "" when it cannot be a code."""
    text = unicodedata.normalize("NFKC", value or "")
    text = re.sub(r"[\s\-_.·—]", "", text).upper()
    return text if _CODE_RE.match(text) else ""


def tracking_code_format(code: str) -> str:
    """A code in groups of four, for reading aloud: "7KQM-3XHD-P9RT"."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _limited_text(value: str, *, field: str, maximum: int, required_message: str, minimum: int = 1) -> str:
    text = multiline_clean(value)
    if len(text) < minimum:
        raise ValidationError({field: required_message})
    if len(text) > maximum:
        raise ValidationError({field: _("Write at most %(max)s characters (this has %(count)s).")
                               % {"max": maximum, "count": len(text)}})
    return text


def _locked(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock: two people acting at once see each other's change."""
    return Complaint.objects.select_for_update().select_related("school").get(pk=complaint.pk)


def _refuse(complaint: Complaint, message: str):
    """`message` names the status with %(status)s: "A complaint that is “%(status)s” cannot be …"."""
    raise ValidationError(message % {"status": complaint.get_status_display()}, code="status")


def _ensure_bureau(user, complaint: Complaint) -> None:
    ensure_in_scope(complaint.school_id, user=user)
    if not has_role(user, *BUREAU_ROLES):
        raise PermissionDenied


def _ensure_principal(user, complaint: Complaint) -> None:
    """Only the principal answers for the school: a complaint may concern the staff themselves."""
    ensure_in_scope(complaint.school_id, user=user)
    if not (user.role == Role.PRINCIPAL and user.school_id == complaint.school_id):
        raise PermissionDenied


def _answer_deadline(answer_by, today: dt.date) -> dt.date:
    if not isinstance(answer_by, dt.date):
        raise ValidationError({"answer_by": _("Give the date by which the school must answer.")})
    if answer_by < today:
        raise ValidationError({"answer_by": _("The deadline cannot be in the past.")})
    if answer_by > today + dt.timedelta(days=MAX_ANSWER_DAYS):
        raise ValidationError({"answer_by": _("The deadline can be at most %(days)s days away.")
                               % {"days": MAX_ANSWER_DAYS}})
    return answer_by


def _detail_url(complaint: Complaint) -> str:
    return complaint.get_absolute_url()


# --- filing (the public, no account) --------------------------------------------------------------


@transaction.atomic
def complaint_file(*, school: School, category: str, text: str, contact_name: str = "",
                   contact_phone: str = "") -> Complaint:
    """Record a complaint from the public about an active school and give it its tracking code; the
    county's bureau administrators are told at once."""
    if school is None or not school.is_active:
        raise ValidationError({"school": _("Choose a school of the county.")})
    if category not in ComplaintCategory.values:
        raise ValidationError({"category": _("Choose what the complaint is about.")})
    text = _limited_text(text, field="text", maximum=TEXT_MAX, minimum=TEXT_MIN, required_message=_(
        "Describe what happened in at least %(min)s characters.") % {"min": TEXT_MIN})
    contact_name = " ".join(printable(contact_name or "").split())
    if len(contact_name) > 30:
        raise ValidationError({"contact_name": _("Write at most %(max)s characters (this has %(count)s).")
                               % {"max": 30, "count": len(contact_name)}})
    try:
        contact_phone = contact_phone_clean(contact_phone)
    except ValidationError as error:
        raise ValidationError({"contact_phone": error.messages}) from None
    today = timezone.localdate()
    for _attempt in range(5):
        complaint = Complaint(
            school=school, category=category, text=text, contact_name=contact_name, contact_phone=contact_phone,
            status=ComplaintStatus.FILED, assign_by=today + dt.timedelta(days=ASSIGN_DAYS),
            tracking_code=_new_tracking_code(),
        )
        if Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
            continue  # ~2**-59 per complaint; the unique index is the last word
        try:
            with transaction.atomic():
                save_with_history(complaint, acting_user=None, reason=_("Filed by the public"))
        except IntegrityError:
            continue
        break
    else:  # pragma: no cover - would need a broken random source
        raise ValidationError(_("The complaint could not be saved. Please try again."))
    transaction.on_commit(lambda: _notify_filed(complaint), robust=True)
    return complaint


def _notify_filed(complaint: Complaint) -> None:
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    county_id = School.objects.filter(pk=complaint.school_id).values_list("township__county_id", flat=True).first()
    admins = User.objects.filter(role=Role.BUREAU_ADMIN, county_id=county_id, is_active=True).values_list("pk",
                                                                                                          flat=True)
    with translation.override(settings.LANGUAGE_CODE):  # for the bureau, whatever language the public used
        title = _("New complaint about %(school)s (%(category)s)") % {
            "school": complaint.school.name, "category": complaint.get_category_display()}
        body = _("To be passed to the school by %(date)s.") % {"date": complaint.assign_by.isoformat()}
    for admin_id in admins:
        notification_send(recipient_id=admin_id, rule="inspections.complaint_filed",
                          period=f"{complaint.tracking_code}:filed", title=title, body=body,
                          url=_detail_url(complaint), level="warning")


# --- the bureau and the school ------------------------------------------------------------------


@transaction.atomic
def complaint_assign(*, complaint: Complaint, instruction: str, answer_by: dt.date, serious: bool,
                     acting_user) -> Complaint:
    """Pass a new complaint to its school with the bureau's instruction and the answer deadline."""
    complaint = _locked(complaint)
    _ensure_bureau(acting_user, complaint)
    if complaint.status != ComplaintStatus.FILED:
        _refuse(complaint, _("A complaint that is “%(status)s” cannot be passed to the school."))
    instruction = _limited_text(instruction, field="instruction", maximum=INSTRUCTION_MAX,
                                required_message=_("Tell the school what to check and answer."))
    today = timezone.localdate()
    complaint.answer_by = _answer_deadline(answer_by, today)
    complaint.instruction = instruction
    complaint.serious = bool(serious)
    complaint.status = ComplaintStatus.ASSIGNED
    complaint.assigned_at, complaint.assigned_by = timezone.now(), acting_user
    save_with_history(complaint, acting_user=acting_user, reason=_("Passed to the school"))
    transaction.on_commit(lambda: _notify_principals(complaint, rule="inspections.complaint_assigned",
                                                     period=f"{complaint.tracking_code}:assigned"), robust=True)
    return complaint


@transaction.atomic
def complaint_answer(*, complaint: Complaint, answer: str, acting_user) -> Complaint:
    """The principal's answer for the school: what was checked and what was done."""
    complaint = _locked(complaint)
    _ensure_principal(acting_user, complaint)
    if complaint.status != ComplaintStatus.ASSIGNED:
        _refuse(complaint, _("A complaint that is “%(status)s” cannot be answered."))
    complaint.answer = _limited_text(answer, field="answer", maximum=ANSWER_MAX,
                                     required_message=_("Write what the school checked and did."))
    complaint.status = ComplaintStatus.ANSWERED
    complaint.answered_at, complaint.answered_by = timezone.now(), acting_user
    complaint.close_by = timezone.localdate() + dt.timedelta(days=CLOSE_DAYS)
    save_with_history(complaint, acting_user=acting_user, reason=_("Answered by the school"))
    transaction.on_commit(lambda: _notify_answered(complaint), robust=True)
    return complaint


@transaction.atomic
def complaint_send_back(*, complaint: Complaint, reason: str, answer_by: dt.date, acting_user) -> Complaint:
    """Return an unsatisfactory answer to the school with the reason and a new deadline."""
    complaint = _locked(complaint)
    _ensure_bureau(acting_user, complaint)
    if complaint.status != ComplaintStatus.ANSWERED:
        _refuse(complaint, _("A complaint that is “%(status)s” cannot be sent back."))
    reason = _limited_text(reason, field="reason", maximum=REASON_MAX,
                           required_message=_("Say what the answer lacks."))
    today = timezone.localdate()
    returned_answer_at = complaint.answered_at
    complaint.answer_by = _answer_deadline(answer_by, today)
    complaint.close_by = None
    complaint.status = ComplaintStatus.ASSIGNED
    complaint.assigned_at, complaint.assigned_by = timezone.now(), acting_user
    save_with_history(complaint, acting_user=acting_user, reason=_("Sent back: %(reason)s") % {"reason": reason})
    stamp = f"{returned_answer_at:%Y%m%d%H%M%S}" if returned_answer_at else "-"
    transaction.on_commit(lambda: _notify_principals(complaint, rule="inspections.complaint_returned",
                                                     period=f"{complaint.tracking_code}:returned:{stamp}",
                                                     reason=reason), robust=True)
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, outcome: str, serious: bool, public_reply: str, acting_user,
                    reason: str = "") -> Complaint:
    """Close an answered complaint with the outcome and the reply the complainant reads; a new
    complaint may be closed at once (e.g. not the bureau's matter), with a reason."""
    complaint = _locked(complaint)
    _ensure_bureau(acting_user, complaint)
    if complaint.status not in (ComplaintStatus.ANSWERED, ComplaintStatus.FILED):
        _refuse(complaint, _("A complaint that is “%(status)s” cannot be closed."))
    from_filed = complaint.status == ComplaintStatus.FILED
    if outcome not in ComplaintOutcome.values and not (from_filed and not outcome):
        raise ValidationError({"outcome": _("Choose the outcome of the complaint.")})
    public_reply = _limited_text(public_reply, field="public_reply", maximum=REPLY_MAX,
                                 required_message=_("Write the reply the complainant will read."))
    history_reason = _("Closed")
    if from_filed:
        reason = _limited_text(reason, field="reason", maximum=REASON_MAX, required_message=_(
            "Say why the complaint is closed without passing it to the school."))
        history_reason = _("Closed without passing it to the school: %(reason)s") % {"reason": reason}
    complaint.outcome = outcome
    complaint.serious = bool(serious)
    complaint.public_reply = public_reply
    complaint.status = ComplaintStatus.CLOSED
    complaint.closed_at, complaint.closed_by = timezone.now(), acting_user
    save_with_history(complaint, acting_user=acting_user, reason=history_reason)
    return complaint


def _notify_principals(complaint: Complaint, *, rule: str, period: str, reason: str = "") -> None:
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    title = _("Complaint %(code)s to answer by %(date)s") % {
        "code": tracking_code_format(complaint.tracking_code), "date": complaint.answer_by.isoformat()}
    for principal_id in User.objects.filter(role=Role.PRINCIPAL, school_id=complaint.school_id,
                                            is_active=True).values_list("pk", flat=True):
        notification_send(recipient_id=principal_id, rule=rule, period=period, title=title, body=reason,
                          url=_detail_url(complaint), level="warning")


def _notify_answered(complaint: Complaint) -> None:
    from houqin.notify.services import notification_send

    if not complaint.assigned_by_id:
        return
    notification_send(
        recipient_id=complaint.assigned_by_id, rule="inspections.complaint_answered",
        period=f"{complaint.tracking_code}:answered:{complaint.answered_at:%Y%m%d%H%M%S}",
        title=_("%(school)s answered complaint %(code)s") % {
            "school": complaint.school.name, "code": tracking_code_format(complaint.tracking_code)},
        body=_("To be closed by %(date)s.") % {"date": complaint.close_by.isoformat()},
        url=_detail_url(complaint),
    )
