"""Reads of complaints, always through the user's scope, and the per-school figures the campaign
vetoes, the risk score and the dashboard are built on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, F, Q, QuerySet, When
from django.utils import timezone

from houqin.core.permissions import has_role
from houqin.core.sql import IdArray
from houqin.org.choices import BUREAU_ROLES, Role
from inspections.choices import ComplaintOutcome, ComplaintStatus
from inspections.models import Complaint

# Who reads complaints at all. School staff do not: a complaint may be about them, and the
# principal answers for the school.
COMPLAINT_READERS = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR, Role.PRINCIPAL)

FIGURE_KEYS = ("total", "open", "overdue", "serious_substantiated", "serious_unresolved")


def can_see_contact(user) -> bool:
    """The complainant's name and phone are for the bureau alone."""
    return has_role(user, *BUREAU_ROLES)


def deadline_expression():
    """The deadline of the stage a complaint is in (none once closed)."""
    return Case(
        When(status=ComplaintStatus.FILED, then=F("assign_by")),
        When(status=ComplaintStatus.ASSIGNED, then=F("answer_by")),
        When(status=ComplaintStatus.ANSWERED, then=F("close_by")),
        default=None,
        output_field=DateField(),
    )


def overdue_q(today: dt.date) -> Q:
    """Complaints whose current stage is past its deadline."""
    return (Q(status=ComplaintStatus.FILED, assign_by__lt=today)
            | Q(status=ComplaintStatus.ASSIGNED, answer_by__lt=today)
            | Q(status=ComplaintStatus.ANSWERED, close_by__lt=today))


SERIOUS_SUBSTANTIATED_Q = Q(status=ComplaintStatus.CLOSED, serious=True,
                            outcome__in=[ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY])
SERIOUS_UNRESOLVED_Q = Q(serious=True) & ~Q(status=ComplaintStatus.CLOSED)


def current_deadline(complaint: Complaint) -> dt.date | None:
    return {
        ComplaintStatus.FILED: complaint.assign_by,
        ComplaintStatus.ASSIGNED: complaint.answer_by,
        ComplaintStatus.ANSWERED: complaint.close_by,
    }.get(complaint.status)


def is_overdue(complaint: Complaint, today: dt.date | None = None) -> bool:
    deadline = current_deadline(complaint)
    return deadline is not None and deadline < (today or timezone.localdate())


def stage_date(complaint: Complaint):
    """When the complaint entered its current stage."""
    return {
        ComplaintStatus.FILED: complaint.filed_at,
        ComplaintStatus.ASSIGNED: complaint.assigned_at,
        ComplaintStatus.ANSWERED: complaint.answered_at,
        ComplaintStatus.CLOSED: complaint.closed_at,
    }.get(complaint.status)


def complaint_list(*, user) -> QuerySet[Complaint]:
    """The complaints the user may read: the county's for the bureau, the township's for its
    supervisor, the own school's for a principal; nothing for school staff."""
    if not has_role(user, *COMPLAINT_READERS):
        return Complaint.objects.none()
    complaints = Complaint.objects.visible_to(user)
    if has_role(user, Role.PRINCIPAL):
        # a complaint may be about the school's own leaders: the school sees it once the bureau passes it on
        complaints = complaints.filter(assigned_at__isnull=False)
    return complaints.select_related("school__township").annotate(deadline=deadline_expression())


def complaint_get(*, user, pk: int) -> Complaint:
    """One complaint in the user's scope (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        complaint_list(user=user).select_related("assigned_by", "answered_by", "closed_by"), pk=pk)


def public_complaint(code: str) -> Complaint | None:
    """The complaint of a (normalised) tracking code, for the public status page."""
    if not code:
        return None
    return Complaint.objects.select_related("school").filter(tracking_code=code).first()


@dataclass(frozen=True)
class Stage:
    status: str
    label: str
    when: dt.datetime
    user: object
    reason: str


def complaint_timeline(complaint: Complaint) -> list[Stage]:
    """Every change of stage, oldest first, from the history (so a send-back and the second answer
    both show). One query."""
    records = (complaint.history.select_related("history_user").order_by("history_date", "history_id")
               .only("status", "history_date", "history_user", "history_change_reason"))
    labels = dict(ComplaintStatus.choices)
    stages, previous = [], None
    for record in records:
        if record.status != previous:
            stages.append(Stage(record.status, str(labels.get(record.status, record.status)), record.history_date,
                                record.history_user, record.history_change_reason or ""))
            previous = record.status
    return stages


def complaint_figures(*, school_ids: Iterable[int], since: dt.date | None, until: dt.date | None,
                      today: dt.date | None = None) -> dict[int, dict]:
    """Per school id: {"total", "open", "overdue", "serious_substantiated", "serious_unresolved"} of
    the complaints filed between `since` and `until` (local dates, both included; None leaves that end
    open), in one query. Every asked school is in the answer, with zeros when it had none.

    - open: not closed; overdue: the current stage is past its deadline on `today`;
    - serious_substantiated: closed as substantiated or partly substantiated, and serious
      (the campaign veto "a verified serious complaint");
    - serious_unresolved: serious and not closed yet ("an unresolved serious complaint").
    """
    school_ids = IdArray(school_ids)
    today = today or timezone.localdate()
    figures = {school_id: dict.fromkeys(FIGURE_KEYS, 0) for school_id in school_ids}
    if not school_ids:
        return figures
    complaints = Complaint.objects.filter(school_id__in=school_ids)
    if since is not None:
        complaints = complaints.filter(filed_at__date__gte=since)
    if until is not None:
        complaints = complaints.filter(filed_at__date__lte=until)
    rows = (complaints.order_by().values("school_id").annotate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status=ComplaintStatus.CLOSED)),
        overdue=Count("pk", filter=overdue_q(today)),
        serious_substantiated=Count("pk", filter=SERIOUS_SUBSTANTIATED_Q),
        serious_unresolved=Count("pk", filter=SERIOUS_UNRESOLVED_Q),
    ))
    for row in rows:
        figures[row["school_id"]] = {key: row[key] for key in FIGURE_KEYS}
    return figures
