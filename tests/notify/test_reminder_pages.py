"""The bureau administrator's reminder pages: the schedule (django-celery-beat) with its
validation, a run started by hand, the recent runs with their figures per rule and the schools a
rule could not handle; and `registry.per_school`, the isolation rules use for each school."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

from houqin.notify import services
from houqin.notify.models import Notification, ReminderRun, ScheduleChange
from houqin.notify.registry import REGISTRY, Due, per_school, reminder_rule
from houqin.notify.services.schedule import REMINDER_TASK, reminder_schedule_change, schedule_describe
from tests import factories

pytestmark = pytest.mark.django_db

SCHEDULE = reverse("notify:reminder_schedule")
RUNS = reverse("notify:reminder_runs")
RUN_NOW = reverse("notify:reminder_run_now")
DAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def schedules(db):
    """The schedules migration 0002 creates (a transactional test elsewhere may have flushed them)."""
    from importlib import import_module

    from django.apps import apps

    import_module("houqin.notify.migrations.0002_reminder_schedule").create_schedule(apps, None)


@pytest.fixture
def monthly():
    return PeriodicTask.objects.get(task=REMINDER_TASK, crontab__day_of_month="1")


@pytest.fixture
def weekly():
    return PeriodicTask.objects.get(task=REMINDER_TASK, crontab__day_of_week="1")


def edit_url(task):
    return reverse("notify:schedule_update", args=[task.pk])


def form(**changes):
    return {"enabled": "on", "minute": "0", "hour": "7", "day_of_week": "*", "day_of_month": "1", **changes}


@pytest.fixture
def temporary_rule():
    """Register rules for one test and take them away again."""
    added = []

    def register(code, collect):
        reminder_rule(code, code)(collect)
        added.append(code)

    yield register
    for code in added:
        REGISTRY.pop(code, None)


# --- who may ------------------------------------------------------------------------------------


def test_only_the_bureau_administrator_sees_the_reminder_pages(client, bureau_inspector, supervisor_a, principal_a,
                                                               staff_a, monthly):
    run = services.reminders_run(today=DAY)
    pages = [SCHEDULE, edit_url(monthly), RUNS, run.get_absolute_url()]
    for user in (bureau_inspector, supervisor_a, principal_a, staff_a):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, (user.username, page)
        assert client.post(edit_url(monthly), form(hour="9")).status_code == 403
        assert client.post(RUN_NOW).status_code == 403
    monthly.refresh_from_db()
    assert monthly.crontab.hour == "7"
    assert ReminderRun.objects.count() == 1


def test_in_a_deployment_of_several_counties_only_the_superuser_changes_the_schedule(
        client, bureau_admin, far_admin, monthly):
    """The schedule serves every county: one county's administrator reads it, without the names of
    another county's accounts, and cannot pause it or start a run for everybody."""
    from django.contrib.auth import get_user_model

    reminder_schedule_change(task=monthly, enabled=True, minute="0", hour="6", day_of_week="*",
                                      day_of_month="1", acting_user=get_user_model().objects.create_superuser(
                                          "root", "root@example.com", "x"))
    client.force_login(far_admin)
    page = client.get(SCHEDULE)
    assert page.status_code == 200 and 'data-testid="schedule-read-only"' in page.content.decode()
    assert 'data-testid="run-now"' not in page.content.decode()
    assert client.get(edit_url(monthly)).status_code == 403
    assert client.post(edit_url(monthly), form(hour="9")).status_code == 403
    assert client.post(RUN_NOW).status_code == 403
    monthly.refresh_from_db()
    assert monthly.crontab.hour == "6" and monthly.enabled
    assert ReminderRun.objects.count() == 0


def test_the_schedule_page_shows_both_schedules(client, bureau_admin, monthly, weekly):
    PeriodicTask.objects.create(name="整改通知：逾期上报（测试）", task="inspections.tasks.orders_escalate",
                                crontab=CrontabSchedule.objects.create(minute="30", hour="6"))
    client.force_login(bureau_admin)
    page = client.get(SCHEDULE).content.decode()
    assert monthly.name in page and weekly.name in page
    assert schedule_describe(monthly.crontab) in page and schedule_describe(weekly.crontab) in page
    assert "orders_escalate" not in page and "整改通知" not in page, "other apps' schedules are not ours"


def test_only_reminder_tasks_can_be_edited(client, bureau_admin):
    other = PeriodicTask.objects.create(name="整改通知：逾期上报（测试）", task="inspections.tasks.orders_escalate",
                                        crontab=CrontabSchedule.objects.create(minute="30", hour="6"))
    client.force_login(bureau_admin)
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(edit_url(other), form(hour="9")).status_code == 404


