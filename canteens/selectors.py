"""Reads of the canteens app, always through the user's scope; the public reads what is published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from canteens.choices import CERT_WARNING_DAYS, Meal
from canteens.models import (
    Canteen,
    CanteenStaff,
    CountyCanteenRule,
    MenuDish,
    MonthlyAccount,
    MorningCheck,
    PurchaseEntry,
    SampleRecord,
    StockOut,
    Supplier,
    SupervisionVisit,
    WeeklyMenu,
)
from canteens.rules import sample_issues

WINDOW_DAYS = 7
DEFAULT_SURPLUS_PERCENT = Decimal("3.00")



def invalid_certificates_q(today: dt.date) -> Q:
    """A canteen worker without a valid pair of certificates today: one expired or missing (the
    worker cannot handle food; SPEC §3)."""
    return (Q(health_expiry__lt=today) | Q(training_expiry__lt=today)
            | Q(health_expiry__isnull=True) | Q(training_expiry__isnull=True))

def canteens_for(user) -> QuerySet[Canteen]:
    return Canteen.objects.visible_to(user).select_related("school", "school__township").filter(is_active=True)


def staff_list(*, user) -> QuerySet[CanteenStaff]:
    return CanteenStaff.objects.visible_to(user).select_related("canteen", "canteen__school")


def purchase_list(*, user) -> QuerySet[PurchaseEntry]:
    return PurchaseEntry.objects.visible_to(user).select_related("canteen", "canteen__school", "supplier")


def stock_out_list(*, user) -> QuerySet[StockOut]:
    return StockOut.objects.visible_to(user).select_related("canteen", "canteen__school")


def supplier_list(*, user) -> QuerySet[Supplier]:
    return Supplier.objects.visible_to(user).select_related("school")


def menu_list(*, user) -> QuerySet[WeeklyMenu]:
    return WeeklyMenu.objects.visible_to(user).select_related("canteen", "canteen__school").annotate(
        dish_count=Count("dishes"))


def account_list(*, user) -> QuerySet[MonthlyAccount]:
    return MonthlyAccount.objects.visible_to(user).select_related("canteen", "canteen__school")


def visit_list(*, user) -> QuerySet[SupervisionVisit]:
    return SupervisionVisit.objects.visible_to(user).select_related("canteen", "canteen__school")


def surplus_threshold(county_id) -> Decimal:
    rule = CountyCanteenRule.objects.filter(county_id=county_id).first()
    return rule.max_surplus_percent if rule else DEFAULT_SURPLUS_PERCENT


# --- the day's roster and samples --------------------------------------------------------------


def roster_for_day(canteen: Canteen, date: dt.date) -> list[dict]:
    """Every worker of the canteen with the day's check (or yesterday's to copy) and whether the
    certificates allow duty that day: three queries whatever the size of the canteen."""
    staff = list(CanteenStaff.objects.filter(canteen=canteen, is_active=True).order_by("name"))
    checks = {c.staff_id: c for c in MorningCheck.objects.filter(canteen=canteen, date=date)}
    previous_day = (MorningCheck.objects.filter(canteen=canteen, date__lt=date).order_by("-date")
                    .values_list("date", flat=True).first())
    yesterday = {c.staff_id: c for c in MorningCheck.objects.filter(canteen=canteen, date=previous_day)} \
        if previous_day else {}
    return [
        {"staff": person, "check": checks.get(person.pk), "yesterday": yesterday.get(person.pk),
         "blocked": not person.may_handle_food(date), "certificates": person.certificate_states(date)}
        for person in staff
    ]


def meals_of_day(canteen: Canteen, date: dt.date, now: dt.datetime) -> list[dict]:
    """For each meal of the day: the menu's dishes, the samples, and what breaks the rules."""
    dishes = {}
    for dish in MenuDish.objects.filter(menu__canteen=canteen, date=date).order_by("meal", "position", "pk"):
        dishes.setdefault(dish.meal, []).append(dish)
    samples = {}
    for sample in SampleRecord.objects.filter(canteen=canteen, date=date).order_by("dish"):
        samples.setdefault(sample.meal, []).append(sample)
    meals = []
    for meal, label in Meal.choices:
        menu = [d.name for d in dishes.get(meal, [])]
        taken = samples.get(meal, [])
        if not menu and not taken:
            continue
        meals.append({"meal": meal, "label": label, "dishes": dishes.get(meal, []), "samples": taken,
                      "issues": sample_issues(menu, taken, now)})
    return meals


# --- what the bureau sees ----------------------------------------------------------------------


