"""Pure rules of the assets app (no database): straight-line depreciation, the procurement tier,
overdue repairs, the dormitory limit, and reading a scanned code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assets.choices import DORM_LIMIT, OPEN_REPAIRS, DormLevel, ProcurementTier, RepairStatus

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Depreciation:
    months_total: int  # the useful life in months (0: not depreciated)
    months_used: int  # months depreciated by the date asked, never beyond the life
    monthly: Decimal
    accumulated: Decimal
    net_value: Decimal

    @property
    def fully_depreciated(self) -> bool:
        return self.months_total > 0 and self.months_used >= self.months_total


def _months_between(start: dt.date, end: dt.date) -> int:
    """Months depreciated from `start` to `end`, both months included (government accounting: an
    asset is depreciated from the month it arrives)."""
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def depreciation(value: Decimal, life_years: int, acquired: dt.date, as_of: dt.date, *,
                 opening: Decimal = Decimal("0"), opening_date: dt.date | None = None) -> Depreciation:
    """Straight-line depreciation with no residual value, month by month, stopping at the end of the
    useful life: the net value never falls below zero however old the asset.

    An asset taken over from an old register carries `opening` depreciation as of `opening_date`;
    the rest of its value is spread over the months of its life left after that date.
    """
    value = Decimal(value or 0)
    total = int(life_years or 0) * 12
    if total == 0 or value <= 0:
        return Depreciation(total, 0, Decimal("0.00"), Decimal("0.00"), value.quantize(CENT))
    used = min(_months_between(acquired, as_of), total)
    opening = min(Decimal(opening or 0), value)
    if opening_date and as_of >= opening_date:
        # taken over from an old register: the value left is spread over the months of life left
        left = total - min(_months_between(acquired, opening_date), total)
        later = (as_of.year - opening_date.year) * 12 + as_of.month - opening_date.month
        accumulated = opening + ((value - opening) * min(later, left) / left if left > 0 else Decimal("0"))
    else:
        accumulated = value * used / total
    accumulated = min(accumulated, value).quantize(CENT, ROUND_HALF_UP)
    return Depreciation(total, used, (value / total).quantize(CENT, ROUND_HALF_UP), accumulated,
                        (value - accumulated).quantize(CENT, ROUND_HALF_UP))


def procurement_tier(amount: Decimal, *, equipment_centre_from: Decimal, government_from: Decimal) -> str:
    """三级采购: government procurement, the county's equipment centre, or the school itself."""
    if amount >= government_from:
        return ProcurementTier.GOVERNMENT
    if amount >= equipment_centre_from:
        return ProcurementTier.EQUIPMENT_CENTRE
    return ProcurementTier.SCHOOL


def repair_overdue(ticket, today: dt.date) -> bool:
    """A ticket is overdue when it is still open after the day it was reported ("fixed the same
    day"), or after the day promised to the reporter when it could not be fixed that day."""
    if ticket.status not in OPEN_REPAIRS:
        return False
    if ticket.status == RepairStatus.POSTPONED and ticket.promised_date:
        return ticket.promised_date < today
    from django.utils import timezone

    return timezone.localtime(ticket.reported_at).date() < today


def dorm_limit(level: str) -> int | None:
    return DORM_LIMIT.get(level)


def default_dorm_level(school_type: str) -> str:
    return DormLevel.PRIMARY if school_type in ("primary", "teaching_point", "kindergarten") else DormLevel.SECONDARY


TAG_RE = re.compile(r"(ZC|FJ)-\d{10}-\d{3,6}")


def read_scanned_code(text: str) -> tuple[str, str] | None:
    """What a scan holds: ("asset", tag) or ("room", code), from the tag itself or from the URL the
    QR code encodes (…/assets/t/ZC-2142000001-00012/). None for anything else."""
    text = (text or "").strip().upper()
    match = TAG_RE.search(text)
    if not match:
        return None
    code = match.group(0)
    return ("room" if code.startswith("FJ") else "asset", code)