# --- changing it ----------------------------------------------------------------------------------


def test_a_change_is_saved_in_celery_beats_tables_and_recorded(client, bureau_admin, monthly, weekly):
    before = PeriodicTasks.last_change()
    client.force_login(bureau_admin)
    response = client.post(edit_url(monthly), form(hour="８", minute="30", day_of_month="1、15"))
    assert response["Location"] == SCHEDULE
    monthly.refresh_from_db()
    crontab = monthly.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.day_of_week) == ("30", "8", "1,15", "*")
    assert str(crontab.timezone) == "Asia/Shanghai" and monthly.enabled
    assert PeriodicTasks.last_change() != before, "beat is told to reload"
    weekly.refresh_from_db()
    assert weekly.crontab.hour == "7", "the other schedule keeps its times"
    change = ScheduleChange.objects.get()
    assert change.changed_by == bureau_admin and change.task_name == monthly.name
    assert "08:30" in change.after and "07:00" in change.before
    assert change.after in client.get(SCHEDULE).content.decode()


def test_pausing_and_resuming(client, bureau_admin, weekly):
    client.force_login(bureau_admin)
    client.post(edit_url(weekly), {**form(day_of_week="1", day_of_month="*"), "enabled": ""})
    weekly.refresh_from_db()
    assert not weekly.enabled
    client.post(edit_url(weekly), form(day_of_week="1", day_of_month="*"))
    weekly.refresh_from_db()
    assert weekly.enabled
    assert ScheduleChange.objects.count() == 2


def test_a_shared_crontab_row_is_not_changed_for_the_others(client, bureau_admin, monthly):
    shared = monthly.crontab
    other = PeriodicTask.objects.create(name="另一个任务", task="celery.backend_cleanup", crontab=shared)
    client.force_login(bureau_admin)
    client.post(edit_url(monthly), form(hour="9"))
    other.refresh_from_db()
    assert other.crontab_id == shared.pk and CrontabSchedule.objects.get(pk=shared.pk).hour == "7"


