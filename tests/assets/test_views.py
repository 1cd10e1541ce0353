"""Assets pages: the scope contract on every view, who may write, query counts independent of the data,
bad input answered on the form, the Excel import and export, PDFs, the scanning page, reminders,
dashboard figures and the demo."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from assets import services
from assets.models import (
    Acceptance,
    Asset,
    Compensation,
    Consumable,
    CustodyCheck,
    Deposit,
    PurchaseRequest,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
    StockTakeLine,
)
from houqin.org.models import Term
from tests import factories
from tests.assets.conftest import make_asset
from tests.assets.test_services import finance_export, new_request, report
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(school_a, keeper_a, principal_a, teacher_a, room_a, room_a2, asset_a, today):
    """One record of every kind at school A."""
    term = Term.objects.create(school_year=today.year, semester=1, start_date=today - dt.timedelta(days=30),
                               end_date=today + dt.timedelta(days=90))
    request = new_request(school_a, teacher_a, keeper_a)
    ticket = report(school_a, teacher_a)
    disposal = services.disposal_request(asset=make_asset(school_a, keeper_a, room_a, name="旧打印机"), reason="坏了",
                                         acting_user=keeper_a)
    custody = services.custody_record(room=room_a, term=term, kind="handover", date=today, keeper=keeper_a,
                                      present_ids=[asset_a.pk], acting_user=keeper_a)
    stocktake = services.stocktake_start(stocktake=StockTake(school=school_a, title="甲校盘点"), acting_user=keeper_a)
    line = services.stocktake_scan(stocktake=stocktake, code=room_a.code, room=None, acting_user=keeper_a)
    line = services.stocktake_scan(stocktake=stocktake, code=asset_a.tag_code, room=room_a2, acting_user=keeper_a).line
    compensation = services.compensation_record(compensation=Compensation(
        school=school_a, item="玻璃", date=today, responsible="李明", description="打碎", amount=Decimal("30")),
        acting_user=keeper_a)
    consumable = services.consumable_save(consumable=Consumable(school=school_a, name="粉笔"), acting_user=keeper_a)
    requisition = services.requisition_create(requisition=Requisition(
        consumable=consumable, quantity=1, department="三(2)班", approver=principal_a), acting_user=teacher_a)
    deposit = services.deposit_record(deposit=Deposit(school=school_a, item="key", description="前门钥匙",
                                                      holder="王老师", amount=Decimal("20"), lent_on=today),
                                      acting_user=keeper_a)
    return {"asset": asset_a, "room": room_a, "request": request, "ticket": ticket, "disposal": disposal,
            "custody": custody, "stocktake": stocktake, "line": line, "compensation": compensation,
            "requisition": requisition, "deposit": deposit}


def read_urls(w):
    return [
        w["asset"].get_absolute_url(), reverse("assets:asset_card", args=[w["asset"].pk]),
        w["room"].get_absolute_url(), w["request"].get_absolute_url(), w["ticket"].get_absolute_url(),
        w["disposal"].get_absolute_url(), w["custody"].get_absolute_url(), w["stocktake"].get_absolute_url(),
        reverse("assets:facility_school", args=[w["asset"].school_id]),
    ]


def write_urls(w):
    pk = w["asset"].pk
    return [
        reverse("assets:asset_update", args=[pk]), reverse("assets:asset_transfer", args=[pk]),
        reverse("assets:disposal_request", args=[pk]), reverse("assets:room_update", args=[w["room"].pk]),
        reverse("assets:custody_create", args=[w["room"].pk]),
        reverse("assets:request_update", args=[w["request"].pk]),
        reverse("assets:request_submit", args=[w["request"].pk]),
        reverse("assets:request_decide", args=[w["request"].pk]),
        reverse("assets:acceptance_create", args=[w["request"].pk]),
        reverse("assets:acceptance_confirm", args=[w["request"].pk]),
        reverse("assets:repair_dispatch", args=[w["ticket"].pk]), reverse("assets:repair_arrive", args=[w["ticket"].pk]),
        reverse("assets:repair_postpone", args=[w["ticket"].pk]),
        reverse("assets:repair_complete", args=[w["ticket"].pk]), reverse("assets:repair_rate", args=[w["ticket"].pk]),
        reverse("assets:disposal_appraise", args=[w["disposal"].pk]),
        reverse("assets:disposal_decide", args=[w["disposal"].pk]),
        reverse("assets:stocktake_count", args=[w["stocktake"].pk]),
        reverse("assets:stocktake_finish_room", args=[w["stocktake"].pk]),
        reverse("assets:stocktake_surplus", args=[w["stocktake"].pk]),
        reverse("assets:stocktake_submit", args=[w["stocktake"].pk]),
        reverse("assets:stocktake_decide", args=[w["stocktake"].pk]),
        reverse("assets:line_correct", args=[w["line"].pk]),
        reverse("assets:compensation_void", args=[w["compensation"].pk]),
        reverse("assets:requisition_act", args=[w["requisition"].pk]),
        reverse("assets:deposit_return", args=[w["deposit"].pk]),
    ]


def test_another_schools_records_are_404_on_every_page(client, world, principal_b, keeper_b):
    assert_not_found(client, principal_b, read_urls(world) + write_urls(world))
    assert_not_found(client, keeper_b, read_urls(world) + write_urls(world))


def test_another_countys_bureau_and_another_township_get_404(client, world, far_admin, township_b):
    assert_not_found(client, far_admin, read_urls(world), methods=("get",))
    assert_not_found(client, factories.supervisor(township_b), read_urls(world), methods=("get",))


def test_the_bureau_and_the_township_read_but_never_write(client, world, bureau_inspector, supervisor_a):
    for user in (bureau_inspector, supervisor_a):
        assert_found(client, user, read_urls(world))
        for url in write_urls(world):
            response = client.post(url, {"reason": "x", "decision": "approve", "code": "x", "repairer": "x"})
            assert response.status_code in (302, 403), url
    asset = Asset.objects.get(pk=world["asset"].pk)
    assert asset.status == "in_use" and PurchaseRequest.objects.get().status == "pending_head"
    assert RepairTicket.objects.get().status == "reported"
    client.force_login(bureau_inspector)
    for name in ("asset_create", "room_create", "request_create", "repair_create", "stocktake_create",
                 "asset_import", "compensation_create", "deposit_create", "reconciliation_create"):
        assert client.get(reverse(f"assets:{name}")).status_code == 403, name


def test_a_teacher_reports_repairs_but_does_not_keep_the_register(client, world, teacher_a):
    client.force_login(teacher_a)
    assert client.get(reverse("assets:repair_create")).status_code == 200
    assert client.get(reverse("assets:request_create")).status_code == 200
    for url in (reverse("assets:asset_create"), reverse("assets:asset_update", args=[world["asset"].pk]),
                reverse("assets:stocktake_count", args=[world["stocktake"].pk]), reverse("assets:asset_import")):
        assert client.get(url).status_code == 403, url


LISTS = [
    ("assets:asset_list", "台式计算机"), ("assets:room_list", "微机室"), ("assets:request_list", "投影仪"),
    ("assets:repair_list", "二楼男厕所"), ("assets:disposal_list", "旧打印机"), ("assets:custody_list", "微机室"),
    ("assets:stocktake_list", "甲校盘点"), ("assets:compensation_list", "李明"), ("assets:consumable_list", "粉笔"),
    ("assets:requisition_list", "粉笔"), ("assets:deposit_list", "前门钥匙"), ("assets:transfer_list", None),
]


@pytest.mark.parametrize("url_name, text", LISTS)
def test_lists_and_exports_leave_other_schools_out(client, world, principal_b, principal_a, supervisor_a,
                                                   bureau_admin, url_name, text):
    present = [text] if text else []
    assert_list_excludes(client, principal_b, reverse(url_name), present=[], absent=present)
    for user in (principal_a, supervisor_a, bureau_admin):
        assert_list_excludes(client, user, reverse(url_name), present=present, absent=["乙校投影仪"])


def test_a_post_cannot_move_an_asset_into_another_schools_room(client, asset_a, keeper_a, room_b):
    data = {"name": "台式计算机", "category": "computer", "purchase_date": "2024-01-01", "original_value": "4800",
            "funding_source": "fiscal", "status": "in_use", "useful_life_years": "6"}
    assert_cannot_move(client, keeper_a, reverse("assets:asset_update", args=[asset_a.pk]), data, field="room",
                       foreign_value=room_b.pk, reload=lambda: Asset.objects.get(pk=asset_a.pk).room_id,
                       expected=asset_a.room_id)
    assert_cannot_move(client, keeper_a, reverse("assets:asset_transfer", args=[asset_a.pk]),
                       {"date": timezone.localdate().isoformat(), "reason": "x"}, field="to_room",
                       foreign_value=room_b.pk, reload=lambda: Asset.objects.get(pk=asset_a.pk).room_id,
                       expected=asset_a.room_id)


def test_a_new_asset_is_always_of_the_users_school(client, keeper_a, school_b, room_a):
    client.force_login(keeper_a)
    client.post(reverse("assets:asset_create"), {
        "name": "投影仪", "category": "audiovisual", "purchase_date": "2024-01-01", "original_value": "3000",
        "funding_source": "fiscal", "status": "in_use", "room": room_a.pk, "school": school_b.pk})
    assert Asset.objects.get().school_id == keeper_a.school_id


# --- query counts --------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _grow(school, keeper, room, teacher, n, start=0):
    for i in range(start, start + n):
        make_asset(school, keeper, room, name=f"课桌{i}", category="furniture", custodian=teacher)
        report(school, teacher, location=f"教室{i}")
        services.room_save(room=Room(
            school=school, name=f"宿舍{i}", kind="dormitory", beds=10, occupants=9 + i % 3), acting_user=keeper)
        new_request(school, teacher, keeper, item=f"椅子{i}")


@pytest.mark.parametrize("url_name", ["assets:asset_list", "assets:room_list", "assets:repair_list",
                                      "assets:request_list", "assets:stocktake_list", "assets:transfer_list",
                                      "assets:facility_overview"])
def test_list_query_counts_do_not_grow_with_the_data(client, school_a, keeper_a, room_a, teacher_a, bureau_admin,
                                                     url_name):
    user = bureau_admin if url_name == "assets:facility_overview" else keeper_a
    client.force_login(user)
    _grow(school_a, keeper_a, room_a, teacher_a, 3)
    small = _queries(client, reverse(url_name))
    _grow(school_a, keeper_a, room_a, teacher_a, 27, start=3)
    assert _queries(client, reverse(url_name)) == small
    assert _queries(client, reverse(url_name) + "?_export=xlsx") <= small + 2


def test_the_register_query_count_is_the_same_for_the_bureau_at_two_sizes(client, school_a, keeper_a, room_a,
                                                                           teacher_a, bureau_admin):
    client.force_login(bureau_admin)
    _grow(school_a, keeper_a, room_a, teacher_a, 3)
    small = _queries(client, reverse("assets:asset_list"))
    _grow(school_a, keeper_a, room_a, teacher_a, 27, start=3)
    assert _queries(client, reverse("assets:asset_list")) == small


# --- bad input -----------------------------------------------------------------------------------


def test_bad_asset_input_is_answered_on_the_form_in_chinese(client, keeper_a, room_a):
    client.force_login(keeper_a)
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(reverse("assets:asset_create"), {
        "name": "投影仪", "category": "audiovisual", "purchase_date": future, "original_value": "-30",
        "funding_source": "fiscal", "status": "in_use", "room": room_a.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "原值不能为负数" in page
    assert not Asset.objects.exists()
    response = client.post(reverse("assets:asset_create"), {
        "name": "投影仪", "category": "audiovisual", "purchase_date": future, "original_value": "30",
        "funding_source": "fiscal", "status": "in_use", "room": room_a.pk})
    assert "购置日期不能晚于今天" in response.content.decode() and not Asset.objects.exists()


def test_approving_ones_own_request_is_refused_with_a_message(client, school_a, principal_a, keeper_a):
    request = new_request(school_a, principal_a, keeper_a)
    client.force_login(principal_a)
    response = client.post(reverse("assets:request_decide", args=[request.pk]), {"decision": "approve"}, follow=True)
    assert response.status_code == 200 and "不能审批自己的申请" in response.content.decode()
    assert not request.approvals.exists()


def test_a_disposal_without_appraisal_is_refused_with_a_message(client, world, principal_a):
    client.force_login(principal_a)
    url = reverse("assets:disposal_decide", args=[world["disposal"].pk])
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "报废须先经鉴定" in response.content.decode()
    world["disposal"].refresh_from_db()
    assert world["disposal"].status == "requested"


def test_broken_numbers_and_strange_input_never_give_a_500(client, world, keeper_a):
    client.force_login(keeper_a)
    pk = world["stocktake"].pk
    for url, data in [
        (reverse("assets:stocktake_count", args=[pk]), {"code": "x" * 5000, "room": "abc"}),
        (reverse("assets:stocktake_count", args=[pk]) + "?room=99999999999999999999", None),
        (reverse("assets:stocktake_finish_room", args=[pk]), {"room": "zz"}),
        (reverse("assets:asset_list") + "?bought_from=2026-13-45&room=abc&page=9999", None),
        (reverse("assets:repair_week") + "?week=notadate", None),
        (reverse("assets:tag", args=["<script>"]), None),
        (reverse("assets:labels") + "?pdf=1&size=huge", None),
        (reverse("assets:deposit_return", args=[world["deposit"].pk]), {"returned_on": "x", "refunded": "-1"}),
    ]:
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code < 500, url


# --- the scanning page ---------------------------------------------------------------------------


def test_scanning_on_the_page_with_and_without_javascript(client, world, keeper_a, room_a, asset_b, school_a):
    client.force_login(keeper_a)
    stocktake, url = world["stocktake"], reverse("assets:stocktake_count", args=[world["stocktake"].pk])
    other = make_asset(school_a, keeper_a, room_a, name="显示器")
    response = client.post(url, {"code": room_a.code}, follow=True)
    assert "正在盘点" in response.content.decode()
    panel = client.post(url, {"code": other.tag_code, "room": room_a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="count-panel"' in panel and "在位" in panel and "<html" not in panel
    panel = client.post(url, {"code": other.tag_code, "room": room_a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "重复扫描" in panel
    panel = client.post(url, {"code": asset_b.tag_code, "room": room_a.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "属于其他学校" in panel
    panel = client.post(url, {"code": "ZC-0000000000-00001", "room": room_a.pk}, HTTP_HX_REQUEST="true")
    assert "未知标签" in panel.content.decode()
    assert StockTakeLine.objects.filter(stocktake=stocktake).count() == 2  # the misplaced one and the monitor


def test_the_tag_page_opens_the_asset_or_says_it_is_unknown(client, asset_a, asset_b, keeper_a, room_a):
    client.force_login(keeper_a)
    assert client.get(reverse("assets:tag", args=[asset_a.tag_code])).url == asset_a.get_absolute_url()
    assert client.get(reverse("assets:tag", args=[room_a.code])).url == room_a.get_absolute_url()
    response = client.get(reverse("assets:tag", args=[asset_b.tag_code]))
    assert response.status_code == 404 and "属于其他学校" in response.content.decode()


# --- PDFs, import, export ------------------------------------------------------------------------


def test_labels_in_three_sizes_and_the_asset_card_are_pdfs(client, asset_a, keeper_a, room_a):
    client.force_login(keeper_a)
    for size in ("small", "medium", "large"):
        response = client.get(reverse("assets:labels"), {"pdf": "1", "size": size})
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get(reverse("assets:labels"), {"pdf": "1", "size": "small", "rooms": "1"}).content[:4] == b"%PDF"
    card = client.get(reverse("assets:asset_card", args=[asset_a.pk]))
    assert card["Content-Type"] == "application/pdf"
    empty = client.get(reverse("assets:labels"), {"pdf": "1", "size": "small", "q": "nothing-like-this"})
    assert empty.status_code == 302


def register_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称", "资产类别", "规格型号", "购置日期", "原值（元）", "经费来源", "存放房间", "累计折旧（元）"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "register.xlsx"
    return buffer


def test_the_register_imports_all_or_nothing_with_row_errors(client, keeper_a, room_a, monkeypatch):
    from assets.resources import AssetImport

    headers = {str(c.field): str(c.header) for c in AssetImport.columns}
    client.force_login(keeper_a)
    template = client.get(reverse("assets:asset_import"), {"template": "1"})
    assert template.status_code == 200
    header_row = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers["name"] in header_row

    def upload(rows):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header_row)
        for row in rows:
            sheet.append([row.get(field, "") for field in [f for f in headers if headers[f] in header_row]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "register.xlsx"
        return client.post(reverse("assets:asset_import"), {"file": buffer})

    good = {"name": "台式计算机", "category": "计算机及网络设备", "purchase_date": "2022-09-01",
            "original_value": "4500", "room": "微机室"}
    response = upload([good, {**good, "original_value": "-1"}, {**good, "room": "不存在的房间"},
                       {**good, "purchase_date": "2020-01-01", "useful_life_years": "2",
                        "opening_depreciation": "9000"}])
    page = response.content.decode()
    assert response.status_code == 422 and "原值不能为负数" in page and "请先添加房间" in page
    assert "累计折旧不能超过原值" in page
    assert not Asset.objects.exists()
    response = upload([good, {**good, "name": "打印机", "category": "办公设备"}])
    assert response.status_code == 200 and Asset.objects.count() == 2
    assert set(Asset.objects.values_list("source", flat=True)) == {"import"}


def test_the_register_export_holds_the_net_value(client, asset_a, keeper_a):
    client.force_login(keeper_a)
    response = client.get(reverse("assets:asset_list"), {"_export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert asset_a.tag_code in rows[1] and "净值（元）" in rows[0]


def test_reconciliation_upload_lists_differences(client, asset_a, keeper_a):
    client.force_login(keeper_a)
    upload = finance_export([(asset_a.tag_code, "台式计算机", 4000)])
    upload.name = "finance.xlsx"
    response = client.post(reverse("assets:reconciliation_create"), {"period": "2026-H1", "file": upload}, follow=True)
    assert response.status_code == 200 and "原值不一致" in response.content.decode()
    bad = io.BytesIO(b"plain text")
    bad.name = "x.xlsx"
    response = client.post(reverse("assets:reconciliation_create"), {"period": "2026-H1", "file": bad})
    assert response.status_code == 200 and "有效的 Excel" in response.content.decode()


# --- reminders, dashboard, demo ------------------------------------------------------------------


def test_reminders_reach_the_keepers_and_the_deciders(world, keeper_a, principal_a, teacher_a):
    from assets import reminders

    january = dt.date(2027, 1, 10)
    dues = list(reminders.reconciliation_due(today=january))
    assert {d.recipient_id for d in dues} == {keeper_a.pk, principal_a.pk}
    assert dues[0].period.endswith("2026-H2")
    assert not list(reminders.reconciliation_due(today=dt.date(2027, 3, 1)))
    assert {d.recipient_id for d in reminders.stocktake_due(today=dt.date(2026, 11, 20))} == {keeper_a.pk,
                                                                                               principal_a.pk}
    RepairTicket.objects.update(reported_at=timezone.now() - dt.timedelta(days=3))
    assert list(reminders.repairs_overdue(today=timezone.localdate()))
    approvals = {d.recipient_id for d in reminders.approvals_pending(today=timezone.localdate())}
    assert keeper_a.pk in approvals  # the request waits for its department head


def test_dashboard_figures_and_school_tasks(world, school_a, keeper_a, teacher_a):
    from assets import dashboard

    RepairTicket.objects.update(reported_at=timezone.now() - dt.timedelta(days=3))
    assert dashboard.repairs_overdue([school_a.pk], timezone.localdate()) == {school_a.pk: 1}
    texts = [task.text for task in dashboard.tasks(school_a, keeper_a, timezone.localdate())]
    assert any("请购单" in t for t in texts) and any("派单" in t for t in texts)


def test_the_demo_seeds_through_the_services(db):
    from assets import demo as assets_demo
    from houqin.org import demo

    demo.seed()
    assets_demo.seed()
    assert Asset.objects.count() > 20 and Acceptance.objects.filter(confirmed_at__isnull=False).exists()
    assert StockTake.objects.filter(status="open").exists() and RepairTicket.objects.count() == 2
    assets_demo.seed()  # idempotent
    assert CustodyCheck.objects.count() == 0 and Asset.objects.filter(source="purchase").count() == 2
