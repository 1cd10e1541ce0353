"""Filters of the school-bus lists (shared by each page and its Excel export)."""

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import School, Township
from schoolbus.choices import EXPIRY_WARNING_DAYS, ActivityKind, Direction, HazardSeverity, ReportStatus, VehicleStatus
from schoolbus.models import Accident, Driver, Escort, HazardCheck, QuarterlyReport, Route, SafetyActivity, Trip, Vehicle
from schoolbus.models.trips import MISMATCH_Q
from schoolbus.selectors import ineligible_driver_q, invalid_papers_q


class BusFilterSet(SearchFilterSet):
    """Every bus list: search by the school too, and narrow by township (bureau and township users)."""

    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    search_fields: tuple = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.school_id:
            del self.filters["township"]
        else:
            self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        q = Q(school__name__icontains=value) | Q(school__code__startswith=value)
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


class VehicleFilter(BusFilterSet):
    search_help = _("Plate or school")
    search_fields = ("plate",)
    status = django_filters.ChoiceFilter(label=_("status"), choices=VehicleStatus.choices)
    papers = django_filters.ChoiceFilter(label=_("papers"), method="filter_papers", choices=(
        ("invalid", _("missing or expired")), ("expiring", _("expiring within 30 days"))))

    class Meta:
        model = Vehicle
        fields = []

    def filter_papers(self, queryset, name, value):
        today = timezone.localdate()
        if value == "invalid":
            return queryset.filter(invalid_papers_q(today))
        soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
        q = Q()
        for field in ("permit_expiry", "inspection_expiry", "compulsory_insurance_expiry", "carrier_insurance_expiry"):
            q |= Q(**{f"{field}__range": (today, soon)})
        return queryset.filter(q)


class DriverFilter(BusFilterSet):
    search_help = _("Name or school")
    search_fields = ("name",)
    eligible = yes_no_filter(_("may drive"), method="filter_eligible")
    is_active = yes_no_filter(_("employed"))

    class Meta:
        model = Driver
        fields = []

    def filter_eligible(self, queryset, name, value):
        q = ineligible_driver_q(timezone.localdate())
        return queryset.exclude(q) if value else queryset.filter(q)


class EscortFilter(BusFilterSet):
    search_help = _("Name or school")
    search_fields = ("name",)
    is_active = yes_no_filter(_("employed"))

    class Meta:
        model = Escort
        fields = []


class RouteFilter(BusFilterSet):
    search_help = _("Route, stop or school")
    is_active = yes_no_filter(_("running"))

    class Meta:
        model = Route
        fields = []

    def search(self, queryset, name, value):
        ids = Route.objects.filter(stops__name__icontains=value).values("pk")
        return super().search(queryset, name, value) | queryset.filter(Q(name__icontains=value) | Q(pk__in=ids))


class TripFilter(BusFilterSet):
    search_help = _("Route or school")
    search_fields = ("route__name",)
    date_from = django_filters.DateFilter(label=_("from"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("to"), field_name="date", lookup_expr="lte")
    direction = django_filters.ChoiceFilter(label=_("trip"), choices=Direction.choices)
    mismatch = yes_no_filter(_("counts differ"), method="filter_mismatch")
    unresolved = yes_no_filter(_("difference not resolved"), method="filter_unresolved")

    class Meta:
        model = Trip
        fields = []

    def filter_mismatch(self, queryset, name, value):
        return queryset.filter(MISMATCH_Q) if value else queryset.exclude(MISMATCH_Q)

    def filter_unresolved(self, queryset, name, value):
        q = MISMATCH_Q & Q(resolved_at__isnull=True)
        return queryset.filter(q) if value else queryset.exclude(q)


class HazardFilter(BusFilterSet):
    search_help = _("Place, findings or school")
    search_fields = ("place", "findings")
    severity = django_filters.ChoiceFilter(label=_("severity"), choices=HazardSeverity.choices)
    open = yes_no_filter(_("not rectified"), method="filter_open")

    class Meta:
        model = HazardCheck
        fields = []

    def filter_open(self, queryset, name, value):
        q = ~Q(findings="") & Q(rectified_on__isnull=True)
        return queryset.filter(q) if value else queryset.exclude(q)


class AccidentFilter(BusFilterSet):
    search_help = _("Place or school")
    search_fields = ("place",)

    class Meta:
        model = Accident
        fields = []


class ActivityFilter(BusFilterSet):
    search_help = _("Title or school")
    search_fields = ("title",)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ActivityKind.choices)

    class Meta:
        model = SafetyActivity
        fields = []


class ReportFilter(BusFilterSet):
    search_help = _("School name or code")
    year = django_filters.NumberFilter(label=_("year"), min_value=2000, max_value=2100)
    quarter = django_filters.ChoiceFilter(label=_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    status = django_filters.ChoiceFilter(label=_("status"), choices=ReportStatus.choices)

    class Meta:
        model = QuarterlyReport
        fields = []


class OverviewFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())
    problems = yes_no_filter(_("something wrong"), method="filter_problems")

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def filter_problems(self, queryset, name, value):
        q = Q(papers_invalid__gt=0) | Q(drivers_ineligible__gt=0) | Q(open_alerts__gt=0)
        return queryset.filter(q) if value else queryset.exclude(q)
