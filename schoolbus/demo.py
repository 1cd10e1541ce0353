"""Demo data of the school-bus app: the buses of every school with the bus service, their drivers,
escorts and routes; at 城关镇第一小学 (the demo bus manager's school) a week of trips with one head
count that differed, a hazard check, a drill and a training, and last quarter's report submitted;
one bus elsewhere with an insurance about to expire and one driver past the age limit."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from houqin.org.demo import COUNTY, SURNAMES
from houqin.org.models import County, School, User
from schoolbus import services
from schoolbus.choices import ActivityKind, CheckItem, Direction, LicenceClass
from schoolbus.models import Driver, Escort, HazardCheck, Route, RouteStop, SafetyActivity, Trip, Vehicle
from schoolbus.rules import previous_quarter

PLACES = "王家湾 李家岗 张家店 刘家河 陈家畈 黄土坡 油坊岭 石桥铺 杨柳湾 桃花店".split()


def _years_ago(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or Vehicle.objects.filter(school__township__county=county).exists():
        return
    rng = random.Random(2027)
    today = timezone.localdate()
    manager = User.objects.get(username="staff")
    schools = list(School.objects.filter(township__county=county, has_bus_service=True).order_by("code"))
    plate_no = 10000
    for index, school in enumerate(schools):
        buses = 2 if school.pk == manager.school_id else 1
        for n in range(buses):
            plate_no += rng.randint(7, 91)
            expiry = today + dt.timedelta(days=rng.randint(60, 330))
            vehicle = Vehicle.objects.create(
                school=school, plate=f"鄂F{plate_no:05d}", model_name=rng.choice(["宇通ZK6609DX", "金龙XMQ6601"]),
                seats=rng.choice([19, 35, 41]) if n else 41, permit_number=f"鄂校许{2026}{plate_no}",
                permit_expiry=expiry, inspection_expiry=expiry - dt.timedelta(days=40),
                compulsory_insurance_expiry=(today + dt.timedelta(days=18)) if index == 1 else expiry,
                carrier_insurance_expiry=expiry, gps_fitted=True, video_fitted=True)
            born = _years_ago(today, 61 if (index == 2 and n == 0) else rng.randint(32, 55))
            driver = Driver.objects.create(
                school=school, name=rng.choice(SURNAMES) + rng.choice(["师傅", "建国", "志强", "德明"]),
                phone=f"1397100{plate_no % 10000:04d}", date_of_birth=born, licence_class=LicenceClass.A1,
                licence_number=f"4206{plate_no:014d}", licence_first_issued=_years_ago(today, rng.randint(8, 20)),
                licence_expiry=today + dt.timedelta(days=rng.randint(300, 2000)),
                qualification_approved_on=_years_ago(today, 2))
            escort = Escort.objects.create(school=school, name=rng.choice(SURNAMES) + rng.choice(["老师", "阿姨"]),
                                           trained_on=today - dt.timedelta(days=60))
            route = Route.objects.create(
                school=school, name=f"{n + 1}号线", vehicle=vehicle, driver=driver, escort=escort,
                students=min(vehicle.seats, rng.randint(15, 40)), morning_departure=dt.time(6, 35 + n * 5),
                afternoon_departure=dt.time(16, 40))
            for position, place in enumerate(rng.sample(PLACES, 4) + [school.name[:6]], start=1):
                RouteStop.objects.create(route=route, position=position, name=place,
                                         morning_time=dt.time(6, 35 + n * 5 + position * 3) if position < 5 else None)
    _manager_school_week(manager, today)
    if stdout:
        stdout.write(f"  school buses: {Vehicle.objects.filter(school__township__county=county).count()} buses")


def _manager_school_week(manager, today):
    routes = list(Route.objects.filter(school_id=manager.school_id))
    if not routes:
        return
    school_id = manager.school_id
    for days_ago in range(6, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        for route in routes:
            for direction in Direction.values:
                alighted = route.students - (1 if (days_ago == 1 and direction == Direction.HOME
                                                   and route == routes[0]) else 0)
                Trip.objects.create(school_id=school_id, route=route, date=day, direction=direction,
                                    vehicle=route.vehicle, driver=route.driver, escort=route.escort,
                                    checks_passed=CheckItem.values, checked_by=manager, checked_at=timezone.now(),
                                    boarded=route.students, alighted=alighted, counted_at=timezone.now())
    HazardCheck.objects.create(school_id=school_id, date=today - dt.timedelta(days=9), vehicle=routes[0].vehicle,
                               place=f"{routes[0].vehicle.plate} 车辆", findings="安全锤缺失 1 个",
                               deadline=today - dt.timedelta(days=2), rectified_on=today - dt.timedelta(days=5),
                               rectification="已补配安全锤", checked_by=manager.full_name)
    HazardCheck.objects.create(school_id=school_id, date=today - dt.timedelta(days=3), place="李家岗 站点",
                               findings="站点护栏破损", deadline=today + dt.timedelta(days=7),
                               checked_by=manager.full_name)
    SafetyActivity.objects.create(school_id=school_id, kind=ActivityKind.DRILL, date=today - dt.timedelta(days=40),
                                  title="校车应急疏散演练", participants=62)
    SafetyActivity.objects.create(school_id=school_id, kind=ActivityKind.LESSON, date=today - dt.timedelta(days=20),
                                  title="乘车安全第一课", participants=320)
    SafetyActivity.objects.create(school_id=school_id, kind=ActivityKind.TRAINING, date=today - dt.timedelta(days=70),
                                  title="驾驶人与照管人员安全培训", participants=4)
    principal = User.objects.filter(school_id=school_id, role="principal").first()
    if principal is not None:
        year, quarter = previous_quarter(today)
        report = services.report_assemble(school_id=school_id, year=year, quarter=quarter, note="本季度运行正常。",
                                          acting_user=manager)
        services.report_submit(report=report, acting_user=principal)
