"""The register: the county rule, rooms, assets with their tag codes, and transfers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import DEFAULT_LIFE_YEARS, ON_BOOKS, AssetStatus, RoomKind
from assets.models import Asset, AssetRule, Room, Transfer
from assets.services.access import ensure_keeper
from houqin.core.history import save_with_history
from houqin.core.permissions import ensure_role
from houqin.org.choices import Role
from houqin.org.models import School

__all__ = ["asset_register", "asset_rule_for", "asset_rule_save", "asset_transfer", "asset_update",
           "next_tag_code", "room_save", "EDITABLE_STATUSES"]

# Statuses an edit may set; the others follow from disposals and stock-takes.
EDITABLE_STATUSES = (AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.REPAIR)


def asset_rule_for(county_id) -> AssetRule:
    """The county's rule, or the defaults while the bureau has set none."""
    return AssetRule.objects.filter(county_id=county_id).first() or AssetRule(county_id=county_id)


@transaction.atomic
def asset_rule_save(*, rule: AssetRule, acting_user) -> AssetRule:
    """The bureau administrator sets the county's approval threshold and procurement tiers."""
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    if not acting_user.is_superuser:
        rule.county_id = acting_user.county_id
    return save_with_history(rule, acting_user=acting_user)


def _lock_school(school_id) -> School:
    return School.objects.select_for_update().get(pk=school_id)


def _next_number(codes, prefix: str, width: int) -> str:
    highest = 0
    for code in codes:
        tail = code.rsplit("-", 1)[-1]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:0{width}d}"


def next_tag_code(school: School) -> str:
    """ZC-<school code>-<serial>: unique across the county, so a scan tells whose asset it is.
    Call with the school row locked."""
    prefix = f"ZC-{school.code}-"
    codes = Asset.objects.filter(tag_code__startswith=prefix).values_list("tag_code", flat=True)
    return _next_number(codes, prefix, 5)


def _next_room_code(school: School) -> str:
    prefix = f"FJ-{school.code}-"
    return _next_number(Room.objects.filter(code__startswith=prefix).values_list("code", flat=True), prefix, 3)


def _check_people_and_room(asset_or_room, errors: dict, school_id, fields=("custodian",)) -> None:
    for name in fields:
        person = getattr(asset_or_room, name, None)
        if person is not None and person.school_id != school_id:
            errors[name] = _("Choose a person of this school.")
    room = getattr(asset_or_room, "room", None) if hasattr(asset_or_room, "room_id") else None
    if room is not None and room.school_id != school_id:
        errors["room"] = _("Choose a room of this school.")


@transaction.atomic
def room_save(*, room: Room, acting_user) -> Room:
    """Add or change a room. A dormitory room keeps its beds and occupants; more occupants than the
    rule allows is recorded as it is and flagged, never hidden."""
    ensure_keeper(acting_user, room.school_id)
    errors = {}
    _check_people_and_room(room, errors, room.school_id, fields=("keeper",))
    if room.kind == RoomKind.DORMITORY:
        if not room.dorm_level:
            from assets.rules import default_dorm_level

            room.dorm_level = default_dorm_level(room.school.school_type)
        if room.beds == 0:
            errors["beds"] = _("Give the number of beds of the dormitory room.")
    else:
        room.dorm_level, room.beds, room.occupants = "", 0, 0
    if errors:
        raise ValidationError(errors)
    if not room.code:
        room.code = _next_room_code(_lock_school(room.school_id))
    return save_with_history(room, acting_user=acting_user)


def _validate_asset(asset: Asset, errors: dict) -> None:
    today = timezone.localdate()
    if asset.purchase_date and asset.purchase_date > today:
        errors["purchase_date"] = _("The purchase date cannot be in the future.")
    if asset.original_value is not None and asset.original_value < 0:
        errors["original_value"] = _("The original value cannot be negative.")
    if asset.useful_life_years is None:
        asset.useful_life_years = DEFAULT_LIFE_YEARS.get(asset.category, 10)
    opening = asset.opening_depreciation or Decimal("0")
    if opening < 0:
        errors["opening_depreciation"] = _("Depreciation cannot be negative.")
    elif asset.original_value is not None and opening > asset.original_value:
        errors["opening_depreciation"] = _("Depreciation cannot exceed the original value: an asset is not "
                                           "depreciated past its useful life.")
    elif opening and asset.useful_life_years == 0:
        errors["opening_depreciation"] = _("An asset with no useful life (such as books) is not depreciated.")
    if opening and not asset.opening_date:
        asset.opening_date = today
    if asset.opening_date and asset.purchase_date and asset.opening_date < asset.purchase_date:
        errors["opening_date"] = _("Depreciation cannot be brought forward from before the purchase.")
    if (opening and asset.purchase_date and asset.opening_date and asset.useful_life_years
            and asset.original_value):
        from assets.rules import depreciation

        most = depreciation(asset.original_value, asset.useful_life_years, asset.purchase_date,
                            asset.opening_date).accumulated
        if opening > most:
            errors["opening_depreciation"] = _(
                "By %(date)s at most %(most)s yuan can have been depreciated over a useful life of %(years)s "
                "years: depreciation past the useful life is not taken.") % {
                "date": asset.opening_date.isoformat(), "most": f"{most:.2f}", "years": asset.useful_life_years}


