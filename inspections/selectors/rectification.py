"""Reads of checklists, inspections and rectification orders, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from houqin.core.scoping import schools_visible_to
from houqin.org.choices import SCHOOL_ROLES
from houqin.org.models import School, Term
from inspections.choices import InspectionKind, InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, Inspection, InspectionResult, RectificationAnswer, RectificationOrder

OPEN_STATUSES = (OrderStatus.OPEN, OrderStatus.ANSWERED)


def checklist_list(*, user) -> QuerySet[Checklist]:
    return Checklist.objects.visible_to(user).annotate(
        item_count=Count("items", distinct=True), use_count=Count("inspections", distinct=True))


def inspection_list(*, user) -> QuerySet[Inspection]:
    """Inspections of the schools in scope; school users see only their completed ones."""
    failed = (InspectionResult.objects.filter(inspection=OuterRef("pk"), passed=False).order_by()
              .values("inspection").annotate(n=Count("pk")).values("n")[:1])
    orders = (RectificationOrder.objects.filter(inspection=OuterRef("pk")).order_by()
              .values("inspection").annotate(n=Count("pk")).values("n")[:1])
    queryset = Inspection.objects.visible_to(user)
    if user.is_authenticated and user.role in SCHOOL_ROLES:
        queryset = queryset.filter(status=InspectionStatus.DONE)
    return queryset.select_related("school__township", "checklist", "lead").annotate(
        failed_count=Coalesce(Subquery(failed, output_field=IntegerField()), Value(0)),
        order_count=Coalesce(Subquery(orders, output_field=IntegerField()), Value(0)),
    )


def order_list(*, user) -> QuerySet[RectificationOrder]:
    return RectificationOrder.objects.visible_to(user).select_related("school__township", "inspection")


def order_answers(order: RectificationOrder) -> QuerySet[RectificationAnswer]:
    return order.answers.select_related("answered_by", "judged_by").order_by("answered_at", "pk")


def overdue_q(today: dt.date) -> Q:
    """Past the deadline and still the school's to do; an answer awaiting the inspector's
    verification is not the school's delay."""
    return Q(status=OrderStatus.OPEN, deadline__lt=today)


def order_figures(*, school_ids: Iterable[int], today: dt.date) -> dict[int, dict]:
    """Per school, in one query: orders not yet verified ("open"), of them past their deadline
    and still unanswered ("overdue") and serious hazards ("serious_open"); verified orders whose accepted answer came by
    the deadline ("verified_on_time") or after it ("verified_late"). Every school asked for is in the
    result, with zeros when it has no order."""
    school_ids = list(school_ids)
    figures = {pk: {"open": 0, "overdue": 0, "serious_open": 0, "verified_on_time": 0, "verified_late": 0}
               for pk in school_ids}
    if not school_ids:
        return figures
    accepted_on = (RectificationAnswer.objects.filter(order=OuterRef("pk"), accepted=True)
                   .order_by("-answered_at").values("answered_at__date")[:1])
    open_ = Q(status__in=OPEN_STATUSES)
    verified = Q(status=OrderStatus.VERIFIED)
    rows = (
        RectificationOrder.objects.filter(school_id__in=school_ids)
        .annotate(accepted_on=Subquery(accepted_on))
        .order_by().values("school_id")
        .annotate(
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=overdue_q(today)),
            serious_open=Count("pk", filter=open_ & Q(severity=Severity.SERIOUS)),
            verified_on_time=Count("pk", filter=verified & Q(accepted_on__lte=F("deadline"))),
            verified_late=Count("pk", filter=verified & Q(accepted_on__gt=F("deadline"))),
        )
    )
    for row in rows:
        figures[row.pop("school_id")] = row
    return figures


# --- semester compliance -------------------------------------------------------------------------


def current_semester(today: dt.date) -> tuple[dt.date, dt.date, Term | None]:
    """The current term's first and last day; without any term recorded, the half-year of `today`
    (autumn semester September–January, spring semester February–August)."""
    term = Term.objects.current(today)
    if term is not None:
        return term.start_date, term.end_date, term
    if today.month >= 9:
        return dt.date(today.year, 9, 1), dt.date(today.year + 1, 1, 31), None
    if today.month == 1:
        return dt.date(today.year - 1, 9, 1), dt.date(today.year, 1, 31), None
    return dt.date(today.year, 2, 1), dt.date(today.year, 8, 31), None


def inspection_coverage(*, user, start: dt.date, end: dt.date) -> QuerySet[School]:
    """Each active school in scope with the date of its last completed fee special governance and
    "two safety" inspection between `start` and `end` (None when missing)."""

    def last(kind):
        return Subquery(Inspection.objects.filter(
            school=OuterRef("pk"), kind=kind, status=InspectionStatus.DONE, date__range=(start, end),
        ).order_by().values("school").annotate(last=Max("date")).values("last")[:1])

    return (schools_visible_to(user).filter(is_active=True).select_related("township")
            .annotate(last_fee=last(InspectionKind.FEE_SPECIAL), last_two_safety=last(InspectionKind.TWO_SAFETY)))


def coverage_counts(schools: QuerySet[School]) -> dict:
    """How many of the schools shown have each inspection, and how many miss one: one query."""
    return schools.order_by().aggregate(
        schools=Count("pk"),
        fee_done=Count("pk", filter=Q(last_fee__isnull=False)),
        two_safety_done=Count("pk", filter=Q(last_two_safety__isnull=False)),
        missing_any=Count("pk", filter=Q(last_fee__isnull=True) | Q(last_two_safety__isnull=True)),
    )


def today() -> dt.date:
    return timezone.localdate()
