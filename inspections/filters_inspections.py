"""Filters of the checklist, inspection, rectification and coverage lists (page and export alike)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import School, Township
from inspections.choices import InspectionKind, InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, Inspection, RectificationOrder
from inspections.selectors.rectification import overdue_q


class SchoolScopedFilter(SearchFilterSet):
    """Lists of school records: township and school choices narrowed to the user's scope."""

    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    school = django_filters.ModelChoiceFilter(label=_("school"), queryset=School.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from houqin.core.scoping import schools_visible_to

        self.filters["township"].queryset = Township.objects.visible_to(user)
        self.filters["school"].queryset = schools_visible_to(user).order_by("name")


class ChecklistFilter(SearchFilterSet):
    search_help = _("Title")
    kind = django_filters.ChoiceFilter(label=_("kind of inspection"), choices=InspectionKind.choices)
    is_active = yes_no_filter(_("in use"))

    class Meta:
        model = Checklist
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class InspectionFilter(SchoolScopedFilter):
    search_help = _("School or inspector")
    kind = django_filters.ChoiceFilter(label=_("kind of inspection"), choices=InspectionKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=InspectionStatus.choices)
    date_from = django_filters.DateFilter(label=_("from"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("to"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(inspectors__icontains=value))


class OrderFilter(SchoolScopedFilter):
    search_help = _("Number, school or finding")
    status = django_filters.ChoiceFilter(label=_("status"), choices=OrderStatus.choices)
    severity = django_filters.ChoiceFilter(label=_("severity"), choices=Severity.choices)
    overdue = yes_no_filter(_("overdue"), method="filter_overdue")
    escalated = yes_no_filter(_("escalated"), method="filter_escalated")

    class Meta:
        model = RectificationOrder
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(school__name__icontains=value)
                               | Q(finding__icontains=value))

    def filter_overdue(self, queryset, name, value):
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_escalated(self, queryset, name, value):
        return queryset.filter(escalated_at__isnull=not value)


class CoverageFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())
    missing = yes_no_filter(_("an inspection missing"), method="filter_missing")

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def filter_missing(self, queryset, name, value):
        missing = Q(last_fee__isnull=True) | Q(last_two_safety__isnull=True)
        return queryset.filter(missing) if value else queryset.exclude(missing)


class DutyFilter(SearchFilterSet):
    """The duty compliance page: township and search (the month is chosen beside it)."""

    search_help = _("School name or code")
    month = django_filters.CharFilter(label=_("month"), method="keep", max_length=7,
                                      widget=forms.TextInput(attrs={"type": "month"}))
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def keep(self, queryset, name, value):
        return queryset  # the month chooses the period, not the schools (read by the view)
