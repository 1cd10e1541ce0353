"""The reminder run: every registered rule, each in its own transaction, delivered once per
(recipient, rule, period) however often, however concurrently and after whatever crash it runs."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.utils import timezone

from houqin.notify.models import ReminderRun
from houqin.notify.registry import MAX_RECORDED_FAILURES, ReminderRule, recording_failures, registered_rules
from houqin.notify.services.delivery import notifications_deliver, pending_email_ids

logger = logging.getLogger(__name__)
PROGRESS_FIELDS = ["delivered", "skipped", "failed_rules", "rules", "failed_schools"]


def reminders_run(*, today: dt.date | None = None, requested_by_id: int | None = None) -> ReminderRun:
    """Run every registered reminder rule; a failing rule does not stop the others, and a rule
    using `registry.per_school` loses only the failing school. The run's counts are saved after
    each rule, so a run killed half-way shows how far it came; running again completes it."""
    from houqin.notify.tasks import notification_emails_send

    today = today or timezone.localdate()
    run = ReminderRun.objects.create(requested_by_id=requested_by_id)
    started = time.monotonic()
    for rule in registered_rules():
        _rule_run(run, rule, today)
        run.save(update_fields=PROGRESS_FIELDS)
    pending = pending_email_ids()
    if pending:
        transaction.on_commit(lambda: notification_emails_send.delay(pending), robust=True)
    run.finished_at = timezone.now()
    run.duration_s = round(time.monotonic() - started, 3)
    run.save(update_fields=["finished_at", "duration_s"])
    return run


def _rule_run(run: ReminderRun, rule: ReminderRule, today: dt.date) -> None:
    started = time.monotonic()
    stats = {"delivered": 0, "skipped": 0, "failed": False, "failed_schools": 0}
    with recording_failures(rule.code) as failures:
        try:
            with transaction.atomic():
                # one order for every run, so that two concurrent runs never wait on each other in a cycle
                dues = sorted(rule.collect(today=today), key=lambda due: (due.recipient_id, due.period))
                inserted = notifications_deliver(rule.code, dues)
        except Exception:  # noqa: BLE001 - a broken rule must not stop the others
            logger.exception("reminder rule %s failed", rule.code)
            run.failed_rules.append(rule.code)
            stats["failed"] = True
        else:
            stats["delivered"] = len(inserted)
            stats["skipped"] = len(dues) - len(inserted)
    stats["failed_schools"] = len(failures.schools)
    room = MAX_RECORDED_FAILURES - len(run.failed_schools)
    run.failed_schools.extend(failures.schools[:max(room, 0)])
    stats["seconds"] = round(time.monotonic() - started, 3)
    run.delivered += stats["delivered"]
    run.skipped += stats["skipped"]
    run.rules[rule.code] = stats
