"""Demo data of the canteens app, built through the real services: the canteen of 城关镇第一小学
with its workers (one with an expired certificate, one expiring), suppliers, a tender, a fortnight
of purchases, checks and samples, the week's published menu, accounts and visits; and canteens for
the other schools with one contracted out (a violation in compulsory education)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from canteens import services
from canteens.choices import CheckOutcome, FoodClass, Meal, OperationMode, StaffRole, Unit, VideoArea
from canteens.models import (
    BulkTender,
    Canteen,
    CanteenStaff,
    CountyCanteenRule,
    MenuDish,
    MonthlyAccount,
    PurchaseEntry,
    Supplier,
    SupervisionVisit,
    WeeklyMenu,
)
from houqin.org.demo import COUNTY, SURNAMES
from houqin.org.models import County, School, User

DISHES = {
    Meal.BREAKFAST: [("肉包子", "1.50"), ("小米粥", "0.80"), ("鸡蛋", "1.00")],
    Meal.LUNCH: [("红烧鸡块", "4.50"), ("番茄炒蛋", "2.50"), ("清炒白菜", "1.50"), ("米饭", "0.50")],
    Meal.DINNER: [("青椒肉丝", "4.00"), ("麻婆豆腐", "2.00"), ("紫菜蛋汤", "1.00"), ("米饭", "0.50")],
}
GIVEN = "桂英 秀兰 建华 国强 红霞 德胜 春燕 志明".split()


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or Canteen.objects.filter(school__township__county=county).exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    CountyCanteenRule.objects.get_or_create(county=county, defaults={"max_surplus_percent": Decimal("3.00")})
    cook = User.objects.get(username="canteen")
    principal = User.objects.get(username="principal")
    school = cook.school
    canteen = services.canteen_save(canteen=Canteen(
        school=school, name="学生食堂", licence_number="JY34206070012345", licence_expiry=today + dt.timedelta(days=400),
        quantified_grade="A", video_areas=[a for a in VideoArea.values if a != VideoArea.STORE], one_way_flow=True,
        sample_fridge=True, seats=600), acting_user=principal)
    roles = [StaffRole.MANAGER, StaffRole.COOK, StaffRole.COOK, StaffRole.ASSISTANT, StaffRole.ASSISTANT,
             StaffRole.SERVER, StaffRole.BUYER, StaffRole.STOREKEEPER]
    workers = []
    for index, role in enumerate(roles):
        health_expiry = today + dt.timedelta(days=rng.randint(60, 300))
        if index == 4:
            health_expiry = today - dt.timedelta(days=5)  # expired: blocked from the roster
        if index == 5:
            health_expiry = today + dt.timedelta(days=12)  # expiring: warned
        workers.append(services.staff_save(staff=CanteenStaff(
            canteen=canteen, name=rng.choice(SURNAMES) + GIVEN[index], role=role, phone=f"1357100{index:04d}",
            health_number=f"JK2026{index:05d}", health_issued=health_expiry - dt.timedelta(days=365),
            health_expiry=health_expiry, training_number=f"PX2026{index:05d}",
            training_issued=today - dt.timedelta(days=200), training_expiry=today + dt.timedelta(days=530)),
            acting_user=cook))
    suppliers = [services.supplier_save(supplier=Supplier(
        school=school, name=name, contact=contact, phone="0710-26" + f"{n:05d}", licence_number=f"9142060{n:011d}",
        licence_expiry=today + dt.timedelta(days=500), food_classes=classes, admitted_on=today - dt.timedelta(days=300)),
        acting_user=cook) for n, (name, contact, classes) in enumerate([
            ("汉江粮油有限公司", "周经理", "大米、面粉、食用油"), ("城关蔬菜配送中心", "吴师傅", "蔬菜、豆制品"),
            ("汉江肉联厂", "郑主任", "猪肉、鸡肉、鸡蛋")], start=1)]
    for item, price in (("大米", "4.20"), ("面粉", "3.60"), ("食用油", "12.80")):
        services.tender_save(tender=BulkTender(school=school, year=today.year, item=item, supplier=suppliers[0],
                                               price=Decimal(price), unit=Unit.KG,
                                               tendered_on=dt.date(today.year, 1, 15)), acting_user=cook)
    signer = workers[6].name
    for days_ago in range(6, -1, -1):
        day = today - dt.timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        for supplier, item, food_class, qty, price, extra in (
            (suppliers[1], "大白菜", FoodClass.PLANT, "60", "1.80", {}),
            (suppliers[1], "西红柿", FoodClass.PLANT, "30", "4.00", {}),
            (suppliers[2], "猪肉", FoodClass.MEAT, "25", "26.00", {"quarantine_number": f"动检{day:%m%d}001"}),
            (suppliers[2], "鸡蛋", FoodClass.OTHER, "20", "9.50", {}),
        ):
            services.purchase_record(entry=PurchaseEntry(
                canteen=canteen, date=day, supplier=supplier, item=item, food_class=food_class, quantity=Decimal(qty),
                unit=Unit.KG, unit_price=Decimal(price), batch=f"{day:%Y%m%d}", production_date=day,
                shelf_life_days=7, invoice_number=f"NO{day:%m%d}{item}", purchaser=signer, acceptor=cook.full_name,
                supplier_signer="" if (days_ago == 1 and item == "西红柿") else supplier.contact, **extra),
                acting_user=cook)
        if day < today:
            services.morning_checks_record(canteen=canteen, date=day, acting_user=cook, entries=[
                services.CheckEntry(staff_id=w.pk, outcome=CheckOutcome.ABSENT if not w.may_handle_food(day)
                                    else CheckOutcome.FIT, temperature=Decimal("36.5")) for w in workers])
    monday = services.monday_of(today)
    for week_start in (monday - dt.timedelta(days=7), monday):
        menu = services.menu_create(menu=WeeklyMenu(canteen=canteen, week_start=week_start), acting_user=cook)
        # The demo writes weeks that have partly passed, which the service (rightly) refuses to
        # change: the dishes are laid down as they would have been entered at the time.
        bulk_create_with_history([
            MenuDish(menu=menu, date=week_start + dt.timedelta(days=offset), meal=meal, name=name,
                     price=Decimal(price), position=position)
            for offset in range(5) for meal, dishes in DISHES.items()
            for position, (name, price) in enumerate(dishes)], MenuDish, default_user=cook)
        services.menu_publish(menu=menu, acting_user=cook)
    sample_day = today - dt.timedelta(days=1)
    while sample_day.weekday() >= 5:
        sample_day -= dt.timedelta(days=1)
    stored = timezone.make_aware(dt.datetime.combine(sample_day, dt.time(11, 50)))
    services.samples_record(canteen=canteen, date=sample_day, meal=Meal.LUNCH, acting_user=cook, entries=[
        services.SampleEntry(dish=name, weight_g=125 if name != "米饭" else 80, stored_at=stored,
                             sampled_by=cook.full_name)
        for name, _price in DISHES[Meal.LUNCH][:3] + DISHES[Meal.LUNCH][3:]])
    for months_ago, profit in ((2, False), (1, True)):
        month = (today.replace(day=1) - dt.timedelta(days=28 * months_ago)).replace(day=1)
        income = Decimal("186000.00")
        account = services.account_save(account=MonthlyAccount(
            canteen=canteen, month=month, income_meal_fees=income, income_subsidy=Decimal("32400.00"),
            spend_staples=Decimal("52000.00"), spend_meat=Decimal("78000.00"),
            spend_vegetables=Decimal("62000.00" if not profit else "30000.00"), spend_condiments=Decimal("6000.00"),
            spend_fuel=Decimal("9800.00"), spend_other=Decimal("5200.00" if not profit else "2100.00"),
            note="本月食堂收支已经膳食委员会审核。"), acting_user=principal)
        services.account_publish(account=account, acting_user=principal)
    services.visit_save(visit=SupervisionVisit(
        canteen=canteen, date=today - dt.timedelta(days=3), visitor="张丽（家长）", visitor_role="parent",
        observations="后厨整洁，生熟分开，留样齐全。", satisfaction=5, suggestions="建议增加一道时令水果。",
        response="下周起每周三加水果。"), acting_user=cook)
    # the other schools' canteens: one contracted out in compulsory education
    for index, other in enumerate(School.objects.filter(township__county=county, has_canteen=True)
                                  .exclude(pk=school.pk).order_by("pk")[:12]):
        Canteen.objects.create(school=other, name="学生食堂",
                               operation_mode=OperationMode.CONTRACTED if index == 3 else OperationMode.SELF,
                               licence_number=f"JY3420607{index:07d}",
                               licence_expiry=today + dt.timedelta(days=20 if index == 5 else 300),
                               video_areas=list(VideoArea.values), sample_fridge=index != 7, seats=300)
    if stdout is not None:
        stdout.write(f"canteens: {Canteen.objects.count()} canteens, {len(workers)} workers at {school.name}")
