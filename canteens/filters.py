"""Filters of the canteen lists (shared by each page and its Excel export)."""

import datetime as dt

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteens.choices import CERT_WARNING_DAYS, FoodClass, SupplierStatus
from canteens.selectors import invalid_certificates_q
from canteens.models import (
    Canteen,
    CanteenStaff,
    MonthlyAccount,
    PurchaseEntry,
    StockOut,
    Supplier,
    SupervisionVisit,
    WeeklyMenu,
)
from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.org.models import Township


class CanteenScopedFilter(SearchFilterSet):
    """Lists of canteen records: filter by canteen (narrowed to the user's scope)."""

    canteen = django_filters.ModelChoiceFilter(label=_("canteen"), queryset=Canteen.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["canteen"].queryset = Canteen.objects.visible_to(user).select_related("school")


class StaffFilter(CanteenScopedFilter):
    search_help = _("Name")
    state = django_filters.ChoiceFilter(label=_("certificates"), method="filter_state", choices=(
        ("expired", _("expired or missing")), ("expiring", _("expiring within 30 days"))))
    is_active = yes_no_filter(_("employed"))

    class Meta:
        model = CanteenStaff
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(invalid_certificates_q(today))
        soon = today + dt.timedelta(days=CERT_WARNING_DAYS)
        return queryset.filter(Q(health_expiry__range=(today, soon)) | Q(training_expiry__range=(today, soon)))


class PurchaseFilter(CanteenScopedFilter):
    search_help = _("Goods, batch or invoice")
    food_class = django_filters.ChoiceFilter(label=_("food class"), choices=FoodClass.choices)
    date_from = django_filters.DateFilter(label=_("from"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("to"), field_name="date", lookup_expr="lte")
    incomplete = yes_no_filter(_("unsigned or undocumented"), method="filter_incomplete")
    voided = yes_no_filter(_("void"), method="filter_voided")

    class Meta:
        model = PurchaseEntry
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(item__icontains=value) | Q(batch__icontains=value) | Q(invoice_number=value))

    def filter_incomplete(self, queryset, name, value):
        incomplete = (Q(purchaser="") | Q(acceptor="") | Q(supplier_signer="")
                      | (Q(invoice_number="") & Q(invoice_scan=""))
                      | (Q(food_class__in=["meat", "aquatic"]) & Q(inspection_report="")))
        return queryset.filter(incomplete, voided_at__isnull=True) if value else queryset.exclude(incomplete)

    def filter_voided(self, queryset, name, value):
        return queryset.filter(voided_at__isnull=not value)


class StockOutFilter(CanteenScopedFilter):
    search_help = _("Goods")

    class Meta:
        model = StockOut
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(item__icontains=value)


class SupplierFilter(SearchFilterSet):
    search_help = _("Name or licence")
    status = django_filters.ChoiceFilter(label=_("status"), choices=SupplierStatus.choices)

    class Meta:
        model = Supplier
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(licence_number__icontains=value))


class MenuFilter(CanteenScopedFilter):
    search_help = _("Dish")

    class Meta:
        model = WeeklyMenu
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(dishes__name__icontains=value).distinct()


class AccountFilter(CanteenScopedFilter):
    search_help = _("School")

    class Meta:
        model = MonthlyAccount
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(canteen__school__name__icontains=value)


class ComplianceFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), field_name="school__township",
                                                queryset=Township.objects.none())
    problems = yes_no_filter(_("with problems"), method="filter_problems")

    class Meta:
        model = Canteen
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(school__name__icontains=value) | Q(school__code__startswith=value))

    def filter_problems(self, queryset, name, value):
        profit = Q(last_income__gt=0, last_balance__gt=F("last_income") * F("surplus_limit") / 100)
        problems = (Q(certs_expired__gt=0) | Q(samples_missing__gt=0) | Q(samples_bad__gt=0)
                    | Q(purchases_unsigned__gt=0) | Q(purchases_undocumented__gt=0) | profit)
        return queryset.filter(problems) if value else queryset.exclude(problems)


class VisitFilter(CanteenScopedFilter):
    search_help = _("Visitor")

    class Meta:
        model = SupervisionVisit
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(visitor__icontains=value)
