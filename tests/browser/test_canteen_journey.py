"""A canteen's day on a phone, in Chromium: morning check, purchase, samples; the principal's view;
the parent's menu and accounts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from canteens import services
from canteens.choices import Meal, VideoArea
from canteens.models import Canteen, MenuDish, MonthlyAccount, MorningCheck, PurchaseEntry, SampleRecord, Supplier
from canteens.models import WeeklyMenu
from tests.browser.conftest import PHONE, assert_accessible, sign_in
from tests.canteens.conftest import worker

pytestmark = pytest.mark.browser


@pytest.fixture
def canteen_world(county_world):
    own = county_world["own"]
    canteen = Canteen.objects.create(school=own, name="学生食堂", licence_number="JY1", sample_fridge=True,
                                     licence_expiry=timezone.localdate() + dt.timedelta(days=300),
                                     video_areas=list(VideoArea.values))
    worker(canteen, "王厨师", 200)
    worker(canteen, "李帮厨", 100)
    worker(canteen, "赵过期", -2)
    Supplier.objects.create(school=own, name="汉江肉联厂", licence_number="L1",
                            admitted_on=timezone.localdate() - dt.timedelta(days=30))
    today = timezone.localdate()
    menu = WeeklyMenu.objects.create(canteen=canteen, week_start=services.monday_of(today), published_at=timezone.now())
    for position, name in enumerate(["红烧鸡块", "清炒白菜"]):
        MenuDish.objects.create(menu=menu, date=today, meal=Meal.LUNCH, name=name, price=Decimal("3.50"),
                                position=position)
    MonthlyAccount.objects.create(canteen=canteen, month=(today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
                                  income_meal_fees=Decimal("88000"), spend_meat=Decimal("60000"),
                                  published_at=timezone.now())
    return {**county_world, "canteen": canteen}


def test_a_canteen_day_on_a_phone(page, browser, live_server, canteen_world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "b_staff")  # the canteen manager of 北镇第一小学
    page.get_by_role("button", name="展开导航").click()
    page.get_by_test_id("main-menu").get_by_role("link", name="食堂").click()
    assert_accessible(page)
    page.get_by_role("link", name="记录晨检").click()
    rows = page.get_by_test_id("roster-row")
    expect(rows.filter(has_text="赵过期")).to_contain_text("已拦截")
    assert_accessible(page)
    page.get_by_role("button", name="保存晨检").click()
    expect(page.locator(".messages")).to_contain_text("晨检已记录")
    assert MorningCheck.objects.filter(staff__name="赵过期", outcome="absent").exists()
    assert MorningCheck.objects.filter(outcome="fit").count() == 2

    page.goto(f"{live_server.url}/canteens/purchases/new/")
    page.get_by_label("供应商").select_option(label="汉江肉联厂")
    page.get_by_label("品名").fill("猪肉")
    page.get_by_label("食品类别").select_option(label="畜禽肉类（红）")
    page.get_by_label("数量").fill("20")
    page.get_by_label("单价（元）").fill("26")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main form")).to_contain_text("肉类没有动物检疫证明，不得验收入库")
    page.get_by_label("动物检疫证明", exact=True).fill("动检20261122")
    page.get_by_label("发票号").fill("NO123")
    page.get_by_label("采购人（经手人）").fill("王厨师")
    page.get_by_label("供货人").fill("郑主任")
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("猪肉")
    assert PurchaseEntry.objects.get().quarantine_number == "动检20261122"

    page.goto(f"{live_server.url}/canteens/samples/?meal=lunch")
    first, second = page.get_by_test_id("sample-row").nth(0), page.get_by_test_id("sample-row").nth(1)
    expect(first.get_by_label("菜品")).to_have_value("红烧鸡块")
    first.get_by_label("重量（克）").fill("125")
    first.get_by_label("留样人").fill("刘")
    second.get_by_label("重量（克）").fill("80")
    second.get_by_label("留样人").fill("刘")
    assert_accessible(page)
    page.get_by_role("button", name="保存留样").click()
    expect(page.get_by_test_id("sample-violations")).to_contain_text("“清炒白菜”的留样只有 80 克")
    assert SampleRecord.objects.count() == 2

    principal = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(principal, live_server, "b_principal")
    principal.goto(f"{live_server.url}/canteens/")
    expect(principal.get_by_test_id("checked-count")).to_have_text("3 / 3")
    expect(principal.get_by_test_id("sample-issues")).to_contain_text("1 个问题")
    expect(principal.locator("main")).to_contain_text("赵过期不得上岗")
    assert_accessible(principal)

    parent = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True).new_page()
    code = canteen_world["own"].code
    parent.goto(f"{live_server.url}/public/schools/{code}/menu/")
    expect(parent.get_by_test_id("public-menu")).to_contain_text("红烧鸡块")
    assert_accessible(parent)
    parent.goto(f"{live_server.url}/public/schools/{code}/accounts/")
    expect(parent.get_by_test_id("public-account")).to_contain_text("88,000.00 元")
    assert_accessible(parent)
    assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
