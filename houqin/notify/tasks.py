from celery import shared_task
from django.db import InterfaceError, OperationalError

from houqin.notify import services

# An SMTP outage (OSError) and a database restart or failover (the connection refused or cut) are
# waited out: 1, 2, 4 … 120 s, about four minutes in all; the tasks are idempotent.
RETRY = {"autoretry_for": (OSError, OperationalError, InterfaceError), "retry_backoff": True,
         "retry_backoff_max": 120, "retry_jitter": False, "max_retries": 8}


@shared_task(**RETRY)
def notification_emails_send(ids):
    return services.notification_emails_send(ids)


@shared_task
def notification_emails_sweep():
    """Beat, every few minutes: send the e-mails still pending (see the service)."""
    return services.notification_emails_sweep()


@shared_task(**RETRY)
def reminders_run(today=None, requested_by=None):
    """The reminder run (Celery beat starts it on the bureau's schedule; the bureau may start one)."""
    import datetime as dt

    run = services.reminders_run(today=dt.date.fromisoformat(today) if today else None, requested_by_id=requested_by)
    return {"run": run.pk, "delivered": run.delivered, "skipped": run.skipped, "failed": run.failed_rules}
