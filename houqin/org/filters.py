"""Filters of the school, township and account lists (shared by each page and its export)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.core.scoping import schools_visible_to
from houqin.org.choices import Duty, Role, SchoolType
from houqin.org.models import School, Township, User


class SchoolFilter(SearchFilterSet):
    search_help = _("Name or school code")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())
    school_type = django_filters.ChoiceFilter(label=_("school type"), choices=SchoolType.choices)
    has_canteen = yes_no_filter(_("canteen"))
    has_dormitory = yes_no_filter(_("dormitory"))
    has_bus_service = yes_no_filter(_("school bus"))
    has_principal = yes_no_filter(_("principal account"), method="filter_has_principal")
    is_active = yes_no_filter(_("active"))

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def filter_has_principal(self, queryset, name, value):
        principals = User.objects.filter(role=Role.PRINCIPAL, is_active=True, school_id=OuterRef("pk"))
        return queryset.filter(Exists(principals) if value else ~Exists(principals))


class TownshipFilter(SearchFilterSet):
    search_help = _("Township name")

    class Meta:
        model = Township
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class UserFilter(SearchFilterSet):
    search_help = _("Username, name or phone")
    role = django_filters.ChoiceFilter(label=_("role"), choices=Role.choices)
    school = django_filters.ModelChoiceFilter(label=_("school"), queryset=School.objects.none())
    duty = django_filters.ChoiceFilter(label=_("duty"), choices=Duty.choices, method="filter_duty")
    is_active = yes_no_filter(_("active"))

    class Meta:
        model = User
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["school"].queryset = schools_visible_to(user).only("pk", "name")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value) | Q(full_name__icontains=value) | Q(phone__startswith=value)
        )

    def filter_duty(self, queryset, name, value):
        return queryset.filter(duties__contains=[value])
