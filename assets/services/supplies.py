"""The store: consumables received and issued on approved requisitions (以旧换新 where the item
asks for it), and deposits for keys and remote controls."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Consumable, Deposit, Requisition
from assets.services.access import ensure_keeper, ensure_member, is_member
from houqin.core.history import save_with_history
from houqin.core.scoping import ensure_in_scope

__all__ = ["consumable_receive", "consumable_save", "deposit_record", "deposit_return", "requisition_create",
           "requisition_decide", "requisition_issue"]


@transaction.atomic
def consumable_save(*, consumable: Consumable, acting_user) -> Consumable:
    ensure_keeper(acting_user, consumable.school_id)
    if consumable.pk is not None:
        consumable.stock = Consumable.objects.get(pk=consumable.pk).stock  # stock moves only by receipt or issue
    return save_with_history(consumable, acting_user=acting_user)


@transaction.atomic
def consumable_receive(*, consumable: Consumable, quantity: int, acting_user) -> Consumable:
    consumable = Consumable.objects.select_for_update().get(pk=consumable.pk)
    ensure_keeper(acting_user, consumable.school_id)
    if not quantity or quantity < 1:
        raise ValidationError({"quantity": _("Receive at least one.")})
    consumable.stock += quantity
    return save_with_history(consumable, acting_user=acting_user, reason=_("Received %(quantity)s") % {
        "quantity": quantity})


@transaction.atomic
def requisition_create(*, requisition: Requisition, acting_user) -> Requisition:
    consumable = requisition.consumable
    ensure_member(acting_user, consumable.school_id)
    requisition.requested_by = acting_user
    errors = {}
    if requisition.approver_id == acting_user.pk:
        errors["approver"] = _("Nobody approves their own request: name your department head.")
    elif not is_member(requisition.approver, consumable.school_id):
        errors["approver"] = _("The department head must belong to this school.")
    if errors:
        raise ValidationError(errors)
    return save_with_history(requisition, acting_user=acting_user, reason=_("Requested"))


@transaction.atomic
def requisition_decide(*, requisition: Requisition, approve: bool, acting_user) -> Requisition:
    requisition = Requisition.objects.select_for_update(of=("self",)).select_related("consumable").get(pk=requisition.pk)
    ensure_in_scope(requisition.consumable.school_id, user=acting_user)
    if requisition.status != Requisition.Status.PENDING:
        raise ValidationError(_("This requisition has been decided already."))
    if acting_user.pk == requisition.requested_by_id:
        raise ValidationError(_("Nobody approves their own request."))
    if acting_user.pk != requisition.approver_id:
        raise PermissionDenied
    requisition.status = Requisition.Status.APPROVED if approve else Requisition.Status.REJECTED
    requisition.decided_at = timezone.now()
    return save_with_history(requisition, acting_user=acting_user,
                             reason=_("Approved") if approve else _("Rejected"))


@transaction.atomic
def requisition_issue(*, requisition: Requisition, old_returned: bool, acting_user) -> Requisition:
    """出库: the store issues an approved requisition; an old-for-new item needs the old one back."""
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    consumable = Consumable.objects.select_for_update().get(pk=requisition.consumable_id)
    ensure_keeper(acting_user, consumable.school_id)
    if requisition.status != Requisition.Status.APPROVED:
        raise ValidationError(_("Only an approved requisition is issued."))
    if consumable.exchange_old and not old_returned:
        raise ValidationError(_("%(item)s is exchanged old for new: take the old one back first.") % {
            "item": consumable.name})
    if consumable.stock < requisition.quantity:
        raise ValidationError(_("Only %(stock)s in stock.") % {"stock": consumable.stock})
    consumable.stock -= requisition.quantity
    save_with_history(consumable, acting_user=acting_user, reason=_("Issued %(quantity)s to %(department)s") % {
        "quantity": requisition.quantity, "department": requisition.department})
    requisition.status, requisition.old_returned = Requisition.Status.ISSUED, bool(old_returned)
    requisition.issued_by, requisition.issued_at = acting_user, timezone.now()
    return save_with_history(requisition, acting_user=acting_user, reason=_("Issued from the store"))


@transaction.atomic
def deposit_record(*, deposit: Deposit, acting_user) -> Deposit:
    ensure_keeper(acting_user, deposit.school_id)
    if deposit.lent_on and deposit.lent_on > timezone.localdate():
        raise ValidationError({"lent_on": _("A loan cannot be dated in the future.")})
    if deposit.amount is not None and deposit.amount < 0:
        raise ValidationError({"amount": _("The deposit cannot be negative.")})
    deposit.recorded_by = acting_user
    return save_with_history(deposit, acting_user=acting_user, reason=_("Deposit taken"))


@transaction.atomic
def deposit_return(*, deposit: Deposit, returned_on: dt.date, refunded, acting_user) -> Deposit:
    """The key or remote comes back and the deposit is refunded (less for damage, never more)."""
    deposit = Deposit.objects.select_for_update().get(pk=deposit.pk)
    ensure_keeper(acting_user, deposit.school_id)
    if deposit.returned_on is not None:
        raise ValidationError(_("This item has been returned already."))
    errors = {}
    if returned_on is None or returned_on > timezone.localdate() or returned_on < deposit.lent_on:
        errors["returned_on"] = _("Give the day it came back (not before it was lent, not in the future).")
    if refunded is None or refunded < 0 or refunded > deposit.amount:
        errors["refunded"] = _("The refund is between 0 and the deposit.")
    if errors:
        raise ValidationError(errors)
    deposit.returned_on, deposit.refunded = returned_on, refunded
    return save_with_history(deposit, acting_user=acting_user, reason=_("Returned and refunded"))
