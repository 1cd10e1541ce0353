"""Hazard checks, accidents, lessons, drills and trainings."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.views import ScopedListView
from schoolbus import selectors, services
from schoolbus.filters import AccidentFilter, ActivityFilter, HazardFilter
from schoolbus.forms import AccidentForm, ActivityForm, HazardForm
from schoolbus.models import Accident, HazardCheck, SafetyActivity
from schoolbus.tables import AccidentTable, ActivityTable, HazardTable
from schoolbus.views.common import SCHOOL, BusFormView


class HazardListView(ScopedListView):
    selector = selectors.hazard_list
    filterset_class = HazardFilter
    table_class = HazardTable
    title = _("Hazard checks")
    export_name = "bus-hazard-checks"
    create_url_name = "schoolbus:hazard_create"
    can_create_roles = SCHOOL


class HazardFormView(BusFormView):
    model = HazardCheck
    form_class = HazardForm
    service = services.hazard_save
    service_arg = "check"
    list_url_name = "schoolbus:hazard_list"
    title = _("Hazard check")

    def get_initial(self):
        return {"date": timezone.localdate(), "checked_by": self.request.user.full_name}

    def get_success_url_for(self, saved):
        return reverse(self.list_url_name)


class AccidentListView(ScopedListView):
    selector = selectors.accident_list
    filterset_class = AccidentFilter
    table_class = AccidentTable
    title = _("Bus accidents")
    export_name = "bus-accidents"
    create_url_name = "schoolbus:accident_create"
    can_create_roles = SCHOOL


class AccidentFormView(BusFormView):
    model = Accident
    form_class = AccidentForm
    service = services.accident_record
    service_arg = "accident"
    list_url_name = "schoolbus:accident_list"
    title = _("Bus accident")

    def get_success_url_for(self, saved):
        return reverse(self.list_url_name)


class ActivityListView(ScopedListView):
    selector = selectors.activity_list
    filterset_class = ActivityFilter
    table_class = ActivityTable
    title = _("Lessons, drills and trainings")
    export_name = "bus-safety-activities"
    create_url_name = "schoolbus:activity_create"
    can_create_roles = SCHOOL


class ActivityFormView(BusFormView):
    model = SafetyActivity
    form_class = ActivityForm
    service = services.activity_save
    service_arg = "activity"
    list_url_name = "schoolbus:activity_list"
    title = _("Lesson, drill or training")

    def get_initial(self):
        return {"date": timezone.localdate(), "kind": self.request.GET.get("kind", "")}

    def get_success_url_for(self, saved):
        return reverse(self.list_url_name)
