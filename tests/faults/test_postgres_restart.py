"""PostgreSQL restarted under a running worker: the restart cuts every connection; the worker lives
and its next task succeeds on a new connection (Celery's Django fixup closes the task's connections
after each task and before the next, and CONN_HEALTH_CHECKS tests a reused one). The shared cluster
is never touched: the worker reads a copy of the test database in a cluster of the test's own."""

import pytest
import redis as redis_py

from houqin.notify.tasks import notification_emails_send
from houqin.notify.services import notification_send
from houqin.notify.models import Notification
from tests import factories
from tests.faults.conftest import wait_for
from tests.faults.mailbox import sent

pytestmark = [pytest.mark.fault, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

COPY = "faults"


def test_a_worker_reconnects_after_postgresql_restarts(workers, private_cluster, school_a):
    from django.db import connection

    users = [factories.principal(school_a) for _ in range(2)]
    for user in users:
        notification_send(recipient_id=user.pk, rule="test.fault", period="restart", title=f"给{user.full_name}")
    first, second = Notification.objects.filter(rule="test.fault").order_by("recipient_id")
    redis_py.Redis.from_url(workers.redis.url(1)).delete(workers.queue)  # their e-mails are sent one by one below
    private_cluster.copy_database(connection.settings_dict, COPY)

    def emailed(pk):
        return private_cluster.query(COPY, "SELECT emailed_at IS NOT NULL FROM notify_notification WHERE id = %s",
                                     [pk])[0][0]

    worker = workers.start(env={"DATABASE_URL": private_cluster.url(COPY)})
    notification_emails_send.delay([first.pk])
    assert wait_for(lambda: emailed(first.pk), timeout=30)
    started = private_cluster.query(COPY, "SELECT pg_postmaster_start_time()")[0][0]

    private_cluster.restart()
    assert private_cluster.query(COPY, "SELECT pg_postmaster_start_time()")[0][0] > started
    assert worker.poll() is None, "the worker lives through the restart"

    notification_emails_send.delay([second.pk])
    assert wait_for(lambda: emailed(second.pk), timeout=30), workers.output(worker)[-3000:]
    assert worker.poll() is None
    assert [m["to"] for m in sent(workers.folder)] == [[first.recipient.email], [second.recipient.email]]


def test_a_task_that_meets_postgresql_down_waits_until_it_is_back(workers, private_cluster, school_a):
    from django.db import connection

    user = factories.principal(school_a)
    notification_send(recipient_id=user.pk, rule="test.fault", period="down", title="数据库停机期间")
    notification = Notification.objects.get(rule="test.fault")
    redis_py.Redis.from_url(workers.redis.url(1)).delete(workers.queue)
    private_cluster.copy_database(connection.settings_dict, COPY)
    worker = workers.start(env={"DATABASE_URL": private_cluster.url(COPY)}, loglevel="INFO")

    private_cluster.stop()
    notification_emails_send.delay([notification.pk])
    assert wait_for(lambda: "Retry in" in workers.output(worker), timeout=30), workers.output(worker)[-3000:]
    private_cluster.start()

    assert wait_for(lambda: private_cluster.query(COPY, "SELECT emailed_at IS NOT NULL FROM notify_notification "
                                                        "WHERE id = %s", [notification.pk])[0][0], timeout=60)
    assert [m["to"] for m in sent(workers.folder)] == [[user.email]]
    assert worker.poll() is None