def compliance_overview(*, user, today: dt.date) -> QuerySet[Canteen]:
    """Per canteen, the figures of SPEC §3 in one query: certificates, morning checks of the last
    school week, samples missing, light or taken out early, purchases unsigned or without documents,
    and the surplus of the last published month."""
    since = today - dt.timedelta(days=WINDOW_DAYS)
    soon = today + dt.timedelta(days=CERT_WARNING_DAYS)
    staff = CanteenStaff.objects.filter(canteen=OuterRef("pk"), is_active=True)

    def count(queryset):
        return Coalesce(Subquery(queryset.order_by().values("canteen").annotate(n=Count("*")).values("n")[:1],
                                 output_field=IntegerField()), Value(0))

    expired = staff.filter(invalid_certificates_q(today))
    expiring = staff.filter(Q(health_expiry__range=(today, soon)) | Q(training_expiry__range=(today, soon)))
    school_days = [2, 3, 4, 5, 6]  # Monday to Friday in Django's week_day
    checks = MorningCheck.objects.filter(canteen=OuterRef("pk"), date__gte=since, date__lt=today,
                                         date__week_day__in=school_days)
    sample_days = SampleRecord.objects.filter(canteen=OuterRef("pk"), date__gte=since, date__lt=today,
                                              date__week_day__in=school_days)
    sampled_days = Coalesce(Subquery(sample_days.order_by().values("canteen")
                                     .annotate(n=Count("date", distinct=True)).values("n")[:1],
                                     output_field=IntegerField()), Value(0))
    missing = MenuDish.objects.filter(menu__canteen=OuterRef("pk"), date__gte=since, date__lt=today).annotate(
        has_sample=Exists(SampleRecord.objects.filter(canteen=OuterRef("menu__canteen"), date=OuterRef("date"),
                                                      meal=OuterRef("meal"), dish=OuterRef("name")))
    ).filter(has_sample=False)
    missing_count = Coalesce(Subquery(missing.order_by().values("menu__canteen").annotate(n=Count("pk"))
                                      .values("n")[:1], output_field=IntegerField()), Value(0))
    bad_samples = SampleRecord.objects.filter(canteen=OuterRef("pk"), date__gte=since).filter(
        Q(weight_g__lt=100) | Q(removed_at__lt=F("stored_at") + dt.timedelta(hours=48)))
    purchases = PurchaseEntry.objects.filter(canteen=OuterRef("pk"), date__gte=today - dt.timedelta(days=30),
                                             voided_at__isnull=True)
    unsigned = purchases.filter(Q(purchaser="") | Q(acceptor="") | Q(supplier_signer=""))
    undocumented = purchases.filter((Q(invoice_number="") & Q(invoice_scan=""))
                                    | (Q(food_class__in=["meat", "aquatic"]) & Q(inspection_report="")))
    last_account = MonthlyAccount.objects.filter(canteen=OuterRef("pk"), published_at__isnull=False).order_by("-month")
    income = sum((F(f) for f in MonthlyAccount.INCOME[1:]), F(MonthlyAccount.INCOME[0]))
    spending = sum((F(f) for f in MonthlyAccount.SPENDING[1:]), F(MonthlyAccount.SPENDING[0]))
    last_account = last_account.annotate(income_total=income, balance_total=income - spending)
    threshold = CountyCanteenRule.objects.filter(county_id=OuterRef("school__township__county_id")).values(
        "max_surplus_percent")[:1]
    return (
        canteens_for(user)
        .annotate(
            staff_count=count(staff),
            certs_expired=count(expired),
            certs_expiring=count(expiring),
            checks_done=count(checks),
            sampled_days=sampled_days,
            samples_missing=missing_count,
            samples_bad=count(bad_samples),
            purchases_unsigned=count(unsigned),
            purchases_undocumented=count(undocumented),
            last_account_id=Subquery(last_account.values("pk")[:1]),
            last_income=Subquery(last_account.values("income_total")[:1]),
            last_balance=Subquery(last_account.values("balance_total")[:1]),
            surplus_limit=Coalesce(Subquery(threshold), Value(DEFAULT_SURPLUS_PERCENT)),
        )
        .order_by("school__township__code", "school__name", "name")
    )


FIGURES = ("staff_count", "certs_expired", "certs_expiring", "checks_done", "sampled_days", "samples_missing",
           "samples_bad", "purchases_unsigned", "purchases_undocumented")


def compliance_totals(overview: QuerySet[Canteen], today: dt.date) -> dict:
    """The same figures summed over the canteens shown (the county, a township, a filter): one
    query, whatever the number of canteens."""
    rows = list(overview.order_by().values(*FIGURES, "last_income", "last_balance", "surplus_limit"))
    totals = {name: sum(row[name] for row in rows) for name in FIGURES}
    days = school_days_in_window(today)
    totals["canteens"] = len(rows)
    totals["checks_due"] = totals["staff_count"] * days
    totals["days_unsampled"] = sum(max(days - row["sampled_days"], 0) for row in rows)
    totals["profit_making"] = sum(1 for row in rows if row["last_income"] and row["last_balance"] is not None
                                  and row["last_balance"] * 100 > row["last_income"] * row["surplus_limit"])
    return totals


def school_days_in_window(today: dt.date) -> int:
    return sum(1 for n in range(1, WINDOW_DAYS + 1) if (today - dt.timedelta(days=n)).weekday() < 5)


