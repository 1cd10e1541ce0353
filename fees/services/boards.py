"""Building the notice boards of published notices and storing them (idempotent)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q

from fees.choices import PUBLIC_STATUSES
from fees.documents import render_notice_board_pdf
from fees.models import FeeNotice
from fees.selectors import notice_items

__all__ = ["notice_board_bytes", "notice_boards_render", "notice_boards_sweep"]


def notice_boards_render(notice_id: int, *, force: bool = False) -> bool:
    """Render the A4 and A3 boards of a published notice unless boards of its digest exist already
    (`force` rebuilds them, e.g. after the county changed the board's design). Returns True when
    boards were (re)built. Safe to run twice or concurrently: the files keep fixed names."""
    notice = FeeNotice.objects.select_related("school__township__county", "term").get(pk=notice_id)
    if notice.status not in PUBLIC_STATUSES or not notice.digest or (_boards_stored(notice) and not force):
        return False
    items = notice_items(notice)
    files = {size: render_notice_board_pdf(notice, items, size=size) for size in ("A4", "A3")}
    with transaction.atomic():
        locked = FeeNotice.objects.select_for_update().get(pk=notice_id)
        if _boards_stored(locked) and not force:
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


def _boards_stored(notice: FeeNotice) -> bool:
    """The boards are current and both files are there (a worker killed between replacing a file and
    writing it again leaves a current digest without its file)."""
    return notice.boards_current and bool(notice.board_a3) and all(
        field.storage.exists(field.name) for field in (notice.board_a4, notice.board_a3))


def notice_boards_sweep() -> int:
    """Queue the boards of every published notice whose boards are missing or out of date: the
    recovery of a publication whose task was never queued (Redis down) or whose queue was lost.
    Idempotent, and harmless beside the normal path: a current board is never rebuilt. Returns how
    many were queued."""
    from fees.tasks import notice_boards_render as task

    stale = list(
        FeeNotice.objects.filter(status__in=PUBLIC_STATUSES).exclude(digest="")
        .filter(Q(board_a4="") | Q(board_a3="") | ~Q(board_digest=F("digest")))
        .order_by("pk").values_list("pk", flat=True)
    )  # the database alone says it (no file is looked at: on object storage that is a request each)
    for notice_id in stale:
        task.delay(notice_id)
    return len(stale)


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
