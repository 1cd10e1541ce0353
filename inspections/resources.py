"""Rubrics to and from Excel: one row per item, grouped by section in the order of the sheet. An
import replaces the content of a draft rubric, all rows or none."""

from __future__ import annotations

import io
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from houqin.core.excel import Column, SheetImport, append_row
from houqin.core.fields import LabelChoiceField, YesNoField
from inspections.choices import LedgerFigure
from inspections.models import Rubric, RubricItem, RubricSection


class RubricRowForm(forms.Form):
    section = forms.CharField(label=_("section"), max_length=120)
    code = forms.CharField(label=_("number"), max_length=10)
    text = forms.CharField(label=_("item"), max_length=300)
    max_points = forms.DecimalField(label=_("maximum points"), max_digits=5, decimal_places=1,
                                    min_value=Decimal("0"), max_value=Decimal("100"), required=False)
    guidance = forms.CharField(label=_("scoring guidance"), max_length=2000, required=False)
    required_evidence = forms.CharField(label=_("evidence required"), max_length=1000, required=False)
    is_veto = YesNoField(label=_("veto item (一票否决)"), required=False)
    ledger_figure = LabelChoiceField(label=_("bound to the ledger figure"), required=False,
                                     choices=[("", "")] + list(LedgerFigure.choices))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_veto") and not cleaned.get("max_points") and "max_points" not in self.errors:
            self.add_error("max_points", _("A scored item has more than 0 points."))
        return cleaned


class RubricImport(SheetImport):
    title = _("Rubric")
    columns = (
        Column(_("Section"), "section", "一、组织管理"),
        Column(_("Number"), "code", "1.1"),
        Column(_("Item"), "text", "成立食品安全工作领导小组，职责分工明确"),
        Column(_("Points"), "max_points", "3", required=False, note=_("Empty or 0 for a veto item")),
        Column(_("Scoring guidance"), "guidance", "未成立领导小组扣2分；职责不明扣1分。", required=False),
        Column(_("Evidence required"), "required_evidence", "成立文件、分工表", required=False),
        Column(_("Veto item"), "is_veto", "否", required=False, choices=("是", "否")),
        Column(_("Ledger figure"), "ledger_figure", "", required=False, choices=tuple(LedgerFigure.labels)),
    )

    def __init__(self, rubric: Rubric | None = None):
        self.rubric = rubric
        self._sections: dict[str, RubricSection] = {}
        self._positions: dict[int, int] = {}
        self._cleared = False

    def row_form(self, data, acting_user):
        return RubricRowForm(data)

    def row_key(self, form):
        return form.cleaned_data["code"]

    def save_row(self, form, acting_user):
        """Runs inside the import's transaction: the first row clears the draft."""
        if not self._cleared:
            if not self.rubric.is_editable:
                raise ValidationError(_("A rubric in use is not changed; make a new version of it."))
            self.rubric.items.all().delete()
            self.rubric.sections.all().delete()
            self._cleared = True
        data = form.cleaned_data
        section = self._sections.get(data["section"])
        if section is None:
            section = RubricSection.objects.create(rubric=self.rubric, position=len(self._sections) + 1,
                                                   title=data["section"])
            self._sections[data["section"]] = section
        position = self._positions.get(section.pk, 0) + 1
        self._positions[section.pk] = position
        item = RubricItem(rubric=self.rubric, section=section, position=position, code=data["code"], text=data["text"],
                          max_points=Decimal("0") if data["is_veto"] else data["max_points"],
                          guidance=data.get("guidance") or "", required_evidence=data.get("required_evidence") or "",
                          is_veto=bool(data["is_veto"]), ledger_figure=data.get("ledger_figure") or "")
        item.full_clean()
        item.save()
        return True


def rubric_workbook(rubric: Rubric) -> bytes:
    """The rubric in the import's own columns, so an export edited in Excel imports back."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Rubric"))
    append_row(sheet, [str(c.header) for c in RubricImport.columns])
    items = RubricItem.objects.filter(rubric=rubric).select_related("section").order_by("section__position", "position")
    for item in items:
        append_row(sheet, [item.section.title, item.code, item.text, item.max_points, item.guidance,
                           item.required_evidence, "是" if item.is_veto else "否",
                           item.get_ledger_figure_display() if item.ledger_figure else ""])
    for column, width in zip("ABCDEFGH", (18, 8, 48, 8, 48, 30, 8, 20)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
