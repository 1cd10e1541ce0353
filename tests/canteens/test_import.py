"""The purchase import at size: a fixed number of queries however many rows, a history record for
every row, and still all or nothing with a message per refused row."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from canteens.models import PurchaseEntry
from canteens.resources import PurchaseImport
from houqin.core.benchtasks import purchase_workbook
from houqin.core.excel import run_import
from houqin.core.history import history_entries
from tests.canteens.conftest import purchase

pytestmark = pytest.mark.django_db


def import_file(canteen, user, content):
    with CaptureQueriesContext(connection) as queries:
        report = run_import(PurchaseImport(canteen=canteen), io.BytesIO(content), acting_user=user)
    return report, len(queries.captured_queries)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(canteen, supplier, staff_a):
    small, small_queries = import_file(canteen, staff_a, purchase_workbook(canteen, 150))
    large, large_queries = import_file(canteen, staff_a, purchase_workbook(canteen, 300, start=150))
    assert small.ok and large.ok and (small.created, large.created) == (150, 300)
    assert small_queries == large_queries
    assert PurchaseEntry.objects.filter(canteen=canteen).count() == 450


def test_every_imported_row_has_its_history_as_if_entered_by_hand(canteen, supplier, staff_a):
    by_hand = purchase(canteen, supplier, staff_a)
    report, _queries = import_file(canteen, staff_a, purchase_workbook(canteen, 300))
    assert report.created == 300
    imported = PurchaseEntry.objects.filter(canteen=canteen).exclude(pk=by_hand.pk)
    records = PurchaseEntry.history.filter(id__in=imported.values("pk"))
    assert records.count() == 300 and set(records.values_list("id", flat=True)) == set(imported.values_list("pk",
                                                                                                         flat=True))
    expected = by_hand.history.get()
    assert set(records.values_list("history_type", "history_user", "history_change_reason")) == {
        (expected.history_type, staff_a.pk, expected.history_change_reason)}
    entry = imported.order_by("pk").last()
    record = entry.history.get()
    assert (record.item, record.quantity, record.batch, record.supplier_id, record.recorded_by_id) == (
        entry.item, entry.quantity, entry.batch, supplier.pk, staff_a.pk)
    [created] = history_entries(entry)
    assert created.user == staff_a and created.reason == "验收入库"


def test_a_delivery_already_in_the_ledger_refuses_the_whole_file_by_row(canteen, supplier, staff_a):
    assert import_file(canteen, staff_a, purchase_workbook(canteen, 3))[0].created == 3
    report, _queries = import_file(canteen, staff_a, purchase_workbook(canteen, 4, start=2))  # row 2 is known
    assert [(error.row, error.message) for error in report.errors] == [(2, "该批次已在台账中。")]
    assert report.created == 0 and PurchaseEntry.objects.count() == 3


def test_rows_naming_a_supplier_the_school_has_not_admitted_are_refused(canteen, supplier, staff_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(column.header) for column in PurchaseImport.columns])
    today = timezone.localdate().isoformat()
    sheet.append([today, supplier.name, "白菜", "植物性食品（绿）", 10, "千克", 2])
    sheet.append([today, "无名商行", "白菜", "植物性食品（绿）", 10, "千克", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report, _queries = import_file(canteen, staff_a, buffer.getvalue())
    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (3, "供应商", "本校没有准入这个名称的供应商。")]
    assert not PurchaseEntry.objects.exists()
