"""A school bus of school A with valid papers, an eligible driver, an escort and a route; the same
for school B; and school A's bus manager."""

import datetime as dt

import pytest
from django.utils import timezone

from schoolbus import services
from schoolbus.choices import CheckItem, Direction, LicenceClass
from schoolbus.models import Driver, Escort, Route, RouteStop, Vehicle
from schoolbus.services.fleet import StopEntry
from tests import factories


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_vehicle(school, plate="鄂F12345", seats=35, **fields):
    papers = {"permit_number": "许可001", "permit_expiry": in_days(200), "inspection_expiry": in_days(200),
              "compulsory_insurance_expiry": in_days(200), "carrier_insurance_expiry": in_days(200),
              "gps_fitted": True, "video_fitted": True}
    return Vehicle.objects.create(school=school, plate=plate, seats=seats, model_name="宇通ZK6609DX",
                                  **{**papers, **fields})


def driver_fields(**fields):
    return {"name": "张师傅", "date_of_birth": years_ago(45), "licence_class": LicenceClass.A1,
            "licence_number": "420601198001010011", "licence_first_issued": years_ago(20),
            "licence_expiry": in_days(800), "qualification_approved_on": years_ago(2), **fields}


def make_driver(school, **fields):
    return Driver.objects.create(school=school, **driver_fields(**fields))


def make_route(school, vehicle, driver, escort, name="一号线", students=30):
    route = Route.objects.create(school=school, name=name, vehicle=vehicle, driver=driver, escort=escort,
                                 students=students, morning_departure=dt.time(7, 0),
                                 afternoon_departure=dt.time(16, 30), weekdays=[1, 2, 3, 4, 5, 6, 7])
    for position, stop in enumerate(["王家湾", "李家岗", "学校"], start=1):
        RouteStop.objects.create(route=route, position=position, name=stop)
    return route


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def bus_manager(school_a):
    return factories.staff(school_a, duties=["bus_manager"], username="busman_a", full_name="孙校车")


@pytest.fixture
def fleet(school_a):
    vehicle = make_vehicle(school_a)
    driver = make_driver(school_a)
    escort = Escort.objects.create(school=school_a, name="周照管", trained_on=in_days(-30))
    return {"vehicle": vehicle, "driver": driver, "escort": escort,
            "route": make_route(school_a, vehicle, driver, escort)}


@pytest.fixture
def fleet_b(school_b):
    vehicle = make_vehicle(school_b, plate="鄂F54321")
    driver = make_driver(school_b, name="乙司机")
    escort = Escort.objects.create(school=school_b, name="乙照管")
    return {"vehicle": vehicle, "driver": driver, "escort": escort,
            "route": make_route(school_b, vehicle, driver, escort, name="乙线")}


def record_trip(route, user, *, boarded=None, alighted=None, date=None, direction=Direction.TO_SCHOOL,
                checks=None):
    return services.trip_record(route=route, date=date or timezone.localdate(), direction=direction,
                                checks_passed=CheckItem.values if checks is None else checks, boarded=boarded,
                                alighted=alighted, acting_user=user)


def stops(*names):
    return [StopEntry(name) for name in names]
