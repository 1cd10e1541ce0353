"""The reminder run through real Celery worker processes and Redis: runs repeated and concurrent,
a worker killed in the middle of a run, and one school's bad data inside a rule."""

import signal

import pytest
from django.db.models import Count

from houqin.notify.models import Notification, ReminderRun
from houqin.notify.tasks import reminders_run
from tests import factories
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DAY = "2026-12-01"
PROFILE_RULE = "org.school_profile_incomplete"


def principals(count, **school):
    return [factories.principal(factories.SchoolFactory(**school)) for _ in range(count)]


def duplicates():
    return list(Notification.objects.values("recipient", "rule", "period").annotate(n=Count("pk")).filter(n__gt=1))


def finished_runs():
    return ReminderRun.objects.filter(finished_at__isnull=False).order_by("started_at")


def test_repeated_and_concurrent_runs_deliver_each_reminder_once(workers):
    incomplete = principals(3, phone="")
    everyone = incomplete + principals(2)
    (workers.control_dir / "slow").write_text("2")
    workers.start()
    workers.start()
    reminders_run.delay(DAY)
    reminders_run.delay(DAY)
    assert wait_for(lambda: finished_runs().count() == 2, timeout=90)
    first, second = finished_runs()
    assert first.started_at < second.finished_at and second.started_at < first.finished_at, "the runs overlapped"
    reminders_run.delay(DAY)
    assert wait_for(lambda: finished_runs().count() == 3, timeout=90)

    assert duplicates() == []
    slow = Notification.objects.filter(rule="test.worker_slow")
    assert sorted(slow.values_list("recipient_id", flat=True)) == sorted(p.pk for p in everyone)
    profile = Notification.objects.filter(rule=PROFILE_RULE)
    assert sorted(profile.values_list("recipient_id", flat=True)) == sorted(p.pk for p in incomplete)
    runs = list(finished_runs())
    for rule, expected in (("test.worker_slow", 5), (PROFILE_RULE, 3)):
        assert sum(run.rules[rule]["delivered"] for run in runs) == expected, "each delivered by exactly one run"
        assert sum(run.rules[rule]["skipped"] for run in runs) == 2 * expected
    assert all(run.failed_rules == [] for run in runs)


def test_a_run_killed_half_way_duplicates_nothing_and_the_rerun_completes_it(workers):
    incomplete = principals(2, phone="")
    everyone = incomplete + principals(1)
    (workers.control_dir / "block").touch()
    (workers.control_dir / "hold").touch()
    first = workers.start()
    reminders_run.delay(DAY)
    assert wait_for(lambda: (workers.control_dir / "blocked").exists(), timeout=60)

    # the rules before the blocking one committed their reminders and the run its progress
    assert Notification.objects.filter(rule=PROFILE_RULE).count() == 2
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed = ReminderRun.objects.get()
    assert killed.finished_at is None
    assert killed.rules[PROFILE_RULE]["delivered"] == 2 and "test.worker_zblock" not in killed.rules
    assert not Notification.objects.filter(rule="test.worker_zblock").exists()

    (workers.control_dir / "hold").unlink()
    workers.start()
    reminders_run.delay(DAY)
    assert wait_for(lambda: finished_runs().exists(), timeout=60)
    rerun = finished_runs().get()
    assert rerun.rules[PROFILE_RULE] | {"seconds": 0} == {"delivered": 0, "skipped": 2, "failed": False,
                                                          "failed_schools": 0, "seconds": 0}
    assert rerun.rules["test.worker_zblock"]["delivered"] == 3
    assert sorted(Notification.objects.filter(rule="test.worker_zblock").values_list("recipient_id", flat=True)) == \
        sorted(p.pk for p in everyone)
    assert Notification.objects.filter(rule=PROFILE_RULE).count() == 2
    assert duplicates() == []


def test_one_schools_bad_data_does_not_stop_the_others(workers):
    good = principals(2)
    bad = factories.principal(factories.SchoolFactory(name="坏数据小学"))
    (workers.control_dir / "isolated").touch()
    workers.start()
    reminders_run.delay(DAY)
    assert wait_for(lambda: finished_runs().exists(), timeout=60)
    run = finished_runs().get()

    reached = set(Notification.objects.filter(rule="test.worker_isolated").values_list("recipient_id", flat=True))
    assert reached == {p.pk for p in good}
    assert "test.worker_isolated" not in run.failed_rules
    assert run.rules["test.worker_isolated"]["failed_schools"] == 1
    assert run.rules["test.worker_isolated"]["delivered"] == 2
    [failure] = run.failed_schools
    assert failure["rule"] == "test.worker_isolated" and failure["school"] == bad.school_id
    assert failure["error"] == f"ValueError: bad data in {bad.school.code}"
