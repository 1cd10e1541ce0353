"""Figures of `make bench` that time background work rather than pages (issue 9): the reminder run,
the Excel import and export of the purchase ledger, and the county's batch of notice boards through
a real Celery worker.

Each function leaves the database as it found it, so that the next run measures the same thing:
the reminder run and the import happen inside a transaction that is rolled back; the board batch,
which a separate worker process commits, restores the board columns it changed and removes the files
it wrote.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

EXCEL_ROWS = 10_000
BATCH_PREFIX = "BENCH-"


class _Rollback(Exception):
    """Raised at the end of a measurement to undo everything it wrote."""


# --- the reminder run ------------------------------------------------------------------------------


def measure_reminders(*, today: dt.date | None = None) -> dict:
    """Time the reminder run over every school, then run it again for the same day: the second run
    must deliver nothing new (delivery is idempotent per recipient, rule and period). Both runs are
    rolled back, so the next measurement starts from the same inbox."""
    from houqin.notify.models import Notification
    from houqin.notify.services.reminders import reminders_run

    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            first = reminders_run(today=today)
            elapsed = time.perf_counter() - started
            before = Notification.objects.count()
            second = reminders_run(today=today)
            new = Notification.objects.count() - before
            figures = {"reminder_run_s": round(elapsed, 3), "reminder_run_new": first.delivered,
                       "reminder_second_run_new": max(new, second.delivered)}
            raise _Rollback
    except _Rollback:
        pass
    return figures


# --- Excel import and export of the purchase ledger ------------------------------------------------


def purchase_workbook(canteen, rows: int = EXCEL_ROWS, *, start: int = 0) -> bytes:
    """A purchase-ledger workbook of `rows` valid, distinct deliveries (batches numbered from
    `start`) from a supplier the school admitted, laid out as the import template (headers in the
    active language)."""
    from openpyxl import Workbook

    from canteens.choices import FoodClass, Unit
    from canteens.models import Supplier
    from canteens.resources import PurchaseImport

    supplier = Supplier.objects.filter(school_id=canteen.school_id, status="admitted").order_by("pk").first()
    if supplier is None:
        raise ValueError(f"the school of canteen {canteen.pk} has no admitted supplier")
    today = timezone.localdate()
    first_day = max(supplier.admitted_on, today - dt.timedelta(days=300))
    days = max((today - first_day).days, 1)
    goods = [("白菜", FoodClass.PLANT, ""), ("猪肉", FoodClass.MEAT, "4200001234"), ("草鱼", FoodClass.AQUATIC, ""),
             ("大米", FoodClass.DRY, "")]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(column.header) for column in PurchaseImport.columns])
    for n in range(start, start + rows):
        item, food_class, quarantine = goods[n % len(goods)]
        delivered = first_day + dt.timedelta(days=n % days)
        sheet.append([delivered.isoformat(), supplier.name, item, str(food_class.label), 10 + n % 90,
                      str(Unit.KG.label), str(Decimal("3.50") + n % 20), f"{BATCH_PREFIX}{n:06d}",
                      (delivered - dt.timedelta(days=1)).isoformat(), 30, quarantine, f"FP{n:08d}",
                      "刘春华", "孙志强", "送货员"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_excel(canteen, user, *, rows: int = EXCEL_ROWS) -> dict:
    """Time importing a 10,000-row purchase workbook as `user` (a keeper of the canteen), then
    exporting those rows from the purchase list as its Excel export does; all rolled back."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from canteens.resources import PurchaseImport
    from houqin.core.excel import run_import

    content = purchase_workbook(canteen, rows)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            report = run_import(PurchaseImport(canteen=canteen), io.BytesIO(content), acting_user=user)
            imported = time.perf_counter() - started
            if not report.ok or report.created != rows:
                raise RuntimeError(f"the benchmark workbook was refused: {report.errors[:3]}")
            host = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].lstrip(".").replace("*", "127.0.0.1")
            client = Client(HTTP_HOST=host)
            client.force_login(user)
            started = time.perf_counter()
            response = client.get(reverse("canteens:purchase_list"), {"q": BATCH_PREFIX, "_export": "xlsx"})
            exported = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"the purchase export answered {response.status_code}")
            raise _Rollback
    except _Rollback:
        pass
    return {"excel_import_10k_rows_s": round(imported, 3), "excel_export_10k_rows_s": round(exported, 3)}


