"""The fleet pages: buses, drivers, escorts and routes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, add_service_errors
from schoolbus import selectors, services
from schoolbus.filters import DriverFilter, EscortFilter, RouteFilter, VehicleFilter
from schoolbus.forms import DriverForm, EscortForm, RouteForm, StopFormSet, VehicleForm
from schoolbus.models import Driver, Escort, Route, Vehicle
from schoolbus.rules import VEHICLE_PAPERS, driver_rules, paper_state, vehicle_failures
from schoolbus.services.access import can_keep_buses
from schoolbus.services.fleet import StopEntry, route_assignment_errors
from schoolbus.tables import DriverTable, EscortTable, RouteTable, VehicleTable
from schoolbus.views.common import SCHOOL, BusFormView, BusKeeperMixin


class VehicleListView(ScopedListView):
    selector = selectors.vehicle_list
    filterset_class = VehicleFilter
    table_class = VehicleTable
    title = _("School buses")
    export_name = "school-buses"
    create_url_name = "schoolbus:vehicle_create"
    can_create_roles = SCHOOL


class VehicleDetailView(RoleRequiredMixin, DetailView):
    template_name = "schoolbus/vehicle_detail.html"
    context_object_name = "vehicle"

    def get_queryset(self):
        return Vehicle.objects.visible_to(self.request.user).select_related("school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        vehicle = self.object
        context.update(
            title=vehicle.plate, today=today, history=history_entries(vehicle),
            papers=[{"label": label, "expiry": getattr(vehicle, field), "field": field.replace("_expiry", "_scan"),
                     "has_scan": bool(getattr(vehicle, field.replace("_expiry", "_scan"))),
                     "state": paper_state(getattr(vehicle, field), today)} for field, label in VEHICLE_PAPERS],
            failures=vehicle_failures(vehicle, today), routes=vehicle.routes.filter(is_active=True),
            keeper=can_keep_buses(self.request.user, vehicle.school_id),
        )
        return context


class VehicleFormView(BusFormView):
    model = Vehicle
    form_class = VehicleForm
    service = services.vehicle_save
    service_arg = "vehicle"
    list_url_name = "schoolbus:vehicle_list"
    title = _("School bus")


class DriverListView(ScopedListView):
    selector = selectors.driver_list
    filterset_class = DriverFilter
    table_class = DriverTable
    title = _("Bus drivers")
    export_name = "bus-drivers"
    create_url_name = "schoolbus:driver_create"
    can_create_roles = SCHOOL


class DriverFormView(BusFormView):
    model = Driver
    form_class = DriverForm
    service = services.driver_save
    service_arg = "driver"
    list_url_name = "schoolbus:driver_list"
    title = _("Bus driver")
    template_name = "schoolbus/driver_form.html"
    intro = _("A school-bus driver is 25 to 60 years old, has driven for at least 3 years with an A1, A3 or B1 "
              "licence, is approved by the traffic police, has not reached 12 points in the last 3 scoring periods "
              "and bore no liability for a fatal accident.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.intro
        if self.object is not None:
            context["rules"] = driver_rules(self.object, timezone.localdate())
        return context

    def get_success_url_for(self, saved):
        return reverse("schoolbus:driver_list")


class EscortListView(ScopedListView):
    selector = selectors.escort_list
    filterset_class = EscortFilter
    table_class = EscortTable
    title = _("Bus escorts")
    export_name = "bus-escorts"
    create_url_name = "schoolbus:escort_create"
    can_create_roles = SCHOOL


class EscortFormView(BusFormView):
    model = Escort
    form_class = EscortForm
    service = services.escort_save
    service_arg = "escort"
    list_url_name = "schoolbus:escort_list"
    title = _("Bus escort")

    def get_success_url_for(self, saved):
        return reverse("schoolbus:escort_list")


class RouteListView(ScopedListView):
    selector = selectors.route_list
    filterset_class = RouteFilter
    table_class = RouteTable
    title = _("Bus routes")
    export_name = "bus-routes"
    create_url_name = "schoolbus:route_create"
    can_create_roles = SCHOOL


class RouteDetailView(RoleRequiredMixin, DetailView):
    template_name = "schoolbus/route_detail.html"
    context_object_name = "route"

    def get_queryset(self):
        return Route.objects.visible_to(self.request.user).select_related("school", "vehicle", "driver", "escort")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        route = self.object
        problems = route_assignment_errors(route, timezone.localdate()) if route.is_active else {}
        context.update(title=route.name, stops=route.stops.order_by("position"), history=history_entries(route),
                       problems=[m for messages_ in problems.values() for m in messages_],
                       keeper=can_keep_buses(self.request.user, route.school_id),
                       trips=route.trips.order_by("-date", "direction")[:10])
        return context


class RouteFormView(BusKeeperMixin, RoleRequiredMixin, DetailView):
    """A route with its stops in order (a formset, rows added in the browser)."""

    template_name = "schoolbus/route_form.html"
    context_object_name = "route"
    EXTRA_ROWS = 3

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Route.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def forms(self, data=None):
        route = self.get_object()
        form = RouteForm(data, instance=route, user=self.request.user)
        initial = [{"name": s.name, "morning_time": s.morning_time, "afternoon_time": s.afternoon_time}
                   for s in route.stops.order_by("position")] if route else []
        # bound, every row is read as posted (compared to nothing, so an unchanged stop still counts)
        stops = StopFormSet(data, prefix="stops") if data is not None else StopFormSet(
            prefix="stops", initial=initial + [{}] * self.EXTRA_ROWS)
        return route, form, stops

    def get(self, request, *args, **kwargs):
        route, form, stops = self.forms()
        return self.render(route, form, stops)

    def post(self, request, *args, **kwargs):
        route, form, stops = self.forms(request.POST)
        if form.is_valid() and stops.is_valid():
            entries = [StopEntry(f.cleaned_data.get("name", ""), f.cleaned_data.get("morning_time"),
                                 f.cleaned_data.get("afternoon_time")) for f in stops.forms if f.cleaned_data]
            try:
                saved = services.route_save(route=form.instance, stops=entries, acting_user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render(route, form, stops, status=422)

    def render(self, route, form, stops, status=200):
        from django.shortcuts import render

        return render(self.request, self.template_name, {
            "title": _("Bus route"), "object": route, "form": form, "stops": stops,
            "history": history_entries(route) if route else None,
            "cancel_url": route.get_absolute_url() if route else reverse("schoolbus:route_list"),
        }, status=status)
