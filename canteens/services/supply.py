"""The purchase (入库) and issue (出库) ledger: accepted with the documents the rules require,
corrected only by voiding (with reason) and entering again."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.choices import QUARANTINE_CLASSES, SupplierStatus
from canteens.models import Canteen, PurchaseEntry, StockOut
from canteens.services.access import ensure_canteen_keeper
from houqin.core.history import create_in_bulk_with_history, save_with_history

__all__ = ["ledger_void", "purchase_record", "purchase_refusals", "purchases_record", "stock_out_record"]


def _check_date(date: dt.date, errors: dict) -> None:
    today = timezone.localdate()
    if date > today:
        errors["date"] = _("A purchase cannot be dated in the future.")
    elif date < today - dt.timedelta(days=366 * 3):
        errors["date"] = _("Entries older than three years are not taken.")


def purchase_refusals(entry: PurchaseEntry, school_id: int) -> dict:
    """Why a purchase for a canteen of `school_id` cannot be accepted, by field (empty when it can):
    meat without its quarantine certificate, goods past their shelf life or made after the delivery,
    a supplier not admitted by the school on that day, a date in the future or years back."""
    errors = {}
    _check_date(entry.date, errors)
    supplier = entry.supplier
    if supplier.school_id != school_id:
        errors["supplier"] = _("The supplier is not admitted by this school.")
    elif supplier.status == SupplierStatus.EXITED and (supplier.exited_on is None or supplier.exited_on <= entry.date):
        errors["supplier"] = _("The supplier exited on %(date)s and may not deliver.") % {
            "date": supplier.exited_on.isoformat() if supplier.exited_on else "—"}
    elif supplier.admitted_on > entry.date:
        errors["supplier"] = _("The supplier was admitted only on %(date)s.") % {"date": supplier.admitted_on.isoformat()}
    if entry.food_class in QUARANTINE_CLASSES and sum(ch.isdigit() for ch in entry.quarantine_number) < 4:
        errors["quarantine_number"] = _("Meat cannot be accepted without its animal quarantine certificate "
                                        "(give its number).")
    if entry.production_date:
        if entry.production_date > entry.date:
            errors["production_date"] = _("Goods cannot be produced after they were delivered.")
        elif entry.shelf_life_days and entry.production_date + dt.timedelta(days=entry.shelf_life_days) < entry.date:
            errors["shelf_life_days"] = _("The goods were past their shelf life when delivered: refuse them.")
    return errors


@transaction.atomic
def purchase_record(*, entry: PurchaseEntry, acting_user) -> PurchaseEntry:
    """Accept a purchase into stock, refused for the reasons of `purchase_refusals`."""
    canteen = Canteen.objects.select_related("school").get(pk=entry.canteen_id)
    ensure_canteen_keeper(acting_user, canteen.school_id)
    if entry.pk is not None:
        raise ValidationError(_("A ledger entry is never changed: void it and enter it again."))
    if errors := purchase_refusals(entry, canteen.school_id):
        raise ValidationError(errors)
    entry.recorded_by = acting_user
    return save_with_history(entry, acting_user=acting_user, reason=_("Accepted into stock"))


# Checked by the caller without a query per entry: the canteen is the one given, the supplier is
# held by `purchase_refusals` to the canteen's school, the recorder is the acting user.
_HELD_KEYS = ["canteen", "supplier", "recorded_by", "voided_by"]


@transaction.atomic
def purchases_record(*, canteen: Canteen, entries: list[PurchaseEntry], acting_user) -> dict[int, ValidationError]:
    """Accept many purchases of one canteen at once (the Excel import), each under the rules of
    `purchase_record`, and refuse one that is in the ledger already (the same file imported twice).
    All or nothing: returns the refusals by position in `entries` and writes nothing if there is
    any; otherwise inserts every entry with its history record ("Accepted into stock", by the
    acting user) in a few statements, whatever the number of entries.

    The table's check constraints (a positive quantity, meat with its certificate) are not asked of
    the database entry by entry: the field validators and the rules above imply them, and the
    database still enforces them on insert."""
    ensure_canteen_keeper(acting_user, canteen.school_id)
    in_ledger = _deliveries_in_ledger(canteen, entries)
    refusals = {}
    for position, entry in enumerate(entries):
        entry.canteen, entry.recorded_by = canteen, acting_user
        try:
            if entry.pk is not None:
                raise ValidationError(_("A ledger entry is never changed: void it and enter it again."))
            if _delivery_key(entry) in in_ledger:
                raise ValidationError(_("This delivery is in the ledger already."))
            if errors := purchase_refusals(entry, canteen.school_id):
                raise ValidationError(errors)
            entry.full_clean(exclude=_HELD_KEYS, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            refusals[position] = error
    if not refusals:
        create_in_bulk_with_history(PurchaseEntry, entries, acting_user=acting_user,
                                    reason=_("Accepted into stock"))
    return refusals


def _delivery_key(entry: PurchaseEntry) -> tuple:
    return (entry.date, entry.supplier_id, entry.item, entry.batch or "", entry.quantity)


def _deliveries_in_ledger(canteen: Canteen, entries: list[PurchaseEntry]) -> set[tuple]:
    """The deliveries of the canteen's ledger (not void) that `entries` could repeat, in one query."""
    dates = [entry.date for entry in entries if entry.date]
    if not dates:
        return set()
    rows = (PurchaseEntry.objects.filter(canteen=canteen, voided_at__isnull=True, date__range=(min(dates), max(dates)),
                                         supplier_id__in={entry.supplier_id for entry in entries})
            .values_list("date", "supplier_id", "item", "batch", "quantity"))
    return set(rows)


@transaction.atomic
def stock_out_record(*, entry: StockOut, acting_user) -> StockOut:
    canteen = Canteen.objects.select_related("school").get(pk=entry.canteen_id)
    ensure_canteen_keeper(acting_user, canteen.school_id)
    if entry.pk is not None:
        raise ValidationError(_("A ledger entry is never changed: void it and enter it again."))
    errors = {}
    _check_date(entry.date, errors)
    if errors:
        raise ValidationError(errors)
    entry.recorded_by = acting_user
    return save_with_history(entry, acting_user=acting_user, reason=_("Issued from stock"))


@transaction.atomic
def ledger_void(*, entry: PurchaseEntry | StockOut, reason: str, acting_user):
    """Void a ledger entry: it stays in the ledger, struck through, with who voided it and why."""
    entry = type(entry).objects.select_for_update().select_related("canteen").get(pk=entry.pk)
    ensure_canteen_keeper(acting_user, entry.canteen.school_id)
    if entry.voided_at is not None:
        raise ValidationError(_("This entry is void already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is voided.")})
    entry.voided_at, entry.voided_by, entry.void_reason = timezone.now(), acting_user, reason.strip()[:200]
    return save_with_history(entry, acting_user=acting_user, reason=_("Voided: %(reason)s") % {"reason": reason.strip()})
