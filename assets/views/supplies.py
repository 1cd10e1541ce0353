"""The store: consumables, requisitions (出库单) and deposits for keys and remote controls."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import selectors, services
from assets.filters import ConsumableFilter, DepositFilter, RequisitionFilter
from assets.forms import ConsumableForm, DepositForm, DepositReturnForm, ReceiveForm, RequisitionForm
from assets.models import Deposit, Requisition
from assets.tables import ConsumableTable, DepositTable, RequisitionTable
from assets.views.common import SCHOOL, ActionView, KeeperMixin, MemberMixin, TabsMixin
from houqin.core.views import ScopedListView, ServiceFormView


class ConsumableListView(TabsMixin, ScopedListView):
    selector = selectors.consumable_list
    filterset_class = ConsumableFilter
    table_class = ConsumableTable
    title = _("Consumables store")
    export_name = "consumables"
    create_url_name = "assets:consumable_create"
    can_create_roles = SCHOOL
    extra_actions = (("assets:consumable_receive", _("Receive into the store"), "box-arrow-in-down", SCHOOL),
                     ("assets:requisition_list", _("Requisitions"), "journal-text", ()),
                     ("assets:deposit_list", _("Deposits"), "key", ()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        context["extra_actions"] = [a for a in context["extra_actions"]
                                    if a["url_name"] != "assets:consumable_receive" or context["keeper"]]
        return context


class ConsumableCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = ConsumableForm
    title = _("Store item")
    cancel_url_name = "assets:consumable_list"

    def perform(self, form):
        return services.consumable_save(consumable=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return reverse("assets:consumable_list")


class ConsumableReceiveView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = ReceiveForm
    title = _("Receive into the store")
    cancel_url_name = "assets:consumable_list"

    def perform(self, form):
        return services.consumable_receive(consumable=form.cleaned_data["consumable"],
                                           quantity=form.cleaned_data["quantity"], acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return reverse("assets:consumable_list")


class RequisitionListView(TabsMixin, ScopedListView):
    selector = selectors.requisition_list
    filterset_class = RequisitionFilter
    table_class = RequisitionTable
    title = _("Requisitions")
    export_name = "requisitions"
    create_url_name = "assets:requisition_create"
    can_create_roles = SCHOOL


class RequisitionCreateView(TabsMixin, MemberMixin, ServiceFormView):
    form_class = RequisitionForm
    title = _("Requisition")
    cancel_url_name = "assets:requisition_list"

    def perform(self, form):
        return services.requisition_create(requisition=form.instance, acting_user=self.request.user)


class RequisitionActionView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = Requisition

    def act(self, obj, data):
        action = self.request.POST.get("action")
        if action in ("approve", "reject"):
            services.requisition_decide(requisition=obj, approve=action == "approve", acting_user=self.request.user)
            messages.success(self.request, _("Approved.") if action == "approve" else _("Rejected."))
        elif action == "issue":
            services.requisition_issue(requisition=obj, old_returned=self.request.POST.get("old_returned") == "on",
                                       acting_user=self.request.user)
            messages.success(self.request, _("Issued."))
        else:
            raise ValidationError(_("Choose an action."))


class DepositListView(TabsMixin, ScopedListView):
    selector = selectors.deposit_list
    filterset_class = DepositFilter
    table_class = DepositTable
    title = _("Deposits for keys and remote controls")
    export_name = "deposits"
    create_url_name = "assets:deposit_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        return context


class DepositCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = DepositForm
    title = _("Deposit")
    cancel_url_name = "assets:deposit_list"

    def get_initial(self):
        return {"lent_on": timezone.localdate()}

    def perform(self, form):
        return services.deposit_record(deposit=form.instance, acting_user=self.request.user)


class DepositReturnView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = Deposit
    form_class = DepositReturnForm
    success_message = _("Returned and refunded.")

    def act(self, obj, data):
        services.deposit_return(deposit=obj, returned_on=data["returned_on"], refunded=data["refunded"],
                                acting_user=self.request.user)


