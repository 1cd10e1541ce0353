"""The notify app's writes: delivery of notifications, the reminder run, the bureau's notices and
the reminder schedule. The delivery and run functions are re-exported here, where the other apps
and the tasks have always found them."""

from houqin.notify.services.delivery import (
    notification_emails_send,
    notification_emails_sweep,
    notification_mark_read,
    notification_send,
    notifications_deliver,
    notifications_mark_all_read,
    pending_email_ids,
)
from houqin.notify.services.reminders import reminders_run

__all__ = [
    "notification_emails_send",
    "notification_emails_sweep",
    "notification_mark_read",
    "notification_send",
    "notifications_deliver",
    "notifications_mark_all_read",
    "pending_email_ids",
    "reminders_run",
]
