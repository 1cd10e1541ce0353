"""Custody per room, the stock-take room by room, and the reconciliation with the finance export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import ON_BOOKS, AssetSource, AssetStatus, CustodyKind, LineResult, StockTakeStatus
from assets.models import (
    Asset,
    CustodyCheck,
    CustodyLine,
    Reconciliation,
    ReconciliationLine,
    Room,
    StockTake,
    StockTakeLine,
    StockTakeRoom,
)
from assets.rules import read_scanned_code
from assets.services.access import ensure_keeper, is_bureau_admin, is_member, is_principal_of
from assets.services.register import _lock_school, asset_transfer, next_tag_code, record_transfer
from houqin.core.history import save_with_history
from houqin.core.scoping import ensure_in_scope

__all__ = ["ScanOutcome", "custody_record", "reconciliation_run", "stocktake_approve", "stocktake_line_correct",
           "stocktake_return", "stocktake_room_finish", "stocktake_scan", "stocktake_start", "stocktake_submit",
           "stocktake_surplus_add", "uncounted_assets"]


# --- custody per room ----------------------------------------------------------------------------


@transaction.atomic
def custody_record(*, room: Room, term, kind: str, date: dt.date, keeper, present_ids, acting_user,
                   conditions: dict | None = None, note: str = "") -> CustodyCheck:
    """Record a handover, mid-term check or hand-back: every asset of the room on the register,
    present or not. The check and the hand-back follow the term's handover."""
    ensure_keeper(acting_user, room.school_id)
    errors = {}
    if keeper is None or not is_member(keeper, room.school_id):
        errors["keeper"] = _("The keeper must belong to this school.")
    if date > timezone.localdate():
        errors["date"] = _("A custody check cannot be dated in the future.")
    if kind != CustodyKind.HANDOVER and not CustodyCheck.objects.filter(room=room, term=term,
                                                                        kind=CustodyKind.HANDOVER).exists():
        errors["kind"] = _("Record the term-start handover of this room first.")
    if CustodyCheck.objects.filter(room=room, term=term, kind=kind).exists():
        errors["kind"] = _("This room's check of this kind is recorded for the term already.")
    if errors:
        raise ValidationError(errors)
    assets = list(Asset.objects.filter(room=room, status__in=ON_BOOKS).order_by("tag_code"))
    present_ids = {int(pk) for pk in present_ids}
    conditions = conditions or {}
    check = CustodyCheck(room=room, term=term, kind=kind, date=date, keeper=keeper, note=note.strip()[:200],
                         expected=len(assets), present=sum(1 for a in assets if a.pk in present_ids),
                         recorded_by=acting_user)
    save_with_history(check, acting_user=acting_user)
    CustodyLine.objects.bulk_create([
        CustodyLine(custody_check=check, asset=a, present=a.pk in present_ids,
                    condition=str(conditions.get(a.pk, ""))[:100]) for a in assets])
    if kind == CustodyKind.HANDOVER and room.keeper_id != keeper.pk:
        room.keeper = keeper
        save_with_history(room, acting_user=acting_user, reason=_("Handed over to %(name)s") % {"name": keeper})
    return check


# --- stock-take ----------------------------------------------------------------------------------


@dataclass
class ScanOutcome:
    level: str  # success, info, warning, danger
    message: str
    room: Room | None = None
    line: StockTakeLine | None = None


def _ensure_counter(user, stocktake: StockTake) -> None:
    ensure_keeper(user, stocktake.school_id)
    if stocktake.status != StockTakeStatus.OPEN:
        raise ValidationError(_("The count is closed: its report has been submitted."))


