"""Delivering notifications: in the inbox at once, by e-mail through Celery.

Delivery is an INSERT … ON CONFLICT DO NOTHING on (recipient, rule, period): whatever runs twice,
concurrently or after a crash, each notification exists once, and only the newly inserted ones are
e-mailed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import connection, transaction
from django.utils import timezone

from houqin.notify.models import Notification
from houqin.notify.registry import Due

logger = logging.getLogger(__name__)
BATCH = 5000

# One statement per batch whatever its size: the rows travel as one array per column (a VALUES list
# of 8,000 placeholders cost more to build than to insert), in the order given, so that concurrent
# runs take their row locks in the same order.
_INSERT = """
INSERT INTO notify_notification (recipient_id, rule, period, level, title, body, url, created_at)
SELECT due.recipient_id, %s, due.period, due.level, due.title, due.body, due.url, %s
FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[], %s::text[], %s::varchar[])
     WITH ORDINALITY AS due(recipient_id, period, level, title, body, url, position)
ORDER BY due.position
ON CONFLICT (recipient_id, rule, period) DO NOTHING
RETURNING id
"""


def notifications_deliver(rule: str, dues: Iterable[Due]) -> list[int]:
    """Insert the notifications not delivered before; return the ids of the new ones and queue
    their e-mails once the transaction commits."""
    from houqin.notify.tasks import notification_emails_send

    now = timezone.now()
    inserted: list[int] = []
    batch: list[Due] = []

    def flush():
        if not batch:
            return
        columns = [[due.recipient_id for due in batch], [due.period[:80] for due in batch],
                   [str(due.level) for due in batch], [due.title[:200] for due in batch], [due.body for due in batch],
                   [due.url[:300] for due in batch]]
        with connection.cursor() as cursor:
            cursor.execute(_INSERT, [rule, now, *columns])
            inserted.extend(row[0] for row in cursor.fetchall())
        batch.clear()

    for due in dues:
        batch.append(due)
        if len(batch) >= BATCH:
            flush()
    flush()
    if inserted:
        ids = list(inserted)
        transaction.on_commit(lambda: notification_emails_send.delay(ids), robust=True)
    return inserted


def notification_send(
    *, recipient_id: int, rule: str, period: str, title: str, body: str = "", url: str = "", level: str = "info"
) -> bool:
    """Deliver one notification now (e.g. an alert); False if it had been delivered before."""
    due = Due(recipient_id=recipient_id, period=period, title=title, body=body, url=url, level=level)
    return bool(notifications_deliver(rule, [due]))


def notification_emails_send(ids: list[int]) -> int:
    """E-mail the given notifications that have not been e-mailed yet; return how many were sent.

    Each is locked, sent and marked in its own transaction, so two workers never send the same one
    and a crash re-sends at most the one in flight.
    """
    sent = 0
    mail = get_connection()
    for pk in ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not notification.recipient.email or not notification.recipient.is_active:
                continue
            body = notification.body
            if notification.url:
                body = f"{body}\n\n{settings.SITE_URL}{notification.url}".strip()
            send_mail(
                f"[{settings.SITE_NAME}] {notification.title}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
                connection=mail,
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def pending_email_ids(*, since: dt.timedelta = dt.timedelta(days=7)) -> list[int]:
    """Notifications whose e-mail was never sent (a worker or Redis was down when they were made)."""
    return list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__gte=timezone.now() - since, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)[:10_000]
    )


def notification_emails_sweep() -> int:
    """E-mail the notifications whose e-mail is still pending: the recovery of those whose task was
    never queued (Redis down at commit) or was lost. Safe beside the normal path and with itself:
    each e-mail is sent under its row's lock, once. Returns how many were sent."""
    return notification_emails_send(pending_email_ids())


def notification_mark_read(*, notification: Notification, acting_user) -> Notification:
    if notification.recipient_id != acting_user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, acting_user) -> int:
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(read_at=timezone.now())
