"""Background work of the inspections app: thin tasks that call a service."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task
def orders_escalate(today=None):
    """Daily (beat): escalate the rectification orders past their deadline to the bureau. Idempotent."""
    from inspections.services.rectification import orders_escalate as escalate

    return escalate(today=dt.date.fromisoformat(today) if today else timezone.localdate())
