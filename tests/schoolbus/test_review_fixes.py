"""What a hostile review of the school-bus app found, each kept fixed by a test."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from houqin.notify import services as notify
from houqin.notify.models import Notification
from houqin.org.models import Term
from schoolbus import services
from schoolbus.choices import ActivityKind, CheckItem, LicenceClass, Liability
from schoolbus.models import Accident, Driver, Escort, QuarterlyReport, Route, SafetyActivity, Trip, Vehicle
from tests.schoolbus.conftest import in_days, make_driver, record_trip, stops

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("born", ["2000-02-29", "9990-01-01", "9999-12-31", "0001-01-01"])
def test_odd_dates_of_birth_get_a_message_never_a_500(client, school_a, bus_manager, born):
    client.force_login(bus_manager)
    response = client.post(reverse("schoolbus:driver_create"), {
        "name": "闰年司机", "date_of_birth": born, "licence_class": "A1", "licence_first_issued": "2018-02-28",
        "licence_expiry": in_days(300).isoformat(), "qualification_approved_on": in_days(-100).isoformat(),
        "is_active": "on"})
    assert response.status_code == 200
    assert not Driver.objects.exists()


def test_a_leap_day_birthday_reaches_18_on_the_first_of_march(school_a, bus_manager):
    fields = {"school": school_a, "name": "闰年", "date_of_birth": dt.date(1980, 2, 29), "licence_class": "A1",
              "licence_expiry": in_days(300), "qualification_approved_on": in_days(-100)}
    with pytest.raises(ValidationError) as error:
        services.driver_save(driver=Driver(**fields, licence_first_issued=dt.date(1998, 2, 28)), acting_user=bus_manager)
    assert "licence_first_issued" in error.value.message_dict
    services.driver_save(driver=Driver(**fields, licence_first_issued=dt.date(1998, 3, 1)), acting_user=bus_manager)


@pytest.mark.parametrize("per_page", ["-1", "0", "100000", "abc", "１０"])
def test_a_bad_page_size_is_ignored(client, fleet, bus_manager, per_page):
    client.force_login(bus_manager)
    response = client.get(reverse("schoolbus:vehicle_list"), {"per_page": per_page})
    assert response.status_code == 200 and response.context["table"].paginator.per_page == 25


def test_the_check_is_not_rewritten_once_children_have_boarded(fleet, bus_manager, principal_a):
    record_trip(fleet["route"], bus_manager, boarded=5)
    trip = record_trip(fleet["route"], principal_a, alighted=5, checks=[])
    assert set(trip.checks_passed) == set(CheckItem.values) and trip.checked_by == bus_manager


def test_a_driver_who_left_cannot_run_a_trip_but_a_stand_in_can(fleet, bus_manager, school_a):
    Driver.objects.filter(pk=fleet["driver"].pk).update(is_active=False)
    route = Route.objects.get(pk=fleet["route"].pk)
    with pytest.raises(ValidationError):
        record_trip(route, bus_manager, boarded=5)
    stand_in = make_driver(school_a, name="代班司机")
    escort = Escort.objects.create(school=school_a, name="代班照管")
    trip = services.trip_record(route=route, date=in_days(0), direction="to_school", checks_passed=CheckItem.values,
                                boarded=5, driver=stand_in, escort=escort, acting_user=bus_manager)
    assert (trip.driver, trip.escort) == (stand_in, escort)


def test_a_stand_in_who_fails_a_rule_cannot_run_the_trip(fleet, bus_manager, school_a):
    too_young = make_driver(school_a, name="年轻司机", date_of_birth=in_days(-23 * 366), licence_first_issued=in_days(-4 * 366))
    with pytest.raises(ValidationError) as error:
        services.trip_record(route=fleet["route"], date=in_days(0), direction="to_school", checks_passed=CheckItem.values,
                             boarded=5, driver=too_young, acting_user=bus_manager)
    assert "年龄" in " ".join(error.value.messages)
    assert not Trip.objects.exists()


def test_the_trip_page_offers_a_stand_in(client, fleet, bus_manager, school_a):
    stand_in = make_driver(school_a, name="代班司机")
    client.force_login(bus_manager)
    url = reverse("schoolbus:trip_record")
    assert "代班司机" in client.get(url, {"route": fleet["route"].pk}).content.decode()
    client.post(url, {"route": fleet["route"].pk, "direction": "to_school", "date": in_days(0).isoformat(),
                      "checks_passed": CheckItem.values, "boarded": 3, "driver": stand_in.pk,
                      "escort": fleet["escort"].pk})
    assert Trip.objects.get().driver == stand_in


def test_a_route_can_be_stopped_after_its_driver_left(client, fleet, bus_manager):
    Driver.objects.filter(pk=fleet["driver"].pk).update(is_active=False)
    route = fleet["route"]
    client.force_login(bus_manager)
    response = client.post(reverse("schoolbus:route_update", args=[route.pk]), {
        "name": route.name, "vehicle": route.vehicle_id, "driver": route.driver_id, "escort": route.escort_id,
        "students": route.students, "weekdays": [1, 2, 3, 4, 5], "stops-TOTAL_FORMS": 1, "stops-INITIAL_FORMS": 0,
        "stops-0-name": "王家湾"})
    assert response.status_code == 302, response.context["form"].errors
    assert not Route.objects.get(pk=route.pk).is_active


def test_the_fatal_accident_bar_cannot_be_lifted_by_editing_the_driver(fleet, bus_manager, school_a):
    services.accident_record(accident=Accident(school=school_a, date=in_days(-1), vehicle=fleet["vehicle"],
                                               driver=fleet["driver"], place="县道", description="侧翻", deaths=1,
                                               liability=Liability.MAIN), acting_user=bus_manager)
    driver = Driver.objects.get(pk=fleet["driver"].pk)
    driver.fatal_accident_liability = False
    with pytest.raises(ValidationError) as error:
        services.driver_save(driver=driver, acting_user=bus_manager)
    assert "fatal_accident_liability" in error.value.message_dict
    assert Driver.objects.get(pk=driver.pk).fatal_accident_liability


def test_a_bus_cannot_grow_past_what_its_b1_driver_may_drive(school_a, bus_manager, fleet):
    small = Vehicle.objects.create(school=school_a, plate="鄂F19191", seats=19, permit_expiry=in_days(99),
                                   inspection_expiry=in_days(99), compulsory_insurance_expiry=in_days(99),
                                   carrier_insurance_expiry=in_days(99), gps_fitted=True, video_fitted=True)
    b1 = make_driver(school_a, name="B1司机", licence_class=LicenceClass.B1)
    route = Route(school=school_a, name="小车线", vehicle=small, driver=b1, escort=fleet["escort"], students=15)
    services.route_save(route=route, stops=stops("甲"), acting_user=bus_manager)
    small.seats = 35
    with pytest.raises(ValidationError) as error:
        services.vehicle_save(vehicle=small, acting_user=bus_manager)
    assert "B1" in " ".join(error.value.message_dict["seats"])


def test_a_bus_without_gps_counts_as_not_fit_everywhere(client, fleet, bureau_admin):
    Vehicle.objects.filter(pk=fleet["vehicle"].pk).update(gps_fitted=False)
    client.force_login(bureau_admin)
    row = next(r for r in client.get(reverse("schoolbus:overview")).context["table"].rows)
    assert row.record.papers_invalid == 1
    listed = client.get(reverse("schoolbus:vehicle_list"), {"papers": "invalid"}).context["table"].rows
    assert [r.record.plate for r in listed] == [fleet["vehicle"].plate]


def test_no_drill_reminder_in_the_holidays(fleet, bus_manager, school_a):
    school_a.has_bus_service = True
    school_a.save()
    Term.objects.create(school_year=2025, semester=2, start_date=dt.date(2026, 2, 23), end_date=dt.date(2026, 7, 3))
    Term.objects.create(school_year=2026, semester=1, start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 22))
    for day in (dt.date(2026, 7, 20), dt.date(2026, 8, 31), dt.date(2027, 1, 28)):
        notify.reminders_run(today=day)
    assert not Notification.objects.filter(rule="schoolbus.drill_missing").exists()
    notify.reminders_run(today=dt.date(2026, 4, 20))
    assert Notification.objects.filter(rule="schoolbus.drill_missing").exists()


def test_dashboard_figures_lead_to_the_records_behind_them(fleet, bus_manager, school_a):
    from houqin.core.dashboard import FIGURES

    record_trip(fleet["route"], bus_manager, boarded=5)
    record_trip(fleet["route"], bus_manager, alighted=4)
    url = FIGURES["schoolbus.head_counts_open"].url(school=school_a)
    assert url.startswith(reverse("schoolbus:trip_list")) and "unresolved=true" in url


def test_the_trip_list_filters_unresolved_differences(client, fleet, bus_manager, principal_a):
    record_trip(fleet["route"], bus_manager, boarded=5)
    trip = record_trip(fleet["route"], bus_manager, alighted=4)
    client.force_login(principal_a)
    assert len(client.get(reverse("schoolbus:trip_list"), {"unresolved": "true"}).context["table"].rows) == 1
    services.trip_resolve(trip=trip, resolution="已找到", acting_user=principal_a)
    assert len(client.get(reverse("schoolbus:trip_list"), {"unresolved": "true"}).context["table"].rows) == 0


def test_the_report_list_shows_the_newest_quarter_first(client, school_a, principal_a):
    for year, quarter in ((2025, 1), (2026, 3), (2025, 4)):
        QuarterlyReport.objects.create(school=school_a, year=year, quarter=quarter, assembled_at=timezone.now())
    client.force_login(principal_a)
    rows = client.get(reverse("schoolbus:report_list")).context["table"].rows
    assert [r.record.period for r in rows] == ["2026 Q3", "2025 Q4", "2025 Q1"]
