"""Excel import from downloadable templates: each row is validated by the same Django form the
portal uses for manual entry, errors are reported per row and column in the user's language, and
the import is all or nothing."""

from __future__ import annotations

import datetime as dt
import html
from abc import ABC, abstractmethod
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20_000
MAX_SCANNED_ROWS = 2 * MAX_IMPORT_ROWS  # data rows plus empty ones between them
MAX_HEADER_COLUMNS = 200
# 20,000 rows of a 12-column template expand to about 15 MB; anything far beyond is a zip bomb
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
MAX_SHEET_ELEMENTS = 600_000  # cells, rows and shared strings of one part (20,000 rows x 12 columns is 260,000)


@dataclass(frozen=True)
class Column:
    """One column of an import template: its header, the form field it fills, an example value."""

    header: str
    field: str
    example: str = ""
    required: bool = True
    choices: tuple = ()  # labels offered as a drop-down in the template
    note: str = ""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class SheetImport(ABC):
    """What an import is: its columns, how a row becomes a form, and how valid forms are saved.

    Subclasses set `columns` and `title`, and implement `row_form(data, acting_user)` and either
    `save_row(form, acting_user) -> bool` (True when a record was created, False when updated) or,
    to save every row at once, `save_rows`. `row_key(form)` spots duplicates inside the file.
    """

    title = ""
    columns: tuple[Column, ...] = ()

    @abstractmethod
    def row_form(self, data: dict, acting_user) -> forms.Form: ...

    def save_row(self, form, acting_user) -> bool:
        raise NotImplementedError(f"{type(self).__name__} implements neither save_row nor save_rows")

    def save_rows(self, rows: list[tuple[int, forms.Form]], acting_user, report: ImportReport) -> None:
        """Save the valid rows (row number, form), counting them on `report` and adding a RowError
        for each one refused; run_import rolls everything back if any is. One `save_row` each here;
        an import of many rows overrides this to save them in bulk."""
        for number, form in rows:
            try:
                created = self.save_row(form, acting_user)
            except ValidationError as error:
                report.errors.append(RowError(number, "", " ".join(error.messages)))
                continue
            if created:
                report.created += 1
            else:
                report.updated += 1

    def row_key(self, form):
        return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _open_workbook(fileobj):
    """Open an uploaded .xlsx defensively: refuse what is not a workbook or expands absurdly."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS or sum(info.file_size for info in members) > MAX_UNCOMPRESSED_BYTES:
                raise ValidationError(_("The file expands to an unreasonable size and was refused."))
            for info in members:
                if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml":
                    if _xml_elements(archive, info) > MAX_SHEET_ELEMENTS:
                        raise ValidationError(_("The file expands to an unreasonable size and was refused."))
        fileobj.seek(0)
        return load_workbook(fileobj, read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - zip, XML and openpyxl errors all mean "not a workbook"
        raise ValidationError(_("The file is not a valid Excel workbook (.xlsx).")) from None


# What reading a workbook raises when a part is damaged (or lies about its size) further in than the
# opening read: zip, inflate and XML errors, and openpyxl's own on impossible cell values.
WORKBOOK_READ_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, SyntaxError, ValueError, KeyError,
                        TypeError, OverflowError)


def _xml_elements(archive, info) -> int:
    """Roughly how many cells, rows and shared strings a part holds, counted while streaming it (cheap,
    unlike parsing: openpyxl walks a sheet's every element even to find its size)."""
    count = 0
    carry = b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            data = carry + chunk
            count += data.count(b"<c") + data.count(b":c ") + data.count(b"<row") + data.count(b"<si")
            count -= carry.count(b"<c") + carry.count(b":c ") + carry.count(b"<row") + carry.count(b"<si")
            carry = data[-4:]
            if count > MAX_SHEET_ELEMENTS:
                break
    return count


def read_rows(importer: SheetImport, fileobj, report: ImportReport) -> list[tuple[int, dict]]:
    """The data rows of the first sheet as {field: text}, keyed by the template's headers."""
    workbook = _open_workbook(fileobj)
    try:
        return _sheet_rows(importer, workbook.worksheets[0], report)
    except WORKBOOK_READ_ERRORS:
        raise ValidationError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()


def _sheet_rows(importer: SheetImport, sheet, report: ImportReport) -> list[tuple[int, dict]]:
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ())
    header = [_cell_text(v) for v in header_row]
    by_header = {str(c.header): c for c in importer.columns}
    positions = {}
    for index, text in enumerate(header):
        if text in by_header:
            positions[by_header[text].field] = index
    missing = [str(c.header) for c in importer.columns if c.required and c.field not in positions]
    if missing:
        report.errors.append(
            RowError(1, "、".join(missing), _("Required columns are missing; download the template again."))
        )
        return []
    data_rows = []
    # only the template's columns are read, and at most MAX_SCANNED_ROWS rows: a sheet of millions of
    # empty (or very wide) rows is refused instead of being walked through
    rows = sheet.iter_rows(min_row=2, max_col=max(positions.values(), default=0) + 1, values_only=True)
    for number, values in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            report.errors.append(
                RowError(number, "", _("At most %(max)s rows can be imported at once.") % {"max": MAX_IMPORT_ROWS})
            )
            return []
        if not any(v not in (None, "") for v in values):
            continue
        if len(data_rows) >= MAX_IMPORT_ROWS:
            report.errors.append(
                RowError(number, "", _("At most %(max)s rows can be imported at once.") % {"max": MAX_IMPORT_ROWS})
            )
            return []
        data_rows.append(
            (number, {f: _cell_text(values[i]) if i < len(values) else "" for f, i in positions.items()})
        )
    return data_rows


