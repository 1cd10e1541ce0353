"""python manage.py bench — measure what the portal promises and write bench-results.json.

The figures are measured on data the command builds inside a transaction that is rolled back at the
end, so it can run against any database without leaving anything behind:
- pages (fees, canteens with a year of purchases, public): server time through the full Django stack (test client, many requests per page), p50/p95
  in milliseconds and the SQL query count, named by URL name;
- pdf_board_median_s: one county-uniform notice board (A4) rendered with the project's fonts.
"""

from __future__ import annotations

import json
import statistics
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure page times, query counts and PDF rendering; print a table and write bench-results.json."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="", help="measure the data bench_data built at this scale (tiny, "
                            "county, province) in the current database instead of building a county")
        parser.add_argument("--schools", type=int, default=300, help="schools in the synthetic county")
        parser.add_argument("--requests", type=int, default=30, help="requests per page")
        parser.add_argument("--output", default="bench-results.json")

    def handle(self, *args, scale, schools, requests, output, **options):
        if scale:
            from houqin.org.models import County, School

            world = existing_world()
            results = {"scale": {"name": scale, "counties": County.objects.count(),
                                 "schools": School.objects.count()}}
            results["pages"] = measure_pages(world, requests)
            results.update(measure_pdf(world["notice"]))
            self.finish(results, output)
            return
        results: dict = {"scale": {"schools": schools}, "pages": {}}
        try:
            with transaction.atomic():
                world = build_world(schools)
                results["pages"] = measure_pages(world, requests)
                results.update(measure_pdf(world["notice"]))
                raise Rollback
        except Rollback:
            pass
        self.finish(results, output)

    def finish(self, results, output):
        Path(output).write_text(json.dumps(results, ensure_ascii=False, indent=2))
        self.print_table(results)
        self.stdout.write(f"\nwritten to {output}")

    def print_table(self, results):
        self.stdout.write(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, figures in results["pages"].items():
            self.stdout.write(f"{name:<28} {figures['page_p50_ms']:>8.1f} {figures['page_p95_ms']:>8.1f} "
                              f"{figures['page_queries']:>8}")
        for key in ("pdf_board_median_s", "pdf_board_a3_median_s"):
            self.stdout.write(f"{key:<28} {results[key]:>8.3f} s")


def existing_world() -> dict:
    """The objects the pages are measured on, from the data bench_data built: the first county's
    administrator, a principal whose school self-assesses, its notice, canteen and campaign."""
    from canteens.models import Canteen
    from fees.models import FeeNotice
    from houqin.org.models import User
    from inspections.models import Declaration

    declaration = Declaration.objects.filter(status="accepted", school__code__startswith="9").order_by("pk").first()
    if declaration is None:
        raise CommandError("no benchmark data here: run bench_data first (make bench does)")
    school = declaration.school
    admin = User.objects.get(username=f"b{school.township.county.code}-admin")
    return {"county": school.township.county, "admin": admin, "school": school,
            "principal": User.objects.get(username=f"p{school.code}"), "campaign": declaration.campaign,
            "declaration": declaration, "canteen": Canteen.objects.filter(school=school).first(),
            "notice": FeeNotice.objects.select_related("school__township__county", "term").get(school=school)}


def build_world(count: int) -> dict:
    """A county of `count` schools, each with a principal and a published notice."""
    import datetime as dt

    from fees.choices import FeeKind, FeeUnit, NoticeStatus
    from fees.models import FeeCap, FeeCategory, FeeItem, FeeNotice, PolicyDocument
    from houqin.org.choices import Role, SchoolType
    from houqin.org.models import County, School, Term, Township, User

    county = County.objects.create(code="999999", name="基准县", complaint_phone="0710-1000000")
    townships = Township.objects.bulk_create(
        [Township(county=county, name=f"基准镇{n}", code=f"B{n:03d}") for n in range(max(1, count // 30))])
    types = list(SchoolType.values)
    schools = School.objects.bulk_create([
        School(township=townships[n % len(townships)], code=f"9{n:09d}", name=f"基准第{n}学校",
               school_type=types[n % len(types)], student_count=500, boarding_count=50, phone="0710-1234567",
               principal_name="校长", has_canteen=True)
        for n in range(count)])
    term = Term.objects.filter(school_year=2090, semester=1).first() or Term.objects.create(
        school_year=2090, semester=1, start_date=dt.date(2090, 9, 1), end_date=dt.date(2091, 1, 20))
    policy = PolicyDocument.objects.create(county=county, number="基准〔2090〕1号", title="基准文件")
    milk = FeeCategory.objects.create(county=county, name="学生饮用奶", kind=FeeKind.PASS_THROUGH, policy=policy)
    meals = FeeCategory.objects.create(county=county, name="伙食费", kind=FeeKind.PASS_THROUGH, policy=policy)
    FeeCap.objects.create(category=milk, unit=FeeUnit.PER_TERM, max_amount=Decimal("200"))
    notices = FeeNotice.objects.bulk_create([
        FeeNotice(school=s, term=term, status=NoticeStatus.PUBLISHED, school_phone="0710-1234567",
                  bureau_phone="0710-1000000", digest=f"{s.pk:064x}") for s in schools])
    FeeItem.objects.bulk_create([
        item for n in notices for item in (
            FeeItem(notice=n, category=milk, name="学生饮用奶", amount=Decimal("180"), unit=FeeUnit.PER_TERM),
            FeeItem(notice=n, category=meals, name="伙食费", amount=Decimal("9"), unit=FeeUnit.PER_DAY,
                    refund_rule="按实结算，多退少不补"))])
    admin = User.objects.create(username="bench-admin", full_name="基准管理员", role=Role.BUREAU_ADMIN, county=county)
    principal = User.objects.create(username="bench-principal", full_name="基准校长", role=Role.PRINCIPAL,
                                    county=county, school=schools[0])
    world = {"county": county, "admin": admin, "principal": principal, "school": schools[0],
             "notice": FeeNotice.objects.select_related("school__township__county", "term").get(pk=notices[0].pk)}
    world.update(build_canteens(schools, principal))
    world.update(build_inspections(county, schools, admin, principal))
    return world


def build_inspections(county, schools, admin, principal) -> dict:
    """The 放心食堂 rubric in use and an open campaign every school declared: the principal's school
    accepted (to self-assess), the others reviewed with their grades; a title for every third
    school; two rectification orders and two complaints per school."""
    import datetime as dt

    from django.utils import timezone

    from inspections.choices import ComplaintCategory, DeclarationStatus, Grade
    from inspections.models import Campaign, CampaignType, Complaint, Declaration, RectificationOrder, Rubric, Title
    from inspections.rubric_seeds import CANTEEN_RUBRIC
    from inspections.services import campaigns, rubrics

    today, now = timezone.localdate(), timezone.now()
    kind = rubrics.campaign_type_save(campaign_type=CampaignType(county=county, name=CANTEEN_RUBRIC["campaign_type"],
                                                                  area=CANTEEN_RUBRIC["area"]), acting_user=admin)
    rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=kind, year=today.year,
                                                 title=CANTEEN_RUBRIC["title"]), acting_user=admin)
    rubrics.rubric_fill(rubric=rubric, sections=CANTEEN_RUBRIC["sections"])
    rubric = rubrics.rubric_activate(rubric=rubric, acting_user=admin)
    campaign = campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=rubric, title="基准放心食堂创建", year=today.year, declare_by=today + dt.timedelta(days=10),
        self_assess_by=today + dt.timedelta(days=20), review_by=today + dt.timedelta(days=30)),
        sources=[campaigns.SourceSpec("领导小组", Decimal("60")), campaigns.SourceSpec("满意度测评", Decimal("40"),
                                                                                   "overall")],
        acting_user=admin)
    campaign = campaigns.campaign_open(campaign=campaign, acting_user=admin)
    grades = [(Decimal("95.50"), Grade.ADVANCED), (Decimal("84.00"), Grade.QUALIFIED), (Decimal("72.25"), Grade.RECTIFY)]
    declarations = Declaration.objects.bulk_create([
        Declaration(campaign=campaign, school=school, declared_by=principal,
                    status=DeclarationStatus.ACCEPTED if n == 0 else DeclarationStatus.REVIEWED,
                    final_score=None if n == 0 else grades[n % 3][0], grade="" if n == 0 else grades[n % 3][1])
        for n, school in enumerate(schools)])
    Title.objects.bulk_create([
        Title(school=school, campaign=campaign, campaign_type=kind, name=f"{today.year}年度县级放心食堂", level="county",
              year=today.year, awarded_at=now) for n, school in enumerate(schools) if n % 3 == 1])
    RectificationOrder.objects.bulk_create([
        RectificationOrder(school=school, number=f"ZG{today.year}-999999-{2 * n + k:05d}", finding="留样不足100克",
                           deadline=today + dt.timedelta(days=k * 20 - 5), responsible="校长", issued_by=admin)
        for n, school in enumerate(schools) for k in range(2)])
    Complaint.objects.bulk_create([
        Complaint(school=school, tracking_code=f"B{2 * n + k:011d}", category=ComplaintCategory.CANTEEN,
                  text="饭菜分量不足", contact_phone="13800000000", assign_by=today + dt.timedelta(days=k * 4 - 2))
        for n, school in enumerate(schools) for k in range(2)])
    return {"campaign": campaign, "declaration": declarations[0]}


def build_canteens(schools, user) -> dict:
    """A canteen per school with 8 workers and a week of morning checks; the first school also keeps a
    year of purchases (4 a school day), this week's published menu and a published account."""
    import datetime as dt

    from django.utils import timezone

    from canteens.choices import FoodClass, Meal
    from canteens.models import (
        Canteen,
        CanteenStaff,
        MenuDish,
        MonthlyAccount,
        MorningCheck,
        PurchaseEntry,
        Supplier,
        WeeklyMenu,
    )

    today = timezone.localdate()
    canteens = Canteen.objects.bulk_create([Canteen(school=s, name="学生食堂") for s in schools])
    staff = CanteenStaff.objects.bulk_create([
        CanteenStaff(canteen=c, name=f"员工{n}", health_number=f"JK{c.pk}{n}", health_issued=today - dt.timedelta(300),
                     health_expiry=today + dt.timedelta(days=20 + 10 * n), training_number=f"PX{c.pk}{n}",
                     training_issued=today - dt.timedelta(300), training_expiry=today + dt.timedelta(400))
        for c in canteens for n in range(8)])
    days = [today - dt.timedelta(days=n) for n in range(1, 8) if (today - dt.timedelta(days=n)).weekday() < 5]
    MorningCheck.objects.bulk_create([MorningCheck(canteen_id=w.canteen_id, staff=w, date=d, checked_by=user)
                                      for w in staff for d in days])
    first = canteens[0]
    supplier = Supplier.objects.create(school=first.school, name="基准供应商", licence_number="91420600000000001",
                                       admitted_on=today - dt.timedelta(400))
    year = [today - dt.timedelta(days=n) for n in range(365) if (today - dt.timedelta(days=n)).weekday() < 5]
    PurchaseEntry.objects.bulk_create([
        PurchaseEntry(canteen=first, date=d, supplier=supplier, item=item, food_class=cls, quantity=Decimal("20"),
                      unit_price=Decimal("5.50"), quarantine_number="动检20900001" if cls == FoodClass.MEAT else "",
                      invoice_number=f"NO{d:%m%d}{n}", purchaser="甲", acceptor="乙", supplier_signer="丙",
                      recorded_by=user)
        for d in year for n, (item, cls) in enumerate((("大米", FoodClass.PLANT), ("猪肉", FoodClass.MEAT),
                                                       ("白菜", FoodClass.PLANT), ("鸡蛋", FoodClass.OTHER)))])
    monday = today - dt.timedelta(days=today.weekday())
    menu = WeeklyMenu.objects.create(canteen=first, week_start=monday, published_at=timezone.now())
    MenuDish.objects.bulk_create([
        MenuDish(menu=menu, date=monday + dt.timedelta(days=d), meal=meal, name=f"菜品{n}", price=Decimal("3.00"),
                 position=n)
        for d in range(5) for meal in (Meal.BREAKFAST, Meal.LUNCH) for n in range(5)])
    MonthlyAccount.objects.create(canteen=first, month=(today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
                                  income_meal_fees=Decimal("180000"), spend_staples=Decimal("170000"),
                                  published_at=timezone.now())
    return {"canteen": first}


def _time_page(client: Client, url: str, requests: int) -> dict:
    client.get(url)  # warm up (templates, cache)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url,
        "page_p50_ms": round(statistics.median(timings), 1),
        "page_p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "page_queries": len(queries.captured_queries),
    }


def measure_pages(world: dict, requests: int) -> dict:
    pages = {}
    bureau, school, public = (Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].lstrip(".").replace("*", "127.0.0.1")) for _ in range(3))
    bureau.force_login(world["admin"])
    school.force_login(world["principal"])
    cache.clear()
    for name, client, url in (
        ("home", bureau, reverse("home")),
        ("org:school_list", bureau, reverse("org:school_list") + "?school_type=primary"),
        ("fees:notice_list", bureau, reverse("fees:notice_list")),
        ("fees:notice_list:deep", bureau, reverse("fees:notice_list") + "?page=10"),
        ("fees:notice_detail", school, reverse("fees:notice_detail", args=[world["notice"].pk])),
        ("canteens:overview", bureau, reverse("canteens:overview")),
        ("canteens:today", school, reverse("canteens:today")),
        ("canteens:purchase_list", school, reverse("canteens:purchase_list")),
        ("canteens:checks", school, reverse("canteens:checks")),
        ("assets:asset_list", school, reverse("assets:asset_list")),
        ("assets:asset_list:deep", bureau, reverse("assets:asset_list") + "?page=400"),
        ("schoolbus:overview", bureau, reverse("schoolbus:overview")),
        ("schoolbus:trip_list", bureau, reverse("schoolbus:trip_list")),
        ("schoolbus:today", school, reverse("schoolbus:today")),
        ("public:directory", public, reverse("public:directory")),
        ("public:school", public, reverse("public:school", args=[world["school"].code])),
        ("public:menu", public, reverse("public:menu", args=[world["school"].code])),
        ("public:accounts", public, reverse("public:accounts", args=[world["school"].code])),
        ("inspections:campaign_list", bureau, reverse("inspections:campaign_list")),
        ("inspections:campaign_results", bureau, reverse("inspections:campaign_results", args=[world["campaign"].pk])),
        ("inspections:campaign_results:deep", bureau,
         reverse("inspections:campaign_results", args=[world["campaign"].pk]) + "?page=7"),
        ("inspections:self_assessment", school, reverse("inspections:self_assessment", args=[world["declaration"].pk])),
        ("inspections:order_list", bureau, reverse("inspections:order_list")),
        ("inspections:order_list:deep", bureau, reverse("inspections:order_list") + "?page=15"),
        ("inspections:complaint_list", bureau, reverse("inspections:complaint_list")),
        ("inspections:duty_list", bureau, reverse("inspections:duty_list")),
        ("public:honours", public, reverse("public:honours")),
    ):
        pages[name] = _time_page(client, url, requests)
    return pages


def measure_pdf(notice, runs: int = 9) -> dict:
    from fees.documents import render_notice_board_pdf
    from fees.selectors import notice_items

    items = notice_items(notice)
    figures = {}
    for size, key in (("A4", "pdf_board_median_s"), ("A3", "pdf_board_a3_median_s")):
        render_notice_board_pdf(notice, items, size=size)  # warm up the fonts once per process
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            render_notice_board_pdf(notice, items, size=size)
            timings.append(time.perf_counter() - started)
        figures[key] = round(statistics.median(timings), 3)
    figures["pdf_runs"] = runs
    figures["site_url"] = settings.SITE_URL
    return figures
