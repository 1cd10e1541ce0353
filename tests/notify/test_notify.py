import datetime as dt

from django.core import mail
from django.urls import reverse

from houqin.notify import services
from houqin.notify.models import Notification, ReminderRun
from houqin.notify.registry import REGISTRY, Due, reminder_rule


def test_the_same_notice_is_delivered_once_per_recipient_rule_and_period(principal_a, django_capture_on_commit_callbacks):
    due = Due(recipient_id=principal_a.pk, period="2026-11", title="请完善学校资料")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notifications_deliver("test.rule", [due, due])
        second = services.notifications_deliver("test.rule", [due])
    assert len(first) == 1 and second == []
    assert Notification.objects.filter(recipient=principal_a).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [principal_a.email]
    services.notification_emails_send(first)
    assert len(mail.outbox) == 1, "an e-mail already sent is never sent again"


def test_another_period_is_a_new_notice(principal_a):
    services.notification_send(recipient_id=principal_a.pk, rule="test.rule", period="2026-11", title="十一月")
    services.notification_send(recipient_id=principal_a.pk, rule="test.rule", period="2026-12", title="十二月")
    assert Notification.objects.filter(recipient=principal_a).count() == 2


def test_profile_reminder_rule_reaches_principals_of_incomplete_schools(principal_a, principal_b, school_b):
    school_b.phone = ""
    school_b.save()
    run = services.reminders_run(today=dt.date(2026, 12, 1))
    notices = Notification.objects.filter(rule="org.school_profile_incomplete")
    assert [n.recipient for n in notices] == [principal_b]
    assert "公开电话" in notices[0].body
    assert notices[0].url == reverse("org:school_update", args=[school_b.pk])
    assert run.delivered == 1 and run.failed_rules == []
    again = services.reminders_run(today=dt.date(2026, 12, 1))
    assert again.delivered == 0 and again.skipped == 1
    assert notices.count() == 1


def test_a_failing_rule_does_not_stop_the_others(principal_b, school_b):
    school_b.phone = ""
    school_b.save()

    @reminder_rule("test.broken", "broken")
    def broken(*, today):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    try:
        run = services.reminders_run(today=dt.date(2026, 12, 1))
    finally:
        REGISTRY.pop("test.broken")
    assert run.failed_rules == ["test.broken"]
    assert run.delivered == 1
    assert ReminderRun.objects.get(pk=run.pk).duration_s is not None


def test_inbox_shows_own_notifications_and_the_unread_count(client, principal_a, principal_b):
    services.notification_send(recipient_id=principal_a.pk, rule="t", period="1", title="给甲的通知", url="/org/schools/")
    services.notification_send(recipient_id=principal_b.pk, rule="t", period="1", title="给乙的通知")
    client.force_login(principal_a)
    page = client.get(reverse("notify:inbox")).content.decode()
    assert "给甲的通知" in page and "给乙的通知" not in page
    assert 'data-testid="unread-count">1<' in page


def test_opening_marks_read_and_follows_the_link(client, principal_a):
    services.notification_send(recipient_id=principal_a.pk, rule="t", period="1", title="打开我", url="/org/schools/")
    notification = Notification.objects.get()
    client.force_login(principal_a)
    response = client.post(reverse("notify:open", args=[notification.pk]))
    assert response["Location"] == "/org/schools/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(client, principal_a, principal_b):
    services.notification_send(recipient_id=principal_b.pk, rule="t", period="1", title="私人")
    client.force_login(principal_a)
    assert client.post(reverse("notify:open", args=[Notification.objects.get().pk])).status_code == 404


def test_external_links_are_not_followed(client, principal_a):
    services.notification_send(recipient_id=principal_a.pk, rule="t", period="1", title="x", url="https://evil.example")
    client.force_login(principal_a)
    response = client.post(reverse("notify:open", args=[Notification.objects.get().pk]))
    assert response["Location"] == reverse("notify:inbox")


def test_mark_all_read(client, principal_a):
    for period in "123":
        services.notification_send(recipient_id=principal_a.pk, rule="t", period=period, title=period)
    client.force_login(principal_a)
    client.post(reverse("notify:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_inbox_query_count_does_not_grow(client, principal_a, django_assert_max_num_queries):
    client.force_login(principal_a)
    for period in range(60):
        services.notification_send(recipient_id=principal_a.pk, rule="t", period=str(period), title=str(period))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notify:inbox")).status_code == 200
