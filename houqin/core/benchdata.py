"""Synthetic data at county or province scale for `make bench` (issue: performance at province scale).

The organisation tree, users and the per-school registers are bulk-created through the models (so
their defaults and constraints hold); the big ledgers — a year of morning checks, samples and
purchases, the asset registers — are written by the database itself with INSERT … SELECT over
generate_series, which is what lets the province set build in minutes. Nothing here is used by the
portal at run time.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Scale:
    counties: int
    schools_per_county: int
    townships_per_county: int
    ledger_days: int
    assets_per_school: int


SCALES = {
    "tiny": Scale(counties=2, schools_per_county=6, townships_per_county=2, ledger_days=20, assets_per_school=10),
    "small": Scale(counties=3, schools_per_county=15, townships_per_county=3, ledger_days=45, assets_per_school=30),
    "county": Scale(counties=1, schools_per_county=300, townships_per_county=12, ledger_days=365,
                    assets_per_school=100),
    "province": Scale(counties=100, schools_per_county=200, townships_per_county=10, ledger_days=365,
                      assets_per_school=100),
}
PASSWORD = "Bench@2026"
STAFF_PER_CANTEEN = 5


def _sql(statement: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.rowcount


def bench_data_build(scale: Scale, *, log=print) -> dict:
    """Fill the current (empty) database; return how many rows of each kind were written."""
    from houqin.org.models import County

    if County.objects.filter(code__startswith="9").exists():
        raise RuntimeError("this database holds benchmark data already")
    counts, started = {}, time.monotonic()

    def step(name, function, *args):
        begun = time.monotonic()
        with transaction.atomic():
            counts[name] = function(*args)
        log(f"  {name:<22} {counts[name]:>11,} rows  {time.monotonic() - begun:6.1f} s")

    _sql("SET synchronous_commit TO off")
    step("organisation", _organisation, scale)
    step("users", _users)
    step("fee notices", _fees)
    step("canteens", _canteens)
    with _indexes_deferred(LEDGER_TABLES, log):
        step("morning checks", _morning_checks, scale.ledger_days)
        step("samples", _samples, scale.ledger_days)
        step("purchases", _purchases, scale.ledger_days)
        step("assets", _assets, scale.assets_per_school)
    step("campaigns", _campaigns)
    step("complaints and orders", _complaints_and_orders)
    step("menus, accounts, titles", _public_pages)
    step("school buses", _buses)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # as autovacuum would: visibility map for index-only scans
    log(f"  built in {time.monotonic() - started:.1f} s")
    return counts


LEDGER_TABLES = ("canteens_morningcheck", "canteens_samplerecord", "canteens_purchaseentry", "assets_asset")


@contextmanager
def _indexes_deferred(tables, log):
    """Load the big tables without their secondary indexes, unique and foreign-key constraints, then
    build them once over the whole table (much faster than maintaining them row by row). They are
    recreated from their own definitions, so the schema ends exactly as the migrations left it and
    every constraint is validated against the data."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint
            WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')""", [list(tables)])
        constraints = cursor.fetchall()
        cursor.execute("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", [list(tables)])
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in sorted(constraints, key=lambda c: c[3] != "f"):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    begun = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem TO '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _kind in sorted(constraints, key=lambda c: c[3] == "f"):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    log(f"  {'indexes, constraints':<22} {len(indexes) + len(constraints):>11,} built {time.monotonic() - begun:6.1f} s")


