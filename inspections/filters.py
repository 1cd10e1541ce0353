"""Filters of the campaign, rubric, title, veto-fact and plan lists (shared by each page and its
Excel export)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import Township
from inspections.choices import CampaignStatus, DeclarationStatus, Grade, Level, RubricStatus, VetoKind
from inspections.models import Campaign, CampaignType, Declaration, Rubric, Title, VetoFact


class CampaignFilter(SearchFilterSet):
    search_help = _("Title")
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=CampaignStatus.choices)

    class Meta:
        model = Campaign
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class CampaignTypeFilter(SearchFilterSet):
    search_help = _("Name")
    is_active = yes_no_filter(_("in use"))

    class Meta:
        model = CampaignType
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class RubricFilter(SearchFilterSet):
    search_help = _("Title")
    campaign_type = django_filters.ModelChoiceFilter(label=_("campaign type"), queryset=CampaignType.objects.none())
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=RubricStatus.choices)

    class Meta:
        model = Rubric
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["campaign_type"].queryset = CampaignType.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class TownshipScopedFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.filter(county_id=user.county_id).order_by("code")

    def search(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code__startswith=value))


class DeclarationFilter(TownshipScopedFilter):
    status = django_filters.ChoiceFilter(label=_("status"), choices=DeclarationStatus.choices)
    grade = django_filters.ChoiceFilter(label=_("grade"), choices=Grade.choices)

    class Meta:
        model = Declaration
        fields = []


class TitleFilter(TownshipScopedFilter):
    campaign_type = django_filters.ModelChoiceFilter(label=_("campaign type"), queryset=CampaignType.objects.none())
    year = django_filters.NumberFilter(label=_("year"))
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    in_force = yes_no_filter(_("in force"), method="filter_in_force")

    class Meta:
        model = Title
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["campaign_type"].queryset = CampaignType.objects.visible_to(user)

    def filter_in_force(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=value)


class VetoFactFilter(TownshipScopedFilter):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=VetoKind.choices)
    voided = yes_no_filter(_("voided"), method="filter_voided")

    class Meta:
        model = VetoFact
        fields = []

    def filter_voided(self, queryset, name, value):
        return queryset.filter(voided_at__isnull=not value)
