"""Reads of the school-bus app, always through the user's scope; the figures of the quarterly report
and the bureau's overview."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.scoping import schools_visible_to
from schoolbus.choices import (
    BUS_LICENCE_CLASSES,
    DRIVER_MAX_AGE,
    DRIVER_MIN_AGE,
    DRIVER_MIN_YEARS,
    FULL_SCORE_PERIODS,
    ActivityKind,
    Direction,
    VehicleStatus,
)
from schoolbus.models import Accident, Driver, Escort, HazardCheck, QuarterlyReport, Route, SafetyActivity, Trip, Vehicle
from schoolbus.models.trips import MISMATCH_Q
from schoolbus.rules import previous_quarter, quarter_bounds


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def ineligible_driver_q(on: dt.date) -> Q:
    """The drivers who fail a rule of schoolbus.rules.driver_rules on `on` (without a vehicle), in SQL."""
    return (~Q(licence_class__in=list(BUS_LICENCE_CLASSES)) | Q(licence_expiry__lt=on)
            | Q(date_of_birth__gt=years_before(on, DRIVER_MIN_AGE))
            | Q(date_of_birth__lte=years_before(on, DRIVER_MAX_AGE + 1))
            | Q(licence_first_issued__gt=years_before(on, DRIVER_MIN_YEARS))
            | Q(qualification_approved_on__isnull=True) | Q(qualification_approved_on__gt=on)
            | Q(last_full_score_on__gte=years_before(on, FULL_SCORE_PERIODS)) | Q(fatal_accident_liability=True))


def invalid_papers_q(on: dt.date) -> Q:
    """Buses with a paper missing or expired on `on`, or no satellite positioning or video: what
    schoolbus.rules.vehicle_failures refuses, but the status."""
    q = Q(gps_fitted=False) | Q(video_fitted=False)
    for field in ("permit_expiry", "inspection_expiry", "compulsory_insurance_expiry", "carrier_insurance_expiry"):
        q |= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": on})
    return q


# --- lists (page and Excel export read the same) ---------------------------------------------------

def vehicle_list(*, user):
    return Vehicle.objects.visible_to(user).select_related("school")


def driver_list(*, user):
    return Driver.objects.visible_to(user).select_related("school")


def escort_list(*, user):
    return Escort.objects.visible_to(user).select_related("school")


def route_list(*, user):
    return Route.objects.visible_to(user).select_related("school", "vehicle", "driver", "escort").annotate(
        stop_count=Count("stops"))


def trip_list(*, user):
    return Trip.objects.visible_to(user).select_related("school", "route", "vehicle", "driver", "escort")


def hazard_list(*, user):
    return HazardCheck.objects.visible_to(user).select_related("school", "vehicle")


def accident_list(*, user):
    return Accident.objects.visible_to(user).select_related("school", "vehicle", "driver")


def liable_accidents(school_id: int, since: dt.date, until: dt.date) -> int:
    """How many accidents the school's buses were liable for in a period (一票否决 of the campaigns)."""
    from schoolbus.choices import LIABLE

    return Accident.objects.filter(school_id=school_id, date__range=(since, until), liability__in=LIABLE).count()


def activity_list(*, user):
    return SafetyActivity.objects.visible_to(user).select_related("school")


def report_list(*, user):
    return QuarterlyReport.objects.visible_to(user).select_related("school__township")


def bus_schools(*, user):
    """The schools that run buses: the bus service ticked, or a bus registered."""
    return schools_visible_to(user).filter(Q(has_bus_service=True) | Q(Exists(Vehicle.objects.filter(
        school=OuterRef("pk")))))


def _count(queryset, **filters):
    return Coalesce(Subquery(queryset.filter(school=OuterRef("pk"), **filters).order_by().values("school")
                             .annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0))


def school_overview(*, user, today: dt.date):
    """Per school running buses: its buses, routes and children, and what is wrong today."""
    year, quarter = previous_quarter(today)
    in_service = Vehicle.objects.filter(status=VehicleStatus.IN_SERVICE)
    return bus_schools(user=user).select_related("township").annotate(
        vehicles=_count(in_service),
        papers_invalid=_count(in_service.filter(invalid_papers_q(today))),
        routes=_count(Route.objects.filter(is_active=True)),
        students_carried=Coalesce(Subquery(Route.objects.filter(school=OuterRef("pk"), is_active=True).order_by()
                                   .values("school").annotate(n=Sum("students")).values("n")[:1]), Value(0)),
        drivers_ineligible=_count(Driver.objects.filter(is_active=True).filter(ineligible_driver_q(today))),
        open_alerts=_count(Trip.objects.filter(MISMATCH_Q, resolved_at__isnull=True)),
        report_status=Subquery(QuarterlyReport.objects.filter(school=OuterRef("pk"), year=year, quarter=quarter)
                               .values("status")[:1]),
    )


# --- the day's trips -------------------------------------------------------------------------------

def routes_running(school_id: int, day: dt.date):
    return (Route.objects.filter(school_id=school_id, is_active=True, weekdays__contains=[day.isoweekday()])
            .select_related("vehicle", "driver", "escort").order_by("name"))


