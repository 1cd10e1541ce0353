"""Filters of the complaint list (shared by the page and its Excel export)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.core.scoping import schools_visible_to
from houqin.org.models import School, Township
from inspections.choices import ComplaintCategory, ComplaintOutcome, ComplaintStatus
from inspections.models import Complaint
from inspections.selectors.complaints import overdue_q
from inspections.services.complaints import tracking_code_normalise


class ComplaintFilter(SearchFilterSet):
    search_help = _("Tracking code or school")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ComplaintStatus.choices)
    category = django_filters.ChoiceFilter(label=_("about"), choices=ComplaintCategory.choices)
    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    school = django_filters.ModelChoiceFilter(label=_("school"), queryset=School.objects.none())
    open = yes_no_filter(_("open"), method="filter_open")
    overdue = yes_no_filter(_("overdue"), method="filter_overdue")
    serious = yes_no_filter(_("serious"))
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=ComplaintOutcome.choices)

    class Meta:
        model = Complaint
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["school"].queryset = schools_visible_to(user).order_by("township__code", "name")
        self.filters["township"].queryset = Township.objects.visible_to(user).order_by("code", "name")

    def search(self, queryset, name, value):
        code = tracking_code_normalise(value)
        if code:
            return queryset.filter(tracking_code=code)
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code__startswith=value.strip()))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        closed = Q(status=ComplaintStatus.CLOSED)
        return queryset.exclude(closed) if value else queryset.filter(closed)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
