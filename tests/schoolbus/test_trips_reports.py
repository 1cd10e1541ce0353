"""The day's trips (check, head count, the principal's alert), safety records and the quarterly
report, as service tests: each rule allowed and refused, nothing half-saved."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from houqin.notify import services as notify
from houqin.notify.models import Notification
from schoolbus import services
from schoolbus.choices import ActivityKind, CheckItem, Direction, Liability, ReportStatus
from schoolbus.models import Accident, Driver, HazardCheck, QuarterlyReport, SafetyActivity, Trip
from schoolbus.rules import previous_quarter, quarter_bounds, quarter_of
from tests.schoolbus.conftest import in_days, record_trip

pytestmark = pytest.mark.django_db


def test_a_trip_is_checked_and_counted_on_and_off(fleet, bus_manager, principal_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trip = record_trip(fleet["route"], bus_manager, boarded=28)
        trip = record_trip(fleet["route"], bus_manager, alighted=28)
    trip.refresh_from_db()
    assert (trip.boarded, trip.alighted, trip.mismatch) == (28, 28, False)
    assert (trip.vehicle, trip.driver, trip.escort) == (fleet["vehicle"], fleet["driver"], fleet["escort"])
    assert trip.history.count() == 2
    assert not Notification.objects.filter(rule="schoolbus.head_count_mismatch").exists()


def test_counts_that_differ_alert_the_principal_at_once_in_app_and_by_mail(
        fleet, bus_manager, principal_a, principal_b, django_capture_on_commit_callbacks):
    record_trip(fleet["route"], bus_manager, boarded=28)
    with django_capture_on_commit_callbacks(execute=True):
        trip = record_trip(fleet["route"], bus_manager, alighted=27)
    alert = Notification.objects.get(rule="schoolbus.head_count_mismatch")
    assert alert.recipient == principal_a and alert.level == "danger"
    assert "28" in alert.title and "27" in alert.title and alert.url == trip.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[principal_a.email]]
    assert trip.open_alert


def test_a_differing_count_is_resolved_with_where_every_child_is(fleet, bus_manager, principal_a):
    trip = record_trip(fleet["route"], bus_manager, boarded=28)
    trip = record_trip(fleet["route"], bus_manager, alighted=27)
    with pytest.raises(ValidationError):
        services.trip_resolve(trip=trip, resolution="  ", acting_user=principal_a)
    services.trip_resolve(trip=trip, resolution="王小明在李家岗提前下车，已电话确认到家", acting_user=principal_a)
    trip.refresh_from_db()
    assert not trip.open_alert and trip.resolved_by == principal_a
    with pytest.raises(ValidationError):
        services.trip_resolve(trip=trip, resolution="again", acting_user=principal_a)


def test_a_recorded_count_is_a_fact(fleet, bus_manager):
    record_trip(fleet["route"], bus_manager, boarded=28)
    with pytest.raises(ValidationError) as error:
        record_trip(fleet["route"], bus_manager, boarded=25)
    assert "28" in " ".join(error.value.messages)
    assert Trip.objects.get().boarded == 28


@pytest.mark.parametrize("kwargs, words", [
    ({"boarded": -1}, ["负"]),
    ({"boarded": "十"}, ["整数"]),
    ({"alighted": 3}, ["先清点上车"]),
    ({"boarded": 36}, ["超员", "35"]),
    ({"date": in_days(1), "boarded": 3}, ["未来"]),
    ({"date": in_days(-8), "boarded": 3}, ["一周"]),
    ({"checks": [c for c in CheckItem.values if c != "brakes"], "boarded": 3}, ["制动"]),
])
def test_bad_trips_are_refused_and_nothing_is_saved(fleet, bus_manager, kwargs, words):
    with pytest.raises(ValidationError) as error:
        record_trip(fleet["route"], bus_manager, **kwargs)
    message = " ".join(error.value.messages)
    assert all(word in message for word in words), message
    assert not Trip.objects.exists()


def test_a_failed_check_is_recorded_but_no_child_boards(fleet, bus_manager):
    trip = record_trip(fleet["route"], bus_manager, checks=[c for c in CheckItem.values if c != "tyres"])
    assert trip.failed_checks == ["轮胎"]
    with pytest.raises(ValidationError):
        record_trip(fleet["route"], bus_manager, boarded=10, checks=[c for c in CheckItem.values if c != "tyres"])
    trip = record_trip(fleet["route"], bus_manager, boarded=10)  # the tyre is changed, the check passes
    assert trip.boarded == 10


def test_a_driver_failing_a_rule_that_day_cannot_run_the_trip(fleet, bus_manager):
    Driver.objects.filter(pk=fleet["driver"].pk).update(licence_expiry=in_days(-1))
    fleet["route"].refresh_from_db()
    with pytest.raises(ValidationError) as error:
        record_trip(fleet["route"], bus_manager, boarded=3)
    assert "驾驶证有效期" in " ".join(error.value.messages)
    assert not Trip.objects.exists()


def test_only_the_schools_keepers_record_trips(fleet, staff_a, principal_b, bureau_inspector):
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        record_trip(fleet["route"], staff_a, boarded=3)
    for outsider in (principal_b, bureau_inspector):
        with pytest.raises((Http404, PermissionDenied)):
            record_trip(fleet["route"], outsider, boarded=3)
    assert not Trip.objects.exists()


# --- safety ---------------------------------------------------------------------------------------

def test_hazard_findings_need_a_deadline_and_a_rectification_says_what_was_done(school_a, fleet, bus_manager):
    check = HazardCheck(school=school_a, date=in_days(-3), vehicle=fleet["vehicle"], place="车辆", checked_by="孙",
                        findings="左后轮胎磨损")
    with pytest.raises(ValidationError) as error:
        services.hazard_save(check=check, acting_user=bus_manager)
    assert "deadline" in error.value.message_dict
    check.deadline = in_days(2)
    services.hazard_save(check=check, acting_user=bus_manager)
    check.rectified_on = in_days(-4)
    with pytest.raises(ValidationError):
        services.hazard_save(check=check, acting_user=bus_manager)
    check.rectified_on, check.rectification = in_days(0), "已更换轮胎"
    services.hazard_save(check=check, acting_user=bus_manager)
    assert not HazardCheck.objects.get().open


def test_liability_for_a_death_bars_the_driver(fleet, bus_manager, school_a):
    services.accident_record(accident=Accident(school=school_a, date=in_days(-1), vehicle=fleet["vehicle"],
                                               driver=fleet["driver"], place="县道", description="追尾",
                                               injured=2, deaths=0, liability=Liability.MAIN), acting_user=bus_manager)
    assert not Driver.objects.get(pk=fleet["driver"].pk).fatal_accident_liability
    services.accident_record(accident=Accident(school=school_a, date=in_days(-1), vehicle=fleet["vehicle"],
                                               driver=fleet["driver"], place="县道", description="侧翻",
                                               deaths=1, liability=Liability.EQUAL), acting_user=bus_manager)
    driver = Driver.objects.get(pk=fleet["driver"].pk)
    assert driver.fatal_accident_liability
    assert in_days(-1).isoformat() in driver.history.first().history_change_reason


def test_an_accident_in_the_future_is_refused(fleet, bus_manager, school_a):
    with pytest.raises(ValidationError):
        services.accident_record(accident=Accident(school=school_a, date=in_days(1), vehicle=fleet["vehicle"],
                                                   driver=fleet["driver"], place="x", description="x"),
                                 acting_user=bus_manager)
    assert not Accident.objects.exists()


# --- the quarterly report -------------------------------------------------------------------------

@pytest.fixture
def last_quarter():
    return previous_quarter(timezone.localdate())


def test_the_report_is_assembled_from_the_data(fleet, bus_manager, school_a, last_quarter):
    year, quarter = last_quarter
    start, end = quarter_bounds(year, quarter)
    day = end - dt.timedelta(days=2)
    Trip.objects.create(school=school_a, route=fleet["route"], date=day, direction=Direction.TO_SCHOOL,
                        vehicle=fleet["vehicle"], driver=fleet["driver"], escort=fleet["escort"],
                        checks_passed=CheckItem.values, checked_by=bus_manager, checked_at=timezone.now(),
                        boarded=30, alighted=29)
    SafetyActivity.objects.create(school=school_a, kind=ActivityKind.DRILL, date=day, title="疏散演练", participants=40)
    SafetyActivity.objects.create(school=school_a, kind=ActivityKind.DRILL, date=end + dt.timedelta(days=1),
                                  title="下一季度", participants=40)
    report = services.report_assemble(school_id=school_a.pk, year=year, quarter=quarter, acting_user=bus_manager)
    figures = report.figures
    assert (figures["vehicles"], figures["routes"], figures["students"], figures["trips"]) == (1, 1, 30, 1)
    assert (figures["head_count_mismatches"], figures["mismatches_unresolved"], figures["drills"]) == (1, 1, 1)
    assert report.status == ReportStatus.DRAFT


def test_the_principal_submits_and_the_bureau_returns_then_accepts(fleet, bus_manager, principal_a, bureau_inspector,
                                                                   school_a, last_quarter,
                                                                   django_capture_on_commit_callbacks):
    year, quarter = last_quarter
    report = services.report_assemble(school_id=school_a.pk, year=year, quarter=quarter, note="正常",
                                      acting_user=bus_manager)
    with pytest.raises(PermissionDenied):  # the bus manager prepares, the principal submits
        services.report_submit(report=report, acting_user=bus_manager)
    with pytest.raises(PermissionDenied):  # the bureau reviews only what was submitted, and never submits
        services.report_submit(report=report, acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        services.report_accept(report=report, acting_user=bureau_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, acting_user=principal_a)
    assert Notification.objects.filter(recipient=bureau_inspector, rule="schoolbus.report_submitted").exists()
    with pytest.raises(ValidationError):
        services.report_assemble(school_id=school_a.pk, year=year, quarter=quarter, acting_user=bus_manager)
    with pytest.raises(ValidationError):
        services.report_return(report=report, comment=" ", acting_user=bureau_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, comment="请补充演练材料", acting_user=bureau_inspector)
    assert Notification.objects.filter(recipient=principal_a, rule="schoolbus.report_returned").exists()
    services.report_submit(report=report, acting_user=principal_a)
    services.report_accept(report=report, acting_user=bureau_inspector)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == bureau_inspector
    assert report.history.count() == 5


def test_the_current_quarter_is_submitted_only_after_it_ends(fleet, principal_a, school_a):
    year, quarter = quarter_of(timezone.localdate())
    report = services.report_assemble(school_id=school_a.pk, year=year, quarter=quarter, acting_user=principal_a)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, acting_user=principal_a)
    with pytest.raises(ValidationError):
        services.report_assemble(school_id=school_a.pk, year=year + 1, quarter=quarter, acting_user=principal_a)
    assert QuarterlyReport.objects.get().status == ReportStatus.DRAFT


def test_another_countys_bureau_cannot_review(fleet, principal_a, school_a, far_admin, last_quarter):
    from django.http import Http404

    report = services.report_assemble(school_id=school_a.pk, year=last_quarter[0], quarter=last_quarter[1],
                                      acting_user=principal_a)
    services.report_submit(report=report, acting_user=principal_a)
    with pytest.raises(Http404):
        services.report_accept(report=report, acting_user=far_admin)


# --- reminders ------------------------------------------------------------------------------------

def test_papers_and_licences_expiring_within_30_days_are_reminded_once(fleet, bus_manager, principal_a, today):
    vehicle = fleet["vehicle"]
    vehicle.permit_expiry, vehicle.carrier_insurance_expiry = in_days(29), in_days(31)
    vehicle.save()
    Driver.objects.filter(pk=fleet["driver"].pk).update(licence_expiry=in_days(10))
    notify.reminders_run(today=today)
    titles = list(Notification.objects.filter(recipient=bus_manager).values_list("title", flat=True))
    assert any("校车使用许可" in t for t in titles) and not any("承运人责任险" in t for t in titles)
    assert any("张师傅" in t for t in titles)
    assert Notification.objects.filter(recipient=principal_a, rule="schoolbus.papers_expiring").count() == 1
    count = Notification.objects.count()
    notify.reminders_run(today=today)
    assert Notification.objects.count() == count


def test_reports_due_and_drills_missing_are_reminded(fleet, bus_manager, school_a):
    school_a.has_bus_service = True
    school_a.save()
    day = dt.date(2026, 4, 5)  # the first quarter's report is due on 10 April; the spring semester began in February
    notify.reminders_run(today=day)
    rules = set(Notification.objects.filter(recipient=bus_manager).values_list("rule", flat=True))
    assert {"schoolbus.report_due", "schoolbus.drill_missing", "schoolbus.training_missing"} <= rules
    SafetyActivity.objects.create(school=school_a, kind=ActivityKind.DRILL, date=dt.date(2026, 3, 20), title="演练",
                                  participants=30)
    with connection.cursor() as cursor:  # an empty inbox again (notifications are never deleted, TRUNCATE is no DELETE)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE notify_notification")
    notify.reminders_run(today=dt.date(2026, 5, 5))
    assert not Notification.objects.filter(rule="schoolbus.drill_missing").exists()
    notify.reminders_run(today=dt.date(2026, 6, 5))  # June: the drill's materials are due at the bureau
    assert Notification.objects.filter(rule="schoolbus.drill_missing", title__contains="6月30日").exists()
    assert Notification.objects.filter(rule="schoolbus.report_due", level="danger").exists()  # Q1 is late by now


def test_a_school_without_buses_is_not_reminded(principal_b):
    notify.reminders_run(today=dt.date(2026, 4, 5))
    assert not Notification.objects.filter(recipient=principal_b, rule__startswith="schoolbus.").exists()



def test_a_liable_bus_accident_is_a_veto_of_the_years_campaigns(fleet, bus_manager, school_a):
    from inspections.choices import VetoKind
    from inspections.selectors.evidence import veto_facts

    year = in_days(-1).year
    services.accident_record(accident=Accident(school=school_a, date=in_days(-1), vehicle=fleet["vehicle"],
                                               driver=fleet["driver"], place="县道", description="被追尾",
                                               liability=Liability.NONE), acting_user=bus_manager)
    assert VetoKind.BUS_ACCIDENT not in [v.kind for v in veto_facts(school_a, year)]
    services.accident_record(accident=Accident(school=school_a, date=in_days(-1), vehicle=fleet["vehicle"],
                                               driver=fleet["driver"], place="县道", description="追尾",
                                               injured=1, liability=Liability.MAIN), acting_user=bus_manager)
    assert VetoKind.BUS_ACCIDENT in [v.kind for v in veto_facts(school_a, year)]
