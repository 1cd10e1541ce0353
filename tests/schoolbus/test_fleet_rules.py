"""Each rule of the fleet as a service test, allowed and refused: plates, the driver's conditions of
条例 第二十三条, overload, the bus's papers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolbus import services
from schoolbus.choices import LicenceClass
from schoolbus.models import Driver, Route, Vehicle
from schoolbus.rules import driver_rules, plate_is_valid, plate_normalise
from schoolbus.selectors import ineligible_driver_q
from tests.schoolbus.conftest import driver_fields, in_days, make_driver, make_vehicle, stops, years_ago

pytestmark = pytest.mark.django_db


# --- plates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("鄂F12345", "鄂F12345"), ("鄂f·12345", "鄂F12345"), ("鄂Ｆ１２３４５", "鄂F12345"), ("京A 8B9C7", "京A8B9C7"),
    ("鄂A12345D", "鄂A12345D"), ("粤BD12345", "粤BD12345"), ("鄂A-F1234", "鄂AF1234"),
])
def test_valid_plates_are_stored_normalised(school_a, principal_a, typed, stored):
    vehicle = services.vehicle_save(vehicle=Vehicle(school=school_a, plate=typed, seats=19), acting_user=principal_a)
    assert Vehicle.objects.get(pk=vehicle.pk).plate == stored
    assert vehicle.history.count() == 1


@pytest.mark.parametrize("typed", ["鄂I12345", "鄂O12345", "AB12345", "鄂A1234", "鄂A1234567", "鄂A12345X", "鄂AX12345",
                                   "美A12345", "", "🚌A12345", "鄂A12'3;"])
def test_malformed_plates_are_refused_with_a_message(school_a, principal_a, typed):
    with pytest.raises(ValidationError) as error:
        services.vehicle_save(vehicle=Vehicle(school=school_a, plate=typed, seats=19), acting_user=principal_a)
    assert "不是有效的车牌号" in " ".join(error.value.message_dict["plate"])
    assert not Vehicle.objects.exists()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_plate_validation_never_raises_and_accepts_only_the_plate_shape(text):
    plate = plate_normalise(text)
    if plate_is_valid(plate):
        assert len(plate) in (7, 8) and plate[1].isascii() and plate[1].isupper()


def test_a_company_bus_names_its_company(school_a, principal_a):
    with pytest.raises(ValidationError) as error:
        services.vehicle_save(vehicle=Vehicle(school=school_a, plate="鄂F11111", seats=19, operator="company"),
                              acting_user=principal_a)
    assert "company" in error.value.message_dict


def test_only_the_schools_keepers_register_buses(school_a, staff_a, principal_b):
    with pytest.raises(PermissionDenied):  # a canteen manager does not keep the buses
        services.vehicle_save(vehicle=Vehicle(school=school_a, plate="鄂F11111", seats=19), acting_user=staff_a)
    from django.http import Http404

    with pytest.raises(Http404):
        services.vehicle_save(vehicle=Vehicle(school=school_a, plate="鄂F11111", seats=19), acting_user=principal_b)
    assert not Vehicle.objects.exists()


# --- drivers --------------------------------------------------------------------------------------

def new_driver(school, **fields):
    return Driver(school=school, **driver_fields(**fields))


def test_an_eligible_driver_is_registered(school_a, bus_manager):
    driver = services.driver_save(driver=new_driver(school_a), acting_user=bus_manager)
    assert all(r.passed for r in driver_rules(driver, in_days(0)))
    assert driver.history.get().history_user == bus_manager


@pytest.mark.parametrize("fields, field, words", [
    ({"date_of_birth": years_ago(24), "licence_first_issued": years_ago(5)}, "date_of_birth", ["年龄", "24"]),
    ({"date_of_birth": years_ago(61)}, "date_of_birth", ["年龄", "61"]),
    ({"licence_expiry": in_days(-1)}, "licence_expiry", ["驾驶证有效期"]),
    ({"licence_first_issued": years_ago(3, days=-1)}, "licence_first_issued", ["驾龄", "3"]),
    ({"licence_class": LicenceClass.C1}, "licence_class", ["准驾车型", "C1"]),
    ({"qualification_approved_on": None}, "qualification_approved_on", ["驾驶资格"]),
    ({"last_full_score_on": years_ago(2)}, "last_full_score_on", ["记分", "12"]),
    ({"fatal_accident_liability": True}, "fatal_accident_liability", ["死亡"]),
])
def test_a_new_driver_failing_a_rule_is_refused_naming_it(school_a, bus_manager, fields, field, words):
    with pytest.raises(ValidationError) as error:
        services.driver_save(driver=new_driver(school_a, **fields), acting_user=bus_manager)
    message = " ".join(error.value.message_dict[field])
    assert all(word in message for word in words), message
    assert not Driver.objects.exists()


@pytest.mark.parametrize("fields", [
    {"date_of_birth": years_ago(25), "licence_first_issued": years_ago(5)}, {"date_of_birth": years_ago(60)}, {"date_of_birth": years_ago(61, days=-1)},
    {"licence_first_issued": years_ago(3)}, {"licence_class": LicenceClass.A3}, {"licence_class": LicenceClass.B1},
    {"last_full_score_on": years_ago(3, days=1)}, {"licence_expiry": in_days(0)},
])
def test_drivers_at_the_edges_of_the_rules_are_allowed(school_a, bus_manager, fields):
    services.driver_save(driver=new_driver(school_a, **fields), acting_user=bus_manager)
    assert Driver.objects.count() == 1


@pytest.mark.parametrize("fields, field", [
    ({"date_of_birth": in_days(3)}, "date_of_birth"),
    ({"licence_first_issued": in_days(3)}, "licence_first_issued"),
    ({"date_of_birth": years_ago(30), "licence_first_issued": years_ago(15)}, "licence_first_issued"),
    ({"licence_expiry": years_ago(21)}, "licence_expiry"),
])
def test_impossible_dates_are_refused(school_a, bus_manager, fields, field):
    with pytest.raises(ValidationError) as error:
        services.driver_save(driver=new_driver(school_a, **fields), acting_user=bus_manager)
    assert field in error.value.message_dict


def test_an_employed_driver_who_now_fails_a_rule_is_saved_but_cannot_be_assigned(fleet, bus_manager):
    driver = fleet["driver"]
    driver.last_full_score_on = in_days(-10)
    services.driver_save(driver=driver, acting_user=bus_manager)  # the register holds the facts
    route = Route.objects.get(pk=fleet["route"].pk)
    with pytest.raises(ValidationError) as error:
        services.route_save(route=route, stops=stops("甲", "乙"), acting_user=bus_manager)
    assert "记分" in " ".join(error.value.message_dict["driver"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(born=st.integers(min_value=-70 * 366, max_value=-18 * 365), first=st.integers(min_value=-30 * 366, max_value=0),
       expiry=st.integers(min_value=-400, max_value=400), full=st.one_of(st.none(), st.integers(-2000, 0)),
       cls=st.sampled_from(LicenceClass.values), approved=st.booleans(), fatal=st.booleans())
def test_the_sql_rule_and_the_python_rules_agree(school_a, born, first, expiry, full, cls, approved, fatal):
    """The dashboard and the filters count in SQL what the forms check in Python: the same drivers."""
    Driver.objects.all().delete()
    driver = Driver.objects.create(school=school_a, name="x", date_of_birth=in_days(born), licence_class=cls,
                                   licence_first_issued=in_days(first), licence_expiry=in_days(expiry),
                                   qualification_approved_on=in_days(-10) if approved else None,
                                   last_full_score_on=in_days(full) if full is not None else None,
                                   fatal_accident_liability=fatal)
    today = in_days(0)
    python_fails = not all(r.passed for r in driver_rules(driver, today))
    assert Driver.objects.filter(ineligible_driver_q(today), pk=driver.pk).exists() == python_fails


# --- routes ---------------------------------------------------------------------------------------

def test_a_route_with_more_children_than_seats_is_an_overload(fleet, bus_manager):
    route = Route.objects.get(pk=fleet["route"].pk)
    route.students = fleet["vehicle"].seats + 1
    with pytest.raises(ValidationError) as error:
        services.route_save(route=route, stops=stops("甲", "乙"), acting_user=bus_manager)
    assert "超员" in " ".join(error.value.message_dict["students"])
    assert Route.objects.get(pk=route.pk).students == 30  # nothing half-saved
    route.students = fleet["vehicle"].seats
    services.route_save(route=route, stops=stops("甲", "乙", "丙"), acting_user=bus_manager)
    assert list(route.stops.order_by("position").values_list("name", flat=True)) == ["甲", "乙", "丙"]


def test_stops_keep_their_order_and_removed_stops_go(fleet, bus_manager):
    route = fleet["route"]
    services.route_save(route=route, stops=stops("丙", "甲"), acting_user=bus_manager)
    assert list(route.stops.order_by("position").values_list("name", flat=True)) == ["丙", "甲"]
    with pytest.raises(ValidationError):
        services.route_save(route=route, stops=stops("丙", "丙"), acting_user=bus_manager)
    with pytest.raises(ValidationError):
        services.route_save(route=route, stops=[], acting_user=bus_manager)


def test_a_b1_driver_does_not_drive_a_big_bus(fleet, bus_manager, school_a):
    small_licence = make_driver(school_a, name="小车司机", licence_class=LicenceClass.B1)
    route = fleet["route"]
    route.driver = small_licence
    with pytest.raises(ValidationError) as error:
        services.route_save(route=route, stops=stops("甲"), acting_user=bus_manager)
    assert "B1" in " ".join(error.value.message_dict["driver"])
    route.vehicle = make_vehicle(school_a, plate="鄂F22222", seats=19)
    route.students = 19
    services.route_save(route=route, stops=stops("甲"), acting_user=bus_manager)


def test_a_bus_with_an_expired_paper_cannot_be_assigned(fleet, bus_manager):
    vehicle = fleet["vehicle"]
    vehicle.compulsory_insurance_expiry = in_days(-1)
    vehicle.save()
    with pytest.raises(ValidationError) as error:
        services.route_save(route=fleet["route"], stops=stops("甲"), acting_user=bus_manager)
    assert "交强险" in " ".join(error.value.message_dict["vehicle"])


def test_a_bus_cannot_lose_seats_below_its_routes_children(fleet, bus_manager):
    vehicle = Vehicle.objects.get(pk=fleet["vehicle"].pk)
    vehicle.seats = 20
    with pytest.raises(ValidationError) as error:
        services.vehicle_save(vehicle=vehicle, acting_user=bus_manager)
    assert "超员" in " ".join(error.value.message_dict["seats"])
    assert Vehicle.objects.get(pk=vehicle.pk).seats == 35


def test_another_schools_driver_cannot_be_put_on_a_route(fleet, fleet_b, bus_manager):
    route = fleet["route"]
    route.driver = fleet_b["driver"]
    with pytest.raises(ValidationError) as error:
        services.route_save(route=route, stops=stops("甲"), acting_user=bus_manager)
    assert "driver" in error.value.message_dict
