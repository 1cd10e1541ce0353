"""Repairs, disposals, damage compensation and the facility standard."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from assets import selectors, services
from assets.choices import DisposalStatus, FacilityItem, RepairStatus
from assets.filters import CompensationFilter, DisposalFilter, FacilityFilter, RepairFilter
from assets.forms import (
    AppraisalForm,
    CompensationForm,
    CompleteForm,
    DispatchForm,
    DisposalDecisionForm,
    FacilityItemForm,
    PostponeForm,
    RateForm,
    ReasonForm,
    RepairForm,
)
from assets.models import Asset, Compensation, Disposal, RepairTicket
from assets.services.access import can_keep_register
from assets.services.upkeep import may_decide_disposal
from assets.tables import CompensationTable, DisposalTable, FacilityTable, RepairTable
from assets.views.common import SCHOOL, ActionView, KeeperMixin, MemberMixin, TabsMixin
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.scoping import schools_visible_to
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import BUREAU_ROLES, Role

# --- repairs -------------------------------------------------------------------------------------


class RepairListView(TabsMixin, ScopedListView):
    selector = selectors.repair_list
    filterset_class = RepairFilter
    table_class = RepairTable
    title = _("Repairs")
    export_name = "repairs"
    create_url_name = "assets:repair_create"
    can_create_roles = SCHOOL
    extra_actions = (("assets:repair_week", _("Weekly report"), "calendar-week", ()),)


class RepairCreateView(TabsMixin, MemberMixin, ServiceFormView):
    form_class = RepairForm
    title = _("Report a repair")
    cancel_url_name = "assets:repair_list"
    success_message = _("Reported. The repair team is told at once.")

    def get_initial(self):
        initial = {}
        room = self.request.GET.get("room", "")
        if room.isdecimal():
            initial["room"] = int(room)
        tag = self.request.GET.get("asset", "")
        if tag:
            initial["asset_tag"] = tag[:40]
        return initial

    def perform(self, form):
        return services.repair_report(ticket=form.instance, acting_user=self.request.user)


class RepairDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/repair_detail.html"
    context_object_name = "ticket"

    def get_queryset(self):
        return RepairTicket.objects.visible_to(self.request.user).select_related(
            "school", "room", "asset", "reported_by", "dispatched_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket, user = self.object, self.request.user
        today = timezone.localdate()
        context.update(
            history=history_entries(ticket), can_keep=can_keep_register(user, ticket.school_id),
            is_reporter=user.pk == ticket.reported_by_id, overdue=ticket.is_overdue(today),
            dispatch_form=DispatchForm(), complete_form=CompleteForm(), rate_form=RateForm(),
            postpone_form=PostponeForm(initial={"promised_date": today + dt.timedelta(days=1)}))
        return context


class RepairActionView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = RepairTicket


class RepairDispatchView(RepairActionView):
    form_class = DispatchForm
    success_message = _("Dispatched.")

    def act(self, obj, data):
        services.repair_dispatch(ticket=obj, repairer=data["repairer"], acting_user=self.request.user)


class RepairArriveView(RepairActionView):
    success_message = _("The repairer is on site.")

    def act(self, obj, data):
        services.repair_arrive(ticket=obj, acting_user=self.request.user)


class RepairPostponeView(RepairActionView):
    form_class = PostponeForm
    success_message = _("The reporter is told why and by when.")

    def act(self, obj, data):
        services.repair_postpone(ticket=obj, reason=data["reason"], promised_date=data["promised_date"],
                                 acting_user=self.request.user)


class RepairCompleteView(RepairActionView):
    form_class = CompleteForm
    success_message = _("Fixed. The reporter can now rate the repair.")

    def act(self, obj, data):
        services.repair_complete(ticket=obj, result=data["result"], cost=data.get("cost"),
                                 acting_user=self.request.user)


class RepairRateView(RepairActionView):
    form_class = RateForm
    success_message = _("Thank you for rating the repair.")

    def act(self, obj, data):
        services.repair_rate(ticket=obj, rating=data["rating"], comment=data.get("comment", ""),
                             acting_user=self.request.user)


class RepairWeekView(TabsMixin, RoleRequiredMixin, TemplateView):
    """The weekly report of repairs: reported, fixed, same-day, rating; open and overdue now."""

    template_name = "assets/repair_week.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            day = dt.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            day = today
        if not (dt.date(2000, 1, 1) <= day <= today + dt.timedelta(days=366)):
            day = today
        monday = day - dt.timedelta(days=day.weekday())
        report = selectors.repair_week(user=self.request.user, week_start=monday)
        from assets.choices import RepairCategory

        report["categories"] = [(value, label, report["by_category"].get(value, {}))
                                for value, label in RepairCategory.choices]
        context.update(report=report, title=_("Weekly repair report"), today=today,
                       previous=(monday - dt.timedelta(days=7)).isoformat(),
                       next=(monday + dt.timedelta(days=7)).isoformat() if monday + dt.timedelta(days=7) <= today
                       else None)
        return context


# --- disposal ------------------------------------------------------------------------------------


class DisposalListView(TabsMixin, ScopedListView):
    selector = selectors.disposal_list
    filterset_class = DisposalFilter
    table_class = DisposalTable
    title = _("Disposals")
    export_name = "disposals"


class DisposalRequestView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = ReasonForm
    title = _("Request disposal")

    def get_object(self):
        return get_object_or_404(Asset.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return super(ServiceFormView, self).get_form_kwargs()

    def perform(self, form):
        return services.disposal_request(asset=self.object, reason=form.cleaned_data["reason"],
                                         acting_user=self.request.user)


class DisposalDetailView(TabsMixin, RoleRequiredMixin, DetailView):
    template_name = "assets/disposal_detail.html"
    context_object_name = "disposal"

    def get_queryset(self):
        return Disposal.objects.visible_to(self.request.user).select_related("asset", "asset__school",
                                                                             "requested_by", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        disposal, user = self.object, self.request.user
        context.update(
            history=history_entries(disposal), dep=disposal.asset.depreciation(timezone.localdate()),
            may_appraise=disposal.status == DisposalStatus.REQUESTED and can_keep_register(user,
                                                                                            disposal.asset.school_id),
            may_decide=may_decide_disposal(user, disposal), appraisal_form=AppraisalForm(
                initial={"appraised_on": timezone.localdate()}), decision_form=DisposalDecisionForm())
        return context


class DisposalAppraiseView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = Disposal
    form_class = AppraisalForm
    success_message = _("Appraisal recorded; the disposal awaits approval.")

    def act(self, obj, data):
        services.disposal_appraise(disposal=obj, acting_user=self.request.user, **data)


class DisposalDecideView(ActionView):
    model = Disposal
    form_class = DisposalDecisionForm

    def act(self, obj, data):
        approve = self.request.POST.get("decision") == "approve"
        result = services.disposal_decide(disposal=obj, approve=approve, comment=data.get("comment", ""),
                                          residual_income=data.get("residual_income"), acting_user=self.request.user)
        messages.success(self.request, result.get_status_display())


# --- compensation --------------------------------------------------------------------------------


class CompensationListView(TabsMixin, ScopedListView):
    selector = selectors.compensation_list
    filterset_class = CompensationFilter
    table_class = CompensationTable
    title = _("Damage compensation")
    export_name = "compensation"
    create_url_name = "assets:compensation_create"
    can_create_roles = SCHOOL

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = context["keeper"]
        return context


class CompensationCreateView(TabsMixin, KeeperMixin, ServiceFormView):
    form_class = CompensationForm
    title = _("Damage compensation")
    cancel_url_name = "assets:compensation_list"

    def get_initial(self):
        return {"date": timezone.localdate()}

    def perform(self, form):
        return services.compensation_record(compensation=form.instance, acting_user=self.request.user)


class CompensationVoidView(ActionView):
    allowed_roles = SCHOOL  # 403 for roles that never write here
    model = Compensation
    form_class = ReasonForm
    success_message = _("The entry is void; it stays in the ledger.")

    def act(self, obj, data):
        services.compensation_void(compensation=obj, reason=data["reason"], acting_user=self.request.user)


# --- facility standard ---------------------------------------------------------------------------


class FacilityOverviewView(TabsMixin, ScopedListView):
    """Bureau and township: the boarding schools' 十有八配套 and dormitory rooms over the limit."""

    allowed_roles = tuple(BUREAU_ROLES) + (Role.TOWNSHIP_SUPERVISOR,)
    filterset_class = FacilityFilter
    table_class = FacilityTable
    title = _("Boarding-school facility standard")
    export_name = "facilities"

    def get_queryset(self):
        return selectors.facility_overview(user=self.request.user)


