from celery import shared_task
from django.db import InterfaceError, OperationalError

from fees.choices import NoticeStatus
from fees.models import FeeNotice
from fees.services.boards import notice_boards_render as render
from fees.services.boards import notice_boards_sweep as sweep

# A full disk or storage outage (OSError) and a database restart or failover (the connection refused
# or cut) are waited out: 1, 2, 4 … 120 s, about four minutes in all; the tasks are idempotent.
RETRY = {"autoretry_for": (OSError, OperationalError, InterfaceError), "retry_backoff": True,
         "retry_backoff_max": 120, "retry_jitter": False, "max_retries": 8}


@shared_task(**RETRY)
def notice_boards_render(notice_id, force=False):
    """Build the notice boards of one published notice (nothing happens if they are current, unless
    `force`)."""
    return render(notice_id, force=force)


@shared_task(**RETRY)
def notice_boards_render_county(county_id):
    """The bureau's batch: queue the boards of every published notice of the county."""
    ids = list(
        FeeNotice.objects.filter(school__township__county_id=county_id, status=NoticeStatus.PUBLISHED)
        .values_list("pk", flat=True)
    )
    for notice_id in ids:
        notice_boards_render.delay(notice_id, force=True)
    return len(ids)


@shared_task
def notice_boards_sweep():
    """Beat, every few minutes: queue the boards that are missing or out of date (see the service)."""
    return sweep()