@transaction.atomic
def stocktake_start(*, stocktake: StockTake, acting_user) -> StockTake:
    ensure_keeper(acting_user, stocktake.school_id)
    if StockTake.objects.filter(school_id=stocktake.school_id, status=StockTakeStatus.OPEN).exists():
        raise ValidationError(_("A stock-take of this school is under way already."))
    stocktake.started_by = acting_user
    stocktake.started_on = stocktake.started_on or timezone.localdate()
    stocktake.status = StockTakeStatus.OPEN
    return save_with_history(stocktake, acting_user=acting_user, reason=_("Stock-take started"))


@transaction.atomic
def stocktake_scan(*, stocktake: StockTake, code: str, room: Room | None, acting_user) -> ScanOutcome:
    """One scan: a room's code opens the room; an asset's tag is counted in the open room. Unknown
    codes, other schools' tags, written-off assets and second scans are answered with a message and
    change nothing."""
    stocktake = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    _ensure_counter(acting_user, stocktake)
    parsed = read_scanned_code(code)
    if parsed is None:
        return ScanOutcome("danger", _("“%(code)s” is not a tag or room code of this portal.") % {
            "code": (code or "").strip()[:60]}, room)
    kind, value = parsed
    if kind == "room":
        scanned = Room.objects.filter(code=value).first()
        if scanned is None:
            return ScanOutcome("danger", _("Unknown room code %(code)s.") % {"code": value}, room)
        if scanned.school_id != stocktake.school_id:
            return ScanOutcome("danger", _("Room code %(code)s belongs to another school.") % {"code": value}, room)
        counted, created = StockTakeRoom.objects.get_or_create(stocktake=stocktake, room=scanned)
        if not created and counted.finished_at:
            return ScanOutcome("info", _("%(room)s was counted already; scanning its assets again adds what "
                                         "was missed.") % {"room": scanned}, scanned)
        return ScanOutcome("success", _("Counting %(room)s: scan its assets.") % {"room": scanned}, scanned)
    asset = Asset.objects.select_related("room").filter(tag_code=value).first()
    if asset is None:
        return ScanOutcome("danger", _("Unknown tag %(code)s: it is on no register.") % {"code": value}, room)
    if asset.school_id != stocktake.school_id:
        return ScanOutcome("danger", _("Tag %(code)s belongs to another school's register: set the item aside "
                                       "and report it.") % {"code": value}, room)
    if room is None:
        return ScanOutcome("warning", _("Scan the room's code first, then its assets."), None)
    if asset.status not in ON_BOOKS:
        return ScanOutcome("warning", _("%(asset)s was written off (%(status)s): it should not be here.") % {
            "asset": asset, "status": asset.get_status_display()}, room)
    line = StockTakeLine.objects.filter(stocktake=stocktake, asset=asset).select_related("found_room").first()
    result = LineResult.FOUND if asset.room_id == room.pk else LineResult.MISPLACED
    if line is not None and line.result != LineResult.MISSING:
        when = timezone.localtime(line.scanned_at).strftime("%H:%M")
        return ScanOutcome("warning", _("Scanned twice: %(asset)s was counted at %(time)s in %(room)s.") % {
            "asset": asset, "time": when, "room": line.found_room or "—"}, room, line)
    if line is None:
        line = StockTakeLine(stocktake=stocktake, asset=asset, expected_room=asset.room, scanned_by=acting_user)
        reason = _("Counted")
    else:
        reason = _("Found after all")
    line.result, line.found_room, line.scanned_by = result, room, acting_user
    save_with_history(line, acting_user=acting_user, reason=reason)
    if result == LineResult.FOUND:
        return ScanOutcome("success", _("%(asset)s: in its room.") % {"asset": asset}, room, line)
    return ScanOutcome("warning", _("%(asset)s belongs in %(expected)s, not here: correct its room if it now "
                                    "stays here.") % {"asset": asset, "expected": asset.room or "—"}, room, line)


