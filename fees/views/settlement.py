"""Term settlements: lines per family, the report to the bureau, Excel and PDF."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.forms import modelformset_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from fees import selectors, services
from fees.choices import SettlementStatus
from fees.documents import render_settlement_pdf
from fees.filters import SettlementFilter
from fees.forms import SettlementLineForm
from fees.models import Settlement, SettlementLine
from fees.services.access import can_keep_fees
from fees.tables import SettlementTable
from fees.views.notices import pdf_response
from houqin.core.excel import append_row, xlsx_response
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView
from houqin.org.choices import SCHOOL_ROLES

LineFormSet = modelformset_factory(SettlementLine, form=SettlementLineForm, extra=0, edit_only=True)


class SettlementListView(ScopedListView):
    selector = selectors.settlement_list
    filterset_class = SettlementFilter
    table_class = SettlementTable
    title = gettext_lazy("Term settlements")
    export_name = "settlements"


def totals_of(settlement) -> dict:
    totals = settlement.lines.aggregate(collected=Sum("collected"), spent=Sum("spent"), refund=Sum("refund"))
    return {k: v or Decimal("0.00") for k, v in totals.items()}


class SettlementDetailView(RoleRequiredMixin, View):
    template_name = "fees/settlement_detail.html"

    def get_settlement(self, request, pk):
        settlement = get_object_or_404(
            Settlement.objects.visible_to(request.user).select_related("school", "term", "category"), pk=pk
        )
        # its lines name pupils and their refunds: in a school, only the fee keepers read them
        if request.user.role in SCHOOL_ROLES and not can_keep_fees(request.user, settlement.school_id):
            raise PermissionDenied
        return settlement

    def lines(self, settlement):
        return settlement.lines.select_related("student", "student__school_class").order_by(
            "student__school_class__position", "student__school_class__name", "student__name")

    def get(self, request, pk):
        settlement = self.get_settlement(request, pk)
        export = request.GET.get("export")
        if export == "xlsx":
            return xlsx_response(settlement_workbook(settlement, self.lines(settlement)),
                                 f"{settlement.school.name}-{settlement.category.name}-结算.xlsx")
        if export == "pdf":
            return pdf_response(render_settlement_pdf(settlement, self.lines(settlement), totals_of(settlement)),
                                f"{settlement.school.name}-{settlement.category.name}-结算.pdf")
        formset = LineFormSet(queryset=self.lines(settlement)) if self.editable(request, settlement) else None
        return self.render(request, settlement, formset)

    def editable(self, request, settlement):
        return settlement.status == SettlementStatus.DRAFT and can_keep_fees(request.user, settlement.school_id)

    def post(self, request, pk):
        settlement = self.get_settlement(request, pk)
        if not can_keep_fees(request.user, settlement.school_id):
            raise PermissionDenied
        try:
            if "prepare" in request.POST:
                count = services.settlement_lines_prepare(settlement=settlement, acting_user=request.user)
                messages.success(request, _("%(count)s family lines added.") % {"count": count})
            elif "submit" in request.POST:
                services.settlement_submit(settlement=settlement, acting_user=request.user)
                messages.success(request, _("The settlement was reported to the bureau."))
            else:
                formset = LineFormSet(request.POST, queryset=self.lines(settlement))
                if not formset.is_valid():
                    return self.render(request, settlement, formset, status=422)
                with transaction.atomic():
                    for form in formset.forms:
                        # a line id that is not of this settlement gives an empty instance: ignore it
                        if form.instance.pk is None or form.instance.settlement_id != settlement.pk:
                            continue
                        if form.has_changed():
                            services.settlement_line_save(line=form.instance, acting_user=request.user)
                messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(settlement)

    def render(self, request, settlement, formset, status=200):
        today = timezone.localdate()
        return render(request, self.template_name, {
            "title": str(settlement), "settlement": settlement, "formset": formset,
            "lines": None if formset else self.lines(settlement), "totals": totals_of(settlement),
            "overdue": settlement.status == SettlementStatus.DRAFT and settlement.due_date < today,
            "keeper": can_keep_fees(request.user, settlement.school_id),
            "is_principal": request.user.role == "principal" and request.user.school_id == settlement.school_id,
        }, status=status)


def settlement_workbook(settlement, lines) -> bytes:
    """The settlement report as a spreadsheet: one row per family and the totals."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Settlement")[:31]
    append_row(sheet, [str(settlement)])
    append_row(sheet, [_("Due"), settlement.due_date.isoformat(), _("Status"), settlement.get_status_display()])
    append_row(sheet, [])
    header = [_("Class"), _("Student"), _("Collected (yuan)"), _("Spent (yuan)"), _("Refund due (yuan)")]
    append_row(sheet, header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for line in lines:
        append_row(sheet, [line.student.school_class.name, line.student.name, line.collected, line.spent,
                           line.refund])
    totals = totals_of(settlement)
    append_row(sheet, ["", _("Total"), totals["collected"], totals["spent"], totals["refund"]])
    for column in "CDE":
        for cell in sheet[column][4:]:
            cell.number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
