"""School-bus pages: the scope contract on every view, who may write, the phone pages, bad input on
the forms, and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schoolbus import services
from schoolbus.choices import ActivityKind, CheckItem, Direction
from schoolbus.models import Accident, Driver, Escort, HazardCheck, Route, SafetyActivity, Trip, Vehicle
from schoolbus.rules import previous_quarter
from tests import factories
from tests.schoolbus.conftest import in_days, make_driver, make_route, make_vehicle, record_trip, years_ago
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(fleet, bus_manager, school_a):
    trip = record_trip(fleet["route"], bus_manager, boarded=28)
    trip = record_trip(fleet["route"], bus_manager, alighted=27)
    hazard = services.hazard_save(check=HazardCheck(school=school_a, date=in_days(-1), place="王家湾站台",
                                                    checked_by="孙"), acting_user=bus_manager)
    accident = services.accident_record(accident=Accident(
        school=school_a, date=in_days(-2), vehicle=fleet["vehicle"], driver=fleet["driver"], place="县道",
        description="刮擦"), acting_user=bus_manager)
    activity = services.activity_save(activity=SafetyActivity(school=school_a, kind=ActivityKind.DRILL,
                                                              date=in_days(-3), title="疏散演练", participants=30),
                                      acting_user=bus_manager)
    year, quarter = previous_quarter(timezone.localdate())
    report = services.report_assemble(school_id=school_a.pk, year=year, quarter=quarter, acting_user=bus_manager)
    return {**fleet, "trip": trip, "hazard": hazard, "accident": accident, "activity": activity, "report": report}


def object_urls(r):
    return [
        reverse("schoolbus:vehicle_detail", args=[r["vehicle"].pk]),
        reverse("schoolbus:vehicle_update", args=[r["vehicle"].pk]),
        reverse("schoolbus:driver_update", args=[r["driver"].pk]),
        reverse("schoolbus:escort_update", args=[r["escort"].pk]),
        reverse("schoolbus:route_detail", args=[r["route"].pk]),
        reverse("schoolbus:route_update", args=[r["route"].pk]),
        reverse("schoolbus:trip_detail", args=[r["trip"].pk]),
        reverse("schoolbus:trip_resolve", args=[r["trip"].pk]),
        reverse("schoolbus:hazard_update", args=[r["hazard"].pk]),
        reverse("schoolbus:accident_update", args=[r["accident"].pk]),
        reverse("schoolbus:activity_update", args=[r["activity"].pk]),
        reverse("schoolbus:report_detail", args=[r["report"].pk]),
        reverse("schoolbus:report_refresh", args=[r["report"].pk]),
        reverse("schoolbus:report_submit", args=[r["report"].pk]),
        reverse("schoolbus:report_accept", args=[r["report"].pk]),
        reverse("schoolbus:report_return", args=[r["report"].pk]),
        f"{reverse('schoolbus:trip_record')}?route={r['route'].pk}&direction=to_school",
    ]


READ_ONLY = ("vehicle_detail", "route_detail", "trip_detail", "report_detail")


def test_another_schools_records_are_404_everywhere(client, records, principal_b):
    assert_not_found(client, principal_b, object_urls(records))


def test_another_countys_bureau_and_another_township_get_404_on_every_read(client, records, far_admin, township_b):
    reads = [reverse(f"schoolbus:{name}", args=[records[key].pk]) for name, key in
             (("vehicle_detail", "vehicle"), ("route_detail", "route"), ("trip_detail", "trip"),
              ("report_detail", "report"))]
    assert_not_found(client, far_admin, reads, methods=("get",))
    assert_not_found(client, factories.supervisor(township_b), reads, methods=("get",))


def test_the_bureau_and_the_township_read_but_do_not_write(client, records, bureau_inspector, supervisor_a):
    for user in (bureau_inspector, supervisor_a):
        assert_found(client, user, [reverse(f"schoolbus:{name}", args=[records[key].pk]) for name, key in
                                    (("vehicle_detail", "vehicle"), ("route_detail", "route"),
                                     ("trip_detail", "trip"), ("report_detail", "report"))])
        client.force_login(user)
        for url in (reverse("schoolbus:vehicle_create"), reverse("schoolbus:vehicle_update", args=[records["vehicle"].pk]),
                    reverse("schoolbus:route_create"), reverse("schoolbus:today")):
            assert client.get(url).status_code == 403, url
        assert client.post(reverse("schoolbus:trip_resolve", args=[records["trip"].pk]),
                           {"resolution": "x"}).status_code == 403


def test_a_staff_member_without_the_bus_duty_sees_nothing(client, records, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("schoolbus:today")).status_code == 403
    assert client.get(reverse("schoolbus:vehicle_detail", args=[records["vehicle"].pk])).status_code == 404
    assert records["vehicle"].plate not in client.get(reverse("schoolbus:vehicle_list")).content.decode()


@pytest.mark.parametrize("name, present, absent", [
    ("vehicle_list", "鄂F12345", "鄂F54321"), ("driver_list", "张师傅", "乙司机"), ("escort_list", "周照管", "乙照管"),
    ("route_list", "一号线", "乙线"), ("trip_list", "一号线", "乙线"), ("hazard_list", "王家湾站台", "乙镇站台"),
    ("accident_list", "县道", "乙镇县道"), ("activity_list", "疏散演练", "乙镇演练"),
])
def test_lists_and_exports_leave_other_schools_out(client, records, fleet_b, principal_a, principal_b, school_b, name,
                                                   present, absent):
    record_trip(fleet_b["route"], principal_b, boarded=5)
    HazardCheck.objects.create(school=school_b, date=in_days(-1), place="乙镇站台", checked_by="x")
    Accident.objects.create(school=school_b, date=in_days(-1), vehicle=fleet_b["vehicle"], driver=fleet_b["driver"],
                            place="乙镇县道", description="x")
    SafetyActivity.objects.create(school=school_b, kind=ActivityKind.DRILL, date=in_days(-1), title="乙镇演练",
                                  participants=3)
    assert_list_excludes(client, principal_a, reverse(f"schoolbus:{name}"), present=[present], absent=[absent])


def test_the_county_summary_exports_every_figure_of_the_countys_reports(client, records, bureau_inspector, far_admin):
    assert_list_excludes(client, bureau_inspector, reverse("schoolbus:report_list"), present=["甲镇第一小学"], absent=[])
    client.force_login(bureau_inspector)
    from tests.scoping import export_rows

    rows = export_rows(client.get(reverse("schoolbus:report_list"), {"_export": "xlsx"}))
    assert "清点人数不一致的趟次" in rows[0] and "出车检查有不合格项的趟次" in rows[0]
    assert_list_excludes(client, far_admin, reverse("schoolbus:report_list"), present=[], absent=["甲镇第一小学"])


def test_a_post_cannot_move_a_bus_into_another_school(client, records, principal_a, school_b):
    vehicle = records["vehicle"]
    assert_cannot_move(client, principal_a, reverse("schoolbus:vehicle_update", args=[vehicle.pk]),
                       {"plate": vehicle.plate, "seats": 35, "operator": "school", "status": "in_service"},
                       field="school", foreign_value=school_b.pk,
                       reload=lambda: Vehicle.objects.get(pk=vehicle.pk).school_id, expected=vehicle.school_id)


def test_a_route_cannot_take_another_schools_bus(client, records, fleet_b, principal_a):
    route = records["route"]
    client.force_login(principal_a)
    response = client.post(reverse("schoolbus:route_update", args=[route.pk]), {
        "name": route.name, "vehicle": fleet_b["vehicle"].pk, "driver": route.driver_id, "escort": route.escort_id,
        "students": 20, "weekdays": [1, 2], "is_active": "on", "stops-TOTAL_FORMS": 1, "stops-INITIAL_FORMS": 0,
        "stops-0-name": "甲"})
    assert response.status_code == 422
    assert Route.objects.get(pk=route.pk).vehicle_id == records["vehicle"].pk


# --- the pages at work ----------------------------------------------------------------------------

def test_the_bus_manager_records_a_trip_on_the_phone_page(client, fleet, bus_manager, principal_a):
    client.force_login(bus_manager)
    url = reverse("schoolbus:trip_record")
    page = client.get(url, {"route": fleet["route"].pk, "direction": "to_school", "copy": 1}).content.decode()
    assert " checked" not in page and 'data-testid="copy-last"' not in page  # no trip before: nothing to copy
    response = client.post(url, {"route": fleet["route"].pk, "direction": "to_school",
                                 "date": timezone.localdate().isoformat(), "checks_passed": CheckItem.values,
                                 "boarded": 30})
    assert response.status_code == 302
    response = client.post(url, {"route": fleet["route"].pk, "direction": "to_school",
                                 "date": timezone.localdate().isoformat(), "checks_passed": CheckItem.values,
                                 "alighted": 29}, follow=True)
    assert "校长" in response.content.decode()  # the page says the principal was alerted
    today = client.get(reverse("schoolbus:today")).content.decode()
    assert 'data-testid="head-count-alert"' in today
    copy = client.get(url, {"route": fleet["route"].pk, "direction": "home", "copy": 1}).content.decode()
    assert copy.count(" checked") == len(CheckItem.values)  # the afternoon copies the morning's check


@pytest.mark.parametrize("data, message", [
    ({"boarded": "-3"}, "0"), ({"boarded": "abc"}, "整数"), ({"boarded": "99999"}, "999"),
    ({"boarded": "40"}, "超员"), ({"date": "2999-01-01", "boarded": "3"}, None),
])
def test_bad_head_counts_get_a_message_never_a_500(client, fleet, bus_manager, data, message):
    client.force_login(bus_manager)
    payload = {"route": fleet["route"].pk, "direction": "to_school", "date": timezone.localdate().isoformat(),
               "checks_passed": CheckItem.values, **data}
    response = client.post(reverse("schoolbus:trip_record"), payload)
    assert response.status_code in (404, 422)
    if message:
        assert message in response.content.decode()
    assert not Trip.objects.exists()


@pytest.mark.parametrize("route, direction", [("abc", "to_school"), ("１", "to_school"), ("9999999", "to_school"),
                                              ("{pk}", "sideways")])
def test_a_malformed_trip_address_is_404(client, fleet, bus_manager, route, direction):
    client.force_login(bus_manager)
    response = client.get(reverse("schoolbus:trip_record"),
                          {"route": route.format(pk=fleet["route"].pk), "direction": direction})
    assert response.status_code == 404


def test_the_driver_form_names_each_failed_rule(client, school_a, bus_manager):
    client.force_login(bus_manager)
    response = client.post(reverse("schoolbus:driver_create"), {
        "name": "年轻司机", "date_of_birth": years_ago(24).isoformat(), "licence_class": "A1",
        "licence_first_issued": years_ago(5).isoformat(), "licence_expiry": in_days(-1).isoformat(),
        "qualification_approved_on": years_ago(1).isoformat(), "is_active": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "年龄" in body and "驾驶证有效期" in body
    assert not Driver.objects.exists()


def test_a_malformed_plate_on_the_form_gets_a_message(client, school_a, bus_manager):
    client.force_login(bus_manager)
    response = client.post(reverse("schoolbus:vehicle_create"), {"plate": "鄂Z1", "seats": 35, "operator": "school",
                                                                  "status": "in_service"})
    assert response.status_code == 200 and "不是有效的车牌号" in response.content.decode()
    assert not Vehicle.objects.exists()


def test_a_route_is_saved_with_its_stops_from_the_form(client, fleet, bus_manager):
    client.force_login(bus_manager)
    page = client.get(reverse("schoolbus:route_create"))
    assert page.status_code == 200
    response = client.post(reverse("schoolbus:route_create"), {
        "name": "二号线", "vehicle": fleet["vehicle"].pk, "driver": fleet["driver"].pk, "escort": fleet["escort"].pk,
        "students": 12, "morning_departure": "06:50", "weekdays": [1, 2, 3, 4, 5], "is_active": "on",
        "stops-TOTAL_FORMS": 3, "stops-INITIAL_FORMS": 0, "stops-0-name": "张家店", "stops-0-morning_time": "06:55",
        "stops-1-name": "", "stops-2-name": "学校"})
    route = Route.objects.get(name="二号线")
    assert response.status_code == 302 and response.url == route.get_absolute_url()
    assert list(route.stops.values_list("name", flat=True)) == ["张家店", "学校"]


def test_the_principal_submits_and_the_bureau_accepts_through_the_pages(client, records, principal_a,
                                                                        bureau_inspector):
    report = records["report"]
    client.force_login(principal_a)
    client.post(reverse("schoolbus:report_submit", args=[report.pk]))
    client.force_login(bureau_inspector)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="figure-head_count_mismatches"' in page
    client.post(reverse("schoolbus:report_accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "accepted"


def test_every_page_opens_for_its_users(client, records, bus_manager, bureau_admin, supervisor_a):
    lists = ["vehicle_list", "driver_list", "escort_list", "route_list", "trip_list", "hazard_list", "accident_list",
             "activity_list", "report_list"]
    school_pages = lists + ["today", "vehicle_create", "driver_create", "escort_create", "route_create",
                            "hazard_create", "accident_create", "activity_create"]
    assert_found(client, bus_manager, [reverse(f"schoolbus:{n}") for n in school_pages] + object_urls(records)[:1])
    assert_found(client, bureau_admin, [reverse(f"schoolbus:{n}") for n in lists + ["overview"]])
    assert_found(client, supervisor_a, [reverse("schoolbus:overview")])
    client.force_login(bureau_admin)
    assert client.get(reverse("schoolbus:home")).url == reverse("schoolbus:overview")
    client.force_login(bus_manager)
    assert client.get(reverse("schoolbus:home")).url == reverse("schoolbus:today")


# --- query counts ---------------------------------------------------------------------------------

def grow(school, user, n):
    """n more buses, each with a driver, an escort, a route, a trip, a hazard check and an activity."""
    for i in range(n):
        vehicle = make_vehicle(school, plate=f"鄂F{70000 + len(Vehicle.objects.all()) + i:05d}")
        driver = make_driver(school, name=f"司机{vehicle.pk}")
        escort = Escort.objects.create(school=school, name=f"照管{vehicle.pk}")
        route = make_route(school, vehicle, driver, escort, name=f"线{vehicle.pk}")
        Trip.objects.create(school=school, route=route, date=in_days(-1), direction=Direction.HOME, vehicle=vehicle,
                            driver=driver, escort=escort, checked_by=user, checked_at=timezone.now(), boarded=3,
                            alighted=2)
        HazardCheck.objects.create(school=school, date=in_days(-1), place=f"站{i}", checked_by="x")
        SafetyActivity.objects.create(school=school, kind=ActivityKind.LESSON, date=in_days(-1), title=f"课{i}",
                                      participants=3)


PAGES = ["vehicle_list", "driver_list", "escort_list", "route_list", "trip_list", "hazard_list", "activity_list",
         "report_list", "overview", "today"]


def query_counts(client, users):
    counts = {}
    for name in PAGES:
        user = users["school"] if name == "today" else users["bureau"]
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"schoolbus:{name}"))
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_list_query_counts_do_not_grow_with_the_data(client, records, bus_manager, bureau_admin, school_a, school_b):
    users = {"school": bus_manager, "bureau": bureau_admin}
    grow(school_a, bus_manager, 1)
    small = query_counts(client, users)
    grow(school_a, bus_manager, 12)
    grow(school_b, bus_manager, 12)
    assert query_counts(client, users) == small
