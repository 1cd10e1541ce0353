"""Rectification orders (整改通知): open → answered by the school → verified by the inspector, or
reopened (open again with a note and perhaps a new deadline). Overdue orders escalate to the
county's bureau administrators once.

One service per transition: each re-reads the order under a row lock, checks the current status
and the actor's right, records who did it and why (history), and refuses anything else.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import has_role
from houqin.core.scoping import ensure_in_scope, school_in_scope
from houqin.core.text import printable
from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES, Role
from houqin.org.models import School
from inspections.choices import ComplaintOutcome, OrderStatus, Severity
from inspections.models import RectificationAnswer, RectificationOrder

__all__ = [
    "INSPECTOR_ROLES",
    "can_answer",
    "can_inspect",
    "ensure_inspector",
    "order_answer",
    "order_issue",
    "order_reopen",
    "order_verify",
    "orders_escalate",
    "responsible_for",
    "save_nullable",
]

INSPECTOR_ROLES = (*sorted(BUREAU_ROLES), Role.TOWNSHIP_SUPERVISOR)
MAX_DEADLINE_DAYS = 366
NUMBER_LOCK = 0x5A47  # "ZG": advisory-lock namespace of order numbers


# --- who may do what -----------------------------------------------------------------------------


def can_inspect(user, school_id) -> bool:
    """Bureau roles (their county) and the township supervisor (the township's schools) inspect,
    issue, verify and reopen; school users never do."""
    return has_role(user, *INSPECTOR_ROLES) and school_in_scope(school_id, user=user)


def ensure_inspector(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not has_role(user, *INSPECTOR_ROLES):
        raise PermissionDenied


def can_answer(user, school_id) -> bool:
    """The principal and the staff of the order's school answer it."""
    return bool(user.is_authenticated and user.is_active and user.role in SCHOOL_ROLES
                and user.school_id == school_id)


def responsible_for(school: School) -> str:
    """The person a school's orders are addressed to: its principal."""
    name = (school.principal_name or "").strip()
    if not name:
        from houqin.org.models import User

        name = (User.objects.filter(school_id=school.pk, role=Role.PRINCIPAL, is_active=True)
                .values_list("full_name", flat=True).first() or "")
    return (name or _("Principal"))[:30]


# --- checks of typed values ----------------------------------------------------------------------


def _text(value: str, *, field: str, limit: int, required: bool, message: str = "") -> str:
    text = printable(value or "").strip()
    if required and not text:
        raise ValidationError({field: message or _("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: _("At most %(limit)s characters.") % {"limit": limit}})
    return text


def _deadline(deadline, *, today: dt.date) -> dt.date:
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise ValidationError({"deadline": _("Enter the deadline as a date.")})
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    if deadline > today + dt.timedelta(days=MAX_DEADLINE_DAYS):
        raise ValidationError({"deadline": _("The deadline cannot be more than a year ahead.")})
    return deadline


def save_nullable(instance, *, acting_user, reason: str = "", nullable: tuple[str, ...]):
    """save_with_history for a record whose yes/no/unknown field is legitimately None (the model's
    null=True BooleanFields are not blank=True, so full_clean would refuse the None)."""
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.full_clean(exclude=list(nullable))
    instance.save()
    return instance


def _locked(order: RectificationOrder) -> RectificationOrder:
    return RectificationOrder.objects.select_for_update().select_related("school__township__county").get(pk=order.pk)


def _refuse(order: RectificationOrder, message: str):
    raise ValidationError(message % {"status": order.get_status_display()})


def _next_number(school: School, year: int) -> str:
    """The next number of the county's orders of the year, e.g. ZG2026-420699-0007. A transaction
    lock per county and year serialises concurrent issuers; the unique column is the last guard."""
    county = school.township.county
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBER_LOCK, (county.pk * 10000 + year) % 2**31])
    prefix = f"ZG{year}-{county.code}-"
    last = (RectificationOrder.objects.filter(number__startswith=prefix)
            .annotate(seq=Cast(Substr("number", len(prefix) + 1), IntegerField()))
            .aggregate(last=Max("seq"))["last"] or 0)
    return f"{prefix}{last + 1:04d}"


def _notify_school(order: RectificationOrder, *, rule: str, period: str, title: str, level: str = "warning"):
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    for user_id in User.objects.filter(school_id=order.school_id, role=Role.PRINCIPAL, is_active=True
                                       ).values_list("pk", flat=True):
        notification_send(recipient_id=user_id, rule=rule, period=period, title=title, body=order.finding[:500],
                          url=order.get_absolute_url(), level=level)


# --- the transitions -----------------------------------------------------------------------------


@transaction.atomic
def order_issue(*, school: School, finding: str, requirement: str = "", severity: str, deadline: dt.date,
                responsible: str, acting_user, inspection=None, declaration=None, complaint=None
                ) -> RectificationOrder:
    """Issue an order to a school in the acting inspector's scope, numbered per county and year.
    It may come from an inspection, a campaign declaration or a complaint of the same school."""
    ensure_inspector(acting_user, school.pk)
    school = School.objects.select_related("township__county").get(pk=school.pk)
    today = timezone.localdate()
    finding = _text(finding, field="finding", limit=4000, required=True,
                    message=_("Describe what was found."))
    requirement = _text(requirement, field="requirement", limit=4000, required=False)
    responsible = _text(responsible, field="responsible", limit=30, required=True,
                        message=_("Name the person responsible."))
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Choose the severity.")})
    deadline = _deadline(deadline, today=today)
    for source in (inspection, declaration, complaint):
        if source is not None and getattr(source, "school_id", school.pk) != school.pk:
            raise ValidationError(_("The order must go to the school the finding is about."))
    if complaint is not None and complaint.outcome not in (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY):
        raise ValidationError(_("An order follows a complaint once it is closed as (partly) substantiated."))
    order = RectificationOrder(
        school=school, number=_next_number(school, today.year), finding=finding, requirement=requirement,
        severity=severity, deadline=deadline, responsible=responsible, status=OrderStatus.OPEN,
        inspection=inspection, declaration=declaration, complaint=complaint, issued_by=acting_user,
    )
    save_with_history(order, acting_user=acting_user, reason=_("Issued"))
    transaction.on_commit(lambda: _notify_school(
        order, rule="inspections.order_issued", period=order.number,
        title=_("Rectification order %(number)s: due %(deadline)s")
        % {"number": order.number, "deadline": order.deadline.isoformat()},
        level="danger" if order.severity == Severity.SERIOUS else "warning"), robust=True)
    return order


@transaction.atomic
def order_answer(*, order: RectificationOrder, text: str, evidence=None, acting_user) -> RectificationAnswer:
    """The school says what it did, with optional evidence; the order waits for verification."""
    order = _locked(order)
    ensure_in_scope(order.school_id, user=acting_user)
    if not can_answer(acting_user, order.school_id):
        raise PermissionDenied
    if order.status != OrderStatus.OPEN:
        _refuse(order, _("Only an open order can be answered; this one is “%(status)s”."))
    text = _text(text, field="text", limit=4000, required=True, message=_("Say what was done."))
    answer = RectificationAnswer(order=order, text=text, answered_by=acting_user)
    if evidence:
        answer.evidence = evidence
    save_nullable(answer, acting_user=acting_user, reason=_("Answered by the school"), nullable=("accepted",))
    order.status = OrderStatus.ANSWERED
    save_with_history(order, acting_user=acting_user, reason=_("Answered by the school"))
    return answer


def _pending_answer(order: RectificationOrder) -> RectificationAnswer:
    answer = (RectificationAnswer.objects.select_for_update().filter(order=order, accepted__isnull=True)
              .order_by("-answered_at", "-pk").first())
    if answer is None:  # an ANSWERED order always has its pending answer; refuse rather than guess
        raise ValidationError(_("The school's answer is missing."))
    return answer


@transaction.atomic
def order_verify(*, order: RectificationOrder, note: str = "", acting_user) -> RectificationOrder:
    """The inspector accepts the school's answer: the order is rectified."""
    order = _locked(order)
    ensure_inspector(acting_user, order.school_id)
    if order.status != OrderStatus.ANSWERED:
        _refuse(order, _("Only an answered order can be verified; this one is “%(status)s”."))
    note = _text(note, field="note", limit=2000, required=False)
    now = timezone.now()
    answer = _pending_answer(order)
    answer.accepted, answer.verdict_note, answer.judged_by, answer.judged_at = True, note, acting_user, now
    save_nullable(answer, acting_user=acting_user, reason=_("Answer accepted"), nullable=("accepted",))
    order.status, order.verified_at = OrderStatus.VERIFIED, now
    save_with_history(order, acting_user=acting_user, reason=_("Verified"))
    return order


@transaction.atomic
def order_reopen(*, order: RectificationOrder, note: str, deadline: dt.date | None = None,
                 acting_user) -> RectificationOrder:
    """The inspector rejects the school's answer: the order is open again, with the reason and
    perhaps a new deadline. The answer stays, marked not accepted."""
    order = _locked(order)
    ensure_inspector(acting_user, order.school_id)
    if order.status != OrderStatus.ANSWERED:
        _refuse(order, _("Only an answered order can be reopened; this one is “%(status)s”."))
    note = _text(note, field="note", limit=2000, required=True, message=_("Say what is still wrong."))
    if deadline is not None:
        order.deadline = _deadline(deadline, today=timezone.localdate())
    answer = _pending_answer(order)
    answer.accepted, answer.verdict_note, answer.judged_by, answer.judged_at = (False, note, acting_user,
                                                                                timezone.now())
    save_nullable(answer, acting_user=acting_user, reason=_("Answer not accepted"), nullable=("accepted",))
    order.status = OrderStatus.OPEN
    order.escalated_at = None  # a missed new deadline is escalated again
    order.reopened_count += 1
    save_with_history(order, acting_user=acting_user, reason=_("Reopened, not yet rectified: %(note)s") % {"note": note[:200]})
    transaction.on_commit(lambda: _notify_school(
        order, rule="inspections.order_reopened", period=f"{order.number}:{order.reopened_count}",
        title=_("Rectification order %(number)s was reopened: due %(deadline)s")
        % {"number": order.number, "deadline": order.deadline.isoformat()}), robust=True)
    return order


@transaction.atomic
def orders_escalate(*, today: dt.date) -> int:
    """Mark every unanswered order past its deadline as escalated (once per deadline) and tell the
    county's bureau administrators. Running it again changes nothing; two runs at once skip each
    other's rows, and the notifications are unique per (recipient, rule, order)."""
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    orders = list(
        RectificationOrder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=OrderStatus.OPEN, deadline__lt=today, escalated_at__isnull=True)
        .select_related("school__township").order_by("pk")
    )
    if not orders:
        return 0
    admins: dict[int, list[int]] = {}
    for user_id, county_id in User.objects.filter(
        role=Role.BUREAU_ADMIN, is_active=True, county_id__in={o.school.township.county_id for o in orders}
    ).values_list("pk", "county_id"):
        admins.setdefault(county_id, []).append(user_id)
    now = timezone.now()
    for order in orders:
        order.escalated_at = now
        save_with_history(order, acting_user=None, reason=_("Overdue: escalated to the bureau"),
                          update_fields=["escalated_at"])
        for user_id in admins.get(order.school.township.county_id, []):
            notification_send(
                recipient_id=user_id, rule="inspections.order_overdue", period=f"{order.number}:{order.deadline}",
                title=_("Rectification order %(number)s of %(school)s is overdue (due %(deadline)s)")
                % {"number": order.number, "school": order.school.name, "deadline": order.deadline.isoformat()},
                body=order.finding[:500], url=order.get_absolute_url(), level="danger",
            )
    return len(orders)