class FacilitySchoolView(TabsMixin, RoleRequiredMixin, TemplateView):
    """One school's checklist and dormitory rooms; the register keepers record the checklist."""

    template_name = "assets/facilities.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "school_id" not in kwargs and not request.user.school_id:
            return redirect("assets:facility_overview")
        return super().dispatch(request, *args, **kwargs)

    def get_school(self):
        school_id = self.kwargs.get("school_id") or self.request.user.school_id
        return get_object_or_404(schools_visible_to(self.request.user), pk=school_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.get_school()
        data = selectors.school_facilities(school.pk)
        can_edit = can_keep_register(self.request.user, school.pk)
        if can_edit:
            for row in data["rows"]:
                check = row["check"]
                row["form"] = FacilityItemForm(prefix=row["item"], initial={
                    "state": check.state if check else "", "note": check.note if check else ""})
        context.update(school=school, title=_("Boarding-school facility standard"), can_edit=can_edit, **data)
        return context

    def post(self, request, *args, **kwargs):
        school = self.get_school()
        if not can_keep_register(request.user, school.pk):
            raise PermissionDenied
        forms = {item: FacilityItemForm(request.POST, prefix=item) for item in FacilityItem.values}
        if not all(form.is_valid() for form in forms.values()):
            messages.error(request, _("Nothing was saved: an item's state or note is not valid."))
            return redirect(request.path)
        saved = 0
        try:
            with transaction.atomic():  # the whole checklist or nothing
                for item, form in forms.items():
                    if form.cleaned_data["state"]:
                        services.facility_check_save(school_id=school.pk, item=item, state=form.cleaned_data["state"],
                                                     note=form.cleaned_data["note"], acting_user=request.user)
                        saved += 1
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("%(count)s items recorded.") % {"count": saved})
        return redirect("assets:facilities")