# --- public ------------------------------------------------------------------------------------


def public_menu(school, today: dt.date) -> WeeklyMenu | None:
    """The published menu of this week, else the next one published, else the latest past one."""
    menus = WeeklyMenu.objects.published().filter(canteen__school=school, canteen__is_active=True)
    monday = today - dt.timedelta(days=today.weekday())
    return (menus.filter(week_start=monday).first()
            or menus.filter(week_start__gt=monday).order_by("week_start").first()
            or menus.filter(week_start__lt=monday).order_by("-week_start").first())


def public_accounts(school) -> QuerySet[MonthlyAccount]:
    return MonthlyAccount.objects.published().filter(canteen__school=school).select_related("canteen").order_by(
        "-month")



# --- what other apps read of a school's canteen (campaign evidence, vetoes, risk) ---------------


def school_days_between(since: dt.date, until: dt.date) -> int:
    """Monday-to-Friday days from `since` to `until`, both included."""
    if until < since:
        return 0
    days = (until - since).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for n in range(rest) if (since + dt.timedelta(days=weeks * 7 + n)).weekday() < 5)


def school_canteen_figures(school_id: int, since: dt.date, until: dt.date) -> dict:
    """The canteen ledgers of one school over a period, as the figures a rubric item may be bound to:
    morning checks done / due, dishes sampled / on the menu and bad samples, workers with valid
    certificates, purchases complete, accounts published, and the veto facts (contracted out,
    profit-making months, a worker checked fit with an expired certificate). A fixed number of
    queries."""
    from canteens.choices import OUTSOURCED_MODES, CheckOutcome

    canteens = list(Canteen.objects.filter(school_id=school_id, is_active=True))
    ids = [c.pk for c in canteens]
    staff = list(CanteenStaff.objects.filter(canteen_id__in=ids, is_active=True))
    today = min(until, timezone.localdate())
    checks = MorningCheck.objects.filter(canteen_id__in=ids, date__range=(since, until), date__week_day__in=[2, 3, 4, 5, 6])
    dishes = MenuDish.objects.filter(menu__canteen_id__in=ids, date__range=(since, min(until, today - dt.timedelta(days=1))))
    sampled = dishes.filter(Exists(SampleRecord.objects.filter(canteen=OuterRef("menu__canteen"), date=OuterRef("date"),
                                                               meal=OuterRef("meal"), dish=OuterRef("name"))))
    bad = SampleRecord.objects.filter(canteen_id__in=ids, date__range=(since, until)).filter(
        Q(weight_g__lt=100) | Q(removed_at__lt=F("stored_at") + dt.timedelta(hours=48)))
    purchases = PurchaseEntry.objects.filter(canteen_id__in=ids, date__range=(since, until), voided_at__isnull=True)
    incomplete = purchases.filter(Q(purchaser="") | Q(acceptor="") | Q(supplier_signer="")
                                  | (Q(invoice_number="") & Q(invoice_scan=""))
                                  | (Q(food_class__in=["meat", "aquatic"]) & Q(inspection_report="")))
    first_check = MorningCheck.objects.filter(canteen_id__in=ids).order_by("date").values_list("date", flat=True).first()
    expired_fit = checks.filter(outcome=CheckOutcome.FIT).filter(
        Q(staff__health_expiry__lt=F("date")) | Q(staff__training_expiry__lt=F("date"))).count()
    accounts = list(MonthlyAccount.objects.filter(canteen_id__in=ids, month__range=(since.replace(day=1), until),
                                                  published_at__isnull=False))
    school = canteens[0].school if canteens else None
    limit = None
    if school is not None:
        rule = CountyCanteenRule.objects.filter(county_id=school.township.county_id).first()
        limit = rule.max_surplus_percent if rule else DEFAULT_SURPLUS_PERCENT
    profit_months = [a.month for a in accounts if limit is not None and a.income and a.balance * 100 > a.income * limit]
    months_due = 0
    month = max(since, first_check or since).replace(day=1)
    while month < today.replace(day=1):
        months_due += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return {
        "has_canteen": bool(canteens),
        "canteen_ids": ids,
        "checks_done": checks.count(),
        # counted from the first check kept in the portal: the paper books before it are not here
        "checks_due": len(staff) * school_days_between(max(since, first_check or since),
                                                       min(until, today - dt.timedelta(days=1))),
        "dishes": dishes.count(),
        "dishes_sampled": sampled.count(),
        "samples_bad": bad.count(),
        "staff": len(staff),
        "staff_valid": sum(1 for person in staff if person.may_handle_food(today)),
        "purchases": purchases.count(),
        "purchases_complete": purchases.count() - incomplete.count(),
        "accounts_published": len({(a.canteen_id, a.month) for a in accounts}) // max(len(ids), 1),
        "accounts_due": months_due,
        "outsourced": [c.name for c in canteens if c.operation_mode in OUTSOURCED_MODES],
        "profit_months": sorted(set(profit_months)),
        "expired_checked_fit": expired_fit,
    }
