"""Measures: figures of the other apps a goal may be bound to, computed live for a county and a year.

Each measure is called as `MEASURES[code](county, year, params)` and answers a `Reading`: the value
the data holds now, what it is out of (a share's denominator; None for a plain count, whose target
is the goal's own figure), and the address of the records behind the value (and of those still
short of it). A measure is written in two steps so that a whole plan is read in a fixed number of
queries, however many goals it has: `load(context)` reads the county's figures for the year once
(whatever the parameters), `read(data, context, params)` picks a goal's figure out of them.

The year is read as of its reference day: today for this year's plan, 31 December for a past
year's, 1 January for next year's. Counts of events (titles, rectification orders, complaints) take
the year's events; states (fee notices, semester inspections) take the term or semester under way
on the reference day; the canteen registers (certificates, video) hold no past, so they are read as
they stand on the reference day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.workplan.choices import MeasureKind
from houqin.workplan.rules import share_percent


@dataclass(frozen=True)
class Reading:
    """What a measure says for one goal."""

    value: int | None
    denominator: int | None = None
    url: str = ""
    gap_url: str = ""
    period: str = ""  # what was measured when it is not simply the year: "2026—2027 school year, first semester"

    @property
    def share(self):
        return share_percent(self.value, self.denominator)

    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.denominator is None:
            return str(self.value)
        share = self.share
        return f"{self.value} / {self.denominator}" + (f"（{share}%）" if share is not None else "")


@dataclass
class MeasureContext:
    """The county and year a measure reads, with the day it is read as of."""

    county_id: int
    year: int
    today: dt.date

    @property
    def reference_day(self) -> dt.date:
        if self.year < self.today.year:
            return dt.date(self.year, 12, 31)
        if self.year > self.today.year:
            return dt.date(self.year, 1, 1)
        return self.today

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @cached_property
    def term(self):
        from houqin.org.models import Term

        return Term.objects.current(self.reference_day)

    @cached_property
    def semester(self):
        from inspections.selectors.rectification import current_semester

        return current_semester(self.reference_day)

    def schools(self):
        from houqin.org.models import School

        return School.objects.filter(township__county_id=self.county_id, is_active=True)


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    kind: str
    load: Callable[[MeasureContext], Any]
    read: Callable[[Any, MeasureContext, dict], Reading]
    params: tuple[str, ...] = ()
    help: str = ""
    do_not_call_in_templates: ClassVar[bool] = True  # a template reads its label, it does not run it

    @property
    def kind_label(self) -> str:
        return MeasureKind(self.kind).label

    def __call__(self, county, year: int, params: dict | None = None, *, today: dt.date | None = None) -> Reading:
        """The reading for one goal: `county` (a County or its id), the plan `year`, the goal's params."""
        context = MeasureContext(getattr(county, "pk", county), year, today or timezone.localdate())
        return self.read(self.load(context), context, params or {})


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    MEASURES[measure.code] = measure
    return measure


def measure_choices() -> list[tuple[str, str]]:
    """The choices of Goal.measure (a callable, so that adding a measure needs no migration)."""
    return [(code, measure.label) for code, measure in MEASURES.items()]


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def readings_for(goals: Iterable, *, today: dt.date | None = None) -> dict[int, Reading]:
    """The readings of every measured goal, by goal id: each (county, year, measure) is loaded once,
    so a plan costs a fixed number of queries whatever the number of goals."""
    today = today or timezone.localdate()
    contexts: dict[tuple[int, int], MeasureContext] = {}
    loaded: dict[tuple[int, int, str], Any] = {}
    readings = {}
    for goal in goals:
        measure = MEASURES.get(goal.measure) if goal.measure else None
        if measure is None:
            continue
        context = contexts.setdefault((goal.county_id, goal.year), MeasureContext(goal.county_id, goal.year, today))
        key = (goal.county_id, goal.year, measure.code)
        if key not in loaded:
            loaded[key] = measure.load(context)
        readings[goal.pk] = measure.read(loaded[key], context, goal.measure_params)
    return readings


# --- 创建: titles held -------------------------------------------------------------------------


def _titles_load(context: MeasureContext) -> dict[tuple[int, str], int]:
    """Schools holding a title in force, per (campaign type, level), of the year: one query."""
    from django.db.models import Count

    from inspections.models import Title

    rows = (Title.objects.in_force().filter(school__township__county_id=context.county_id, year=context.year)
            .order_by().values("campaign_type_id", "level").annotate(schools=Count("school_id", distinct=True)))
    return {(row["campaign_type_id"], row["level"]): row["schools"] for row in rows}


def _titles_read(data, context: MeasureContext, params: dict) -> Reading:
    campaign_type, level = params.get("campaign_type"), params.get("level")
    return Reading(data.get((campaign_type, level), 0),
                   url=_url("inspections:title_list", campaign_type=campaign_type, level=level, year=context.year,
                            in_force="true"))


