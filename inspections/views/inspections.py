"""Checklist and inspection pages: the county's checklists, starting an inspection, recording its
results on a phone, completing it, the list and the semester compliance page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from inspections.filters_inspections import ChecklistFilter, CoverageFilter, InspectionFilter
from inspections.forms_inspections import (
    ChecklistForm,
    InspectionStartForm,
    ItemFormSet,
    ResultRowForm,
    SummaryForm,
)
from inspections.models import Checklist, ChecklistItem, Inspection, InspectionResult
from inspections.selectors import rectification as selectors
from inspections.services import inspections as services
from inspections.services.rectification import INSPECTOR_ROLES, can_inspect
from inspections.tables_inspections import ChecklistTable, CoverageTable, InspectionTable

ADMIN = (Role.BUREAU_ADMIN,)
ALL = tuple(Role)
OUTCOME_OF = {True: services.PASSED, False: services.FAILED, None: services.NOT_APPLICABLE}


# --- checklists ----------------------------------------------------------------------------------


class ChecklistListView(ScopedListView):
    allowed_roles = INSPECTOR_ROLES
    selector = selectors.checklist_list
    filterset_class = ChecklistFilter
    table_class = ChecklistTable
    title = gettext_lazy("Checklists")
    export_name = "checklists"
    create_url_name = "inspections:checklist_create"
    can_create_roles = ADMIN


class ChecklistMixin:
    def get_checklist(self) -> Checklist:
        return get_object_or_404(Checklist.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class ChecklistDetailView(RoleRequiredMixin, ChecklistMixin, View):
    allowed_roles = INSPECTOR_ROLES

    def get(self, request, pk):
        checklist = self.get_checklist()
        return render(request, "inspections/checklist_detail.html", {
            "title": checklist.title, "checklist": checklist, "items": checklist.items.order_by("position"),
            "use_count": checklist.inspections.count(), "history": history_entries(checklist),
            "can_manage": has_role(request.user, *ADMIN),
        })


class ChecklistFormView(RoleRequiredMixin, ChecklistMixin, View):
    """The checklist with one row per item; blank rows are ignored. A used checklist keeps its items."""

    allowed_roles = ADMIN
    template_name = "inspections/checklist_form.html"

    def setup_objects(self):
        self.checklist = self.get_checklist() if "pk" in self.kwargs else None
        self.used = bool(self.checklist and self.checklist.inspections.exists())

    def items_initial(self):
        """The items, then empty rows numbered on (ten for a new checklist, three when editing)."""
        items = [] if self.checklist is None else [
            {"position": i.position, "text": i.text, "severity": i.severity}
            for i in self.checklist.items.order_by("position")]
        if self.used:
            return items
        last = max((i["position"] for i in items), default=0)
        blank = 3 if items else 10
        return items + [{"position": last + n, "text": "", "severity": "normal"} for n in range(1, blank + 1)]

    def get(self, request, pk=None):
        self.setup_objects()
        form = ChecklistForm(instance=self.checklist, used=self.used)
        formset = ItemFormSet(initial=self.items_initial(), prefix="items")
        return self.render(form, formset)

    def post(self, request, pk=None):
        self.setup_objects()
        form = ChecklistForm(request.POST, instance=self.checklist or Checklist(county_id=request.user.county_id),
                             used=self.used)
        formset = ItemFormSet(request.POST, initial=self.items_initial(), prefix="items")
        if not (form.is_valid() and (self.used or formset.is_valid())):
            return self.render(form, formset, status=422)
        items = None if self.used else [
            services.ItemEntry(position=f.cleaned_data["position"], text=f.cleaned_data["text"],
                               severity=f.cleaned_data["severity"])
            for f in formset.forms if f.cleaned_data.get("text")]
        try:
            checklist = services.checklist_save(checklist=form.instance, items=items, acting_user=request.user)
        except ValidationError as error:
            return self.render(form, formset, errors=error.messages, status=422)
        messages.success(request, _("Saved."))
        return redirect("inspections:checklist_detail", pk=checklist.pk)

    def render(self, form, formset, errors=(), status=200):
        return render(self.request, self.template_name, {
            "title": _("Edit checklist") if self.checklist else _("New checklist"), "checklist": self.checklist,
            "form": form, "formset": formset, "used": self.used, "errors": errors,
        }, status=status)


class ChecklistActiveView(RoleRequiredMixin, ChecklistMixin, View):
    allowed_roles = ADMIN

    def post(self, request, pk):
        checklist = self.get_checklist()
        active = request.POST.get("active") == "1"
        services.checklist_set_active(checklist=checklist, active=active, acting_user=request.user)
        messages.success(request, _("The checklist is in use again.") if active else _("The checklist is deactivated."))
        return redirect("inspections:checklist_detail", pk=pk)


# --- inspections ---------------------------------------------------------------------------------


class InspectionListView(ScopedListView):
    allowed_roles = ALL
    selector = selectors.inspection_list
    filterset_class = InspectionFilter
    table_class = InspectionTable
    title = gettext_lazy("Inspections")
    export_name = "inspections"
    create_url_name = "inspections:inspection_create"
    can_create_roles = INSPECTOR_ROLES
    extra_actions = (("inspections:inspection_coverage", gettext_lazy("Semester compliance"), "calendar-check",
                      INSPECTOR_ROLES),
                     ("inspections:checklist_list", gettext_lazy("Checklists"), "list-check", INSPECTOR_ROLES))


class InspectionCreateView(ServiceFormView):
    allowed_roles = INSPECTOR_ROLES
    form_class = InspectionStartForm
    title = gettext_lazy("New inspection")
    cancel_url_name = "inspections:inspection_list"
    success_message = gettext_lazy("The inspection is open: record the result of each item.")

    def get_initial(self):
        initial = {"date": timezone.localdate(), "announced": True,
                   "inspectors": self.request.user.full_name or self.request.user.username}
        school = self.request.GET.get("school", "")
        if school.isascii() and school.isdecimal():
            initial["school"] = int(school)
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.inspection_start(school=data["school"], checklist=data["checklist"], date=data["date"],
                                         announced=data["announced"], inspectors=data["inspectors"],
                                         acting_user=self.request.user)


class InspectionDetailView(RoleRequiredMixin, View):
    """The inspection with one row per checklist item. While it is in progress, an inspector records
    the results here (radio buttons, a finding per item) and completes it."""

    template_name = "inspections/inspection_detail.html"

    def get_inspection(self) -> Inspection:
        inspection = get_object_or_404(
            selectors.inspection_list(user=self.request.user).select_related("school__township__county"),
            pk=self.kwargs["pk"])
        return inspection

    def rows(self, inspection, data=None):
        results = {r.item_id: r for r in InspectionResult.objects.filter(inspection=inspection)}
        rows = []
        for item in ChecklistItem.objects.filter(checklist_id=inspection.checklist_id).order_by("position"):
            result = results.get(item.pk)
            initial = {"outcome": OUTCOME_OF[result.passed], "note": result.note} if result else {}
            rows.append({"item": item, "result": result,
                         "form": ResultRowForm(data, prefix=f"i{item.pk}", initial=initial)})
        return rows

    def get(self, request, pk):
        inspection = self.get_inspection()
        return self.render(inspection, self.rows(inspection), SummaryForm(initial={"summary": inspection.summary}))

    def post(self, request, pk):
        inspection = self.get_inspection()
        if not self.editable(inspection):
            raise PermissionDenied
        rows = self.rows(inspection, request.POST)
        summary = SummaryForm(request.POST)
        if not (all(r["form"].is_valid() for r in rows) and summary.is_valid()):
            return self.render(inspection, rows, summary, status=422)
        entries = [services.ResultEntry(item_id=r["item"].pk, outcome=r["form"].cleaned_data["outcome"],
                                        note=r["form"].cleaned_data["note"]) for r in rows]
        try:
            with transaction.atomic():  # "save and complete" is all or nothing
                services.inspection_results_record(inspection=inspection, entries=entries,
                                                   summary=summary.cleaned_data["summary"], acting_user=request.user)
                if "complete" in request.POST:
                    services.inspection_complete(inspection=inspection, acting_user=request.user)
        except ValidationError as error:
            return self.render(inspection, rows, summary, errors=error.messages, status=422)
        if "complete" in request.POST:
            count = inspection.orders.count()
            messages.success(request, _("The inspection is completed; %(count)s rectification orders were issued.")
                             % {"count": count})
        else:
            messages.success(request, _("The results are saved."))
        return redirect(inspection.get_absolute_url())

    def editable(self, inspection) -> bool:
        return inspection.status == "draft" and can_inspect(self.request.user, inspection.school_id)

    def render(self, inspection, rows, summary, errors=(), status=200):
        recorded = sum(1 for r in rows if r["result"] is not None)
        return render(self.request, self.template_name, {
            "title": str(inspection), "inspection": inspection, "rows": rows, "summary_form": summary,
            "errors": errors, "editable": self.editable(inspection), "recorded": recorded,
            "failed": sum(1 for r in rows if r["result"] is not None and r["result"].passed is False),
            "orders": inspection.orders.order_by("number") if inspection.status == "done" else [],
            "history": history_entries(inspection),
        }, status=status)


class InspectionCompleteView(InspectionDetailView):
    """Complete without changing the results (the detail form also offers "save and complete")."""

    http_method_names = ["post"]

    def post(self, request, pk):
        inspection = self.get_inspection()
        if not can_inspect(request.user, inspection.school_id):
            raise PermissionDenied
        try:
            services.inspection_complete(inspection=inspection, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The inspection is completed; %(count)s rectification orders were issued.")
                             % {"count": inspection.orders.count()})
        return redirect(inspection.get_absolute_url())


class CoverageView(ScopedListView):
    """Per school in scope: the last fee special governance and "two safety" inspections of the
    current semester, missing ones highlighted, with the counts above."""

    allowed_roles = INSPECTOR_ROLES
    filterset_class = CoverageFilter
    table_class = CoverageTable
    template_name = "inspections/inspection_coverage.html"
    title = gettext_lazy("Semester inspection compliance")
    export_name = "inspection-coverage"

    def get_queryset(self):
        self.start, self.end, self.term = selectors.current_semester(timezone.localdate())
        return selectors.inspection_coverage(user=self.request.user, start=self.start, end=self.end)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(counts=selectors.coverage_counts(self.filterset.qs), start=self.start, end=self.end,
                       term=self.term)
        return context
