"""Reads of the assets app, always through the user's scope; each list page and its export share one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from assets.choices import ON_BOOKS, OPEN_REPAIRS, DisposalStatus, RepairStatus, RoomKind
from assets.models import (
    Asset,
    Compensation,
    Consumable,
    CustodyCheck,
    Deposit,
    Disposal,
    FacilityCheck,
    PurchaseRequest,
    Reconciliation,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
    StockTakeLine,
    Transfer,
)


def asset_list(*, user) -> QuerySet[Asset]:
    return Asset.objects.visible_to(user).select_related("school", "room", "custodian")


def room_list(*, user) -> QuerySet[Room]:
    return (Room.objects.visible_to(user).select_related("school", "keeper")
            .annotate(asset_count=Count("assets", filter=Q(assets__status__in=ON_BOOKS))))


def transfer_list(*, user) -> QuerySet[Transfer]:
    return Transfer.objects.visible_to(user).select_related("asset", "asset__school", "from_room", "to_room",
                                                            "from_custodian", "to_custodian", "recorded_by")


def request_list(*, user) -> QuerySet[PurchaseRequest]:
    return PurchaseRequest.objects.visible_to(user).select_related("school", "requested_by", "department_head")


def requests_awaiting(user) -> QuerySet[PurchaseRequest]:
    """The requests whose current stage `user` decides."""
    from houqin.org.choices import Role

    base = PurchaseRequest.objects.visible_to(user).exclude(requested_by=user)
    q = Q(status="pending_head", department_head=user)
    if user.role == Role.PRINCIPAL:
        q |= Q(status="pending_principal", school_id=user.school_id)
    if user.role == Role.BUREAU_ADMIN:
        q |= Q(status="pending_bureau")
    return base.filter(q)


def custody_list(*, user) -> QuerySet[CustodyCheck]:
    return CustodyCheck.objects.visible_to(user).select_related("room", "room__school", "term", "keeper")


def stocktake_list(*, user) -> QuerySet[StockTake]:
    return (StockTake.objects.visible_to(user).select_related("school", "started_by")
            .annotate(missing=Count("lines", filter=Q(lines__result="missing")),
                      misplaced=Count("lines", filter=Q(lines__result="misplaced")),
                      surplus=Count("lines", filter=Q(lines__result="surplus"))))


def stocktake_lines(stocktake: StockTake) -> QuerySet[StockTakeLine]:
    return stocktake.lines.select_related("asset", "expected_room", "found_room", "scanned_by")


def difference_totals(stocktake: StockTake) -> dict:
    """盘盈/盘亏: counts and values of the difference report."""
    lines = stocktake.lines.all()
    deficit = lines.filter(result="missing").aggregate(n=Count("pk"), v=Sum("asset__original_value"))
    surplus = lines.filter(result="surplus").aggregate(n=Count("pk"), v=Sum("value"))
    misplaced = lines.filter(result="misplaced").aggregate(n=Count("pk"), fixed=Count("pk", filter=Q(corrected=True)))
    found = lines.filter(result="found").count()
    return {"found": found, "deficit_count": deficit["n"], "deficit_value": deficit["v"] or Decimal("0"),
            "surplus_count": surplus["n"], "surplus_value": surplus["v"] or Decimal("0"),
            "misplaced_count": misplaced["n"], "misplaced_fixed": misplaced["fixed"]}


def reconciliation_list(*, user) -> QuerySet[Reconciliation]:
    return Reconciliation.objects.visible_to(user).select_related("school", "recorded_by")


def disposal_list(*, user) -> QuerySet[Disposal]:
    return Disposal.objects.visible_to(user).select_related("asset", "asset__school", "requested_by")


def compensation_list(*, user) -> QuerySet[Compensation]:
    return Compensation.objects.visible_to(user).select_related("school", "asset")


def repair_list(*, user) -> QuerySet[RepairTicket]:
    return RepairTicket.objects.visible_to(user).select_related("school", "reported_by", "room")


def overdue_repairs_q(today: dt.date) -> Q:
    """Still open after the day reported, or after the day promised (same rule as rules.repair_overdue)."""
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    open_ = Q(status__in=OPEN_REPAIRS)
    postponed_late = Q(status=RepairStatus.POSTPONED, promised_date__lt=today)
    other_late = ~Q(status=RepairStatus.POSTPONED) & Q(reported_at__lt=start)
    postponed_no_date = Q(status=RepairStatus.POSTPONED, promised_date__isnull=True, reported_at__lt=start)
    return open_ & (postponed_late | other_late | postponed_no_date)


def repair_week(*, user, week_start: dt.date) -> dict:
    """The weekly report: tickets reported that week, what is still open and what is overdue (now),
    by category, with the same-day rate and the average rating."""
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min))
    end = start + dt.timedelta(days=7)
    tickets = repair_list(user=user)
    week = tickets.filter(reported_at__gte=start, reported_at__lt=end)
    by_category = {row["category"]: row for row in week.order_by().values("category").annotate(
        reported=Count("pk"), done=Count("pk", filter=Q(status=RepairStatus.DONE)))}
    done = week.filter(status=RepairStatus.DONE)
    same_day = sum(1 for reported, completed in done.values_list("reported_at", "completed_at")
                   if timezone.localtime(reported).date() == timezone.localtime(completed).date())
    rating = done.filter(rating__isnull=False).aggregate(n=Count("pk"), s=Sum("rating"))
    open_now = tickets.filter(status__in=OPEN_REPAIRS).order_by("reported_at")
    overdue_now = tickets.filter(overdue_repairs_q(today)).order_by("reported_at")
    return {"week_start": week_start, "week_end": week_start + dt.timedelta(days=6), "by_category": by_category,
            "reported": week.count(), "done": done.count(), "same_day": same_day,
            "rating": (Decimal(rating["s"]) / rating["n"]).quantize(Decimal("0.1")) if rating["n"] else None,
            "open": open_now, "overdue": overdue_now}


def facility_overview(*, user) -> QuerySet:
    """Per boarding school: items met of 十有八配套 and dormitory rooms over the limit."""
    from houqin.core.scoping import schools_visible_to

    from assets.choices import DORM_LIMIT

    crowded = Room.objects.filter(school=OuterRef("pk"), kind=RoomKind.DORMITORY, is_active=True).filter(
        Q(dorm_level="primary", occupants__gt=DORM_LIMIT["primary"])
        | Q(dorm_level="secondary", occupants__gt=DORM_LIMIT["secondary"])
        | Q(occupants__gt=F("beds")))
    return (schools_visible_to(user).filter(has_dormitory=True).select_related("township")
            .annotate(items_met=Count("facility_checks", filter=Q(facility_checks__state="met"), distinct=True),
                      items_checked=Count("facility_checks", distinct=True),
                      dorm_rooms=Count("asset_rooms", filter=Q(asset_rooms__kind=RoomKind.DORMITORY,
                                                               asset_rooms__is_active=True), distinct=True),
                      dorm_occupants=Sum("asset_rooms__occupants", filter=Q(asset_rooms__kind=RoomKind.DORMITORY,
                                                                            asset_rooms__is_active=True)),
                      crowded=Exists(crowded))
            .order_by("township__code", "name"))


def school_facilities(school_id: int) -> dict:
    """One school's checklist (every item, checked or not) and its dormitory rooms with their state."""
    from assets.choices import DORM_LIMIT, EIGHT_MATCHINGS, FacilityItem, TEN_FACILITIES

    checks = {c.item: c for c in FacilityCheck.objects.filter(school_id=school_id).select_related("checked_by")}
    rows = [{"item": value, "label": label, "check": checks.get(value), "ten": value in TEN_FACILITIES}
            for value, label in FacilityItem.choices]
    rooms = list(Room.objects.filter(school_id=school_id, kind=RoomKind.DORMITORY, is_active=True)
                 .order_by("building", "name"))
    for room in rooms:
        room.limit = DORM_LIMIT.get(room.dorm_level)
        room.over = bool(room.limit and room.occupants > room.limit) or room.occupants > room.beds
    return {"rows": rows, "met": sum(1 for r in rows if r["check"] and r["check"].state == "met"),
            "ten_met": sum(1 for r in rows if r["ten"] and r["check"] and r["check"].state == "met"),
            "eight_met": sum(1 for r in rows if not r["ten"] and r["check"] and r["check"].state == "met"),
            "total": len(rows), "ten_total": len(TEN_FACILITIES), "eight_total": len(EIGHT_MATCHINGS),
            "rooms": rooms, "crowded": [r for r in rooms if r.over]}


def consumable_list(*, user) -> QuerySet[Consumable]:
    return Consumable.objects.visible_to(user).select_related("school")


def requisition_list(*, user) -> QuerySet[Requisition]:
    return Requisition.objects.visible_to(user).select_related("consumable", "consumable__school", "requested_by",
                                                               "approver")


def deposit_list(*, user) -> QuerySet[Deposit]:
    return Deposit.objects.visible_to(user).select_related("school")


def register_totals(queryset: QuerySet[Asset]) -> dict:
    """Count and original value of the assets listed, and of those still on the books."""
    row = queryset.order_by().aggregate(
        count=Count("pk"), value=Sum("original_value"),
        on_books=Count("pk", filter=Q(status__in=ON_BOOKS)),
        on_books_value=Sum("original_value", filter=Q(status__in=ON_BOOKS)))
    return {k: v or 0 for k, v in row.items()}


def pending_disposals(user) -> QuerySet[Disposal]:
    return disposal_list(user=user).filter(status__in=(DisposalStatus.APPRAISED, DisposalStatus.PENDING_BUREAU))
