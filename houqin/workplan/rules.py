"""The rules of the work plan as pure functions (no database): the window a goal's year and deadline
must fall in, the progress expected by a day, the progress a measured figure amounts to, and the
status a goal is in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from houqin.workplan.choices import GoalStatus, MeasureKind

# A goal is at risk when its progress lags the steady pace from its start to its deadline by more
# than this many percentage points (e.g. 40 % done when 70 % of the time has gone).
AT_RISK_LAG = 20

# Worst first: the order the plan is sorted in by status.
STATUS_RANK = {GoalStatus.OVERDUE: 0, GoalStatus.AT_RISK: 1, GoalStatus.ON_TRACK: 2, GoalStatus.DONE: 3,
               GoalStatus.CANCELLED: 4}
STATUS_STYLE = {GoalStatus.DONE: "success", GoalStatus.ON_TRACK: "primary", GoalStatus.AT_RISK: "warning",
                GoalStatus.OVERDUE: "danger", GoalStatus.CANCELLED: "secondary"}


def year_window(today: dt.date) -> tuple[int, int]:
    """The plan years that can be written: last year's (to finish recording it), this year's and next
    year's (drafted in December)."""
    return today.year - 1, today.year + 1


def deadline_window(year: int) -> tuple[dt.date, dt.date]:
    """A goal of the `year` plan is due within the year, or the next one at the latest: work plans
    set some goals over "one to two years" (用1-2年时间)."""
    return dt.date(year, 1, 1), dt.date(year + 1, 12, 31)


def goal_start(year: int, created: dt.date | None) -> dt.date:
    """The day the clock of a goal starts: the first of its year, or the day it was added later."""
    first = dt.date(year, 1, 1)
    return max(first, created) if created else first


def expected_progress(*, start: dt.date, deadline: dt.date, today: dt.date) -> int:
    """The percentage a steady pace from `start` to `deadline` has reached on `today`."""
    if today <= start:
        return 0
    if today >= deadline:
        return 100
    return (today - start).days * 100 // (deadline - start).days


def share_percent(value: int | None, denominator: int | None) -> Decimal | None:
    """value / denominator in per cent, one decimal; None when there is nothing to divide by."""
    if value is None or not denominator:
        return None
    return (Decimal(value) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


def measured_progress(*, kind: str, value: int | None, denominator: int | None,
                      target: Decimal | None) -> int | None:
    """How far a measured figure is towards its target, 0–100 (floored: 100 only once the target is
    met). A count is compared with the target number; a share (value out of denominator) with the
    target percentage. None when the data cannot say (no target, nothing counted yet)."""
    if target is None or target <= 0 or value is None:
        return None
    if kind == MeasureKind.SHARE:
        if not denominator:
            return None
        achieved = Decimal(value) * 100 / Decimal(denominator)
    else:
        achieved = Decimal(value)
    return max(0, min(100, int(achieved * 100 / Decimal(target))))


def goal_status(*, progress: int | None, deadline: dt.date, today: dt.date, start: dt.date,
                cancelled: bool = False) -> GoalStatus:
    """Cancelled; done at 100 %; overdue once the deadline has passed; at risk when the progress lags
    the steady pace by more than AT_RISK_LAG points; otherwise on track. Unknown progress counts as 0."""
    if cancelled:
        return GoalStatus.CANCELLED
    done = progress or 0
    if done >= 100:
        return GoalStatus.DONE
    if deadline < today:
        return GoalStatus.OVERDUE
    if done + AT_RISK_LAG < expected_progress(start=start, deadline=deadline, today=today):
        return GoalStatus.AT_RISK
    return GoalStatus.ON_TRACK
