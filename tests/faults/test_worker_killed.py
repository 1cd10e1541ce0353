"""A Celery worker killed (SIGKILL to it and its pool: a lost host or container) in the middle of the
county's notice-board batch and of the reminder run. Tasks are acknowledged late, so the messages the
dead worker held stay in the broker's `unacked` set; a worker restores them to their queue once the
visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, one hour in production, a second here) and
everything completes, nothing twice, without anyone starting the work again."""

import time

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from fees import services as fee_services
from fees.models import FeeNotice
from fees.tasks import notice_boards_render_county
from houqin.notify.models import Notification, ReminderRun
from houqin.notify.tasks import reminders_run
from tests import factories
from tests.faults.conftest import queue_length, unacked, wait_for
from tests.faults.mailbox import sent
from tests.fees.conftest import add_item

pytestmark = [pytest.mark.fault, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RECOVER = {"CELERY_VISIBILITY_TIMEOUT": "1"}  # the replacement worker restores what is older than 1 s
BOARDS = 16


def published_notices(township, term, catalogue, inspector, count):
    notices = []
    for _ in range(count):
        school = factories.SchoolFactory(township=township)
        head = factories.principal(school)
        notice = fee_services.fee_notice_start(school=school, term=term, acting_user=head)
        add_item(notice, catalogue["milk"], "学生饮用奶", "150", user=head)
        fee_services.fee_notice_submit(notice=notice, acting_user=head)
        fee_services.fee_notice_approve(notice=notice, acting_user=inspector)
        notices.append(fee_services.fee_notice_publish(notice=notice, acting_user=inspector))
    return notices


def board_files(notice):
    storage = notice.board_a4.storage
    folder = notice.board_a4.name.rsplit("/", 1)[0]
    return sorted(storage.listdir(folder)[1])


def test_board_batch_killed_half_way_completes_once_a_worker_returns(workers, township_a, term, catalogue,
                                                                     bureau_inspector):
    import redis as redis_py

    notices = published_notices(township_a, term, catalogue, bureau_inspector, BOARDS)
    ids = [n.pk for n in notices]
    redis_py.Redis.from_url(workers.redis.url(1)).delete(workers.queue)  # the publications' own tasks: gone
    built = lambda: FeeNotice.objects.filter(pk__in=ids, board_digest__gt="").count()  # noqa: E731
    assert built() == 0

    first = workers.start(pool=("--pool=prefork", "--concurrency=2"))
    notice_boards_render_county.delay(township_a.county_id)
    assert wait_for(lambda: built() >= 3, timeout=60)
    workers.kill(first)
    held, done = unacked(workers.redis), built()
    assert 1 <= held and done < BOARDS, (held, done)  # killed with boards in flight and others still queued
    time.sleep(1.2)  # the held messages are older than the replacement's visibility timeout

    workers.start(pool=("--pool=prefork", "--concurrency=2"), env=RECOVER)
    assert wait_for(lambda: built() == BOARDS, timeout=90), built()
    assert wait_for(lambda: queue_length(workers.redis, workers.queue) == 0 and unacked(workers.redis) == 0,
                    timeout=30)
    for notice in FeeNotice.objects.filter(pk__in=ids):
        assert notice.boards_current
        assert board_files(notice) == sorted(
            name.rsplit("/", 1)[1] for name in (notice.board_a4.name, notice.board_a3.name)), "one file per board"
        with notice.board_a3.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"

    # killed between removing a board's old file and writing the new one, a worker leaves the digest
    # current without the file: the next reader gets it drawn on the fly, and the task it queues builds it
    lost = FeeNotice.objects.select_related("school").get(pk=ids[0])
    storage, name = lost.board_a4.storage, lost.board_a4.name
    storage.delete(name)
    board = Client().get(reverse("public:notice_board", args=[lost.school.code, lost.term_id, lost.version, "A4"]))
    assert board.status_code == 200 and b"".join(board.streaming_content if board.streaming else
                                                [board.content]).startswith(b"%PDF-")
    assert wait_for(lambda: storage.exists(name), timeout=30)
    assert board_files(lost) == sorted(n.rsplit("/", 1)[1] for n in (lost.board_a4.name, lost.board_a3.name))


DAY = "2026-12-01"
PROFILE_RULE = "org.school_profile_incomplete"


def duplicates():
    return list(Notification.objects.values("recipient", "rule", "period").annotate(n=Count("pk")).filter(n__gt=1))


def test_reminder_run_killed_half_way_is_completed_by_the_next_worker_without_duplicates(workers):
    incomplete = [factories.principal(factories.SchoolFactory(phone="")) for _ in range(2)]
    everyone = incomplete + [factories.principal(factories.SchoolFactory())]
    (workers.folder / "block").touch()
    (workers.folder / "hold").touch()
    rules = ("-I", "tests.notify.worker_rules")
    first = workers.start(args=rules)
    reminders_run.delay(DAY)
    assert wait_for(lambda: (workers.folder / "blocked").exists(), timeout=60)
    # the rules before the blocking one have committed their reminders; their e-mails are queued
    assert Notification.objects.filter(rule=PROFILE_RULE).count() == 2
    workers.kill(first)
    assert unacked(workers.redis) == 1, "the run's message, taken and never acknowledged"
    assert ReminderRun.objects.get().finished_at is None
    (workers.folder / "hold").unlink()
    time.sleep(1.2)

    workers.start(args=rules, env=RECOVER)  # nobody starts the run again: its message comes back
    assert wait_for(lambda: ReminderRun.objects.filter(finished_at__isnull=False).exists(), timeout=60)
    rerun = ReminderRun.objects.get(finished_at__isnull=False)
    assert rerun.rules[PROFILE_RULE]["delivered"] == 0 and rerun.rules[PROFILE_RULE]["skipped"] == 2
    assert rerun.rules["test.worker_zblock"]["delivered"] == 3
    assert sorted(Notification.objects.filter(rule="test.worker_zblock").values_list("recipient_id", flat=True)) \
        == sorted(p.pk for p in everyone)
    assert duplicates() == []

    # every notification e-mailed, each once (those queued before the kill and those of the rerun)
    assert wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(), timeout=30)
    assert wait_for(lambda: queue_length(workers.redis, workers.queue) == 0 and unacked(workers.redis) == 0,
                    timeout=30)
    mails = [(tuple(m["to"]), m["subject"]) for m in sent(workers.folder)]
    assert len(mails) == Notification.objects.count() == len(set(mails)), mails
    assert ReminderRun.objects.count() == 2  # the killed one (left unfinished, shown as interrupted) and its rerun
