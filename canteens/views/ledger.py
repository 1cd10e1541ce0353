"""The purchase and issue ledger: entered, voided (never deleted), imported from Excel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from canteens import selectors, services
from canteens.filters import PurchaseFilter, StockOutFilter
from canteens.forms import PurchaseForm, ReasonForm, StockOutForm
from canteens.models import Canteen, PurchaseEntry, StockOut
from canteens.resources import PurchaseImport
from canteens.rules import purchase_issues
from canteens.services.access import can_keep_canteen
from canteens.tables import PurchaseTable, StockOutTable
from canteens.views.register import SCHOOL, CanteenKeeperMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.views import ImportView


class PurchaseListView(ScopedListView):
    selector = selectors.purchase_list
    filterset_class = PurchaseFilter
    table_class = PurchaseTable
    title = _("Purchases accepted into stock")
    export_name = "purchases"
    create_url_name = "canteens:purchase_create"
    can_create_roles = SCHOOL
    extra_actions = (("canteens:stockout_list", _("Stock issues"), "box-arrow-right", ()),
                     ("canteens:purchase_import", _("Import from Excel"), "upload", SCHOOL))


class PurchaseFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = PurchaseForm
    title = _("Accept a purchase")
    cancel_url_name = "canteens:purchase_list"

    def get_initial(self):
        return {"date": timezone.localdate(), "acceptor": self.request.user.full_name}

    def perform(self, form):
        return services.purchase_record(entry=form.instance, acting_user=self.request.user)


class PurchaseDetailView(RoleRequiredMixin, DetailView):
    template_name = "canteens/purchase_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        return PurchaseEntry.objects.visible_to(self.request.user).select_related("canteen__school", "supplier",
                                                                                   "voided_by", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(issues=purchase_issues(self.object), history=history_entries(self.object),
                       keeper=can_keep_canteen(self.request.user, self.object.canteen.school_id),
                       void_form=ReasonForm())
        return context


class VoidView(RoleRequiredMixin, View):
    """Void a purchase or an issue: it stays in the ledger with the reason."""

    model = PurchaseEntry

    def post(self, request, pk):
        entry = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        form = ReasonForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say why the entry is voided."))
            services.ledger_void(entry=entry, reason=form.cleaned_data["reason"], acting_user=request.user)
            messages.success(request, _("The entry is void; it stays in the ledger."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if self.model is StockOut:
            return redirect("canteens:stockout_list")
        return redirect(entry.get_absolute_url())


class StockOutListView(ScopedListView):
    selector = selectors.stock_out_list
    filterset_class = StockOutFilter
    table_class = StockOutTable
    title = _("Stock issues")
    export_name = "stock-issues"
    create_url_name = "canteens:stockout_create"
    can_create_roles = SCHOOL


class StockOutFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = StockOutForm
    title = _("Issue from stock")
    cancel_url_name = "canteens:stockout_list"

    def get_initial(self):
        return {"date": timezone.localdate()}

    def perform(self, form):
        return services.stock_out_record(entry=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse("canteens:stockout_list")


class PurchaseImportView(CanteenKeeperMixin, ImportView):
    importer_class = PurchaseImport
    list_url_name = "canteens:purchase_list"
    template_name = "采购入库台账导入模板"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id and not Canteen.objects.filter(
                school_id=request.user.school_id, is_active=True).exists():
            messages.error(request, _("Register the canteen first."))
            return redirect("canteens:today")
        return super().dispatch(request, *args, **kwargs)

    def get_importer(self):
        canteen = Canteen.objects.filter(school_id=self.request.user.school_id, is_active=True).order_by("pk").first()
        return PurchaseImport(canteen=canteen)