def _organisation(scale: Scale) -> int:
    from houqin.org.choices import SchoolType
    from houqin.org.models import County, School, Term, Township

    counties = County.objects.bulk_create([
        County(code=f"9{n:05d}", name=f"基准县{n}", complaint_phone="0710-1000000") for n in range(scale.counties)])
    townships = Township.objects.bulk_create([
        Township(county=county, name=f"基准{c}镇{n}", code=f"{n:03d}")
        for c, county in enumerate(counties) for n in range(scale.townships_per_county)])
    by_county = {}
    for township in townships:
        by_county.setdefault(township.county_id, []).append(township)
    types = [SchoolType.PRIMARY, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.KINDERGARTEN, SchoolType.NINE_YEAR]
    schools = []
    for c, county in enumerate(counties):
        towns = by_county[county.pk]
        for n in range(scale.schools_per_county):
            number = c * scale.schools_per_county + n
            schools.append(School(
                township=towns[n % len(towns)], code=f"9{number:09d}", name=f"基准{c}县第{n}学校",
                school_type=types[n % len(types)], student_count=300 + n % 900, boarding_count=(n % 4) * 40,
                phone="0710-1234567", principal_name="校长", has_canteen=True, has_dormitory=n % 4 > 0,
                has_bus_service=n % 3 == 0, is_central=n < len(towns)))
    School.objects.bulk_create(schools, batch_size=5000)
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    if not Term.objects.filter(school_year=year, semester=1).exists():
        Term.objects.create(school_year=year, semester=1, start_date=dt.date(year, 9, 1),
                            end_date=dt.date(year + 1, 1, 20))
    if not Term.objects.filter(school_year=year, semester=2).exists():
        Term.objects.create(school_year=year, semester=2, start_date=dt.date(year + 1, 2, 20),
                            end_date=dt.date(year + 1, 7, 10))
    return len(counties) + len(townships) + len(schools)


def _users() -> int:
    from houqin.org.choices import Duty, Role
    from houqin.org.models import County, School, User

    password = make_password(PASSWORD)
    users = []
    for county in County.objects.filter(code__startswith="9"):
        users += [User(username=f"b{county.code}-admin", full_name="基准管理员", role=Role.BUREAU_ADMIN, county=county,
                       password=password),
                  User(username=f"b{county.code}-inspector", full_name="基准督查员", role=Role.BUREAU_INSPECTOR,
                       county=county, password=password)]
    for school_id, code, county_id in School.objects.filter(code__startswith="9").values_list(
            "pk", "code", "township__county_id"):
        users += [User(username=f"p{code}", full_name="基准校长", role=Role.PRINCIPAL, county_id=county_id,
                       school_id=school_id, password=password),
                  User(username=f"s{code}", full_name="基准管理员", role=Role.SCHOOL_STAFF, county_id=county_id,
                       school_id=school_id, password=password,
                       duties=[Duty.CANTEEN_MANAGER, Duty.ASSET_MANAGER, Duty.BUS_MANAGER])]
    User.objects.bulk_create(users, batch_size=5000)
    return len(users)


def _fees() -> int:
    from fees.choices import FeeKind, FeeUnit, NoticeStatus
    from fees.models import FeeCategory, FeeItem, FeeNotice, PolicyDocument
    from houqin.org.models import County, School, Term

    term = Term.objects.current(timezone.localdate())
    categories = {}
    for county in County.objects.filter(code__startswith="9"):
        policy = PolicyDocument.objects.create(county=county, number=f"基准〔{term.school_year}〕1号", title="基准文件")
        categories[county.pk] = (
            FeeCategory.objects.create(county=county, name="学生饮用奶", kind=FeeKind.PASS_THROUGH, policy=policy),
            FeeCategory.objects.create(county=county, name="伙食费", kind=FeeKind.PASS_THROUGH, policy=policy))
    schools = list(School.objects.filter(code__startswith="9").values_list("pk", "township__county_id"))
    notices = FeeNotice.objects.bulk_create([
        FeeNotice(school_id=pk, term=term, status=NoticeStatus.PUBLISHED, school_phone="0710-1234567",
                  bureau_phone="0710-1000000", digest=f"{pk:064x}") for pk, _county in schools], batch_size=5000)
    county_of = dict(schools)
    items = []
    for notice in notices:
        milk, meals = categories[county_of[notice.school_id]]
        items += [FeeItem(notice=notice, category=milk, name="学生饮用奶", amount=Decimal("180"), unit=FeeUnit.PER_TERM),
                  FeeItem(notice=notice, category=meals, name="伙食费", amount=Decimal("9"), unit=FeeUnit.PER_DAY,
                          refund_rule="按实结算，多退少不补", position=1)]
    FeeItem.objects.bulk_create(items, batch_size=5000)
    return len(notices) + len(items)


