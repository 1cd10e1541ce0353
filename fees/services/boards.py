"""Building the notice boards of published notices and storing them (idempotent)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from fees.choices import PUBLIC_STATUSES
from fees.documents import render_notice_board_pdf
from fees.models import FeeNotice
from fees.selectors import notice_items

__all__ = ["notice_board_bytes", "notice_boards_render"]


def notice_boards_render(notice_id: int, *, force: bool = False) -> bool:
    """Render the A4 and A3 boards of a published notice unless boards of its digest exist already
    (`force` rebuilds them, e.g. after the county changed the board's design). Returns True when
    boards were (re)built. Safe to run twice or concurrently: the files keep fixed names."""
    notice = FeeNotice.objects.select_related("school__township__county", "term").get(pk=notice_id)
    if notice.status not in PUBLIC_STATUSES or not notice.digest or (notice.boards_current and not force):
        return False
    items = notice_items(notice)
    files = {size: render_notice_board_pdf(notice, items, size=size) for size in ("A4", "A3")}
    with transaction.atomic():
        locked = FeeNotice.objects.select_for_update().get(pk=notice_id)
        if locked.board_digest == locked.digest and locked.board_a4 and not force:
            return False  # another worker finished first
        stem = f"{locked.digest[:12]}"
        for field, size in ((locked.board_a4, "A4"), (locked.board_a3, "A3")):
            name = field.field.generate_filename(locked, f"{stem}-{size}.pdf")
            if field.storage.exists(name):
                field.storage.delete(name)  # same name, replaced: a rerun leaves no stray copies
            field.save(f"{stem}-{size}.pdf", ContentFile(files[size]), save=False)
        locked.board_digest = locked.digest
        FeeNotice.objects.filter(pk=notice_id).update(
            board_a4=locked.board_a4.name, board_a3=locked.board_a3.name, board_digest=locked.digest
        )
    return True


def notice_board_bytes(notice: FeeNotice, size: str) -> bytes:
    """The board of a public notice: the stored file when it is current, else rendered now (and
    queued to be stored) so that nobody ever meets a missing board."""
    from fees.tasks import notice_boards_render as task

    field = notice.board_a3 if size == "A3" else notice.board_a4
    if notice.boards_current and field:
        try:
            with field.open("rb") as handle:
                return handle.read()
        except OSError:
            pass
    transaction.on_commit(lambda: task.delay(notice.pk), robust=True)
    return render_notice_board_pdf(notice, notice_items(notice), size=size)