@transaction.atomic
def stocktake_line_correct(*, line: StockTakeLine, acting_user) -> StockTakeLine:
    """A misplaced asset now stays where it was found: the register is corrected with a transfer."""
    line = StockTakeLine.objects.select_for_update(of=("self",)).select_related("stocktake", "asset").get(pk=line.pk)
    _ensure_counter(acting_user, line.stocktake)
    if line.result != LineResult.MISPLACED or line.corrected:
        raise ValidationError(_("Only an asset found in another room can have its room corrected."))
    asset_transfer(asset=line.asset, to_room=line.found_room, to_custodian=line.found_room.keeper,
                   reason=_("Room corrected at the stock-take “%(title)s”") % {"title": line.stocktake.title},
                   acting_user=acting_user)
    line.corrected = True
    return save_with_history(line, acting_user=acting_user, reason=_("Room corrected"))


@transaction.atomic
def stocktake_room_finish(*, stocktake: StockTake, room: Room, acting_user) -> list[StockTakeLine]:
    """Close a room: each asset of it on the register that was not scanned is marked missing."""
    stocktake = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    _ensure_counter(acting_user, stocktake)
    counted = StockTakeRoom.objects.filter(stocktake=stocktake, room=room).first()
    if counted is None:
        raise ValidationError(_("Scan the room's code first, then its assets."))
    seen = StockTakeLine.objects.filter(stocktake=stocktake, asset__isnull=False).values("asset_id")
    unscanned = Asset.objects.filter(room=room, status__in=ON_BOOKS).exclude(pk__in=seen)
    lines = []
    for asset in unscanned:
        lines.append(save_with_history(StockTakeLine(stocktake=stocktake, asset=asset, result=LineResult.MISSING,
                                                     expected_room=room, scanned_by=acting_user),
                                       acting_user=acting_user, reason=_("Marked missing")))
    counted.finished_at = timezone.now()
    counted.save(update_fields=["finished_at"])
    return lines


@transaction.atomic
def stocktake_surplus_add(*, stocktake: StockTake, room: Room, name: str, category: str, value, note: str,
                          acting_user) -> StockTakeLine:
    """盘盈: an item found without a tag, registered when the report is approved."""
    _ensure_counter(acting_user, stocktake)
    if room.school_id != stocktake.school_id:
        raise ValidationError({"room": _("Choose a room of this school.")})
    line = StockTakeLine(stocktake=stocktake, result=LineResult.SURPLUS, found_room=room, name=name,
                         category=category, value=value, note=note, scanned_by=acting_user)
    return save_with_history(line, acting_user=acting_user, reason=_("Surplus found"))


def uncounted_assets(stocktake: StockTake):
    """Assets on the register that the count has not reached: no line, in a room not finished."""
    seen = StockTakeLine.objects.filter(stocktake=stocktake, asset__isnull=False).values("asset_id")
    finished = StockTakeRoom.objects.filter(stocktake=stocktake, finished_at__isnull=False).values("room_id")
    return (Asset.objects.filter(school_id=stocktake.school_id, status__in=ON_BOOKS).exclude(pk__in=seen)
            .exclude(room_id__in=finished))


@transaction.atomic
def stocktake_submit(*, stocktake: StockTake, note: str, acting_user) -> StockTake:
    """Close the count and send the difference report to the principal: every asset on the register
    must have been reached."""
    stocktake = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    _ensure_counter(acting_user, stocktake)
    left = uncounted_assets(stocktake)
    if left.exists():
        rooms = sorted({str(a.room or _("no room")) for a in left.select_related("room")[:200]})
        raise ValidationError(_("%(count)s assets have not been counted yet, in: %(rooms)s.") % {
            "count": left.count(), "rooms": "、".join(rooms[:10])})
    stocktake.status = StockTakeStatus.SUBMITTED
    stocktake.submitted_by, stocktake.submitted_at = acting_user, timezone.now()
    stocktake.report_note = (note or "").strip()
    return save_with_history(stocktake, acting_user=acting_user, reason=_("Difference report submitted"))