@transaction.atomic
def asset_register(*, asset: Asset, acting_user, reason: str = "") -> Asset:
    """Put a new asset on the register with the next tag code of its school."""
    ensure_keeper(acting_user, asset.school_id)
    if asset.pk is not None:
        raise ValidationError(_("This asset is on the register already."))
    errors = {}
    _validate_asset(asset, errors)
    _check_people_and_room(asset, errors, asset.school_id)
    if asset.status not in EDITABLE_STATUSES:
        errors["status"] = _("A new asset is in use, idle or under repair.")
    if errors:
        raise ValidationError(errors)
    asset.tag_code = next_tag_code(_lock_school(asset.school_id))
    return save_with_history(asset, acting_user=acting_user, reason=reason or _("Registered"))


@transaction.atomic
def asset_update(*, asset: Asset, acting_user, reason: str = "") -> Asset:
    """Correct an asset's record. A move to another room or custodian is recorded as a transfer."""
    stored = Asset.objects.select_for_update().get(pk=asset.pk)
    ensure_keeper(acting_user, stored.school_id)
    asset.school_id, asset.tag_code = stored.school_id, stored.tag_code
    errors = {}
    _validate_asset(asset, errors)
    _check_people_and_room(asset, errors, asset.school_id)
    if asset.status != stored.status and (asset.status not in EDITABLE_STATUSES
                                          or stored.status not in EDITABLE_STATUSES):
        errors["status"] = _("Disposal and write-off go through their own procedure.")
    if errors:
        raise ValidationError(errors)
    if (asset.room_id, asset.custodian_id) != (stored.room_id, stored.custodian_id):
        save_with_history(Transfer(asset=stored, date=timezone.localdate(), from_room_id=stored.room_id,
                                   to_room_id=asset.room_id, from_custodian_id=stored.custodian_id,
                                   to_custodian_id=asset.custodian_id,
                                   reason=reason or _("Corrected on the register"), recorded_by=acting_user),
                          acting_user=acting_user)
    return save_with_history(asset, acting_user=acting_user, reason=reason or _("Corrected"))


@transaction.atomic
def asset_transfer(*, asset: Asset, to_room: Room | None, to_custodian, reason: str, acting_user,
                   date: dt.date | None = None, custodian_department: str | None = None) -> Transfer:
    """调拨: move an asset to another room of its school and/or another custodian."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    ensure_keeper(acting_user, asset.school_id)
    errors = {}
    if asset.status not in ON_BOOKS:
        errors["__all__"] = _("A written-off asset cannot be moved.")
    if to_room is not None and to_room.school_id != asset.school_id:
        errors["to_room"] = _("Choose a room of this school.")
    if to_custodian is not None and to_custodian.school_id != asset.school_id:
        errors["to_custodian"] = _("Choose a person of this school.")
    if (getattr(to_room, "pk", None), getattr(to_custodian, "pk", None)) == (asset.room_id, asset.custodian_id):
        errors["to_room"] = _("The asset is in this room with this custodian already.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the asset moves.")
    date = date or timezone.localdate()
    if date > timezone.localdate():
        errors["date"] = _("A transfer cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return record_transfer(asset=asset, to_room=to_room, to_custodian=to_custodian, reason=reason.strip(),
                           date=date, acting_user=acting_user, custodian_department=custodian_department)


def record_transfer(*, asset: Asset, to_room, to_custodian, reason: str, date, acting_user,
                    custodian_department=None) -> Transfer:
    """Write a transfer and move the asset (the callers check who may and whether it makes sense)."""
    transfer = Transfer(asset=asset, date=date, from_room_id=asset.room_id, to_room=to_room,
                        from_custodian_id=asset.custodian_id, to_custodian=to_custodian, reason=reason[:200],
                        recorded_by=acting_user)
    save_with_history(transfer, acting_user=acting_user)
    asset.room, asset.custodian = to_room, to_custodian
    if custodian_department is not None:
        asset.custodian_department = custodian_department
    save_with_history(asset, acting_user=acting_user, reason=_("Transferred: %(reason)s") % {"reason": reason})
    return transfer
