"""Each food-safety rule as a service test, allowed and refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from canteens import services
from canteens.choices import CheckOutcome, FoodClass, Meal, OperationMode, SupplierStatus, Symptom
from canteens.models import CanteenStaff, MonthlyAccount, MorningCheck, PurchaseEntry, SampleRecord, WeeklyMenu
from canteens.rules import canteen_issues, is_profit_making, sample_issues
from houqin.notify.models import Notification
from tests import factories
from tests.canteens.conftest import purchase, worker


def entries(workers, **outcomes):
    return [services.CheckEntry(staff_id=w.pk, outcome=outcomes.get(key, CheckOutcome.FIT))
            for key, w in workers.items()]


# --- certificates and the morning check ------------------------------------------------------------


def test_certificate_states(workers, today):
    assert workers["ok"].certificate_states(today) == {"health": "valid", "training": "valid"}
    assert workers["soon"].certificate_states(today)["health"] == "expiring"
    assert workers["expired"].certificate_states(today)["health"] == "expired"
    assert workers["soon"].may_handle_food(today) and not workers["expired"].may_handle_food(today)


def test_a_certificate_cannot_expire_before_it_was_issued(workers):
    person = workers["ok"]
    person.health_expiry = person.health_issued - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        person.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        CanteenStaff.objects.filter(pk=person.pk).update(health_expiry=person.health_issued)


def test_an_expired_certificate_blocks_duty_and_nothing_is_saved(canteen, workers, staff_a, today):
    with pytest.raises(ValidationError) as error:
        services.morning_checks_record(canteen=canteen, date=today, entries=entries(workers), acting_user=staff_a)
    assert "赵帮厨不能上岗" in error.value.messages[0]
    assert not MorningCheck.objects.exists()
    services.morning_checks_record(canteen=canteen, date=today, acting_user=staff_a,
                                   entries=entries(workers, expired=CheckOutcome.ABSENT))
    assert MorningCheck.objects.filter(date=today).count() == 3


def test_a_symptom_or_fever_takes_the_person_off_food_and_alerts_the_principal(
    canteen, workers, staff_a, principal_a, today, django_capture_on_commit_callbacks
):
    sick = [services.CheckEntry(staff_id=workers["ok"].pk, outcome=CheckOutcome.FIT, symptoms=(Symptom.DIARRHOEA,)),
            services.CheckEntry(staff_id=workers["soon"].pk, outcome=CheckOutcome.FIT, temperature=Decimal("38.1"))]
    with django_capture_on_commit_callbacks(execute=True):
        services.morning_checks_record(canteen=canteen, date=today, entries=sick, acting_user=staff_a)
    checks = {c.staff_id: c for c in MorningCheck.objects.all()}
    assert checks[workers["ok"].pk].outcome == CheckOutcome.OFF_FOOD
    assert checks[workers["soon"].pk].symptoms == [Symptom.FEVER]
    alerts = Notification.objects.filter(recipient=principal_a, rule="canteens.worker_unwell")
    assert alerts.count() == 2 and any("王厨师" in a.title for a in alerts)
    with django_capture_on_commit_callbacks(execute=True):
        services.morning_checks_record(canteen=canteen, date=today, entries=sick, acting_user=staff_a)
    assert alerts.count() == 2, "the same alert is not sent twice"


def test_a_second_entry_the_same_day_updates_the_record(canteen, workers, staff_a, today):
    one = [services.CheckEntry(staff_id=workers["ok"].pk, outcome=CheckOutcome.FIT)]
    services.morning_checks_record(canteen=canteen, date=today, entries=one, acting_user=staff_a)
    one[0].outcome = CheckOutcome.ABSENT
    services.morning_checks_record(canteen=canteen, date=today, entries=one, acting_user=staff_a)
    check = MorningCheck.objects.get()
    assert check.outcome == CheckOutcome.ABSENT and check.history.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        MorningCheck.objects.create(canteen=canteen, staff=workers["ok"], date=today, checked_by=staff_a)


@pytest.mark.parametrize("days", [1, -8])
def test_days_in_the_future_or_more_than_a_week_ago_are_refused(canteen, workers, staff_a, today, days):
    with pytest.raises(ValidationError):
        services.morning_checks_record(canteen=canteen, date=today + dt.timedelta(days=days),
                                       entries=entries(workers, expired=CheckOutcome.ABSENT), acting_user=staff_a)


def test_another_canteens_worker_cannot_be_checked_here(canteen, canteen_b, staff_a, today):
    stranger = worker(canteen_b, "外校人员", 100)
    with pytest.raises(ValidationError):
        services.morning_checks_record(canteen=canteen, date=today, acting_user=staff_a,
                                       entries=[services.CheckEntry(staff_id=stranger.pk, outcome="fit")])


def test_only_the_schools_canteen_keepers_record(canteen, workers, school_a, supervisor_a, principal_b, today):
    finance = factories.staff(school_a, duties=["finance"])
    for user, error in ((finance, PermissionDenied), (supervisor_a, PermissionDenied), (principal_b, Http404)):
        with pytest.raises(error):
            services.morning_checks_record(canteen=canteen, date=today, entries=[], acting_user=user)


# --- food samples -----------------------------------------------------------------------------------


def sample(dish, grams=120, hours=None, day=None):
    day = day or timezone.localdate()
    stored = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    # put in at noon, or earlier today when the test runs in the morning (a sample in the future is refused)
    stored = min(stored, timezone.localtime().replace(second=0, microsecond=0)) if day == timezone.localdate() else stored
    return services.SampleEntry(dish=dish, weight_g=grams, stored_at=stored, sampled_by="刘",
                                removed_at=stored + dt.timedelta(hours=hours) if hours else None)


def test_samples_against_the_menu_missing_light_early_and_extra():
    class S:
        def __init__(self, dish, grams, hours=None):
            self.dish, self.weight_g = dish, grams
            self.stored_at = timezone.now()
            self.removed_at = self.stored_at + dt.timedelta(hours=hours) if hours else None

    found = sample_issues(["红烧鸡块", "清炒白菜", "米饭"],
                          [S("红烧鸡块", 120, 50), S("清炒白菜", 99), S("鱼香肉丝", 150, 47)], timezone.now())
    assert sorted(i.code for i in found) == ["sample_early", "sample_light", "sample_missing", "sample_not_on_menu"]
    assert sample_issues(["米饭"], [S("米饭", 100, 48)], timezone.now()) == []


def test_a_recorded_sample_is_a_fact_that_cannot_be_rewritten(canteen, menu, staff_a, today):
    services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                            entries=[sample("红烧鸡块"), sample("米饭", 90)])
    services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                            entries=[sample("米饭", 90), sample("清炒白菜")])  # the same again, plus a new one
    assert SampleRecord.objects.count() == 3
    with pytest.raises(ValidationError):
        services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                                entries=[sample("米饭", 110)])
    assert SampleRecord.objects.get(dish="米饭").weight_g == 90
    with pytest.raises(ValidationError):
        services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                                entries=[sample("鸡蛋"), sample("鸡蛋")])


@pytest.mark.parametrize("bad", [sample("鸡蛋", grams=0), sample("鸡蛋", day=timezone.localdate() - dt.timedelta(days=1))])
def test_impossible_samples_are_refused_and_nothing_saved(canteen, staff_a, today, bad):
    with pytest.raises(ValidationError):
        services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                                entries=[sample("米饭"), bad])
    assert not SampleRecord.objects.exists()


def test_a_sample_cannot_be_taken_out_before_it_was_put_in(canteen, staff_a, today):
    [record] = services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                                       entries=[sample("米饭")])
    with pytest.raises(IntegrityError), transaction.atomic():
        SampleRecord.objects.filter(pk=record.pk).update(removed_at=record.stored_at - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.sample_remove(sample=record, removed_at=timezone.now() + dt.timedelta(hours=5), acting_user=staff_a)


# --- purchases and the ledger -------------------------------------------------------------------------


def test_meat_without_a_quarantine_certificate_is_refused(canteen, supplier, staff_a):
    with pytest.raises(ValidationError) as error:
        purchase(canteen, supplier, staff_a, quarantine_number="")
    assert "检疫证明" in str(error.value)
    assert not PurchaseEntry.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PurchaseEntry.objects.create(canteen=canteen, date=timezone.localdate(), supplier=supplier, item="牛肉",
                                     food_class=FoodClass.MEAT, quantity=1, unit_price=1, recorded_by=staff_a)
    purchase(canteen, supplier, staff_a, food_class=FoodClass.PLANT, item="白菜", quarantine_number="")


@pytest.mark.parametrize("overrides, field", [
    ({"date": timezone.localdate() + dt.timedelta(days=1)}, "date"),
    ({"production_date": timezone.localdate() + dt.timedelta(days=1)}, "production_date"),
    ({"production_date": timezone.localdate() - dt.timedelta(days=10), "shelf_life_days": 3}, "shelf_life_days"),
])
def test_impossible_or_unsafe_purchases_are_refused(canteen, supplier, staff_a, overrides, field):
    with pytest.raises(ValidationError) as error:
        purchase(canteen, supplier, staff_a, **overrides)
    assert field in error.value.message_dict


def test_suppliers_of_another_school_or_exited_ones_may_not_deliver(canteen, supplier, staff_a, school_b):
    from canteens.models import Supplier

    foreign = Supplier.objects.create(school=school_b, name="外校供应商", licence_number="X",
                                      admitted_on=timezone.localdate() - dt.timedelta(days=9))
    with pytest.raises(ValidationError):
        purchase(canteen, foreign, staff_a)
    services.supplier_exit(supplier=supplier, reason="质量问题", acting_user=staff_a)
    supplier.refresh_from_db()
    assert supplier.status == SupplierStatus.EXITED
    with pytest.raises(ValidationError):
        purchase(canteen, supplier, staff_a)


def test_a_ledger_entry_is_voided_never_changed_or_deleted(canteen, supplier, staff_a):
    entry = purchase(canteen, supplier, staff_a)
    entry.quantity = Decimal("1")
    with pytest.raises(ValidationError):
        services.purchase_record(entry=entry, acting_user=staff_a)
    with pytest.raises(ValidationError):
        services.ledger_void(entry=entry, reason=" ", acting_user=staff_a)
    services.ledger_void(entry=entry, reason="数量录错", acting_user=staff_a)
    entry.refresh_from_db()
    assert entry.voided_at and entry.void_reason == "数量录错" and entry.quantity == Decimal("20.00")
    assert PurchaseEntry.objects.count() == 1 and PurchaseEntry.objects.current().count() == 0
    with pytest.raises(ValidationError):
        services.ledger_void(entry=entry, reason="再次", acting_user=staff_a)


def test_unsigned_and_undocumented_purchases_are_flagged(canteen, supplier, staff_a):
    from canteens.rules import purchase_issues

    entry = purchase(canteen, supplier, staff_a, supplier_signer="", invoice_number="")
    assert sorted(i.code for i in purchase_issues(entry)) == ["undocumented", "unsigned"]
    assert purchase_issues(purchase(canteen, supplier, staff_a, food_class=FoodClass.PLANT, item="菜",
                                    quarantine_number="")) == []


# --- canteen register, menus, accounts ----------------------------------------------------------------


def test_a_contracted_canteen_is_flagged_in_compulsory_education_only(canteen, today):
    canteen.operation_mode = OperationMode.CONTRACTED
    assert "outsourced" in [i.code for i in canteen_issues(canteen, today)]
    canteen.school.school_type = "senior"
    assert "outsourced" not in [i.code for i in canteen_issues(canteen, today)]


def test_menu_weeks_start_on_monday_and_dishes_fall_in_the_week(canteen, staff_a, menu):
    tuesday = menu.week_start + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.menu_create(menu=WeeklyMenu(canteen=canteen, week_start=tuesday), acting_user=staff_a)
    from canteens.models import MenuDish

    with pytest.raises(ValidationError):
        services.dish_save(dish=MenuDish(menu=menu, date=menu.week_start + dt.timedelta(days=7), meal="lunch",
                                         name="下周菜"), acting_user=staff_a)
    empty = services.menu_create(menu=WeeklyMenu(canteen=canteen, week_start=menu.week_start + dt.timedelta(days=7)),
                                 acting_user=staff_a)
    with pytest.raises(ValidationError):
        services.menu_publish(menu=empty, acting_user=staff_a)
    assert services.menu_copy_previous(menu=empty, acting_user=staff_a) == menu.dishes.count()
    services.menu_publish(menu=empty, acting_user=staff_a)
    assert WeeklyMenu.objects.get(pk=empty.pk).published_at is not None


def test_surplus_above_the_county_threshold_is_profit_making():
    assert is_profit_making(Decimal("100000"), Decimal("3500"), Decimal("3"))
    assert not is_profit_making(Decimal("100000"), Decimal("3000"), Decimal("3"))
    assert not is_profit_making(Decimal("0"), Decimal("0"), Decimal("3"))


def test_accounts_are_published_by_the_principal_and_then_frozen(canteen, staff_a, principal_a, today):
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    account = services.account_save(account=MonthlyAccount(canteen=canteen, month=month,
                                                            income_meal_fees=Decimal("1000")), acting_user=staff_a)
    with pytest.raises(PermissionDenied):
        services.account_publish(account=account, acting_user=staff_a)
    services.account_publish(account=account, acting_user=principal_a)
    account.refresh_from_db()
    account.income_other = Decimal("1")
    with pytest.raises(ValidationError):
        services.account_save(account=account, acting_user=principal_a)
    future = today.replace(day=1) + dt.timedelta(days=40)
    with pytest.raises(ValidationError):
        services.account_save(account=MonthlyAccount(canteen=canteen, month=future.replace(day=1)),
                              acting_user=principal_a)


# --- review follow-ups ------------------------------------------------------------------------------


def test_an_early_removal_stays_a_violation(canteen, staff_a, today):
    [record] = services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                                       entries=[sample("米饭")])
    services.sample_remove(sample=record, removed_at=timezone.now(), acting_user=staff_a)
    with pytest.raises(ValidationError):
        services.sample_remove(sample=record, removed_at=timezone.now(), acting_user=staff_a)
    services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, acting_user=staff_a,
                            entries=[sample("米饭")])
    assert SampleRecord.objects.get().removed_at is not None


def test_a_sample_cannot_be_put_in_later_than_now(canteen, staff_a, today):
    later = services.SampleEntry(dish="米饭", weight_g=120, stored_at=timezone.now() + dt.timedelta(hours=2),
                                 sampled_by="刘")
    if timezone.localtime(later.stored_at).date() == today:
        with pytest.raises(ValidationError):
            services.samples_record(canteen=canteen, date=today, meal=Meal.LUNCH, entries=[later], acting_user=staff_a)


def test_moving_an_expiry_date_forward_is_not_a_renewal(workers, staff_a, today):
    person = workers["expired"]
    person.health_expiry = today + dt.timedelta(days=300)
    with pytest.raises(ValidationError) as error:
        services.staff_save(staff=person, acting_user=staff_a)
    assert {"health_number", "health_scan"} <= set(error.value.message_dict)
    person.health_number = "H-NEW"
    person.health_issued = today
    person.health_expiry = today + dt.timedelta(days=500)
    with pytest.raises(ValidationError) as error:
        services.staff_save(staff=person, acting_user=staff_a)
    assert "health_expiry" in error.value.message_dict  # a health certificate lasts a year


def test_a_certificate_without_number_or_issued_later_does_not_allow_duty(workers, today):
    person = workers["ok"]
    person.health_number = ""
    assert not person.may_handle_food(today)
    person.health_number = "H1"
    person.health_issued = today + dt.timedelta(days=1)
    assert not person.may_handle_food(today)


def test_once_off_food_handling_a_worker_stays_off_that_day(canteen, workers, staff_a, today):
    sick = [services.CheckEntry(staff_id=workers["ok"].pk, outcome=CheckOutcome.FIT, symptoms=(Symptom.SKIN,))]
    services.morning_checks_record(canteen=canteen, date=today, entries=sick, acting_user=staff_a)
    with pytest.raises(ValidationError):
        services.morning_checks_record(canteen=canteen, date=today, acting_user=staff_a,
                                       entries=[services.CheckEntry(staff_id=workers["ok"].pk, outcome="fit")])
    assert MorningCheck.objects.get().outcome == CheckOutcome.OFF_FOOD


def test_a_symptom_reported_as_absent_still_alerts_the_principal(canteen, workers, staff_a, principal_a, today,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.morning_checks_record(canteen=canteen, date=today, acting_user=staff_a, entries=[
            services.CheckEntry(staff_id=workers["ok"].pk, outcome=CheckOutcome.ABSENT, temperature=Decimal("39"))])
    assert Notification.objects.filter(recipient=principal_a, rule="canteens.worker_unwell").count() == 1


def test_the_menu_of_a_past_day_is_frozen(menu, staff_a, today):
    from canteens.models import MenuDish

    past = MenuDish.objects.create(menu=menu, date=today - dt.timedelta(days=1), meal="dinner", name="昨日菜")
    with pytest.raises(ValidationError):
        services.dish_delete(dish=past, acting_user=staff_a)
    past.name = "改名"
    with pytest.raises(ValidationError):
        services.dish_save(dish=past, acting_user=staff_a)


def test_a_months_account_is_published_only_when_the_month_is_over(canteen, principal_a, staff_a, today):
    account = services.account_save(account=MonthlyAccount(canteen=canteen, month=today.replace(day=1)),
                                    acting_user=staff_a)
    with pytest.raises(ValidationError):
        services.account_publish(account=account, acting_user=principal_a)


@pytest.mark.parametrize("number", ["无", "N/A", "见附件"])
def test_a_placeholder_is_not_a_quarantine_certificate(canteen, supplier, staff_a, number):
    with pytest.raises(ValidationError):
        purchase(canteen, supplier, staff_a, quarantine_number=number)


def test_staff_without_a_canteen_duty_see_nothing_of_the_kitchen(workers, school_a, canteen):
    assets = factories.staff(school_a, duties=["asset_manager"])
    finance = factories.staff(school_a, duties=["finance"])
    assert not CanteenStaff.objects.visible_to(assets).exists()
    assert not CanteenStaff.objects.visible_to(finance).exists()
    from canteens.models import Canteen

    assert Canteen.objects.visible_to(finance).exists() and not Canteen.objects.visible_to(assets).exists()
    assert MonthlyAccount.objects.visible_to(finance).model is MonthlyAccount