def _canteens() -> int:
    today = timezone.localdate()
    rows = _sql("""
        INSERT INTO canteens_canteen (school_id, name, operation_mode, licence_number, licence_expiry, licence_scan,
            quantified_grade, video_areas, one_way_flow, sample_fridge, seats, is_active)
        SELECT id, '学生食堂', 'self', 'JY' || code, %s, '', 'A', '{}', true, true, 300, true
        FROM org_school WHERE code LIKE '9%%'""", [today + dt.timedelta(days=400)])
    rows += _sql("""
        INSERT INTO canteens_canteenstaff (canteen_id, name, role, phone, health_number, health_issued, health_expiry,
            health_scan, training_number, training_issued, training_expiry, training_scan, is_active)
        SELECT c.id, '员工' || n, 'assistant', '', 'JK' || c.id || '-' || n, %s, %s + (n * 40), '',
               'PX' || c.id || '-' || n, %s, %s, '', true
        FROM canteens_canteen c CROSS JOIN generate_series(1, %s) n
        JOIN org_school s ON s.id = c.school_id WHERE s.code LIKE '9%%'""",
                 [today - dt.timedelta(days=300), today + dt.timedelta(days=10), today - dt.timedelta(days=300),
                  today + dt.timedelta(days=400), STAFF_PER_CANTEEN])
    rows += _sql("""
        INSERT INTO canteens_supplier (school_id, name, contact, phone, licence_number, licence_expiry, licence_scan,
            qualification_scan, food_classes, status, admitted_on, exit_reason)
        SELECT id, '基准供应商', '经理', '', '9142' || code, %s, '', '', '', 'admitted', %s, ''
        FROM org_school WHERE code LIKE '9%%'""", [today + dt.timedelta(days=500), today - dt.timedelta(days=500)])
    return rows


_SCHOOL_DAYS = "generate_series(%s::date - %s, %s::date - 1, '1 day') d WHERE extract(isodow FROM d) < 6"


def _days(days: int) -> list:
    today = timezone.localdate()
    return [today, days, today]


def _morning_checks(days: int) -> int:
    return _sql(f"""
        INSERT INTO canteens_morningcheck (canteen_id, staff_id, date, outcome, temperature, symptoms, note,
            recorded_at, checked_by_id)
        SELECT st.canteen_id, st.id, d::date, 'fit', 36.5, '{{}}', '', d + interval '7 hours', u.id
        FROM canteens_canteenstaff st JOIN canteens_canteen c ON c.id = st.canteen_id
        JOIN org_user u ON u.school_id = c.school_id AND u.role = 'school_staff'
        CROSS JOIN {_SCHOOL_DAYS}""", _days(days))


def _samples(days: int) -> int:
    return _sql(f"""
        INSERT INTO canteens_samplerecord (canteen_id, date, meal, dish, weight_g, stored_at, sampled_by,
            recorded_by_id)
        SELECT c.id, d::date, 'lunch', dish, 120, d + interval '11 hours 30 minutes', '留样员', u.id
        FROM canteens_canteen c JOIN org_user u ON u.school_id = c.school_id AND u.role = 'school_staff'
        CROSS JOIN unnest(ARRAY['米饭', '红烧鸡块', '清炒白菜']) dish
        CROSS JOIN {_SCHOOL_DAYS}""", _days(days))