register(Measure(
    "titles", _("Schools holding a title of the year"), MeasureKind.COUNT, _titles_load, _titles_read,
    params=("campaign_type", "level"),
    help=_("Schools holding a title of the chosen campaign type and level awarded for the plan's year and "
           "not revoked (e.g. city-level Trusted Canteens of 2026)."),
))


# --- 收费: fee notices published ---------------------------------------------------------------


def _fee_notices_load(context: MeasureContext) -> dict:
    """Active schools of the county, and of them those with a published notice for the term under way
    on the reference day: one query (and one for the term)."""
    from django.db.models import Count, Exists, OuterRef, Q

    from fees.choices import NoticeStatus
    from fees.models import FeeNotice

    term = context.term
    if term is None:
        return {"term": None, "schools": context.schools().count(), "published": None}
    published = FeeNotice.objects.filter(school_id=OuterRef("pk"), term=term, status=NoticeStatus.PUBLISHED)
    counts = context.schools().annotate(published=Exists(published)).aggregate(
        schools=Count("pk"), with_notice=Count("pk", filter=Q(published=True)))
    return {"term": term, "schools": counts["schools"], "published": counts["with_notice"]}


def _fee_notices_read(data, context: MeasureContext, params: dict) -> Reading:
    term = data["term"]
    term_id = term.pk if term else None
    return Reading(data["published"], data["schools"],
                   url=_url("fees:notice_list", term=term_id, status="published"),
                   gap_url=_url("fees:missing_notices", term=term_id), period=str(term) if term else "")


register(Measure(
    "fee_notices", _("Schools with a published fee notice this term"), MeasureKind.SHARE, _fee_notices_load,
    _fee_notices_read,
    help=_("Active schools whose fee notice for the term under way is published, out of all active schools."),
))


# --- 食堂: canteen registers -------------------------------------------------------------------


def _canteens(context: MeasureContext):
    from canteens.models import Canteen

    return Canteen.objects.filter(school__township__county_id=context.county_id, school__is_active=True,
                                  is_active=True)


def invalid_certificate_q(day: dt.date, prefix: str = ""):
    """Workers who may not handle food on `day` (the rule of CanteenStaff.may_handle_food): a
    certificate without number, not issued yet by then, without expiry or expired."""
    from django.db.models import Q

    condition = Q()
    for certificate in ("health", "training"):
        condition |= (Q(**{f"{prefix}{certificate}_number__regex": r"^\s*$"})
                      | Q(**{f"{prefix}{certificate}_issued__isnull": True})
                      | Q(**{f"{prefix}{certificate}_issued__gt": day})
                      | Q(**{f"{prefix}{certificate}_expiry__isnull": True})
                      | Q(**{f"{prefix}{certificate}_expiry__lt": day}))
    return condition


def _certificates_load(context: MeasureContext) -> dict:
    """Canteens in use, and of them those whose every employed worker holds both certificates valid on
    the reference day (a canteen with no worker recorded has nothing to show): one query."""
    from django.db.models import Count, Exists, OuterRef, Q

    from canteens.models import CanteenStaff

    day = context.reference_day
    staff = CanteenStaff.objects.filter(canteen_id=OuterRef("pk"), is_active=True)
    counts = _canteens(context).annotate(
        has_staff=Exists(staff), has_invalid=Exists(staff.filter(invalid_certificate_q(day)))).aggregate(
        canteens=Count("pk"), valid=Count("pk", filter=Q(has_staff=True, has_invalid=False)))
    return counts


def _certificates_read(data, context: MeasureContext, params: dict) -> Reading:
    return Reading(data["valid"], data["canteens"], url=_url("canteens:overview"),
                   gap_url=_url("canteens:staff_list", state="expired", is_active="true"))


register(Measure(
    "canteen_certificates", _("Canteens whose workers all hold valid certificates"), MeasureKind.SHARE,
    _certificates_load, _certificates_read,
    help=_("Canteens in use whose every worker holds a valid health certificate and training certificate "
           "(二证), out of all canteens in use; a canteen with no worker recorded does not count."),
))


def _video_load(context: MeasureContext) -> dict:
    """Canteens in use, and of them those whose every area is under video (明厨亮灶): one query."""
    from django.db.models import Count, Q

    from canteens.choices import VideoArea

    return _canteens(context).aggregate(canteens=Count("pk"),
                                        covered=Count("pk", filter=Q(video_areas__contains=list(VideoArea.values))))


def _video_read(data, context: MeasureContext, params: dict) -> Reading:
    return Reading(data["covered"], data["canteens"], url=_url("canteens:overview"))


register(Measure(
    "canteen_video", _("Canteens with every area under video"), MeasureKind.SHARE, _video_load, _video_read,
    help=_("Canteens in use whose store room, processing rooms, serving area and dining hall are all under "
           "video (明厨亮灶), out of all canteens in use."),
))


# --- 督查: rectification orders and complaints ----------------------------------------------------


