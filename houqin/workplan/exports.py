"""The plan as an Excel workbook: the columns of the plan page, with the figures as computed at the
moment of the export (said so in the sheet, with the time)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from houqin.core.excel import append_row, sheet_title

WIDTHS = {"position": 6, "title": 36, "area": 14, "owner": 10, "department": 14, "deadline": 12, "target": 24,
          "measure": 24, "current": 18, "progress": 10, "expected": 12, "status": 10, "progress_note": 40,
          "description": 40}


def _cell(value):
    """Every column has its export value (value_FOO), so text is written exactly as typed."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def plan_workbook(table, *, title: str, exported_at: dt.datetime | None = None) -> bytes:
    """Every row of the plan table (not only the page shown): a title line, the moment the figures were
    computed, then the header and the goals. Text is written as text, never as a formula."""
    exported_at = timezone.localtime(exported_at or timezone.now())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [_("Exported %(time)s; measured figures as computed at that moment.") % {
        "time": f"{exported_at:%Y-%m-%d %H:%M}"}])
    rows = iter(table.as_values())
    append_row(sheet, [str(value) for value in next(rows, [])])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [_cell(value) for value in row])
    sheet.freeze_panes = "C4"
    names = [column.name for column in table.columns.iterall() if not column.column.exclude_from_export]
    for index, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
