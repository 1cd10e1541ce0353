"""Purchase requests, their approvals, and the acceptance by two people."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from assets import selectors, services
from assets.choices import DEFAULT_LIFE_YEARS, PENDING_APPROVAL, RequestStatus
from assets.filters import RequestFilter
from assets.forms import AcceptanceForm, DecisionForm, PurchaseRequestForm
from assets.models import Acceptance, PurchaseRequest
from assets.services.access import can_keep_register
from assets.tables import RequestTable
from assets.views.common import SCHOOL, ActionView, KeeperMixin, MemberMixin, TabsMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role


class RequestListView(TabsMixin, ScopedListView):
    selector = selectors.request_list
    filterset_class = RequestFilter
    table_class = RequestTable
    title = _("Purchase requests")
    export_name = "purchase-requests"
    create_url_name = "assets:request_create"
    can_create_roles = SCHOOL
    extra_actions = (("assets:rule", _("County asset rule"), "sliders", (Role.BUREAU_ADMIN,)),)


class RequestFormView(TabsMixin, MemberMixin, ServiceFormView):
    form_class = PurchaseRequestForm
    title = _("Purchase request")
    cancel_url_name = "assets:request_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        request = get_object_or_404(PurchaseRequest.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if request.requested_by_id != self.request.user.pk:
            raise PermissionDenied
        return request

    def perform(self, form):
        return services.request_save(request=form.instance, acting_user=self.request.user)


class RequestDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/request_detail.html"
    context_object_name = "req"

    def get_queryset(self):
        return PurchaseRequest.objects.visible_to(self.request.user).select_related(
            "school", "requested_by", "department_head")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        req, user = self.object, self.request.user
        acceptance = Acceptance.objects.filter(request=req).select_related(
            "room", "first_acceptor", "second_acceptor").first()
        context.update(
            approvals=req.approvals.select_related("decided_by"), history=history_entries(req),
            may_decide=services.may_decide(user, req), decision_form=DecisionForm(),
            own=user.pk == req.requested_by_id, acceptance=acceptance,
            may_accept=req.status == RequestStatus.APPROVED and can_keep_register(user, req.school_id),
            may_confirm=bool(acceptance and acceptance.confirmed_at is None and user.pk == acceptance.second_acceptor_id),
            asset_count=req.assets.count(), labels_url=request_labels_url(req),
            own_pending=user.pk == req.requested_by_id and req.status in PENDING_APPROVAL)
        return context


class RequestSubmitView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = PurchaseRequest
    success_message = _("The request is with your department head.")

    def act(self, obj, data):
        services.request_submit(request=obj, acting_user=self.request.user)


class RequestDecideView(ActionView):
    model = PurchaseRequest
    form_class = DecisionForm

    def act(self, obj, data):
        approve = self.request.POST.get("decision") == "approve"
        services.request_decide(request=obj, approve=approve, comment=data.get("comment", ""),
                                acting_user=self.request.user)
        messages.success(self.request, _("Approved.") if approve else _("Rejected."))


class AcceptanceFormView(TabsMixin, KeeperMixin, ServiceFormView):
    """The first acceptor records the delivery and names the second."""

    form_class = AcceptanceForm
    title = _("Accept the delivery")
    template_name = "assets/acceptance_form.html"

    def get_object(self):
        return get_object_or_404(PurchaseRequest.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["request_obj"] = self.object
        return kwargs

    def get_initial(self):
        req = self.object
        return {"accepted_on": timezone.localdate(), "quantity": req.quantity, "unit_price": req.unit_price,
                "useful_life_years": DEFAULT_LIFE_YEARS.get(req.category, 10)}

    def perform(self, form):
        services.acceptance_record(acceptance=form.instance, acting_user=self.request.user)
        return self.object


class AcceptanceConfirmView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = PurchaseRequest

    def act(self, obj, data):
        acceptance = Acceptance.objects.filter(request=obj).first()
        if acceptance is None:
            raise ValidationError(_("No delivery has been recorded yet."))
        assets = services.acceptance_confirm(acceptance=acceptance, acting_user=self.request.user)
        messages.success(self.request, _("%(count)s assets registered: print their labels.") % {"count": len(assets)})

    def get_success_url(self, obj):
        return obj.get_absolute_url()


def request_labels_url(req) -> str:
    return reverse("assets:labels") + f"?purchase_request={req.pk}"
