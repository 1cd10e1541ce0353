"""What the school-bus app shows on the bureau dashboard and the school home (houqin.core.dashboard)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.dashboard import Task, dashboard_figure, school_tasks
from schoolbus.choices import VehicleStatus


def _per_school(queryset) -> dict[int, int]:
    return dict(queryset.order_by().values_list("school_id").annotate(n=Count("pk")).values_list("school_id", "n"))


def records_url(url_name: str, school=None, township=None, **params) -> str:
    """The list behind a figure, narrowed to a school (by its code) or a township."""
    if school is not None:
        params["q"] = school.code
    elif township is not None:
        params["township"] = township
    return reverse(url_name) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@dashboard_figure("schoolbus.head_counts_open", gettext_lazy("Bus head counts that differ, unresolved"),
                  level="danger", url=lambda school=None, township=None: records_url(
                      "schoolbus:trip_list", school, township, unresolved="true"))
def head_counts_open(school_ids, today):
    from schoolbus.models import Trip
    from schoolbus.models.trips import MISMATCH_Q

    return _per_school(Trip.objects.filter(MISMATCH_Q, school_id__in=school_ids, resolved_at__isnull=True))


@dashboard_figure("schoolbus.papers_invalid", gettext_lazy("School buses with a paper missing or expired, or no "
                                                           "GPS or video"),
                  level="danger", url=lambda school=None, township=None: records_url(
                      "schoolbus:vehicle_list", school, township, papers="invalid", status="in_service"))
def papers_invalid(school_ids, today):
    from schoolbus.models import Vehicle
    from schoolbus.selectors import invalid_papers_q

    return _per_school(Vehicle.objects.filter(invalid_papers_q(today), school_id__in=school_ids,
                                              status=VehicleStatus.IN_SERVICE))


@dashboard_figure("schoolbus.drivers_ineligible", gettext_lazy("Bus drivers failing a rule"),
                  level="danger", url=lambda school=None, township=None: records_url(
                      "schoolbus:driver_list", school, township, eligible="false", is_active="true"))
def drivers_ineligible(school_ids, today):
    from schoolbus.models import Driver
    from schoolbus.selectors import ineligible_driver_q

    return _per_school(Driver.objects.filter(ineligible_driver_q(today), school_id__in=school_ids, is_active=True))


@school_tasks("schoolbus")
def tasks(school, user, today):
    """Today's trips not yet counted off the bus, head counts to resolve, the quarterly report."""
    from schoolbus.models import QuarterlyReport, Trip
    from schoolbus.models.trips import MISMATCH_Q
    from schoolbus.rules import previous_quarter, quarter_due
    from schoolbus.selectors import trips_of_day
    from schoolbus.services.access import can_keep_buses

    if not can_keep_buses(user, school.pk):
        return
    for trip in Trip.objects.filter(MISMATCH_Q, school=school, resolved_at__isnull=True).select_related("route"):
        yield Task(trip.date, _("Find every child of %(route)s: the head count differs") % {"route": trip.route.name},
                   trip.get_absolute_url(), "danger")
    from schoolbus.selectors import semester_of

    in_term = semester_of(today) is not None
    open_trips = [row for row in trips_of_day(school.pk, today) if not row["trip"] or row["trip"].alighted is None] \
        if in_term else []
    if open_trips:
        yield Task(today, _("%(count)s bus trips to check and count today") % {"count": len(open_trips)},
                   reverse("schoolbus:today"), "warning")
    if open_trips or Trip.objects.filter(school=school).exists():
        year, quarter = previous_quarter(today)
        if not QuarterlyReport.objects.filter(school=school, year=year, quarter=quarter,
                                              status__in=["submitted", "accepted"]).exists():
            due = quarter_due(year, quarter)
            yield Task(due, _("Submit the %(year)s Q%(quarter)s bus report") % {"year": year, "quarter": quarter},
                       reverse("schoolbus:report_list"), "danger" if due < today else "warning")