def _purchases(days: int) -> int:
    return _sql(f"""
        INSERT INTO canteens_purchaseentry (canteen_id, supplier_id, date, item, food_class, quantity, unit,
            unit_price, batch, inspection_report, quarantine_number, quarantine_scan, invoice_number, invoice_scan,
            purchaser, acceptor, supplier_signer, recorded_at, recorded_by_id, void_reason)
        SELECT c.id, sp.id, d::date, item.name, item.class, 20, 'kg', item.price, to_char(d, 'YYYYMMDD'), '',
               CASE WHEN item.class = 'meat' THEN '动检' || to_char(d, 'MMDD') ELSE '' END, '',
               'NO' || to_char(d, 'MMDD') || item.name, '', '甲', '乙', '丙', d + interval '8 hours', u.id, ''
        FROM canteens_canteen c JOIN canteens_supplier sp ON sp.school_id = c.school_id
        JOIN org_user u ON u.school_id = c.school_id AND u.role = 'school_staff'
        CROSS JOIN (VALUES ('大米', 'plant', 4.20), ('猪肉', 'meat', 26.00)) item(name, class, price)
        CROSS JOIN {_SCHOOL_DAYS}""", _days(days))


def _campaigns() -> int:
    """The 放心食堂 campaign of each county, open, declared by every school (reviewed with grades)."""
    from inspections.models import Campaign, CampaignType, Rubric
    from inspections.rubric_seeds import CANTEEN_RUBRIC
    from inspections.services import campaigns, rubrics
    from houqin.org.models import County, User

    today, rows = timezone.localdate(), 0
    for county in County.objects.filter(code__startswith="9"):
        admin = User.objects.get(username=f"b{county.code}-admin")
        kind = rubrics.campaign_type_save(campaign_type=CampaignType(
            county=county, name=CANTEEN_RUBRIC["campaign_type"], area=CANTEEN_RUBRIC["area"]), acting_user=admin)
        rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=kind, year=today.year,
                                                     title=CANTEEN_RUBRIC["title"]), acting_user=admin)
        rubrics.rubric_fill(rubric=rubric, sections=CANTEEN_RUBRIC["sections"])
        rubric = rubrics.rubric_activate(rubric=rubric, acting_user=admin)
        campaign = campaigns.campaign_save(campaign=Campaign(
            county=county, rubric=rubric, title="基准放心食堂创建", year=today.year,
            declare_by=today + dt.timedelta(days=10), self_assess_by=today + dt.timedelta(days=20),
            review_by=today + dt.timedelta(days=30)),
            sources=[campaigns.SourceSpec("领导小组", Decimal("100"))], acting_user=admin)
        campaigns.campaign_open(campaign=campaign, acting_user=admin)
        rows += 1
    rows += _sql("""
        INSERT INTO inspections_declaration (campaign_id, school_id, declared_by_id, status, declared_at,
            decision_note, self_report, grade, final_score, vetoes)
        SELECT ca.id, s.id, u.id, CASE WHEN right(s.code, 9)::int %% 10 = 0 THEN 'accepted' ELSE 'reviewed' END, now(), '', '',
               CASE WHEN right(s.code, 9)::int %% 10 = 0 THEN '' WHEN right(s.code, 9)::int %% 3 = 0 THEN 'advanced' ELSE 'qualified' END,
               CASE WHEN right(s.code, 9)::int %% 10 = 0 THEN NULL ELSE 80 + right(s.code, 9)::int %% 20 END, '{}'
        FROM inspections_campaign ca JOIN org_township t ON t.county_id = ca.county_id
        JOIN org_school s ON s.township_id = t.id JOIN org_user u ON u.school_id = s.id AND u.role = 'principal'
        WHERE s.code LIKE '9%%'""")
    return rows


