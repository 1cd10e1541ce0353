"""Background work through a real Celery worker process and Redis."""

import pytest

from houqin.notify.models import Notification, ReminderRun
from houqin.notify.tasks import reminders_run
from tests.conftest import wait_for
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_reminder_task_runs_in_a_worker_and_repeats_nothing(celery_worker):
    school = factories.SchoolFactory(phone="")
    principal = factories.principal(school)
    reminders_run.delay("2026-12-01")
    assert wait_for(lambda: ReminderRun.objects.filter(finished_at__isnull=False).count() == 1)
    assert Notification.objects.filter(recipient=principal, rule="org.school_profile_incomplete").count() == 1
    reminders_run.delay("2026-12-01")
    reminders_run.delay("2026-12-01")
    assert wait_for(lambda: ReminderRun.objects.filter(finished_at__isnull=False).count() == 3)
    assert Notification.objects.filter(recipient=principal).count() == 1
    # the e-mail task queued by the first run was executed by the worker too
    assert wait_for(lambda: Notification.objects.filter(recipient=principal, emailed_at__isnull=False).exists())
