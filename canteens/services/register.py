"""The canteen register: canteens, workers and their certificates, suppliers and bulk tenders."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.models import BulkTender, Canteen, CanteenStaff, Supplier
from canteens.services.access import ensure_canteen_keeper
from houqin.core.history import save_with_history

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
    return save_with_history(canteen, acting_user=acting_user)


@transaction.atomic
def staff_save(*, staff: CanteenStaff, acting_user) -> CanteenStaff:
    """Add or change a canteen worker; certificate dates must make sense."""
    canteen = Canteen.objects.select_related("school").get(pk=staff.canteen_id)
    ensure_canteen_keeper(acting_user, canteen.school_id)
    today = timezone.localdate()
    errors = {}
    for prefix in ("health", "training"):
        issued = getattr(staff, f"{prefix}_issued")
        if issued and issued > today:
            errors[f"{prefix}_issued"] = _("A certificate cannot be issued in the future.")
    if errors:
        raise ValidationError(errors)
    return save_with_history(staff, acting_user=acting_user)


@transaction.atomic
def supplier_save(*, supplier: Supplier, acting_user) -> Supplier:
    ensure_canteen_keeper(acting_user, supplier.school_id)
    return save_with_history(supplier, acting_user=acting_user)


@transaction.atomic
def supplier_exit(*, supplier: Supplier, reason: str, acting_user) -> Supplier:
    """退出: the supplier may deliver no more; its past deliveries stay in the ledger."""
    from canteens.choices import SupplierStatus

    ensure_canteen_keeper(acting_user, supplier.school_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the supplier exits.")})
    supplier.status = SupplierStatus.EXITED
    supplier.exited_on = timezone.localdate()
    supplier.exit_reason = reason.strip()
    return save_with_history(supplier, acting_user=acting_user, reason=reason.strip())


@transaction.atomic
def tender_save(*, tender: BulkTender, acting_user) -> BulkTender:
    ensure_canteen_keeper(acting_user, tender.school_id)
    if tender.supplier.school_id != tender.school_id:
        raise ValidationError({"supplier": _("The supplier is not admitted by this school.")})
    return save_with_history(tender, acting_user=acting_user)
