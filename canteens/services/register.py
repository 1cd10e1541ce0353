"""The canteen register: canteens, workers and their certificates, suppliers and bulk tenders."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.models import BulkTender, Canteen, CanteenStaff, Supplier
from canteens.services.access import ensure_canteen_keeper
from houqin.core.history import save_with_history
from houqin.public.services import public_pages_changed

__all__ = ["canteen_rule_save", "canteen_save", "staff_save", "supplier_exit", "supplier_save", "tender_save"]


@transaction.atomic
def canteen_rule_save(*, rule, acting_user):
    """The bureau administrator sets the county's surplus threshold."""
    from houqin.core.permissions import ensure_role
    from houqin.org.choices import Role

    ensure_role(acting_user, Role.BUREAU_ADMIN)
    if not acting_user.is_superuser:
        rule.county_id = acting_user.county_id
    return save_with_history(rule, acting_user=acting_user)


@transaction.atomic
def canteen_save(*, canteen: Canteen, acting_user) -> Canteen:
    ensure_canteen_keeper(acting_user, canteen.school_id)
    canteen = save_with_history(canteen, acting_user=acting_user)
    public_pages_changed(school_codes=[canteen.school.code])  # its name and being active show on the public menu
    return canteen


@transaction.atomic
def staff_save(*, staff: CanteenStaff, acting_user) -> CanteenStaff:
    """Add or change a canteen worker; certificate dates must make sense."""
    canteen = Canteen.objects.select_related("school").get(pk=staff.canteen_id)
    ensure_canteen_keeper(acting_user, canteen.school_id)
    today = timezone.localdate()
    stored = CanteenStaff.objects.filter(pk=staff.pk).first() if staff.pk else None
    errors = {}
    for prefix, max_days in (("health", MAX_HEALTH_DAYS), ("training", MAX_TRAINING_DAYS)):
        issued, expiry = getattr(staff, f"{prefix}_issued"), getattr(staff, f"{prefix}_expiry")
        number = getattr(staff, f"{prefix}_number").strip()
        if issued and issued > today:
            errors[f"{prefix}_issued"] = _("A certificate cannot be issued in the future.")
        if expiry and not (issued and number):
            errors[f"{prefix}_number"] = _("Give the certificate's number and issue date with its expiry.")
        if issued and expiry and (expiry - issued).days > max_days:
            errors[f"{prefix}_expiry"] = _("This certificate is valid for at most %(days)s days.") % {"days": max_days}
        if stored is not None and expiry and expiry != getattr(stored, f"{prefix}_expiry"):
            # a renewal is a new certificate: a new number, seen by scan, not a date moved forward
            scan = getattr(staff, f"{prefix}_scan")
            if number == getattr(stored, f"{prefix}_number").strip() and getattr(stored, f"{prefix}_expiry"):
                errors[f"{prefix}_number"] = _("A renewed certificate has a new number.")
            if not scan or getattr(scan, "_committed", True):
                errors[f"{prefix}_scan"] = _("Upload the scan of the renewed certificate.")
    if errors:
        raise ValidationError(errors)
    return save_with_history(staff, acting_user=acting_user)


MAX_HEALTH_DAYS = 366  # a food worker's health certificate is valid for one year
MAX_TRAINING_DAYS = 3 * 366


@transaction.atomic
def supplier_save(*, supplier: Supplier, acting_user) -> Supplier:
    ensure_canteen_keeper(acting_user, supplier.school_id)
    return save_with_history(supplier, acting_user=acting_user)


@transaction.atomic
def supplier_exit(*, supplier: Supplier, reason: str, acting_user) -> Supplier:
    """退出: the supplier may deliver no more; its past deliveries stay in the ledger."""
    from canteens.choices import SupplierStatus

    ensure_canteen_keeper(acting_user, supplier.school_id)
    if supplier.status == SupplierStatus.EXITED:
        raise ValidationError(_("This supplier has exited already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the supplier exits.")})
    supplier.status = SupplierStatus.EXITED
    supplier.exited_on = timezone.localdate()
    supplier.exit_reason = reason.strip()
    return save_with_history(supplier, acting_user=acting_user, reason=reason.strip())


@transaction.atomic
def tender_save(*, tender: BulkTender, acting_user) -> BulkTender:
    ensure_canteen_keeper(acting_user, tender.school_id)
    if tender.supplier.school_id != tender.school_id or tender.supplier.status != "admitted":
        raise ValidationError({"supplier": _("The supplier is not admitted by this school.")})
    return save_with_history(tender, acting_user=acting_user)