def _orders_load(context: MeasureContext) -> dict:
    """Rectification orders issued in the year: verified with the accepted answer by the deadline, verified
    late, and still the school's to do past the deadline — the definitions of
    inspections.selectors.rectification.order_figures, for the year's orders: one query."""
    from django.db.models import Count, F, OuterRef, Q, Subquery

    from inspections.choices import OrderStatus
    from inspections.models import RectificationAnswer, RectificationOrder
    from inspections.selectors.rectification import overdue_q

    accepted_on = (RectificationAnswer.objects.filter(order=OuterRef("pk"), accepted=True)
                   .order_by("-answered_at").values("answered_at__date")[:1])
    verified = Q(status=OrderStatus.VERIFIED)
    return (RectificationOrder.objects
            .filter(school__township__county_id=context.county_id,
                    issued_at__date__range=(context.first_day, context.last_day))
            .annotate(accepted_on=Subquery(accepted_on))
            .aggregate(on_time=Count("pk", filter=verified & Q(accepted_on__lte=F("deadline"))),
                       late=Count("pk", filter=verified & Q(accepted_on__gt=F("deadline"))),
                       overdue=Count("pk", filter=overdue_q(context.today))))


def _orders_read(data, context: MeasureContext, params: dict) -> Reading:
    return Reading(data["on_time"], data["on_time"] + data["late"] + data["overdue"],
                   url=_url("inspections:order_list", status="verified"),
                   gap_url=_url("inspections:order_list", overdue="true"))


register(Measure(
    "rectifications_on_time", _("Rectification orders verified on time"), MeasureKind.SHARE, _orders_load,
    _orders_read,
    help=_("Orders issued in the year whose accepted answer came by the deadline, out of those verified and "
           "those still open past their deadline (an order not yet due is not counted)."),
))


def _complaints_load(context: MeasureContext) -> dict:
    """Complaints filed in the year: closed by the deadline of their last stage, closed late, and open
    past the deadline of their current stage: one query."""
    from django.db.models import Count, F, Q
    from django.db.models.functions import Coalesce, TruncDate

    from inspections.choices import ComplaintStatus
    from inspections.models import Complaint
    from inspections.selectors.complaints import overdue_q

    closed = Q(status=ComplaintStatus.CLOSED)
    return (Complaint.objects
            .filter(school__township__county_id=context.county_id,
                    filed_at__date__range=(context.first_day, context.last_day))
            .annotate(closed_on=TruncDate("closed_at"), due=Coalesce(F("close_by"), F("assign_by")))
            .aggregate(on_time=Count("pk", filter=closed & Q(closed_on__lte=F("due"))),
                       late=Count("pk", filter=closed & Q(closed_on__gt=F("due"))),
                       overdue=Count("pk", filter=overdue_q(context.today))))


def _complaints_read(data, context: MeasureContext, params: dict) -> Reading:
    return Reading(data["on_time"], data["on_time"] + data["late"] + data["overdue"],
                   url=_url("inspections:complaint_list", status="closed"),
                   gap_url=_url("inspections:complaint_list", overdue="true"))


register(Measure(
    "complaints_closed_on_time", _("Complaints closed on time"), MeasureKind.SHARE, _complaints_load,
    _complaints_read,
    help=_("Complaints filed in the year and closed by the deadline, out of those closed and those open past "
           "a deadline (a complaint still within its time is not counted)."),
))


def _coverage_load(context: MeasureContext) -> dict:
    """Active schools, and of them those with both the fee special governance and the "two safety"
    inspection completed in the semester under way on the reference day: one query (and one for the
    semester)."""
    from django.db.models import Count, Exists, OuterRef, Q

    from inspections.choices import InspectionKind, InspectionStatus
    from inspections.models import Inspection

    start, end, term = context.semester

    def done(kind):
        return Exists(Inspection.objects.filter(school_id=OuterRef("pk"), kind=kind, status=InspectionStatus.DONE,
                                                date__range=(start, end)))

    counts = context.schools().annotate(fee=done(InspectionKind.FEE_SPECIAL),
                                        safety=done(InspectionKind.TWO_SAFETY)).aggregate(
        schools=Count("pk"), both=Count("pk", filter=Q(fee=True, safety=True)))
    return {**counts, "period": str(term) if term else f"{start:%Y-%m-%d}—{end:%Y-%m-%d}"}


def _coverage_read(data, context: MeasureContext, params: dict) -> Reading:
    return Reading(data["both"], data["schools"], url=_url("inspections:inspection_coverage"),
                   gap_url=_url("inspections:inspection_coverage", missing="true"), period=data["period"])


register(Measure(
    "semester_inspections", _("Schools with both semester inspections done"), MeasureKind.SHARE, _coverage_load,
    _coverage_read,
    help=_("Active schools where this semester's fee special governance and \"two safety\" inspection are both "
           "completed, out of all active schools."),
))
