"""The quarterly report and the bureau's overview of the county's buses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView
from schoolbus import selectors, services
from schoolbus.choices import ReportStatus
from schoolbus.filters import OverviewFilter, ReportFilter
from schoolbus.forms import ReportNoteForm, ReturnForm
from schoolbus.models import QuarterlyReport
from schoolbus.rules import previous_quarter, quarter_bounds, quarter_due, quarter_of
from schoolbus.services.access import can_keep_buses
from schoolbus.tables import OverviewTable, ReportTable
from schoolbus.views.common import BUREAU, SCHOOL, SUPERVISORS, BusKeeperMixin
from houqin.org.choices import Role


class OverviewView(ScopedListView):
    """The county's schools that run buses, with what is wrong today."""

    allowed_roles = SUPERVISORS
    filterset_class = OverviewFilter
    table_class = OverviewTable
    title = gettext_lazy("School buses across the county")
    export_name = "school-bus-overview"

    def get_queryset(self):
        return selectors.school_overview(user=self.request.user, today=timezone.localdate())


class ReportListView(ScopedListView):
    """The quarterly reports; for the bureau, filtered to a quarter, the county summary (its Excel
    export holds every figure of every school)."""

    selector = selectors.report_list
    filterset_class = ReportFilter
    table_class = ReportTable
    title = gettext_lazy("Quarterly bus reports")
    export_name = "bus-quarterly-reports"
    template_name = "schoolbus/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        if user.school_id and can_keep_buses(user, user.school_id):
            year, quarter = previous_quarter(today)
            current = quarter_of(today)
            context["open_choices"] = [
                {"year": y, "quarter": q, "due": quarter_due(y, q)} for y, q in ((year, quarter), current)]
        return context


class ReportOpenView(BusKeeperMixin, RoleRequiredMixin, View):
    """Open (or refresh) the report of a quarter from the data."""

    def post(self, request):
        try:
            year, quarter = int(request.POST.get("year", "")), int(request.POST.get("quarter", ""))
        except ValueError:
            messages.error(request, _("Choose a quarter."))
            return redirect("schoolbus:report_list")
        if not 2000 <= year <= 2100:
            messages.error(request, _("Choose a quarter."))
            return redirect("schoolbus:report_list")
        try:
            report = services.report_assemble(school_id=request.user.school_id, year=year, quarter=quarter,
                                              acting_user=request.user)
        except ValidationError as error:
            existing = QuarterlyReport.objects.filter(school_id=request.user.school_id, year=year,
                                                      quarter=quarter).first()
            messages.error(request, " ".join(error.messages))
            return redirect(existing.get_absolute_url() if existing else "schoolbus:report_list")
        messages.success(request, _("The report is assembled from the data."))
        return redirect(report.get_absolute_url())


class ReportDetailView(RoleRequiredMixin, DetailView):
    template_name = "schoolbus/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return QuarterlyReport.objects.visible_to(self.request.user).select_related(
            "school__township", "submitted_by", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        start, end = quarter_bounds(report.year, report.quarter)
        context.update(
            title=str(report), history=history_entries(report), start=start, end=end,
            due=quarter_due(report.year, report.quarter),
            figures=[(label, report.figures.get(key, 0), key, key in selectors.ALARM_FIGURES)
                     for key, label in selectors.FIGURES],
            can_refresh=editable and can_keep_buses(user, report.school_id),
            can_submit=editable and user.role == Role.PRINCIPAL and user.school_id == report.school_id,
            quarter_over=end < timezone.localdate(),
            can_review=report.status == ReportStatus.SUBMITTED and has_role(user, *BUREAU),
            note_form=ReportNoteForm(initial={"note": report.note}), return_form=ReturnForm(),
        )
        return context


class ReportActionView(RoleRequiredMixin, View):
    """refresh (school), submit (principal), accept or return (bureau) — one service each."""

    action = ""

    def post(self, request, pk):
        report = get_object_or_404(QuarterlyReport.objects.visible_to(request.user), pk=pk)
        user = request.user
        try:
            if self.action == "refresh":
                if not can_keep_buses(user, report.school_id):
                    raise PermissionDenied
                form = ReportNoteForm(request.POST)
                note = form.cleaned_data["note"] if form.is_valid() else None
                if note is None:
                    raise ValidationError(_("The note is too long."))
                services.report_assemble(school_id=report.school_id, year=report.year, quarter=report.quarter,
                                         note=note, acting_user=user)
                messages.success(request, _("The report is assembled from the data."))
            elif self.action == "submit":
                services.report_submit(report=report, acting_user=user)
                messages.success(request, _("The report is submitted to the bureau."))
            elif self.action == "accept":
                services.report_accept(report=report, acting_user=user)
                messages.success(request, _("The report is accepted."))
            elif self.action == "return":
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Say what the school must correct."))
                services.report_return(report=report, comment=form.cleaned_data["comment"], acting_user=user)
                messages.success(request, _("The report is returned to the school."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(report.get_absolute_url())


__all__ = ["OverviewView", "ReportActionView", "ReportDetailView", "ReportListView", "ReportOpenView", "SCHOOL"]