def _complaints_and_orders() -> int:
    today = timezone.localdate()
    rows = _sql("""
        INSERT INTO inspections_complaint (school_id, tracking_code, category, text, contact_name, contact_phone,
            status, filed_at, assign_by, instruction, answer, outcome, serious, public_reply)
        SELECT s.id, 'B' || lpad((s.id * 2 + k)::text, 11, '0'), 'canteen', '饭菜分量不足', '', '13800000000',
               'filed', now() - (k || ' days')::interval, %s::date + k * 4 - 2, '', '', '', false, ''
        FROM org_school s CROSS JOIN generate_series(0, 1) k WHERE s.code LIKE '9%%'""", [today])
    rows += _sql("""
        INSERT INTO inspections_rectificationorder (school_id, number, finding, requirement, severity, deadline,
            responsible, status, issued_at, reopened_count, issued_by_id)
        SELECT s.id, 'ZG-' || s.code || '-' || k, '留样不足100克', '', 'general', %s::date + k * 20 - 5, '校长',
               'open', now(), 0, u.id
        FROM org_school s JOIN org_township t ON t.id = s.township_id JOIN org_county c ON c.id = t.county_id
        JOIN org_user u ON u.username = 'b' || c.code || '-inspector'
        CROSS JOIN generate_series(0, 1) k WHERE s.code LIKE '9%%'""", [today])
    return rows