def may_approve_stocktake(user, stocktake: StockTake) -> bool:
    """The principal approves the report; a report the principal submitted goes to the bureau."""
    if user.pk == stocktake.submitted_by_id:
        return False
    if stocktake.submitted_by_id and stocktake.submitted_by.role == "principal":
        return is_bureau_admin(user)
    return is_principal_of(user, stocktake.school_id)


@transaction.atomic
def stocktake_approve(*, stocktake: StockTake, acting_user) -> StockTake:
    """Approve the difference report: missing assets are written off (盘亏), surplus items registered
    (盘盈), and assets found in another room moved there on the register."""
    stocktake = StockTake.objects.select_for_update(of=("self",)).select_related("submitted_by").get(pk=stocktake.pk)
    ensure_in_scope(stocktake.school_id, user=acting_user)
    if stocktake.status != StockTakeStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    if acting_user.pk == stocktake.submitted_by_id:
        raise ValidationError(_("Nobody approves their own report."))
    if not may_approve_stocktake(acting_user, stocktake):
        raise PermissionDenied
    today = timezone.localdate()
    reason = _("Stock-take “%(title)s” approved") % {"title": stocktake.title}
    lines = list(stocktake.lines.select_related("asset", "found_room"))
    school = _lock_school(stocktake.school_id)
    for line in lines:
        asset = line.asset
        if line.result == LineResult.MISSING:
            asset.status, asset.disposed_on = AssetStatus.LOST, today
            save_with_history(asset, acting_user=acting_user, reason=reason)
        elif line.result == LineResult.MISPLACED and not line.corrected:
            record_transfer(asset=asset, to_room=line.found_room, to_custodian=line.found_room.keeper,
                            reason=reason, date=today, acting_user=acting_user)
            line.corrected = True
            save_with_history(line, acting_user=acting_user, reason=reason)
        elif line.result == LineResult.SURPLUS and line.asset_id is None:
            from assets.choices import DEFAULT_LIFE_YEARS

            line.asset = save_with_history(Asset(
                school=school, tag_code=next_tag_code(school), name=line.name, category=line.category or "other",
                purchase_date=today, original_value=line.value or Decimal("0"), room=line.found_room,
                custodian=line.found_room.keeper, source=AssetSource.SURPLUS,
                useful_life_years=DEFAULT_LIFE_YEARS.get(line.category, 10), note=line.note),
                acting_user=acting_user, reason=reason)
            save_with_history(line, acting_user=acting_user, reason=reason)
    stocktake.status = StockTakeStatus.APPROVED
    stocktake.approved_by, stocktake.approved_at = acting_user, timezone.now()
    return save_with_history(stocktake, acting_user=acting_user, reason=reason)


@transaction.atomic
def stocktake_return(*, stocktake: StockTake, comment: str, acting_user) -> StockTake:
    """Send the report back to be counted again, with the reason."""
    stocktake = StockTake.objects.select_for_update(of=("self",)).select_related("submitted_by").get(pk=stocktake.pk)
    ensure_in_scope(stocktake.school_id, user=acting_user)
    if stocktake.status != StockTakeStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    if not may_approve_stocktake(acting_user, stocktake):
        raise PermissionDenied
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what must be counted again.")})
    stocktake.status = StockTakeStatus.OPEN
    return save_with_history(stocktake, acting_user=acting_user, reason=_("Returned: %(reason)s") % {
        "reason": comment.strip()[:150]})


# --- reconciliation with the finance system ------------------------------------------------------

TAG_HEADERS = ("资产编号", "资产标签", "标签号", "卡片编号", "编号", "tag code")
NAME_HEADERS = ("资产名称", "名称", "name")
VALUE_HEADERS = ("原值", "原值（元）", "原值(元)", "价值", "金额", "original value", "original value (yuan)")


