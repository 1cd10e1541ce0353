"""Filters of the plan (shared by the page and its Excel export)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import User
from houqin.workplan import selectors
from houqin.workplan.choices import Area, GoalStatus
from houqin.workplan.models import Goal


class GoalFilter(SearchFilterSet):
    search_help = _("Goal or department")
    area = django_filters.ChoiceFilter(label=_("area"), choices=Area.choices)
    owner = django_filters.ModelChoiceFilter(label=_("owner"), queryset=User.objects.none())
    # computed from the live figures, so the view applies it once they are known
    status = django_filters.ChoiceFilter(label=_("status"), choices=GoalStatus.choices, method="computed")
    measured = yes_no_filter(_("measured from the data"), method="filter_measured")

    class Meta:
        model = Goal
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["owner"].queryset = selectors.owners_in_plan(user=user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(department__icontains=value)
                               | Q(target__icontains=value))

    def computed(self, queryset, name, value):
        return queryset

    def filter_measured(self, queryset, name, value):
        return queryset.exclude(measure="") if value else queryset.filter(measure="")
