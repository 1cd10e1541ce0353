"""Filters of the inspections lists (shared by each page and its Excel export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet
from inspections.choices import CampaignStatus
from inspections.models import Campaign


class CampaignFilter(SearchFilterSet):
    search_help = _("Title")
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=CampaignStatus.choices)

    class Meta:
        model = Campaign
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)
