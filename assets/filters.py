"""Filters of the assets lists (shared by each page and its Excel export)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetStatus, Category, DisposalStatus, FundingSource, RepairCategory, RepairStatus
from assets.choices import RequestStatus, RoomKind
from assets.models import (
    Asset,
    Compensation,
    Consumable,
    CustodyCheck,
    Deposit,
    Disposal,
    PurchaseRequest,
    Reconciliation,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
    Transfer,
)
from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.core.scoping import schools_visible_to
from houqin.org.models import School, Township


class SchoolScopedFilter(SearchFilterSet):
    """A school filter for those who see several schools (bureau, township); `school_field` is the
    lookup from the listed model to its school."""

    school_field = "school"
    school = django_filters.ModelChoiceFilter(label=_("school"), queryset=School.objects.none(), method="filter_school")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none(),
                                                method="filter_township")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.school_id:
            del self.filters["school"], self.filters["township"]
        else:
            self.filters["school"].queryset = schools_visible_to(user).order_by("name")
            self.filters["township"].queryset = Township.objects.visible_to(user)
            if user.township_id:
                del self.filters["township"]

    def filter_school(self, queryset, name, value):
        return queryset.filter(**{self.school_field: value})

    def filter_township(self, queryset, name, value):
        return queryset.filter(**{f"{self.school_field}__township": value})


class AssetFilter(SchoolScopedFilter):
    search_help = _("Tag code, name or model")
    status = django_filters.ChoiceFilter(label=_("status"), choices=AssetStatus.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=Category.choices)
    room = django_filters.ModelChoiceFilter(label=_("room"), queryset=Room.objects.none())
    funding_source = django_filters.ChoiceFilter(label=_("funding source"), choices=FundingSource.choices)
    bought_from = django_filters.DateFilter(label=_("bought from"), field_name="purchase_date", lookup_expr="gte")
    bought_to = django_filters.DateFilter(label=_("bought until"), field_name="purchase_date", lookup_expr="lte")
    purchase_request = django_filters.NumberFilter(field_name="purchase_request_id", widget=forms.HiddenInput)

    class Meta:
        model = Asset
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.school_id:
            self.filters["room"].queryset = Room.objects.filter(school_id=user.school_id).order_by("building", "name")
        else:
            del self.filters["room"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(tag_code__icontains=value) | Q(name__icontains=value) | Q(model__icontains=value))


class RoomFilter(SchoolScopedFilter):
    search_help = _("Room, building or code")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=RoomKind.choices)
    is_active = yes_no_filter(_("in use"))

    class Meta:
        model = Room
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(building__icontains=value) | Q(code__icontains=value))


class TransferFilter(SchoolScopedFilter):
    school_field = "asset__school"
    search_help = _("Tag code or name")

    class Meta:
        model = Transfer
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(asset__tag_code__icontains=value) | Q(asset__name__icontains=value))


class RequestFilter(SchoolScopedFilter):
    search_help = _("Number or item")
    status = django_filters.ChoiceFilter(label=_("status"), choices=RequestStatus.choices)
    mine = yes_no_filter(_("awaiting my decision"), method="filter_mine")

    class Meta:
        model = PurchaseRequest
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(item__icontains=value))

    def filter_mine(self, queryset, name, value):
        from assets.selectors import requests_awaiting

        ids = requests_awaiting(self.user).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class CustodyFilter(SchoolScopedFilter):
    school_field = "room__school"
    search_help = _("Room")

    class Meta:
        model = CustodyCheck
        fields = ["kind", "term"]

    def search(self, queryset, name, value):
        return queryset.filter(room__name__icontains=value)


class StockTakeFilter(SchoolScopedFilter):
    search_help = _("Title")

    class Meta:
        model = StockTake
        fields = ["kind", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class ReconciliationFilter(SchoolScopedFilter):
    search_help = _("Period")

    class Meta:
        model = Reconciliation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(period__icontains=value)


class DisposalFilter(SchoolScopedFilter):
    school_field = "asset__school"
    search_help = _("Tag code or name")
    status = django_filters.ChoiceFilter(label=_("status"), choices=DisposalStatus.choices)

    class Meta:
        model = Disposal
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(asset__tag_code__icontains=value) | Q(asset__name__icontains=value))


class CompensationFilter(SchoolScopedFilter):
    search_help = _("Item or person")
    paid = yes_no_filter(_("paid"), method="filter_paid")

    class Meta:
        model = Compensation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(item__icontains=value) | Q(responsible__icontains=value))

    def filter_paid(self, queryset, name, value):
        return queryset.filter(paid_on__isnull=not value)


class RepairFilter(SchoolScopedFilter):
    search_help = _("Number, location or description")
    category = django_filters.ChoiceFilter(label=_("category"), choices=RepairCategory.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=RepairStatus.choices)
    open = yes_no_filter(_("open"), method="filter_open")
    overdue = yes_no_filter(_("overdue"), method="filter_overdue")

    class Meta:
        model = RepairTicket
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(location__icontains=value)
                               | Q(description__icontains=value))

    def filter_open(self, queryset, name, value):
        from assets.choices import OPEN_REPAIRS

        return queryset.filter(status__in=OPEN_REPAIRS) if value else queryset.exclude(status__in=OPEN_REPAIRS)

    def filter_overdue(self, queryset, name, value):
        from assets.selectors import overdue_repairs_q

        q = overdue_repairs_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class ConsumableFilter(SchoolScopedFilter):
    search_help = _("Name")

    class Meta:
        model = Consumable
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class RequisitionFilter(SchoolScopedFilter):
    school_field = "consumable__school"
    search_help = _("Item or department")

    class Meta:
        model = Requisition
        fields = ["status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(consumable__name__icontains=value) | Q(department__icontains=value))


class DepositFilter(SchoolScopedFilter):
    search_help = _("Item or holder")
    returned = yes_no_filter(_("returned"), method="filter_returned")

    class Meta:
        model = Deposit
        fields = ["item"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(holder__icontains=value))

    def filter_returned(self, queryset, name, value):
        return queryset.filter(returned_on__isnull=not value)


class FacilityFilter(SearchFilterSet):
    search_help = _("School")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())
    crowded = yes_no_filter(_("dormitory rooms over the limit"), method="filter_crowded")

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code=value))

    def filter_crowded(self, queryset, name, value):
        return queryset.filter(crowded=value)