@pytest.mark.parametrize("field, value", [
    ("minute", "*"), ("minute", "60"), ("minute", "*/5"), ("minute", ""), ("minute", "0; DROP TABLE"),
    ("hour", "24"), ("hour", "*"), ("hour", "-1"), ("hour", "七"),
    ("day_of_week", "7"), ("day_of_week", "mon"), ("day_of_week", "1-9"),
    ("day_of_month", "0"), ("day_of_month", "32"), ("day_of_month", "1,,2"),
])
def test_invalid_times_are_refused_with_a_message(client, bureau_admin, monthly, field, value):
    client.force_login(bureau_admin)
    response = client.post(edit_url(monthly), form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    monthly.refresh_from_db()
    assert (monthly.crontab.minute, monthly.crontab.hour, monthly.crontab.day_of_month) == ("0", "7", "1")
    assert not ScheduleChange.objects.exists()


def test_days_of_the_week_and_of_the_month_are_not_both_restricted(client, bureau_admin, monthly):
    client.force_login(bureau_admin)
    response = client.post(edit_url(monthly), form(day_of_week="1", day_of_month="1"))
    assert "day_of_month" in response.context["form"].errors


def test_the_schedule_in_words():
    from django.utils import translation

    with translation.override("en"):
        assert schedule_describe(CrontabSchedule(minute="0", hour="7", day_of_month="1")) == \
            "on day 1 of each month at 07:00"
        assert schedule_describe(CrontabSchedule(minute="5", hour="18", day_of_week="1,3")) == \
            "every Monday、Wednesday at 18:05"
        assert schedule_describe(CrontabSchedule(minute="0", hour="7"), enabled=False) == \
            "every day at 07:00 (paused)"
        assert schedule_describe(CrontabSchedule(minute="0,30", hour="8-9")) == "every day at 8-9:0,30"


# --- running it now -------------------------------------------------------------------------------


def test_run_now_queues_a_run_that_records_who_started_it(client, bureau_admin, principal_b, school_b,
                                                          django_capture_on_commit_callbacks):
    school_b.phone = ""
    school_b.save()
    client.force_login(bureau_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RUN_NOW)
    assert response["Location"] == RUNS and len(callbacks) >= 1  # queued on commit (eager in tests)
    run = ReminderRun.objects.get()
    assert run.requested_by == bureau_admin and run.finished_at is not None
    assert Notification.objects.filter(recipient=principal_b).exists()
    assert client.get(RUN_NOW).status_code == 405


# --- the runs -------------------------------------------------------------------------------------


def test_runs_show_their_figures_per_rule(client, bureau_admin, principal_b, school_b, temporary_rule):
    school_b.phone = ""
    school_b.save()

    def broken(*, today):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    temporary_rule("test.broken", broken)
    first = services.reminders_run(today=DAY)
    second = services.reminders_run(today=DAY)
    assert first.rules["org.school_profile_incomplete"]["delivered"] == 1
    assert second.rules["org.school_profile_incomplete"] | {"seconds": 0} == {
        "delivered": 0, "skipped": 1, "failed": False, "failed_schools": 0, "seconds": 0}
    assert first.rules["test.broken"]["failed"] and first.failed_rules == ["test.broken"]
    assert set(first.rules) == set(REGISTRY)

    client.force_login(bureau_admin)
    listing = client.get(RUNS).content.decode()
    assert first.get_absolute_url() in listing and "test.broken" in listing
    detail = client.get(first.get_absolute_url()).content.decode()
    assert 'data-rule="org.school_profile_incomplete"' in detail and 'data-rule="test.broken"' in detail


def test_an_unfinished_old_run_shows_as_interrupted(client, bureau_admin):
    from django.utils import timezone

    from houqin.notify.selectors.runs import run_state

    stuck = ReminderRun.objects.create()
    ReminderRun.objects.filter(pk=stuck.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    stuck.refresh_from_db()
    assert run_state(stuck)[0] == "interrupted"
    assert run_state(ReminderRun.objects.create())[0] == "running"
    client.force_login(bureau_admin)
    assert client.get(RUNS).status_code == 200


def test_the_runs_page_costs_the_same_queries_whatever_the_number_of_runs(client, bureau_admin):
    services.reminders_run(today=DAY)
    client.force_login(bureau_admin)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(RUNS).status_code == 200
        return len(captured)

    few = count()
    for _ in range(30):
        ReminderRun.objects.create(requested_by=bureau_admin, failed_rules=["x"])
    assert count() == few


# --- one school's bad data ------------------------------------------------------------------------


def test_per_school_isolates_a_failing_school_and_records_it_on_the_run(client, bureau_admin, school_a, school_a2,
                                                                       school_b, school_far, temporary_rule):
    heads = {school.pk: factories.principal(school).pk for school in (school_a, school_a2, school_b, school_far)}

    def fragile(*, today):
        def for_school(school):
            if school.pk in (school_a2.pk, school_far.pk):
                raise ValueError(f"broken ledger of {school.code}")
            yield Due(recipient_id=heads[school.pk], period="isolated", title=school.name)

        yield from per_school(type(school_a).objects.order_by("pk"), for_school)

    temporary_rule("test.fragile", fragile)
    run = services.reminders_run(today=DAY)
    reached = set(Notification.objects.filter(rule="test.fragile").values_list("recipient_id", flat=True))
    assert reached == {heads[school_a.pk], heads[school_b.pk]}
    assert "test.fragile" not in run.failed_rules
    assert run.rules["test.fragile"]["failed_schools"] == 2 and run.rules["test.fragile"]["delivered"] == 2
    assert {f["school"] for f in ReminderRun.objects.get(pk=run.pk).failed_schools} == {school_a2.pk, school_far.pk}

    client.force_login(bureau_admin)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "甲镇第二小学" in page and f"broken ledger of {school_a2.code}" in page
    assert "远镇小学" not in page and school_far.code not in page, "another county's school is only counted"


def test_a_database_error_of_one_school_is_contained_by_a_savepoint(school_a, school_b, temporary_rule):
    head = factories.principal(school_b)

    def with_queries(*, today):
        def for_school(school):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1/0" if school.pk == school_a.pk else "SELECT 1")
            yield from [Due(recipient_id=head.pk, period="db", title="ok")] if school.pk == school_b.pk else []

        yield from per_school(type(school_a).objects.order_by("pk"), for_school, savepoint=True)

    temporary_rule("test.with_queries", with_queries)
    run = services.reminders_run(today=DAY)
    assert run.rules["test.with_queries"] | {"seconds": 0} == {"delivered": 1, "skipped": 0, "failed": False,
                                                               "failed_schools": 1, "seconds": 0}
    assert "division by zero" in run.failed_schools[0]["error"]


def test_per_school_outside_a_run_logs_and_goes_on(school_a, school_b):
    def for_school(school):
        if school.pk == school_a.pk:
            raise KeyError("x")
        yield Due(recipient_id=1, period="p", title=school.name)

    dues = list(per_school([school_a, school_b], for_school))
    assert [d.title for d in dues] == [school_b.name]


def test_rules_without_per_school_work_as_before(principal_b, school_b):
    school_b.phone = ""
    school_b.save()
    run = services.reminders_run(today=DAY)
    assert run.delivered == 1 and run.failed_schools == [] and run.failed_rules == []
