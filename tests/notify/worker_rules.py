"""Reminder rules that exist only inside the test workers (`celery worker -I tests.notify.worker_rules`).
Each does nothing unless the test switches it on with a file in NOTIFY_TEST_DIR:

- "isolated": one rule over every active school, which fails for schools whose name holds 坏;
- "slow": a rule that takes the number of seconds written in the file (to make runs overlap);
- "block": a rule that, while the file "hold" exists, writes "blocked" and waits (to kill the
  worker in the middle of a run).

Codes sort after every real rule, so the real rules run (and commit) before them.
"""

import os
import time
from pathlib import Path

from houqin.notify.registry import Due, per_school, reminder_rule
from houqin.org.models import School, User


def _flag(name: str) -> Path | None:
    folder = os.environ.get("NOTIFY_TEST_DIR")
    path = Path(folder) / name if folder else None
    return path if path is not None and path.exists() else None


def _principals():
    return User.objects.filter(role="principal", is_active=True).order_by("pk")


@reminder_rule("test.worker_isolated", "test: isolated per school")
def isolated(*, today):
    if not _flag("isolated"):
        return
    principals = {}
    for user in _principals():
        principals.setdefault(user.school_id, []).append(user.pk)

    def for_school(school):
        if "坏" in school.name:
            raise ValueError(f"bad data in {school.code}")
        for pk in principals.get(school.pk, []):
            yield Due(recipient_id=pk, period=f"isolated:{today:%Y-%m}", title=f"isolated {school.name}")

    yield from per_school(School.objects.filter(is_active=True).order_by("pk"), for_school)


@reminder_rule("test.worker_slow", "test: slow")
def slow(*, today):
    flag = _flag("slow")
    if not flag:
        return
    time.sleep(float(flag.read_text() or "1"))
    for pk in _principals().values_list("pk", flat=True):
        yield Due(recipient_id=pk, period=f"slow:{today:%Y-%m}", title="slow")


@reminder_rule("test.worker_zblock", "test: blocks while held")
def block(*, today):
    if not _flag("block"):
        return
    hold = _flag("hold")
    if hold:
        (hold.parent / "blocked").write_text(str(os.getpid()))
        deadline = time.monotonic() + 120
        while _flag("hold") and time.monotonic() < deadline:
            time.sleep(0.1)
    for pk in _principals().values_list("pk", flat=True):
        yield Due(recipient_id=pk, period=f"block:{today:%Y-%m}", title="block")