def _read_finance_export(fileobj) -> list[tuple[int, str, str, Decimal]]:
    from houqin.core.excel import WORKBOOK_READ_ERRORS, _cell_text, _open_workbook

    workbook = _open_workbook(fileobj)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        columns = None
        for _index, values in zip(range(10), rows):
            header = [_cell_text(v).strip().lower() for v in values]
            found = [next((i for i, h in enumerate(header) if h in names), None)
                     for names in (TAG_HEADERS, NAME_HEADERS, VALUE_HEADERS)]
            if found[0] is not None and found[2] is not None:
                columns = found
                break
        if columns is None:
            raise ValidationError(_("No column of tag codes (资产编号) and original values (原值) was found in the "
                                    "first rows of the file."))
        tag_i, name_i, value_i = columns
        entries, errors = [], []
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            tag = _cell_text(values[tag_i] if tag_i < len(values) else "").strip().upper()
            if not tag:
                continue
            if len(tag) > 40:
                errors.append(_("Row %(row)s: the tag code “%(value)s…” is longer than 40 characters.")
                              % {"row": number, "value": tag[:20]})
                continue
            raw = _cell_text(values[value_i] if value_i < len(values) else "").replace(",", "")
            try:
                value = Decimal(raw or "0").quantize(Decimal("0.01"))
                if value < 0:
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(_("Row %(row)s: “%(value)s” is not an amount.") % {"row": number, "value": raw[:20]})
                continue
            if value >= Decimal("100000000"):
                errors.append(_("Row %(row)s: an original value of %(value)s is not believable.")
                              % {"row": number, "value": raw[:20]})
                continue
            name = _cell_text(values[name_i]) if name_i is not None and name_i < len(values) else ""
            entries.append((number, tag, name, value))
        if errors:
            raise ValidationError(errors[:20])
        return entries
    except WORKBOOK_READ_ERRORS:  # a sheet that opens but breaks off further in
        raise ValidationError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()


@transaction.atomic
def reconciliation_run(*, school_id: int, fileobj, file_name: str, period: str, acting_user) -> Reconciliation:
    """Compare the register with the finance system's asset export and keep the differences."""
    ensure_keeper(acting_user, school_id)
    entries = _read_finance_export(fileobj)
    if not entries:
        raise ValidationError(_("The file holds no assets."))
    finance = {}
    for _number, tag, name, value in entries:
        finance.setdefault(tag, [name, Decimal("0")])
        finance[tag][1] += value
    register = {a.tag_code: a for a in Asset.objects.filter(school_id=school_id, status__in=ON_BOOKS)}
    lines = []
    for tag, (name, value) in sorted(finance.items()):
        asset = register.get(tag)
        if asset is None:
            lines.append(ReconciliationLine(kind=ReconciliationLine.Kind.ONLY_FINANCE, tag_code=tag, name=name[:100],
                                            finance_value=value))
        elif asset.original_value != value:
            lines.append(ReconciliationLine(kind=ReconciliationLine.Kind.VALUE, tag_code=tag, name=asset.name,
                                            register_value=asset.original_value, finance_value=value))
    for tag, asset in sorted(register.items()):
        if tag not in finance:
            lines.append(ReconciliationLine(kind=ReconciliationLine.Kind.ONLY_REGISTER, tag_code=tag, name=asset.name,
                                            register_value=asset.original_value))
    total = Asset.objects.filter(school_id=school_id, status__in=ON_BOOKS).aggregate(s=Sum("original_value"))["s"]
    reconciliation = Reconciliation(
        school_id=school_id, period=period, file_name=(file_name or "")[:200], register_count=len(register),
        finance_count=len(finance), register_total=total or 0, finance_total=sum(v for _n, v in finance.values()),
        difference_count=len(lines), recorded_by=acting_user)
    save_with_history(reconciliation, acting_user=acting_user, reason=_("Reconciled with the finance export"))
    for line in lines:
        line.reconciliation = reconciliation
    ReconciliationLine.objects.bulk_create(lines)
    return reconciliation
