"""Pages of the work plan: a year's plan (with its Excel export), a goal with its figure, progress log and
history, adding and changing goals (the bureau administrator), reporting progress (the owner or the
administrator), cancelling and reinstating goals.

The plan is the bureau's internal document: bureau roles of the county read it, everyone else gets
403; a goal of another county answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from houqin.core.excel import xlsx_response
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from houqin.workplan import exports, selectors, services
from houqin.workplan.filters import GoalFilter
from houqin.workplan.forms import CancelForm, GoalForm, ProgressForm
from houqin.workplan.measures import MEASURES
from houqin.workplan.rules import AT_RISK_LAG
from houqin.workplan.tables import GoalTable, target_text

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)
ADMIN = (Role.BUREAU_ADMIN,)


class RoleFirstMixin(RoleRequiredMixin):
    """Check the role before anything is fetched, so that a school or township account gets 403 on every
    page of the plan, whatever the object asked for."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlanView(RoleFirstMixin, ScopedListView):
    """A year's plan: every goal with its progress bar and status, the counts per status and the average
    progress per area; filters by area, owner, status; Excel export of the figures as computed now."""

    allowed_roles = BUREAU
    selector = selectors.goal_list
    filterset_class = GoalFilter
    table_class = GoalTable
    template_name = "workplan/plan.html"
    table_pagination = {"per_page": 50}
    export_name = "work-plan"

    def dispatch(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.year = kwargs.get("year") or self.today.year
        if not 2000 <= self.year <= 2100:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("Work plan %(year)s") % {"year": self.year}

    def get_queryset(self):
        return super().get_queryset().filter(year=self.year)

    def year_goals(self) -> list:
        """Every goal of the year with its figures (the summary counts the whole plan; the table shows
        the goals the filters keep)."""
        if not hasattr(self, "_year_goals"):
            self._year_goals = selectors.goal_figures(list(self.get_queryset()), today=self.today)
        return self._year_goals

    def get_table_data(self):
        kept = set(self.object_list.values_list("pk", flat=True))
        status = self.filterset.form.cleaned_data.get("status") if self.filterset.is_valid() else ""
        return [goal for goal in self.year_goals()
                if goal.pk in kept and (not status or goal.figures.status == status)]

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("_export") == "xlsx":
            table = self.get_table(**self.get_table_kwargs())
            content = exports.plan_workbook(table, title=self.title)
            return xlsx_response(content, f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx")
        return super(ScopedListView, self).render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.plan_summary(self.year_goals())
        url = reverse("workplan:plan_year", args=[self.year])
        context.update(
            year=self.year,
            years=selectors.plan_years(user=self.request.user, today=self.today),
            summary=summary,
            status_url=url,
            can_create=services.can_edit_plan(self.request.user, self.request.user.county_id),
            create_url=reverse("workplan:goal_create") + f"?year={self.year}",
            at_risk_lag=AT_RISK_LAG,
            area_chart={"labels": [a["label"] for a in summary["areas"]],
                        "values": [a["average"] for a in summary["areas"]],
                        "urls": [f"{url}?area={a['area']}" for a in summary["areas"]],
                        "name": _("average progress (%)")},
        )
        return context


class GoalDetailView(RoleFirstMixin, DetailView):
    allowed_roles = BUREAU
    template_name = "workplan/goal_detail.html"
    context_object_name = "goal"

    def get_queryset(self):
        return selectors.goal_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal, user = self.object, self.request.user
        selectors.goal_figures([goal])
        context.update(
            title=goal.title,
            figures=goal.figures,
            target=target_text(goal),
            spec=goal.measure_spec,
            progress_log=selectors.progress_log(goal),
            history=history_entries(goal),
            can_edit=services.can_edit_plan(user, goal.county_id),
            can_report=services.can_report_progress(user, goal) and not goal.is_cancelled,
            plan_url=reverse("workplan:plan_year", args=[goal.year]),
            at_risk_lag=AT_RISK_LAG,
        )
        return context


class GoalFormView(RoleFirstMixin, ServiceFormView):
    """Add a goal to a year's plan or change one (the county's bureau administrator)."""

    allowed_roles = ADMIN
    form_class = GoalForm
    template_name = "workplan/goal_form.html"
    title = gettext_lazy("Work-plan goal")

    def get_object(self):
        if "pk" in self.kwargs:
            return selectors.goal_get(user=self.request.user, pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is None:
            wanted = self.request.GET.get("year", "")
            if wanted.isascii() and wanted.isdecimal() and len(wanted) == 4:
                kwargs["year"] = int(wanted)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measures"] = list(MEASURES.values())
        return context

    def get_cancel_url(self):
        if self.object is not None:
            return self.object.get_absolute_url()
        return reverse("workplan:plan")

    def perform(self, form):
        return services.goal_save(goal=form.instance, acting_user=self.request.user)


class GoalProgressView(RoleFirstMixin, ServiceFormView):
    """Report progress: the owner of the goal or the bureau administrator."""

    allowed_roles = BUREAU
    form_class = ProgressForm
    template_name = "workplan/goal_progress.html"
    title = gettext_lazy("Report progress")
    success_message = gettext_lazy("Progress reported.")

    def get_object(self):
        goal = selectors.goal_get(user=self.request.user, pk=self.kwargs["pk"])
        if not services.can_report_progress(self.request.user, goal):
            raise PermissionDenied
        return goal

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        kwargs.pop("instance", None)
        kwargs["goal"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.goal_figures([self.object])
        context.update(goal=self.object, figures=self.object.figures, target=target_text(self.object),
                       progress_log=selectors.progress_log(self.object, limit=5))
        context.pop("history", None)
        return context

    def perform(self, form):
        return services.goal_progress_update(goal=self.object, progress=form.cleaned_data.get("progress"),
                                             note=form.cleaned_data["progress_note"], acting_user=self.request.user)


class GoalCancelView(RoleFirstMixin, ServiceFormView):
    allowed_roles = ADMIN
    form_class = CancelForm
    title = gettext_lazy("Cancel the goal")
    success_message = gettext_lazy("The goal is cancelled; it stays on record.")

    def get_object(self):
        return selectors.goal_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        kwargs.pop("instance", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("A cancelled goal stays in the plan, struck through, with the reason; it can be "
                             "reinstated.")
        return context

    def perform(self, form):
        return services.goal_cancel(goal=self.object, reason=form.cleaned_data["reason"],
                                    acting_user=self.request.user)


class GoalReinstateView(RoleFirstMixin, View):
    allowed_roles = ADMIN

    def post(self, request, pk):
        goal = selectors.goal_get(user=request.user, pk=pk)
        try:
            services.goal_reinstate(goal=goal, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The goal is back in the plan."))
        return redirect(goal)