# --- the county's batch of notice boards through a real Celery worker ------------------------------


def measure_pdf_batch(county) -> dict:
    """Time the bureau's batch (fees.tasks.notice_boards_render_county) from enqueueing it until
    every published notice of `county` has its boards rebuilt by a Celery worker process started
    against this database and Redis; boards per second, a board being one school's notice in A4
    and A3. The board columns are restored and the new files removed afterwards."""
    from django.db.models import F

    from fees.choices import NoticeStatus
    from fees.models import FeeNotice
    from fees.tasks import notice_boards_render_county

    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("the worker must see the boards committed: measure outside a transaction")
    notices = FeeNotice.objects.filter(school__township__county=county, status=NoticeStatus.PUBLISHED).exclude(digest="")
    saved = list(notices.values_list("pk", "board_a4", "board_a3", "board_digest"))
    try:
        notices.update(board_digest="")  # each board the worker rebuilds sets it back: that is how we see it done
        with _celery_worker() as queue:
            started = time.perf_counter()
            notice_boards_render_county.apply_async([county.pk], queue=queue)
            deadline = started + 120 + 2 * len(saved)
            while notices.filter(board_digest=F("digest")).count() < len(saved):
                if time.perf_counter() > deadline:
                    raise RuntimeError("the board batch did not finish in time")
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
    finally:
        _boards_restore(saved)
    return {"pdf_batch_boards": len(saved), "pdf_batch_boards_per_s": round(len(saved) / elapsed, 2)}


def _boards_restore(saved: list[tuple]) -> None:
    """Put the board columns back as they were and remove the files the batch wrote under new names."""
    from fees.models import FeeNotice

    storage = FeeNotice._meta.get_field("board_a4").storage
    before = {pk: (a4, a3, digest) for pk, a4, a3, digest in saved}
    for pk, a4, a3 in FeeNotice.objects.filter(pk__in=before).values_list("pk", "board_a4", "board_a3"):
        for name in {a4, a3} - set(before[pk][:2]) - {""}:
            storage.delete(name)
            _remove_empty_folders(storage, os.path.dirname(name))
    FeeNotice.objects.bulk_update(
        [FeeNotice(pk=pk, board_a4=a4, board_a3=a3, board_digest=digest) for pk, (a4, a3, digest) in before.items()],
        ["board_a4", "board_a3", "board_digest"], batch_size=2000)


def _remove_empty_folders(storage, folder: str) -> None:
    """Remove `folder` and its parents while they are empty, keeping the top one ("boards")."""
    while "/" in folder:
        try:
            os.rmdir(storage.path(folder))
        except (OSError, NotImplementedError):  # not empty, or a storage without folders
            return
        folder = os.path.dirname(folder)


@contextmanager
def _celery_worker():
    """A prefork worker (one child per core) on a queue of its own; what a failed batch left in the
    queue is purged afterwards."""
    from django.conf import settings

    from houqin.celery import app
    from houqin.core.workers import celery_worker

    queue = f"bench-{os.getpid()}"
    try:
        with celery_worker(queue, settings_module=os.environ.get("DJANGO_SETTINGS_MODULE", "houqin.settings.local"),
                           pool=(f"--concurrency={os.cpu_count() or 2}",),
                           env={"CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
                                "MEDIA_ROOT": str(settings.MEDIA_ROOT)}):
            yield queue
    finally:
        with app.connection_for_write() as broker:
            broker.default_channel.queue_purge(queue)
