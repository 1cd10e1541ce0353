from celery import shared_task

from fees.choices import NoticeStatus
from fees.models import FeeNotice
from fees.services.boards import notice_boards_render as render


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notice_boards_render(notice_id, force=False):
    """Build the notice boards of one published notice (nothing happens if they are current, unless
    `force`)."""
    return render(notice_id, force=force)


@shared_task
def notice_boards_render_county(county_id):
    """The bureau's batch: queue the boards of every published notice of the county."""
    ids = list(
        FeeNotice.objects.filter(school__township__county_id=county_id, status=NoticeStatus.PUBLISHED)
        .values_list("pk", flat=True)
    )
    for notice_id in ids:
        notice_boards_render.delay(notice_id, force=True)
    return len(ids)
