"""Filters of the fees lists (shared by each page and its Excel export)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fees.choices import FeeKind, NoticeStatus, SettlementStatus
from fees.models import FeeCategory, FeeNotice, ForbiddenItem, PolicyDocument, SchoolClass, Settlement
from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import Term, Township


class NoticeFilter(SearchFilterSet):
    search_help = _("School name or code")
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=Term.objects.all())
    status = django_filters.ChoiceFilter(label=_("status"), choices=NoticeStatus.choices)
    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    has_findings = yes_no_filter(_("has findings"), method="filter_findings")

    class Meta:
        model = FeeNotice
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code__startswith=value))

    def filter_findings(self, queryset, name, value):
        return queryset.filter(findings_count__gt=0) if value else queryset.filter(findings_count=0)


class CategoryFilter(SearchFilterSet):
    search_help = _("Category name")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=FeeKind.choices)
    is_active = yes_no_filter(_("in use"))

    class Meta:
        model = FeeCategory
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class PolicyFilter(SearchFilterSet):
    search_help = _("Number or title")
    is_active = yes_no_filter(_("in force"))

    class Meta:
        model = PolicyDocument
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))


class ForbiddenFilter(SearchFilterSet):
    search_help = _("Name")

    class Meta:
        model = ForbiddenItem
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(keywords__icontains=value))


class MissingNoticeFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())

    class Meta:
        model = FeeNotice.school.field.related_model
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class ClassFilter(SearchFilterSet):
    search_help = _("Class name")

    class Meta:
        model = SchoolClass
        fields = ["school_year"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class SettlementFilter(SearchFilterSet):
    search_help = _("School name or code")
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=Term.objects.all())
    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    status = django_filters.ChoiceFilter(label=_("status"), choices=SettlementStatus.choices)
    overdue = yes_no_filter(_("overdue"), method="filter_overdue")

    class Meta:
        model = Settlement
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code__startswith=value))

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = Q(status=SettlementStatus.DRAFT, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
