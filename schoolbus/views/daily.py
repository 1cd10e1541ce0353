"""The pages a bus manager uses every day on a phone: today's trips, a trip's check and head count."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView
from schoolbus import selectors, services
from schoolbus.choices import CheckItem, Direction
from schoolbus.filters import TripFilter
from schoolbus.forms import ResolveForm, TripForm
from schoolbus.models import Route, Trip
from schoolbus.services.access import can_keep_buses
from schoolbus.tables import TripTable
from schoolbus.views.common import SCHOOL


def home(request):
    """The app's landing page: the day's trips for a school, the county overview for the bureau."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    if request.user.school_id:
        return redirect("schoolbus:today")
    return redirect("schoolbus:overview")


def _day(request) -> dt.date:
    """?date=YYYY-MM-DD within the last week, today by default; a bad date on a POST is a 404."""
    text = request.GET.get("date") or request.POST.get("date") or ""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(text) if text else today
    except ValueError:
        day = None
    if day is None or not (today - dt.timedelta(days=366) <= day <= today + dt.timedelta(days=1)):
        if request.method == "POST":
            raise Http404("bad date")
        return today
    return day


class TodayView(RoleRequiredMixin, View):
    """The school's trips of the day: checked, counted, and any child not accounted for."""

    allowed_roles = SCHOOL

    def get(self, request):
        if not can_keep_buses(request.user, request.user.school_id):
            raise PermissionDenied
        day = _day(request)
        rows = selectors.trips_of_day(request.user.school_id, day)
        alerts = Trip.objects.filter(school_id=request.user.school_id, resolved_at__isnull=True).filter(
            selectors.MISMATCH_Q).select_related("route").order_by("-date")
        return render(request, "schoolbus/today.html", {
            "title": _("School buses today"), "day": day, "rows": rows, "alerts": alerts,
            "today": timezone.localdate(), "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
            "done": sum(1 for r in rows if r["trip"] and r["trip"].alighted is not None),
        })


class TripRecordView(RoleRequiredMixin, View):
    """One trip on a phone: tick the checks, count the children on, later count them off.
    "Copy the last trip" ticks what passed on the route's last trip in the same direction."""

    allowed_roles = SCHOOL
    template_name = "schoolbus/trip_record.html"

    def setup_trip(self, request):
        if not can_keep_buses(request.user, request.user.school_id):
            raise PermissionDenied
        wanted = request.GET.get("route") or request.POST.get("route") or ""
        if not (wanted.isascii() and wanted.isdecimal()):
            raise Http404
        route = get_object_or_404(Route.objects.visible_to(request.user).select_related("vehicle", "driver", "escort"),
                                  pk=int(wanted), school_id=request.user.school_id)
        direction = request.GET.get("direction") or request.POST.get("direction") or Direction.TO_SCHOOL
        if direction not in Direction.values:
            raise Http404
        day = _day(request)
        trip = Trip.objects.filter(route=route, date=day, direction=direction).select_related(
            "vehicle", "driver", "escort").first()
        return route, direction, day, trip

    def initial(self, route, direction, day, trip, copy):
        if trip is not None:
            return {"checks_passed": trip.checks_passed, "check_note": trip.check_note, "boarded": trip.boarded,
                    "alighted": trip.alighted}
        if copy:
            last = selectors.last_trip(route, direction, day)
            return {"checks_passed": last.checks_passed if last else []}
        return {"checks_passed": []}

    def get(self, request):
        route, direction, day, trip = self.setup_trip(request)
        form = TripForm(initial=self.initial(route, direction, day, trip, bool(request.GET.get("copy"))), route=route)
        return self.render(request, route, direction, day, trip, form)

    def post(self, request):
        route, direction, day, trip = self.setup_trip(request)
        form = TripForm(request.POST, route=route)
        if not form.is_valid():
            return self.render(request, route, direction, day, trip, form, status=422)
        data = form.cleaned_data
        try:
            saved = services.trip_record(route=route, date=day, direction=direction, checks_passed=data["checks_passed"],
                                         check_note=data["check_note"], boarded=data["boarded"],
                                         alighted=data["alighted"], driver=data["driver"], escort=data["escort"],
                                         acting_user=request.user)
        except ValidationError as error:
            return self.render(request, route, direction, day, trip, form, errors=error.messages, status=422)
        if saved.mismatch:
            messages.error(request, _("The counts differ: %(boarded)s boarded, %(alighted)s alighted. The principal "
                                      "has been alerted; search the bus and find every child now.")
                           % {"boarded": saved.boarded, "alighted": saved.alighted})
        else:
            messages.success(request, _("The trip is recorded."))
        return redirect(f"{reverse('schoolbus:today')}?date={day.isoformat()}")

    def render(self, request, route, direction, day, trip, form, errors=(), status=200):
        return render(request, self.template_name, {
            "title": _("Trip check and head count"), "route": route, "can_copy": trip is None and selectors.last_trip(
                route, direction, day) is not None, "direction": direction,
            "direction_label": Direction(direction).label, "day": day, "trip": trip, "form": form, "errors": errors,
            "vehicle": trip.vehicle if trip else route.vehicle, "driver": trip.driver if trip else route.driver,
            "escort": trip.escort if trip else route.escort,
        }, status=status)


class TripListView(ScopedListView):
    selector = selectors.trip_list
    filterset_class = TripFilter
    table_class = TripTable
    title = gettext_lazy("Trips")
    export_name = "bus-trips"


class TripDetailView(RoleRequiredMixin, DetailView):
    template_name = "schoolbus/trip_detail.html"
    context_object_name = "trip"

    def get_queryset(self):
        return Trip.objects.visible_to(self.request.user).select_related(
            "school", "route", "vehicle", "driver", "escort", "checked_by", "resolved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trip = self.object
        context.update(title=str(trip), history=history_entries(trip), resolve_form=ResolveForm(),
                       keeper=can_keep_buses(self.request.user, trip.school_id),
                       items=[(label, value in trip.checks_passed) for value, label in CheckItem.choices])
        return context


class TripResolveView(RoleRequiredMixin, View):
    allowed_roles = SCHOOL

    def post(self, request, pk):
        trip = get_object_or_404(Trip.objects.visible_to(request.user), pk=pk)
        form = ResolveForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say where every child is."))
            services.trip_resolve(trip=trip, resolution=form.cleaned_data["resolution"], acting_user=request.user)
            messages.success(request, _("The difference is resolved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(trip.get_absolute_url())
