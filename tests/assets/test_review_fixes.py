"""What a hostile review of the assets app found, each kept fixed by a test."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from assets.choices import Category
from assets.models import Asset, FacilityCheck, Reconciliation
from assets.resources import AssetImport
from tests import factories

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_import_naming_one_of_two_namesakes_gets_a_row_error(client, keeper_a, school_a, room_a):
    factories.staff(school_a, username="dup1", full_name="张三")
    factories.staff(school_a, username="dup2", full_name="张三")
    translation.activate("zh-hans")
    headers = [str(c.header) for c in AssetImport.columns]
    row = {"name": "电脑", "category": str(Category.COMPUTER.label), "purchase_date": "2022-09-01",
           "original_value": "100", "custodian": "张三"}
    client.force_login(keeper_a)
    response = client.post(reverse("assets:asset_import"), {
        "file": SimpleUploadedFile("register.xlsx", xlsx([headers, [row.get(c.field, "") for c in AssetImport.columns]]))})
    assert response.status_code in (200, 422)
    assert "张三" in response.content.decode()
    assert not Asset.objects.exists()


@pytest.mark.parametrize("row", [["X" * 60, "a", "1.00"], ["ZC-1", "a", "600000000"]])
def test_a_finance_export_with_an_impossible_row_is_refused_naming_it(client, keeper_a, asset_a, row):
    client.force_login(keeper_a)
    response = client.post(reverse("assets:reconciliation_create"), {
        "period": "2026-H1", "file": SimpleUploadedFile("finance.xlsx", xlsx([["资产编号", "资产名称", "原值"], row]))})
    assert response.status_code in (200, 422)
    assert "第 2 行" in response.content.decode()
    assert not Reconciliation.objects.exists()


def test_the_facility_checklist_is_saved_whole_or_not_at_all(client, keeper_a, school_a):
    from assets.choices import FacilityItem

    school_a.has_dormitory = True
    school_a.save()
    client.force_login(keeper_a)
    items = list(FacilityItem.values)
    data = {f"{items[0]}-state": "met", f"{items[1]}-state": "no-such-state"}
    client.post(reverse("assets:facility_school", args=[school_a.pk]), data)
    assert not FacilityCheck.objects.exists()