def run_import(importer: SheetImport, fileobj, *, acting_user) -> ImportReport:
    """Validate every row; save all of them in one transaction, or none if any row is wrong."""
    report = ImportReport()
    try:
        rows = read_rows(importer, fileobj, report)
    except ValidationError as error:
        report.errors.append(RowError(0, "", " ".join(error.messages)))
        return report
    report.total = len(rows)
    if report.errors:
        return report
    if not rows:
        report.errors.append(RowError(0, "", _("The file holds no data rows.")))
        return report
    headers = {c.field: str(c.header) for c in importer.columns}
    valid_forms = []
    seen = {}
    for number, data in rows:
        form = importer.row_form(data, acting_user)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for message in errors:
                    report.errors.append(RowError(number, headers.get(name, ""), message))
            continue
        key = importer.row_key(form)
        if key is not None:
            if key in seen:
                report.errors.append(
                    RowError(number, "", _("Duplicates row %(row)s of this file.") % {"row": seen[key]})
                )
                continue
            seen[key] = number
        valid_forms.append((number, form))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            importer.save_rows(valid_forms, acting_user, report)
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created = report.updated = 0
    return report


class _Rollback(Exception):
    pass


def xlsx_response(content: bytes, filename: str):
    """A download of an .xlsx file whose name may be Chinese (RFC 6266 / 5987)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of [ ] : * ? / \\."""
    return re.sub(r"[\[\]:*?/\\：]", " ", str(title or "")).strip()[:31] or "data"


def table_workbook(table, *, title: str = "") -> bytes:
    """Every row of a django-tables2 table (its export values, not only the page shown) as .xlsx.

    Text is written as text: a value a user typed such as "=HYPERLINK(…)" is never stored as a
    formula, so opening the export runs nothing.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    header_font = Font(bold=True)
    rows = iter(table.as_values())
    header = []
    for value in next(rows, []):
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.font = header_font
        header.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in rows:
        sheet.append([_export_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return _cell_text(value)
    text = str(value)
    if "<" in text:  # a column rendered as HTML on the page: its text in the spreadsheet
        text = html.unescape(strip_tags(text))
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"  # never a formula
    return cell


def append_row(sheet, values) -> None:
    """Append a row to a (normal, not write-only) sheet: numbers as numbers, every text as text
    (never a formula), without the control characters Excel refuses."""
    sheet.append([
        ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values
    ])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def template_workbook(importer: SheetImport) -> bytes:
    """The downloadable template: headers (required ones bold), drop-downs, and an instructions sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.title)[:31] or "data"
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=column.required)
        cell.fill = fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(str(column.header)) * 2 + 4)
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(str(c) for c in column.choices) + '"', allow_blank=True
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
        if column.field.endswith("code") or column.field == "school":
            # codes are text: keep Excel from turning 0710… or long digit strings into numbers
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(str(gettext_lazy("Instructions")))
    notes.append([_("Column"), _("Required"), _("Example"), _("Notes")])
    for column in importer.columns:
        notes.append(
            [str(column.header), _("Yes") if column.required else _("No"), str(column.example), str(column.note)]
        )
    notes.append([])
    notes.append([_("Fill in the first sheet from row 2. The whole file is imported only if every row is valid.")])
    for letter, width in zip("ABCD", (16, 8, 24, 60)):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
