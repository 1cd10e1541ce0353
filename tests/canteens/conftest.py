"""A canteen of school A with workers (valid, expiring, expired), suppliers and a menu."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from canteens import services
from canteens.choices import FoodClass, Meal, Unit, VideoArea
from canteens.models import Canteen, CanteenStaff, MenuDish, PurchaseEntry, Supplier, WeeklyMenu


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def canteen(school_a):
    return Canteen.objects.create(school=school_a, name="学生食堂", licence_number="JY1", sample_fridge=True,
                                  licence_expiry=timezone.localdate() + dt.timedelta(days=300),
                                  video_areas=list(VideoArea.values))


@pytest.fixture
def canteen_b(school_b):
    return Canteen.objects.create(school=school_b, name="乙食堂", licence_number="JY2")


def worker(canteen, name, health_days, training_days=400):
    today = timezone.localdate()
    return CanteenStaff.objects.create(
        canteen=canteen, name=name, health_number=f"H-{name}", health_issued=today - dt.timedelta(days=300),
        health_expiry=today + dt.timedelta(days=health_days), training_number=f"T-{name}",
        training_issued=today - dt.timedelta(days=100), training_expiry=today + dt.timedelta(days=training_days))


@pytest.fixture
def workers(canteen):
    return {"ok": worker(canteen, "王厨师", 200), "soon": worker(canteen, "李帮厨", 20),
            "expired": worker(canteen, "赵帮厨", -3)}


@pytest.fixture
def supplier(school_a):
    return Supplier.objects.create(school=school_a, name="汉江肉联厂", licence_number="L1",
                                   admitted_on=timezone.localdate() - dt.timedelta(days=100))


@pytest.fixture
def menu(canteen, staff_a):
    monday = services.monday_of(timezone.localdate())
    menu = WeeklyMenu.objects.create(canteen=canteen, week_start=monday)
    for meal, names in ((Meal.LUNCH, ["红烧鸡块", "清炒白菜", "米饭"]), (Meal.BREAKFAST, ["包子"])):
        for day in range(7):
            for position, name in enumerate(names):
                MenuDish.objects.create(menu=menu, date=monday + dt.timedelta(days=day), meal=meal, name=name,
                                        price=Decimal("2.50"), position=position)
    return menu


def purchase(canteen, supplier, user, **overrides):
    fields = {"canteen": canteen, "date": timezone.localdate(), "supplier": supplier, "item": "猪肉",
              "food_class": FoodClass.MEAT, "quantity": Decimal("20"), "unit": Unit.KG, "unit_price": Decimal("26"),
              "quarantine_number": "动检20260001", "invoice_number": "NO1", "purchaser": "甲", "acceptor": "乙",
              "supplier_signer": "丙", **overrides}
    return services.purchase_record(entry=PurchaseEntry(**fields), acting_user=user)