def trips_of_day(school_id: int, day: dt.date) -> list[dict]:
    """Each trip the school's routes run on `day` (morning and afternoon), with its record if any."""
    routes = list(routes_running(school_id, day))
    recorded = {(t.route_id, t.direction): t for t in Trip.objects.filter(route__in=routes, date=day)}
    rows = []
    for route in routes:
        for direction, label, departure in ((Direction.TO_SCHOOL, Direction.TO_SCHOOL.label, route.morning_departure),
                                            (Direction.HOME, Direction.HOME.label, route.afternoon_departure)):
            rows.append({"route": route, "direction": direction, "label": label, "departure": departure,
                         "trip": recorded.get((route.pk, direction))})
    return rows


def last_trip(route: Route, direction: str, day: dt.date) -> Trip | None:
    """The route's trip before this one: the morning's for the afternoon, else the latest of an
    earlier day (its afternoon trip first)."""
    earlier = Q(date__lt=day) | (Q(date=day, direction=Direction.TO_SCHOOL) if direction == Direction.HOME
                                 else Q(pk__in=[]))
    return Trip.objects.filter(earlier, route=route).order_by("-date", "direction").first()


# --- semesters -------------------------------------------------------------------------------------

def semester_of(day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The semester `day` falls in: the term when terms are set up (None in the holidays), else
    spring (February to July) or autumn (August to January)."""
    from houqin.org.models import Term

    term = Term.objects.filter(start_date__lte=day, end_date__gte=day).first()
    if term is not None:
        return term.start_date, term.end_date
    if Term.objects.exists():
        return None
    if 2 <= day.month <= 7:
        return dt.date(day.year, 2, 1), dt.date(day.year, 7, 31)
    start_year = day.year if day.month >= 8 else day.year - 1
    return dt.date(start_year, 8, 1), dt.date(start_year + 1, 1, 31)


def school_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    start_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


# --- the quarterly report --------------------------------------------------------------------------

FIGURES = (
    ("vehicles", _("buses in service")),
    ("seats", _("seats")),
    ("vehicles_papers_invalid", _("buses with a paper missing or expired, or no GPS or video")),
    ("drivers", _("drivers")),
    ("drivers_ineligible", _("drivers failing a rule")),
    ("escorts", _("escorts")),
    ("routes", _("routes")),
    ("students", _("children carried")),
    ("trips", _("trips run")),
    ("trips_failed_check", _("trips with a failed check item")),
    ("head_count_mismatches", _("head counts that differed")),
    ("mismatches_unresolved", _("differences not resolved")),
    ("hazard_checks", _("hazard checks")),
    ("hazards_found", _("hazards found")),
    ("hazards_open", _("hazards not rectified")),
    ("accidents", _("accidents")),
    ("injured", _("injured")),
    ("deaths", _("deaths")),
    ("lessons", _("safety lessons")),
    ("drills", _("emergency drills")),
    ("trainings", _("trainings")),
)

# figures that are bad news when above zero
ALARM_FIGURES = frozenset({"vehicles_papers_invalid", "drivers_ineligible", "trips_failed_check",
                           "mismatches_unresolved", "hazards_open", "accidents", "injured", "deaths"})


def report_figures(school_id: int, year: int, quarter: int) -> dict[str, int]:
    """The quarter's figures of one school, read from the ledgers."""
    start, end = quarter_bounds(year, quarter)
    on = min(end, timezone.localdate())
    vehicles = Vehicle.objects.filter(school_id=school_id, status=VehicleStatus.IN_SERVICE)
    figures = vehicles.aggregate(vehicles=Count("pk"), seats=Coalesce(Sum("seats"), 0),
                                 vehicles_papers_invalid=Count("pk", filter=invalid_papers_q(on)))
    figures |= Driver.objects.filter(school_id=school_id, is_active=True).aggregate(
        drivers=Count("pk"), drivers_ineligible=Count("pk", filter=ineligible_driver_q(on)))
    figures["escorts"] = Escort.objects.filter(school_id=school_id, is_active=True).count()
    figures |= Route.objects.filter(school_id=school_id, is_active=True).aggregate(
        routes=Count("pk"), students=Coalesce(Sum("students"), 0))
    trips = Trip.objects.filter(school_id=school_id, date__range=(start, end))
    figures |= trips.aggregate(trips=Count("pk"), head_count_mismatches=Count("pk", filter=MISMATCH_Q),
                               mismatches_unresolved=Count("pk", filter=MISMATCH_Q & Q(resolved_at__isnull=True)))
    figures["trips_failed_check"] = sum(1 for passed in trips.values_list("checks_passed", flat=True)
                                        if len(set(passed)) < len(_check_items()))
    hazards = HazardCheck.objects.filter(school_id=school_id, date__range=(start, end))
    found = ~Q(findings="")
    figures |= hazards.aggregate(hazard_checks=Count("pk"), hazards_found=Count("pk", filter=found),
                                 hazards_open=Count("pk", filter=found & Q(rectified_on__isnull=True)))
    figures |= Accident.objects.filter(school_id=school_id, date__range=(start, end)).aggregate(
        accidents=Count("pk"), injured=Coalesce(Sum("injured"), 0), deaths=Coalesce(Sum("deaths"), 0))
    figures |= SafetyActivity.objects.filter(school_id=school_id, date__range=(start, end)).aggregate(
        lessons=Count("pk", filter=Q(kind=ActivityKind.LESSON)), drills=Count("pk", filter=Q(kind=ActivityKind.DRILL)),
        trainings=Count("pk", filter=Q(kind=ActivityKind.TRAINING)))
    return {key: int(figures[key]) for key, _label in FIGURES}


def _check_items():
    from schoolbus.choices import CheckItem

    return CheckItem.values
