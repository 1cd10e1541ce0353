"""Canteen pages: the scope contract on every view, phone pages, public pages, query counts."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from canteens import services
from canteens.choices import FoodClass
from canteens.models import (
    BulkTender,
    MenuDish,
    MonthlyAccount,
    MorningCheck,
    PurchaseEntry,
    SampleRecord,
    StockOut,
    SupervisionVisit,
)
from houqin.notify import services as notify
from houqin.notify.models import Notification
from tests import factories
from tests.canteens.conftest import purchase, worker
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found


@pytest.fixture
def records(canteen, workers, supplier, menu, staff_a, principal_a, today):
    entry = purchase(canteen, supplier, staff_a)
    out = services.stock_out_record(entry=StockOut(canteen=canteen, date=today, item="猪肉", quantity=5,
                                                   received_by="王"), acting_user=staff_a)
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    account = services.account_save(account=MonthlyAccount(canteen=canteen, month=month,
                                                            income_meal_fees=Decimal("1000")), acting_user=staff_a)
    tender = services.tender_save(tender=BulkTender(school=canteen.school, year=today.year, item="大米",
                                                    supplier=supplier, price=Decimal("4"), tendered_on=today),
                                  acting_user=staff_a)
    [sample] = services.samples_record(canteen=canteen, date=today, meal="lunch", acting_user=staff_a, entries=[
        services.SampleEntry(dish="米饭", weight_g=120, stored_at=timezone.now(), sampled_by="刘")])
    return {"purchase": entry, "stock_out": out, "account": account, "tender": tender, "sample": sample}


def urls_of(canteen, workers, supplier, menu, records):
    return [
        reverse("canteens:canteen_detail", args=[canteen.pk]), reverse("canteens:canteen_update", args=[canteen.pk]),
        reverse("canteens:staff_update", args=[workers["ok"].pk]),
        reverse("canteens:supplier_update", args=[supplier.pk]), reverse("canteens:supplier_exit", args=[supplier.pk]),
        reverse("canteens:purchase_detail", args=[records["purchase"].pk]),
        reverse("canteens:purchase_void", args=[records["purchase"].pk]),
        reverse("canteens:stockout_void", args=[records["stock_out"].pk]),
        reverse("canteens:menu_detail", args=[menu.pk]), reverse("canteens:account_update", args=[records["account"].pk]),
        reverse("canteens:sample_remove", args=[records["sample"].pk]),
        f"{reverse('canteens:checks')}?canteen={canteen.pk}", f"{reverse('canteens:samples')}?canteen={canteen.pk}",
        f"{reverse('canteens:today')}?canteen={canteen.pk}",
    ]


def test_another_schools_canteen_is_404_everywhere(client, canteen, workers, supplier, menu, records, principal_b):
    assert_not_found(client, principal_b, urls_of(canteen, workers, supplier, menu, records))


def test_another_countys_bureau_and_township_get_404(client, canteen, workers, supplier, menu, records, far_admin,
                                                     township_b):
    # the pages a bureau or township role may open at all (writing pages are 403 for these roles, whatever
    # the object, so they leak nothing either)
    reads = [u for u in urls_of(canteen, workers, supplier, menu, records)
             if not any(word in u for word in ("/edit/", "/exit/", "/void/", "/remove/"))]
    assert_not_found(client, far_admin, reads, methods=("get",))
    assert_not_found(client, factories.supervisor(township_b), reads, methods=("get",))


def test_the_bureau_reads_but_does_not_write(client, canteen, workers, supplier, menu, records, bureau_inspector):
    reads = [reverse("canteens:canteen_detail", args=[canteen.pk]),
             reverse("canteens:purchase_detail", args=[records["purchase"].pk]),
             reverse("canteens:menu_detail", args=[menu.pk]),
             reverse("canteens:account_update", args=[records["account"].pk]),
             f"{reverse('canteens:checks')}?canteen={canteen.pk}"]
    assert_found(client, bureau_inspector, reads)
    assert client.post(reverse("canteens:purchase_void", args=[records["purchase"].pk]), {"reason": "x"}).status_code \
        in (302, 403)
    assert PurchaseEntry.objects.get(pk=records["purchase"].pk).voided_at is None
    assert client.post(f"{reverse('canteens:checks')}?canteen={canteen.pk}").status_code == 403


@pytest.mark.parametrize("url_name, text", [
    ("canteens:staff_list", "王厨师"), ("canteens:purchase_list", "猪肉"), ("canteens:supplier_list", "汉江肉联厂"),
    ("canteens:menu_list", None), ("canteens:account_list", None), ("canteens:stockout_list", "猪肉"),
])
def test_lists_and_exports_leave_other_schools_out(client, canteen, canteen_b, workers, supplier, menu, records,
                                                   principal_b, principal_a, url_name, text):
    worker(canteen_b, "乙校厨师", 100)
    present = [text] if text else []
    assert_list_excludes(client, principal_b, reverse(url_name), present=[], absent=present)
    if present:
        assert_list_excludes(client, principal_a, reverse(url_name), present=present, absent=["乙校厨师"])


def test_a_post_cannot_put_a_purchase_into_another_schools_canteen(client, canteen, canteen_b, supplier, staff_a):
    data = {"date": timezone.localdate().isoformat(), "supplier": supplier.pk, "item": "白菜", "food_class": "plant",
            "quantity": "10", "unit": "kg", "unit_price": "2"}
    assert_cannot_move(client, staff_a, reverse("canteens:purchase_create"), data, field="canteen",
                       foreign_value=canteen_b.pk, reload=lambda: PurchaseEntry.objects.filter(
                           canteen=canteen_b).count(), expected=0)


def test_morning_check_page_blocks_the_expired_and_copies_the_last_day(client, canteen, workers, staff_a, today):
    client.force_login(staff_a)
    url = f"{reverse('canteens:checks')}?canteen={canteen.pk}&date={today.isoformat()}"
    page = client.get(url).content.decode()
    assert "已拦截" in page and "赵帮厨" in page
    data = {"canteen": canteen.pk, "date": today.isoformat()}
    for key, person in workers.items():
        data[f"s{person.pk}-outcome"] = "fit"  # a forged "on duty" for the expired person
    response = client.post(url, data)
    assert response.status_code == 422 and "赵帮厨不能上岗" in response.content.decode()
    assert not MorningCheck.objects.exists()
    data[f"s{workers['expired'].pk}-outcome"] = "absent"
    data[f"s{workers['ok'].pk}-temperature"] = "99"
    response = client.post(url, data)
    assert response.status_code == 422 and not MorningCheck.objects.exists()
    del data[f"s{workers['ok'].pk}-temperature"]
    assert client.post(url, data).status_code == 302
    assert MorningCheck.objects.count() == 3
    tomorrow_page = client.get(f"{reverse('canteens:checks')}?canteen={canteen.pk}&copy=1").content.decode()
    assert 'value="fit" checked' in tomorrow_page or "checked" in tomorrow_page


def test_samples_page_is_prefilled_from_the_menu_and_shows_violations(client, canteen, menu, staff_a, today):
    client.force_login(staff_a)
    url = f"{reverse('canteens:samples')}?canteen={canteen.pk}&date={today.isoformat()}&meal=lunch"
    page = client.get(url).content.decode()
    assert 'value="红烧鸡块"' in page and 'value="清炒白菜"' in page
    stored = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"canteen": canteen.pk, "date": today.isoformat(), "meal": "lunch",
            "r0-dish": "红烧鸡块", "r0-weight_g": "125", "r0-stored_at": stored, "r0-sampled_by": "刘",
            "r1-dish": "清炒白菜", "r1-weight_g": "80", "r1-stored_at": stored, "r1-sampled_by": "刘"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "少于 100 克" in page and "“米饭”没有留样" in page
    assert client.post(url, {**data, "r1-weight_g": "-5"}).status_code == 422
    assert SampleRecord.objects.get(dish="清炒白菜").weight_g == 80


def test_purchase_form_refuses_meat_without_certificate_with_a_message(client, canteen, supplier, staff_a):
    client.force_login(staff_a)
    data = {"canteen": canteen.pk, "date": timezone.localdate().isoformat(), "supplier": supplier.pk, "item": "猪肉",
            "food_class": "meat", "quantity": "10", "unit": "kg", "unit_price": "26"}
    response = client.post(reverse("canteens:purchase_create"), data)
    assert "肉类没有动物检疫证明，不得验收入库" in response.content.decode()
    for bad in ({"quantity": "0"}, {"quantity": "-3"}, {"unit_price": "abc"}, {"date": "2026-02-30"}):
        assert client.post(reverse("canteens:purchase_create"), {**data, **bad, "quarantine_number": "Q20260001"}
                           ).status_code == 200
    assert not PurchaseEntry.objects.exists()
    from tests.core.test_uploads import png_bytes

    forged = SimpleUploadedFile("cert.jpg", b"<script>1</script>", content_type="image/jpeg")
    page = client.post(reverse("canteens:purchase_create"), {**data, "quarantine_number": "Q20260001",
                                                             "quarantine_scan": forged}).content.decode()
    assert "只能上传" in page and not PurchaseEntry.objects.exists()
    good = SimpleUploadedFile("cert.png", png_bytes(), content_type="image/png")
    assert client.post(reverse("canteens:purchase_create"), {**data, "quarantine_number": "Q20260001",
                                                             "quarantine_scan": good}).status_code == 302


def test_staff_form_refuses_expiry_before_issue(client, canteen, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("canteens:staff_create"), {
        "canteen": canteen.pk, "name": "新人", "role": "cook", "health_issued": "2026-05-01",
        "health_expiry": "2026-04-01", "is_active": "on"})
    assert "证件有效期必须晚于发证日期。" in response.content.decode()


def test_purchase_import_all_or_nothing(client, canteen, supplier, staff_a):
    client.force_login(staff_a)
    workbook = load_workbook(io.BytesIO(client.get(reverse("canteens:purchase_import"), {"template": 1}).content))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    today = timezone.localdate().isoformat()
    rows = [{"日期": today, "供应商": "汉江肉联厂", "品名": "白菜", "食品类别": "植物性食品（绿）", "数量": 10, "计价单位": "千克",
             "单价（元）": 2},
            {"日期": today, "供应商": "汉江肉联厂", "品名": "猪肉", "食品类别": "畜禽肉类（红）", "数量": 10, "计价单位": "千克",
             "单价（元）": 26}]
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("canteens:purchase_import"), {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())})
    assert "肉类没有动物检疫证明" in response.content.decode() and not PurchaseEntry.objects.exists()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["canteens:purchase_list", "canteens:staff_list", "canteens:stockout_list",
                                      "canteens:today", "canteens:checks", "canteens:samples"])
def test_ledger_query_counts_do_not_grow_with_their_length(client, canteen, supplier, menu, staff_a, url_name):
    client.force_login(staff_a)
    worker(canteen, "一号", 100)

    def grow(n):
        for i in range(n):
            purchase(canteen, supplier, staff_a, item=f"货{i}", food_class=FoodClass.PLANT, quarantine_number="")
            services.stock_out_record(entry=StockOut(canteen=canteen, date=timezone.localdate(), item=f"货{i}",
                                                     quantity=1, received_by="王"), acting_user=staff_a)
            worker(canteen, f"人员{i}", 100)

    grow(2)
    small = count_queries(client, reverse(url_name))
    grow(30)
    assert count_queries(client, reverse(url_name)) == small


def test_bureau_overview_counts_and_query_count(client, canteen, workers, supplier, bureau_admin, staff_a, township_a):
    purchase(canteen, supplier, staff_a, supplier_signer="")
    client.force_login(bureau_admin)
    page = client.get(reverse("canteens:overview")).content.decode()
    assert canteen.school.name in page
    rows = client.get(reverse("canteens:overview"), {"_export": "xlsx"})
    from tests.scoping import export_rows

    header, *body = export_rows(rows)
    row = dict(zip(header, next(r for r in body if r[0] == canteen.school.name)))
    assert row["证件过期或缺失"] == "1" and row["30天内到期"] == "1"
    assert row["未签字采购（30天）"] == "1"
    small = count_queries(client, reverse("canteens:overview"))
    for school in factories.SchoolFactory.create_batch(8, township=township_a):
        from canteens.models import Canteen

        extra = Canteen.objects.create(school=school)
        worker(extra, "甲", -1)
    assert count_queries(client, reverse("canteens:overview")) == small
    # The county's totals sum every canteen shown: 1 + 8 expired certificates, 1 unsigned purchase;
    # a township filter narrows them.
    totals = client.get(reverse("canteens:overview")).context["totals"]
    assert (totals["canteens"], totals["certs_expired"], totals["purchases_unsigned"]) == (9, 9, 1)
    other = factories.SchoolFactory(township=factories.TownshipFactory(county=township_a.county))
    worker(Canteen.objects.create(school=other), "乙", -1)
    page = client.get(reverse("canteens:overview"), {"township": township_a.pk})
    assert page.context["totals"]["certs_expired"] == 9
    assert 'data-testid="total-certs-expired">9<' in page.content.decode()


# --- public ---------------------------------------------------------------------------------------


def test_the_public_sees_only_published_menus_and_accounts(client, canteen, menu, staff_a, principal_a, records,
                                                          django_capture_on_commit_callbacks):
    cache.clear()
    code = canteen.school.code
    assert "红烧鸡块" not in client.get(reverse("public:menu", args=[code])).content.decode()
    assert "1,000.00" not in client.get(reverse("public:accounts", args=[code])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the public pages are refreshed on commit
        services.menu_publish(menu=menu, acting_user=staff_a)
        services.account_publish(account=records["account"], acting_user=principal_a)
    body = client.get(reverse("public:menu", args=[code])).content.decode()
    assert "红烧鸡块" in body and "2.50 元" in body
    body = client.get(reverse("public:accounts", args=[code])).content.decode()
    assert "1,000.00 元" in body and "营养改善计划补助" in body
    for private in ("王厨师", "汉江肉联厂", "动检20260001"):
        assert private not in body


# --- reminders ------------------------------------------------------------------------------------


def test_certificates_expiring_in_29_days_are_reminded_and_in_31_not(canteen, staff_a, principal_a, today):
    worker(canteen, "二十九天", 29)
    worker(canteen, "三十一天", 31)
    notify.reminders_run(today=today)
    titles = list(Notification.objects.filter(recipient=staff_a, rule="canteens.certificate_expiring")
                  .values_list("title", flat=True))
    assert any("二十九天" in t for t in titles) and not any("三十一天" in t for t in titles)
    assert Notification.objects.filter(recipient=principal_a, rule="canteens.certificate_expiring").count() == 1
    notify.reminders_run(today=today)
    assert Notification.objects.filter(rule="canteens.certificate_expiring").count() == 2


def test_missing_checks_and_account_due_are_reminded(canteen, workers, staff_a, today):
    notify.reminders_run(today=today)
    assert Notification.objects.filter(recipient=staff_a, rule="canteens.checks_missing").exists()
    assert Notification.objects.filter(recipient=staff_a, rule="canteens.account_due").exists()


def test_a_school_without_a_canteen_is_invited_to_register_one(client, principal_b):
    client.force_login(principal_b)
    response = client.get(reverse("canteens:today"))
    assert response.status_code == 200 and "本校尚未登记食堂" in response.content.decode()


def test_the_bureau_admin_sets_the_county_surplus_threshold(client, bureau_admin, bureau_inspector, county):
    from canteens.models import CountyCanteenRule

    client.force_login(bureau_inspector)
    assert client.get(reverse("canteens:county_rule")).status_code == 403
    client.force_login(bureau_admin)
    assert client.post(reverse("canteens:county_rule"), {"max_surplus_percent": "150"}).status_code == 200
    assert client.post(reverse("canteens:county_rule"), {"max_surplus_percent": "2.5"}).status_code == 302
    rule = CountyCanteenRule.objects.get(county=county)
    assert rule.max_surplus_percent == Decimal("2.50") and rule.history.first().history_user == bureau_admin
