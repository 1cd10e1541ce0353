"""Redis stopped while the portal is in use: signed-in and public pages still answer (sessions are in
PostgreSQL, the page cache and the throttles fail open), the user's actions that queue background
work succeed, and once Redis is back (empty: its queue is lost with it) the recovery sweeps of beat
do that work, once."""

import pytest
from django.test import Client
from django.urls import reverse

from fees import services as fee_services
from fees.choices import NoticeStatus
from fees.models import FeeNotice
from fees.services.boards import notice_boards_sweep
from fees.tasks import notice_boards_sweep as notice_boards_sweep_task
from houqin.notify.models import Notification
from houqin.notify.services import notification_emails_sweep
from houqin.notify.tasks import notification_emails_send
from houqin.notify.tasks import notification_emails_sweep as notification_emails_sweep_task
from inspections.models import Complaint
from tests import factories
from tests.faults.conftest import queue_length, unacked, wait_for
from tests.faults.mailbox import sent
from tests.fees.conftest import add_item
from tests.inspections.complaints.conftest import public_form_data

pytestmark = [pytest.mark.fault, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def approved_notice(school, term, catalogue, inspector):
    head = factories.principal(school)
    notice = fee_services.fee_notice_start(school=school, term=term, acting_user=head)
    add_item(notice, catalogue["milk"], "学生饮用奶", "150", user=head)
    fee_services.fee_notice_submit(notice=notice, acting_user=head)
    return fee_services.fee_notice_approve(notice=notice, acting_user=inspector)


def test_pages_answer_without_redis_and_the_work_is_done_once_when_it_returns(
    redis_server, workers, school_a, principal_a, bureau_admin, bureau_inspector, term, catalogue
):
    notice = approved_notice(school_a, term, catalogue, bureau_inspector)
    public = Client()
    assert public.get(reverse("public:school", args=[school_a.code])).status_code == 200  # stored in the cache

    redis_server.stop()

    # signed-in pages: the session is in PostgreSQL
    inspector = Client()
    inspector.force_login(bureau_inspector)
    for url in (reverse("home"), reverse("fees:notice_list"), notice.get_absolute_url()):
        assert inspector.get(url).status_code == 200, url
    school = Client()
    school.force_login(principal_a)
    assert school.get(reverse("home")).status_code == 200

    # publishing queues the boards: the publication stands although the task could not be queued
    response = inspector.post(reverse("fees:notice_publish", args=[notice.pk]), follow=True)
    assert response.status_code == 200 and "已发布" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and not notice.boards_current

    # public pages: the page cache is skipped, the board is drawn on the fly
    assert public.get(reverse("public:school", args=[school_a.code])).status_code == 200
    page = public.get(notice.get_public_url())
    assert page.status_code == 200 and school_a.name in page.content.decode()
    board = public.get(reverse("public:notice_board", args=[school_a.code, term.pk, notice.version, "A4"]))
    assert board.status_code == 200 and b"".join(board.streaming_content if board.streaming else
                                                [board.content]).startswith(b"%PDF-")

    # a parent files a complaint: throttles and the form's one-use token fail open; the bureau's
    # notification is in its inbox at once, its e-mail could not be queued
    response = public.post(f"{reverse('public:complaint_new')}?school={school_a.code}", public_form_data(school_a))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    notification = Notification.objects.get(recipient=bureau_admin, rule="inspections.complaint_filed")
    assert notification.emailed_at is None
    admin = Client()
    admin.force_login(bureau_admin)
    assert admin.get(reverse("home")).status_code == 200

    # the buttons whose only effect is to queue work say it could not be queued (no error page)
    for url in (reverse("fees:board_batch"), reverse("notify:reminder_run_now")):
        response = admin.post(url, follow=True)
        assert response.status_code == 200, url
        assert [m.level_tag for m in response.context["messages"]] == ["error"], url

    # Redis comes back empty; a worker starts; beat's sweeps run (here: queued by hand)
    redis_server.start()
    workers.start()
    assert queue_length(redis_server, workers.queue) == 0, "nothing of the outage survived in Redis"
    notice_boards_sweep_task.delay()
    notification_emails_sweep_task.delay()
    assert wait_for(lambda: FeeNotice.objects.get(pk=notice.pk).boards_current, timeout=60)
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None, timeout=30)

    # the normal path and the sweeps once more, side by side: nothing is sent or built twice
    notification_emails_send.delay([notification.pk])
    notice_boards_sweep_task.delay()
    notification_emails_sweep_task.delay()
    assert wait_for(lambda: queue_length(redis_server, workers.queue) == 0 and unacked(redis_server) == 0,
                    timeout=30)
    assert notice_boards_sweep() == 0 and notification_emails_sweep() == 0

    mails = sent(workers.folder)
    assert [m["to"] for m in mails] == [[bureau_admin.email]], mails
    assert complaint.school.name in mails[0]["subject"]
    notice.refresh_from_db()
    folder = notice.board_a4.name.rsplit("/", 1)[0]
    assert sorted(notice.board_a4.storage.listdir(folder)[1]) == sorted(
        name.rsplit("/", 1)[1] for name in (notice.board_a4.name, notice.board_a3.name)), "one file per board"

    # the public page shows the published notice with the cache working again
    assert public.get(reverse("public:school", args=[school_a.code])).status_code == 200
