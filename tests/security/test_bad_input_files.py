"""Bad input, files: every Excel import and upload field gets files that lie about their type, damaged
workbooks and zip bombs, and hostile cells; exports never write typed text as a formula."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests import factories
from tests.security import hostile
from tests.security.badinput import (  # noqa: F401 - fixtures among them
    _fresh_throttles_and_media,
    ABSTRACT_FORMS,
    CJK,
    HYPOTHESIS,
    PROJECT_APPS,
    Snapshot,
    all_form_classes,
    baseline_value,
    build_form,
    check_post,
    draft_notice,
    error_texts,
    post_data,
    table_counts,
    walk_patterns,
    world,
)


def import_views() -> dict[str, tuple[str, type]]:
    """url name -> (route, view class) of every Excel import page."""
    from houqin.org.views import ImportView

    found = {}
    for route, name, pattern in walk_patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ImportView):
            found[name] = (route, view_class)
    return found


IMPORT_USERS = {
    "org:school_import": "bureau_admin", "org:user_import": "bureau_admin", "fees:category_import": "bureau_admin",
    "fees:policy_import": "bureau_admin", "fees:forbidden_import": "bureau_admin", "fees:student_import": "keeper",
    "canteens:purchase_import": "keeper", "assets:asset_import": "keeper", "inspections:rubric_import": "bureau_admin",
}


def test_every_import_is_covered():
    assert set(import_views()) == set(IMPORT_USERS), "an import was added or renamed: give it a user here"


def import_url(name, world):
    route, _ = import_views()[name]
    return reverse(name, args=[world["rubric"].pk]) if "<" in route else reverse(name)


def upload_workbook(client, url, content: bytes, filename="导入.xlsx"):
    return client.post(url, {"file": hostile.upload(filename, content, hostile.XLSX_TYPE)})


def report_texts(html: str) -> list[str]:
    table = re.search(r'data-testid="import-errors".*?</table>', html, re.S)
    texts = error_texts(html)
    if table:
        texts += [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", table.group(0), re.S)]
    return [t for t in texts if t and t != "—"]


def check_refused_import(client, url, content, *, label, filename="导入.xlsx"):
    before = table_counts()
    started = time.monotonic()
    try:
        response = upload_workbook(client, url, content, filename)
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"{label}: 500 ({error!r})")
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 422), f"{label}: {response.status_code}"
    assert table_counts() == before, f"{label}: a refused import wrote rows"
    html = response.content.decode()
    assert "alert-success" not in html or response.status_code == 422, label
    texts = report_texts(html)
    assert texts and any(CJK.search(t) for t in texts), f"{label}: no Chinese explanation: {texts[:3]}"
    assert hostile.SCRIPT not in html, f"{label}: a cell's script is echoed unescaped"
    return response, elapsed


@pytest.mark.parametrize("kind", sorted(hostile.hostile_workbooks()))
@pytest.mark.parametrize("page", sorted(IMPORT_USERS))
def test_every_import_refuses_files_that_are_not_workbooks(page, kind, world, client):
    client.force_login(world[IMPORT_USERS[page]])
    check_refused_import(client, import_url(page, world), hostile.hostile_workbooks()[kind], label=f"{page} {kind}")


@pytest.mark.parametrize("bomb", ["zip_bomb", "lying_zip_bomb", "many_members_zip", "rows_bomb_under_size_limit",
                                  "row_gap_workbook"])
def test_imports_refuse_zip_bombs_quickly(bomb, world, client):
    """A .xlsx that expands to hundreds of MB (or hides it behind lying headers, or holds tens of thousands of
    members) is refused before it is expanded."""
    content = getattr(hostile, bomb)()
    assert len(content) < 10 * 1024 * 1024
    client.force_login(world["bureau_admin"])
    _, elapsed = check_refused_import(client, reverse("org:school_import"), content, label=bomb)
    assert elapsed < 10, f"{bomb} took {elapsed:.1f}s to refuse"


def template_headers(client, url) -> list[str]:
    from openpyxl import load_workbook

    response = client.get(url, {"template": "1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [str(v) for v in next(sheet.iter_rows(values_only=True)) if v is not None]


cell_value = st.one_of(
    st.sampled_from(sorted(set(hostile.HOSTILE_TEXT.values()) | set(hostile.HOSTILE_NUMBERS.values())
                           | set(hostile.HOSTILE_DATES.values()))).map(lambda v: v[:32000]),
    hostile.any_text, st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(), st.datetimes(), st.booleans(), st.none(),
)


@pytest.mark.parametrize("page", sorted(IMPORT_USERS))
def test_every_import_refuses_hostile_cells_all_or_nothing(page, world, client):
    """A file whose first row is the template's example and whose other row is hostile: either every row
    is stored or none (the import's rule), never a 500, and the report explains in Chinese."""
    client.force_login(world[IMPORT_USERS[page]])
    url = import_url(page, world)
    view_class = import_views()[page][1]
    headers = template_headers(client, url)
    by_header = {str(c.header): c for c in view_class.importer_class.columns}
    example = [str(by_header[h].example) if h in by_header else "" for h in headers]

    @hsettings(max_examples=10, **HYPOTHESIS)
    @given(row=st.lists(cell_value, min_size=len(headers), max_size=len(headers)))
    def sweep(row):
        before = table_counts()
        content = hostile.xlsx_bytes([headers, example, row])
        try:
            response = upload_workbook(client, url, content)
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{page} {row!r:.200}: 500 ({error!r})")
        assert response.status_code in (200, 422), response.status_code
        if response.status_code == 422:
            assert table_counts() == before, f"{page}: a refused import wrote rows ({row!r:.200})"
            texts = report_texts(response.content.decode())
            assert any(CJK.search(t) for t in texts), f"{page}: {texts[:3]}"
        assert hostile.SCRIPT not in response.content.decode()

    sweep()
    # the named hostile values, one column at a time, after the example row
    named = (hostile.SCRIPT, hostile.HOSTILE_TEXT["formula"], hostile.HOSTILE_TEXT["huge"][:5000],
             hostile.HOSTILE_DATES["far_past"], hostile.HOSTILE_NUMBERS["huge"], "\x01\x02", "１２３", "😀")
    for index, header in enumerate(headers):
        for value in (named[index % len(named)],):
            row = list(example)
            row[index] = value
            before = table_counts()
            response = upload_workbook(client, url, hostile.xlsx_bytes([headers, example, row]))
            assert response.status_code in (200, 422), f"{page} {header}={value!r:.40}"
            if response.status_code == 422:
                assert table_counts() == before, f"{page} {header}={value!r:.40}: partial write"


@pytest.mark.parametrize("kind", [*sorted(hostile.hostile_workbooks()), "zip_bomb", "lying_zip_bomb",
                                  "many_members_zip"])
def test_asset_reconciliation_refuses_files_that_are_not_workbooks(kind, world, client):
    """The other spreadsheet upload (the finance system's asset export) goes through the same guard."""
    workbooks = hostile.hostile_workbooks()
    content = workbooks[kind] if kind in workbooks else getattr(hostile, kind)()
    client.force_login(world["keeper"])
    snapshot = Snapshot("assets:reconciliation_create")
    check_post(client, reverse("assets:reconciliation_create"),
               {"period": "2026-H1", "file": hostile.upload("财务导出.xlsx", content, hostile.XLSX_TYPE)},
               label=f"reconciliation {kind}", snapshot=snapshot)


GENERATED_FILES = {("fees", "feenotice", "board_a4"), ("fees", "feenotice", "board_a3")}  # PDFs we render ourselves


SPREADSHEET_FIELDS = {("houqin.org.forms.ImportForm", "file"), ("assets.forms.ReconciliationForm", "file")}


def test_every_stored_upload_is_checked_by_content():
    """Every file a user can upload is an EvidenceFileField (checked by its bytes, renamed after them)."""
    from django.db import models

    from houqin.core.uploads import EvidenceFileField, EvidenceFileValidator

    unchecked = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                key = (model._meta.app_label, model._meta.model_name, field.name)
                checked = isinstance(field, EvidenceFileField) and any(
                    isinstance(v, EvidenceFileValidator) for v in field.validators)
                if not checked and key not in GENERATED_FILES:
                    unchecked.append(key)
    assert not unchecked, f"uploads not checked by content: {unchecked}"


def upload_fields():
    for name, cls in sorted(all_form_classes().items()):
        if name in ABSTRACT_FORMS:
            continue
        for field_name, field in cls.base_fields.items():
            if isinstance(field, forms.FileField) and (name, field_name) not in SPREADSHEET_FIELDS:
                yield name, field_name


def media_files() -> set[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize("kind", sorted(hostile.hostile_files()) + ["oversize"])
def test_every_upload_field_refuses_files_that_lie(kind, world, settings):
    """Each form's file field, given a script named .jpg, HTML named .png, an SVG with a script, a PDF
    with the wrong magic, a polyglot, an empty or an oversize file: refused with a Chinese message."""
    settings.EVIDENCE_MAX_MB = 1
    if kind == "oversize":
        name, content, content_type = "big.png", hostile.TINY_PNG + b"\0" * (1024 * 1024 + 1), "image/png"
    else:
        name, content, content_type = hostile.hostile_files()[kind]
    checked = 0
    for form_name, field_name in upload_fields():
        cls = all_form_classes()[form_name]
        form = build_form(form_name, cls, world)
        data = {n: baseline_value(n, f) for n, f in form.fields.items() if not isinstance(f, forms.FileField)}
        form = build_form(form_name, cls, world, data=data,
                          files={field_name: hostile.upload(name, content, content_type)})
        form.is_valid()
        errors = form.errors.get(field_name)
        if errors is None and not isinstance(form, forms.ModelForm):
            # a plain form hands the file to a service, whose model field checks it (full_clean)
            from django.core.exceptions import ValidationError

            from houqin.core.uploads import EvidenceFileValidator

            from django.db.models.fields.files import FieldFile

            from houqin.core.uploads import EvidenceFileField

            pending = FieldFile(None, EvidenceFileField(), name)
            pending.file, pending._committed = hostile.upload(name, content, content_type), False
            with pytest.raises(ValidationError) as refused:
                EvidenceFileValidator()(pending)
            errors = refused.value.messages
        assert errors, f"{form_name}.{field_name} accepted {kind}"
        assert any(CJK.search(str(e)) for e in errors), f"{form_name}.{field_name} {kind}: {errors}"
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("kind", sorted(hostile.hostile_files()))
def test_uploads_through_real_views_store_nothing(kind, world, client):
    """A repair photo, a canteen worker's health certificate and a bureau notice's attachment: each
    hostile file is refused on the page, no row is written and no file is left in MEDIA_ROOT."""
    name, content, content_type = hostile.hostile_files()[kind]
    cases = [
        ("keeper", "assets:repair_create", "photo"),
        ("keeper", "canteens:staff_create", "health_scan"),
        ("bureau_admin", "notify:attachment_add", "file"),
    ]
    view_world_objects = {}
    for user_key, page, field_name in cases:
        client.force_login(world[user_key])
        if page == "notify:attachment_add":
            url = reverse(page, args=[view_world_objects.setdefault("notice", draft_notice(world)).pk])
        else:
            url = reverse(page)
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        form = response.context["form"]
        data = post_data(form, {})
        data[form.add_prefix(field_name)] = hostile.upload(name, content, content_type)
        before_files = media_files()
        response = check_post(client, url, data, label=f"{page} {kind}", snapshot=Snapshot(page))
        assert response.status_code == 200, f"{page} accepted {kind}"
        assert media_files() == before_files, f"{page} {kind}: a file was left in MEDIA_ROOT"


def test_a_pdf_html_polyglot_is_only_ever_served_as_a_sandboxed_attachment_type(world, client):
    """A file that is a PDF by its bytes but holds HTML passes the content check as a PDF; it is stored
    under a .pdf name and served as application/pdf in a sandbox, never as a page."""
    from assets.models import RepairTicket

    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"
    client.force_login(world["keeper"])
    url = reverse("assets:repair_create")
    form = client.get(url).context["form"]
    data = post_data(form, {"asset_tag": ""})
    data[form.add_prefix("photo")] = hostile.upload("x.html", polyglot, "text/html")
    response = client.post(url, data)
    if response.status_code != 302:
        pytest.skip("the repair form refused the baseline values; the polyglot is covered by the field sweep")
    ticket = RepairTicket.objects.latest("pk")
    assert ticket.photo.name.endswith(".pdf")
    served = client.get(reverse("core:protected_file", args=["assets", "repairticket", ticket.pk, "photo"]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert "sandbox" in served["Content-Security-Policy"]
    assert served.get("X-Content-Type-Options") == "nosniff"


FORMULAS = ["=cmd|' /C calc'!A0", "+HYPERLINK(\"http://evil\",\"x\")", "-2+3", "@SUM(A1:A2)", "=1+1",
            "\t=1+1", "\x01=1"]


def _cells(content: bytes):
    from openpyxl import load_workbook

    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_exports_write_formula_like_text_as_text():
    """CSV/formula injection: a value a user typed that starts with = + - @ is a text cell in every
    export path (the list exports, append_row of the report exports), never a formula."""
    import django_tables2 as tables
    from openpyxl import Workbook

    from houqin.core.excel import append_row, table_workbook

    class Table(tables.Table):
        name = tables.Column()
        note = tables.Column()

    table = Table([{"name": value, "note": f"<b>{value}</b>"} for value in FORMULAS])
    cells = list(_cells(table_workbook(table, title="=evil")))
    workbook = Workbook()
    for value in FORMULAS:
        append_row(workbook.active, [value, 1, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells += list(_cells(buffer.getvalue()))
    assert cells
    assert not [c.value for c in cells if c.data_type == "f"], "a typed value became a formula"
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "=cmd|' /C calc'!A0" in texts


@pytest.mark.parametrize("page", ["fees:forbidden_list", "canteens:supplier_list", "org:user_list"])
def test_list_exports_keep_hostile_text_as_text(page, world, client):
    """A formula typed into a record comes out of the list's Excel export as text."""
    from canteens.models import Supplier
    from fees.models import ForbiddenItem

    ForbiddenItem.objects.create(county=world["county"], name=FORMULAS[0], keywords=FORMULAS[1], reason=FORMULAS[2])
    Supplier.objects.create(school=world["school"], name=FORMULAS[0], contact=FORMULAS[3], licence_number="L1",
                            admitted_on=timezone.localdate())
    factories.staff(world["school"], username="formula", full_name=FORMULAS[0])
    client.force_login(world["keeper"] if page.startswith("canteens") else world["bureau_admin"])
    response = client.get(reverse(page), {"_export": "xlsx"})
    assert response.status_code == 200
    cells = list(_cells(response.content))
    assert FORMULAS[0] in {c.value for c in cells}, f"{page}: the hostile value is not in its export"
    assert not [c.value for c in cells if c.data_type == "f"]
