"""Monthly inspection plans: the draw by risk and at random, its record, and the re-run that
anyone can use to audit it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedDetailView, ScopedListView, ServiceFormView, add_service_errors
from houqin.org.choices import Role
from houqin.core.filters import SearchFilterSet
from inspections.forms import PlanForm
from inspections.models import InspectionPlan
from inspections.selectors.planning import county_risk, plan_list
from inspections.services import planning as services
from inspections.tables import PlanTable

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)


class PlanFilter(SearchFilterSet):
    class Meta:
        model = InspectionPlan
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(seed__icontains=value)


class PlanListView(ScopedListView):
    allowed_roles = BUREAU
    selector = plan_list
    filterset_class = PlanFilter
    table_class = PlanTable
    title = _("Inspection plans")
    export_name = "inspection-plans"
    create_url_name = "inspections:plan_create"
    can_create_roles = (Role.BUREAU_ADMIN,)
    extra_actions = (("inspections:risk_list", _("Risk scores"), "speedometer2", BUREAU),)


class PlanCreateView(ServiceFormView):
    allowed_roles = (Role.BUREAU_ADMIN,)
    form_class = PlanForm
    title = _("Draw a month's inspection plan")
    cancel_url_name = "inspections:plan_list"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            plan = services.plan_draw(county=self.request.user.county, month=data["month"], by_risk=data["by_risk"],
                                      at_random=data["at_random"], seed=data["seed"], acting_user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanDetailView(ScopedDetailView):
    model = InspectionPlan
    allowed_roles = BUREAU
    template_name = "inspections/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        entries = list(plan.entries.select_related("school", "school__township"))
        for entry in entries:
            entry.components = plan.scores.get(str(entry.school_id), {}).get("components", {})
        context["entries"] = entries
        rerun = services.plan_rerun(plan)
        context["rerun_matches"] = rerun == [(e.school_id, e.reason) for e in entries]
        context["candidates"] = len(plan.scores)
        return context


class RiskListView(RoleRequiredMixin, View):
    """Every school of the county with its risk score and what it is made of, highest first."""

    allowed_roles = BUREAU

    def get(self, request):
        if not request.user.county_id:
            raise PermissionDenied
        risks = sorted(county_risk(county_id=request.user.county_id).items(),
                       key=lambda kv: (-kv[1]["score"], kv[1]["code"]))
        return render(request, "inspections/risk_list.html", {"risks": risks, "title": _("Risk scores")})
