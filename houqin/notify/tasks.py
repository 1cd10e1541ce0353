from celery import shared_task

from houqin.notify import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_emails_send(ids):
    return services.notification_emails_send(ids)


@shared_task
def reminders_run(today=None, requested_by=None):
    """The reminder run (Celery beat starts it on the bureau's schedule; the bureau may start one)."""
    import datetime as dt

    run = services.reminders_run(today=dt.date.fromisoformat(today) if today else None, requested_by_id=requested_by)
    return {"run": run.pk, "delivered": run.delivered, "skipped": run.skipped, "failed": run.failed_rules}
