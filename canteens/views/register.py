"""The canteen register: canteens, workers and certificates, suppliers and bulk tenders, visits,
and the bureau's compliance overview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from canteens import selectors, services
from canteens.filters import ComplianceFilter, StaffFilter, SupplierFilter, VisitFilter
from canteens.forms import CanteenForm, CountyRuleForm, ReasonForm, StaffForm, SupplierForm, TenderForm, VisitForm
from canteens.models import BulkTender, Canteen, CanteenStaff, Supplier
from canteens.rules import canteen_issues
from canteens.services.access import can_keep_canteen
from canteens.tables import ComplianceTable, StaffTable, SupplierTable, VisitTable
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role

SCHOOL = (Role.PRINCIPAL, Role.SCHOOL_STAFF)
BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


class CanteenKeeperMixin:
    """Writing pages: the principal and staff with a canteen duty of the own school."""

    allowed_roles = SCHOOL
    for_accounts = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can_keep_canteen(user, user.school_id, accounts=self.for_accounts):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ComplianceView(ScopedListView):
    """What the bureau sees: per canteen, certificates, checks, samples, purchases."""

    allowed_roles = BUREAU
    filterset_class = ComplianceFilter
    table_class = ComplianceTable
    title = _("Canteen food safety across the county")
    export_name = "canteen-compliance"
    extra_actions = (("canteens:county_rule", _("County canteen rule"), "sliders", (Role.BUREAU_ADMIN,)),)

    template_name = "canteens/compliance.html"

    def get_queryset(self):
        return selectors.compliance_overview(user=self.request.user, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.compliance_totals(self.filterset.qs, timezone.localdate())
        return context


class CountyRuleView(ServiceFormView):
    """The county's canteen rule (the surplus threshold), set by the bureau administrator."""

    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = CountyRuleForm
    title = _("County canteen rule")
    cancel_url_name = "canteens:overview"
    success_message = _("Saved.")

    def get_object(self):
        from canteens.models import CountyCanteenRule

        return (CountyCanteenRule.objects.filter(county_id=self.request.user.county_id).first()
                or CountyCanteenRule(county_id=self.request.user.county_id))

    def perform(self, form):
        return services.canteen_rule_save(rule=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse("canteens:overview")

    def get_cancel_url(self):
        from django.urls import reverse

        return reverse("canteens:overview")


class CanteenDetailView(RoleRequiredMixin, DetailView):
    template_name = "canteens/canteen_detail.html"
    context_object_name = "canteen"

    def get_queryset(self):
        return Canteen.objects.visible_to(self.request.user).select_related("school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(issues=canteen_issues(self.object, today), history=history_entries(self.object),
                       keeper=can_keep_canteen(self.request.user, self.object.school_id),
                       staff=self.object.staff.filter(is_active=True).order_by("name"), today=today)
        return context


class CanteenFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = CanteenForm
    title = _("Canteen")
    cancel_url_name = "canteens:today"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Canteen.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.canteen_save(canteen=form.instance, acting_user=self.request.user)


class StaffListView(ScopedListView):
    selector = selectors.staff_list
    filterset_class = StaffFilter
    table_class = StaffTable
    title = _("Canteen workers and certificates")
    export_name = "canteen-workers"
    create_url_name = "canteens:staff_create"
    can_create_roles = SCHOOL


class StaffFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = StaffForm
    title = _("Canteen worker")
    cancel_url_name = "canteens:staff_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(CanteenStaff.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.staff_save(staff=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse("canteens:staff_list")


class SupplierListView(ScopedListView):
    selector = selectors.supplier_list
    filterset_class = SupplierFilter
    table_class = SupplierTable
    title = _("Suppliers")
    export_name = "suppliers"
    create_url_name = "canteens:supplier_create"
    can_create_roles = SCHOOL
    extra_actions = (("canteens:tender_create", _("Bulk tender"), "hammer", SCHOOL),)


class SupplierFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = SupplierForm
    title = _("Supplier")
    template_name = "canteens/supplier_form.html"
    cancel_url_name = "canteens:supplier_list"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Supplier.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object:
            context["tenders"] = BulkTender.objects.filter(supplier=self.object).order_by("-year")
            context["exit_form"] = ReasonForm()
        return context

    def perform(self, form):
        return services.supplier_save(supplier=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse("canteens:supplier_list")


class SupplierExitView(CanteenKeeperMixin, RoleRequiredMixin, View):
    def post(self, request, pk):
        supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=pk)
        form = ReasonForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say why the supplier exits."))
            services.supplier_exit(supplier=supplier, reason=form.cleaned_data["reason"], acting_user=request.user)
            messages.success(request, _("The supplier has exited."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("canteens:supplier_update", pk=pk)


class TenderFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = TenderForm
    title = _("Bulk tender")
    cancel_url_name = "canteens:supplier_list"

    def perform(self, form):
        return services.tender_save(tender=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        return saved.supplier.get_absolute_url()


class VisitListView(ScopedListView):
    selector = selectors.visit_list
    table_class = VisitTable
    filterset_class = VisitFilter
    title = _("Supervision visits")
    export_name = "canteen-visits"
    create_url_name = "canteens:visit_create"
    can_create_roles = SCHOOL


class VisitFormView(CanteenKeeperMixin, ServiceFormView):
    form_class = VisitForm
    title = _("Supervision visit")
    cancel_url_name = "canteens:visit_list"

    def get_initial(self):
        return {"date": timezone.localdate()}

    def perform(self, form):
        return services.visit_save(visit=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return reverse("canteens:visit_list")