def _public_pages() -> int:
    """What parents read: this week's published menu of every canteen, a year of published monthly
    accounts, and the county title of every third school."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    rows = _sql("""
        INSERT INTO canteens_weeklymenu (canteen_id, week_start, published_at, published_by_id)
        SELECT c.id, %s, now(), u.id FROM canteens_canteen c
        JOIN org_user u ON u.school_id = c.school_id AND u.role = 'school_staff'
        JOIN org_school s ON s.id = c.school_id WHERE s.code LIKE '9%%'""", [monday])
    rows += _sql("""
        INSERT INTO canteens_menudish (menu_id, date, meal, name, price, position)
        SELECT m.id, m.week_start + d, meal, '菜品' || n, 3.00, n FROM canteens_weeklymenu m
        CROSS JOIN generate_series(0, 4) d CROSS JOIN unnest(ARRAY['breakfast', 'lunch']) meal
        CROSS JOIN generate_series(0, 3) n""")
    rows += _sql("""
        INSERT INTO canteens_monthlyaccount (canteen_id, month, income_meal_fees, income_subsidy, income_other,
            spend_staples, spend_meat, spend_vegetables, spend_condiments, spend_fuel, spend_other, note,
            published_at, published_by_id)
        SELECT c.id, (date_trunc('month', %s::date) - (k || ' months')::interval)::date, 180000, 20000, 0,
               60000, 70000, 40000, 8000, 6000, 4000, '', now(), u.id
        FROM canteens_canteen c JOIN org_user u ON u.school_id = c.school_id AND u.role = 'school_staff'
        JOIN org_school s ON s.id = c.school_id CROSS JOIN generate_series(1, 12) k
        WHERE s.code LIKE '9%%'""", [today])
    rows += _sql("""
        INSERT INTO inspections_title (school_id, campaign_id, campaign_type_id, name, level, year, awarded_at,
            revoke_reason)
        SELECT d.school_id, ca.id, r.campaign_type_id, ca.year || '年度县级放心食堂', 'county', ca.year, now(), ''
        FROM inspections_declaration d JOIN inspections_campaign ca ON ca.id = d.campaign_id
        JOIN inspections_rubric r ON r.id = ca.rubric_id WHERE d.grade = 'advanced'""")
    return rows


def _assets(per_school: int) -> int:
    today = timezone.localdate()
    rows = _sql("""
        INSERT INTO assets_room (school_id, code, name, building, kind, department, dorm_level, beds, occupants,
            is_active)
        SELECT s.id, 'R' || s.code || '-' || n, n || '号教室', '教学楼', 'classroom', '', '', 0, 0, true
        FROM org_school s CROSS JOIN generate_series(1, 10) n WHERE s.code LIKE '9%%'""")
    rows += _sql("""
        INSERT INTO assets_asset (school_id, tag_code, name, category, model, purchase_date, original_value,
            funding_source, room_id, custodian_department, status, useful_life_years, opening_depreciation,
            supplier, invoice_number, source, note, created_at)
        SELECT r.school_id, 'A' || s.code || '-' || lpad(n::text, 4, '0'), '课桌椅' || n, 'furniture', '', %s::date - n * 7,
               300 + n, 'budget', r.id, '', 'in_use', 15, 0, '', '', 'manual', '', now()
        FROM org_school s JOIN assets_room r ON r.school_id = s.id AND r.code = 'R' || s.code || '-1'
        CROSS JOIN generate_series(1, %s) n WHERE s.code LIKE '9%%'""", [today, per_school])
    return rows


def _buses() -> int:
    """A bus, a driver, an escort and a route at every third school, with a month of trips."""
    today = timezone.localdate()
    rows = _sql("""
        INSERT INTO schoolbus_vehicle (school_id, plate, model_name, seats, operator, company, permit_number,
            permit_expiry, permit_scan, inspection_expiry, inspection_scan, compulsory_insurance_expiry,
            compulsory_insurance_scan, carrier_insurance_expiry, carrier_insurance_scan, gps_fitted, video_fitted,
            status)
        SELECT id, '鄂F' || lpad((id %% 100000)::text, 5, '0'), '宇通', 35, 'school', '', 'X' || code, %s, '', %s, '',
               %s, '', %s, '', true, true, 'in_service'
        FROM org_school WHERE code LIKE '9%%' AND has_bus_service""", [today + dt.timedelta(days=200)] * 4)
    rows += _sql("""
        INSERT INTO schoolbus_driver (school_id, name, phone, date_of_birth, licence_class, licence_number,
            licence_first_issued, licence_expiry, licence_scan, qualification_approved_on, qualification_scan,
            fatal_accident_liability, is_active)
        SELECT school_id, '基准司机', '', %s, 'A1', '', %s, %s, '', %s, '', false, true FROM schoolbus_vehicle v
        JOIN org_school s ON s.id = v.school_id WHERE s.code LIKE '9%%'""",
                 [today - dt.timedelta(days=45 * 365), today - dt.timedelta(days=15 * 365),
                  today + dt.timedelta(days=900), today - dt.timedelta(days=700)])
    rows += _sql("""
        INSERT INTO schoolbus_escort (school_id, name, phone, is_active)
        SELECT school_id, '基准照管', '', true FROM schoolbus_vehicle v JOIN org_school s ON s.id = v.school_id
        WHERE s.code LIKE '9%%'""")
    rows += _sql("""
        INSERT INTO schoolbus_route (school_id, name, vehicle_id, driver_id, escort_id, students, morning_departure,
            afternoon_departure, weekdays, is_active)
        SELECT v.school_id, '一号线', v.id, d.id, e.id, 30, '06:50', '16:40', '{1,2,3,4,5}', true
        FROM schoolbus_vehicle v JOIN schoolbus_driver d ON d.school_id = v.school_id
        JOIN schoolbus_escort e ON e.school_id = v.school_id JOIN org_school s ON s.id = v.school_id
        WHERE s.code LIKE '9%%'""")
    rows += _sql(f"""
        INSERT INTO schoolbus_trip (school_id, route_id, date, direction, vehicle_id, driver_id, escort_id,
            checks_passed, check_note, checked_by_id, checked_at, boarded, alighted, counted_at, resolution)
        SELECT r.school_id, r.id, d::date, dir, r.vehicle_id, r.driver_id, r.escort_id,
               ARRAY['brakes','tyres','lights','steering','doors','extinguisher','first_aid','hammer','gps_video',
                     'seat_belts','driver_fit','escort_on_board','signs'], '', u.id, d, 30, 30, d, ''
        FROM schoolbus_route r JOIN org_user u ON u.school_id = r.school_id AND u.role = 'school_staff'
        JOIN org_school s ON s.id = r.school_id
        CROSS JOIN unnest(ARRAY['to_school', 'home']) dir
        CROSS JOIN {_SCHOOL_DAYS} AND s.code LIKE '9%%'""", _days(30))
    return rows
