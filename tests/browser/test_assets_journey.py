"""School property on a phone, in Chromium: a purchase request approved, accepted by two people and
registered with labels; a room counted by scanning with one asset missing and one misplaced; a
repair reported, fixed and rated. axe-core checks every page visited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assets import services
from assets.models import Asset, PurchaseRequest, RepairTicket, Room, StockTake
from tests import factories
from tests.assets.conftest import _assets_locale, assets_catalogue  # noqa: F401 - the app's messages in Chinese
from tests.browser.conftest import PHONE, assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def assets_world(county_world):
    own = county_world["own"]
    keeper = factories.staff(own, duties=["asset_manager"], username="b_keeper", full_name="孙资产")
    teacher = factories.staff(own, duties=[], username="b_teacher", full_name="赵老师")
    lab = services.room_save(room=Room(school=own, name="微机室", building="教学楼", kind="lab", keeper=keeper),
                             acting_user=keeper)
    classroom = services.room_save(room=Room(school=own, name="三(2)班", building="教学楼", kind="classroom",
                                             keeper=teacher), acting_user=keeper)
    return {**county_world, "keeper": keeper, "teacher": teacher, "lab": lab, "classroom": classroom}


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def test_a_purchase_approved_accepted_and_registered_with_labels(page, live_server, assets_world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_teacher")
    page.goto(f"{live_server.url}/assets/requests/new/")
    assert_accessible(page)
    page.locator("#id_item").fill("投影仪")
    page.locator("#id_category").select_option("audiovisual")
    page.locator("#id_quantity").fill("2")
    page.locator("#id_unit_price").fill("3200")
    page.locator("#id_department").fill("教务处")
    page.locator("#id_department_head").select_option(label="孙资产")
    page.locator("#id_reason").fill("三年级两个班的投影仪损坏。")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("草稿")
    page.get_by_role("button", name="提交审批").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("待处室负责人审批")
    expect(page.locator("main")).to_contain_text("不能审批自己的申请")
    assert_accessible(page)
    request = PurchaseRequest.objects.get()

    switch_user(page, live_server, "b_keeper")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_test_id("decision-form").get_by_role("button", name="审核通过").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("待校长审批")

    switch_user(page, live_server, "b_principal")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    assert_accessible(page)
    page.locator("#id_comment").fill("同意购置")
    page.get_by_test_id("decision-form").get_by_role("button", name="审核通过").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("已批准")

    switch_user(page, live_server, "b_keeper")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("link", name="验收入库").click()
    assert_accessible(page)
    page.locator("#id_unit_price").fill("3150")
    page.locator("#id_supplier").fill("襄阳教仪公司")
    page.locator("#id_invoice_number").fill("FP20260001")
    page.locator("#id_room").select_option(label="教学楼 三(2)班")
    page.locator("#id_second_acceptor").select_option(label="王校长")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("待第二验收人确认")
    assert not Asset.objects.exists()

    switch_user(page, live_server, "b_principal")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("button", name="确认并登记入账").click()
    expect(page.get_by_test_id("request-status")).to_contain_text("已验收入账")
    assert Asset.objects.filter(purchase_request=request).count() == 2
    page.get_by_role("link", name="打印标签").click()
    assert_accessible(page)
    page.locator("#id_size").select_option("small")
    with page.expect_response(lambda r: "pdf=1" in r.url) as answer:
        page.get_by_role("button", name="生成PDF").click()
    assert answer.value.headers["content-type"] == "application/pdf"


def test_a_room_counted_by_scanning_with_one_missing_and_one_misplaced(page, live_server, assets_world):
    keeper, own, lab, classroom = (assets_world[k] for k in ("keeper", "own", "lab", "classroom"))
    today = timezone.localdate()

    def asset(name, room):
        return services.asset_register(asset=Asset(school=own, name=name, category="computer", room=room,
                                                   purchase_date=today - dt.timedelta(days=300),
                                                   original_value=Decimal("4500")), acting_user=keeper)

    first, second, gone = asset("电脑一", lab), asset("电脑二", lab), asset("电脑三", lab)
    stray = asset("电脑四", classroom)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_keeper")
    page.goto(f"{live_server.url}/assets/stocktakes/new/")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("current-room")).to_contain_text("请先扫描房间编码")
    assert_accessible(page)
    code = page.locator("#id_code")

    def scan(text):
        page.wait_for_load_state()  # after a full page (the room scan), htmx must have taken the form over
        code.fill(text)
        code.press("Enter")

    scan(lab.code)
    expect(page.get_by_test_id("current-room")).to_contain_text("微机室")
    scan(first.tag_code)
    expect(page.get_by_test_id("scan-outcome")).to_contain_text("在位")
    scan(f"{live_server.url}/assets/t/{second.tag_code}/")  # the URL a label's QR code holds
    expect(page.get_by_test_id("room-progress")).to_have_text("2/3")
    scan(stray.tag_code)
    expect(page.get_by_test_id("scan-outcome")).to_contain_text("应在")
    expect(page.get_by_test_id("misplaced-row")).to_contain_text("电脑四")
    scan(first.tag_code)
    expect(page.get_by_test_id("scan-outcome")).to_contain_text("重复扫描")
    scan("ZC-9999999999-00001")
    expect(page.get_by_test_id("scan-outcome")).to_contain_text("未知标签")
    assert_accessible(page)
    page.get_by_role("button", name="今后放在这里：更正台账").click()
    # corrected: the register now puts it in this room, where it was found
    expect(page.get_by_test_id("expected-row").filter(has_text="电脑四")).to_contain_text("在位")
    expect(page.get_by_test_id("room-progress")).to_have_text("3/4")
    page.get_by_test_id("finish-room").click()
    expect(page.locator(".alert").first).to_contain_text("1 件资产标记为缺失")
    page.get_by_role("link", name="盘盈盘亏报告").click()
    expect(page.get_by_test_id("deficit-count")).to_have_text("1")
    expect(page.get_by_test_id("misplaced-count")).to_have_text("1")
    assert_accessible(page)
    page.locator("#id_note").fill("电脑三疑被借出未还，已报校长。")
    page.get_by_role("button", name="提交报告").click()
    expect(page.get_by_test_id("stocktake-status")).to_contain_text("报告已提交")

    switch_user(page, live_server, "b_principal")
    page.goto(f"{live_server.url}{StockTake.objects.get().get_absolute_url()}")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_test_id("stocktake-status")).to_contain_text("报告已审批")
    gone.refresh_from_db()
    stray.refresh_from_db()
    assert gone.status == "lost" and stray.room == lab


def test_a_repair_reported_fixed_and_rated(page, live_server, assets_world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_teacher")
    page.goto(f"{live_server.url}/assets/repairs/new/")
    assert_accessible(page)
    page.locator("input[name=category][value=water]").check()
    page.locator("#id_location").fill("二楼东侧男厕所")
    page.locator("#id_description").fill("水龙头漏水")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("repair-status")).to_contain_text("已报修")
    ticket = RepairTicket.objects.get()

    switch_user(page, live_server, "b_keeper")
    page.goto(f"{live_server.url}{ticket.get_absolute_url()}")
    assert_accessible(page)
    page.locator("#id_repairer").fill("李师傅")
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_test_id("repair-status")).to_contain_text("已派单")
    page.get_by_role("button", name="维修人员已到场").click()
    expect(page.get_by_test_id("repair-status")).to_contain_text("维修人员已到场")
    page.locator("#id_result").fill("更换阀芯")
    page.get_by_role("button", name="完工").click()
    expect(page.get_by_test_id("repair-status")).to_contain_text("已修复")

    switch_user(page, live_server, "b_teacher")
    page.goto(f"{live_server.url}{ticket.get_absolute_url()}")
    page.get_by_test_id("rate-form").locator("input[name=rating][value='5']").check()
    page.locator("#id_comment").fill("当天就修好了")
    assert_accessible(page)
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("repair-rating")).to_contain_text("当天就修好了")
    assert RepairTicket.objects.get().rating == 5
    page.goto(f"{live_server.url}/assets/repairs/week/")
    assert_accessible(page)
