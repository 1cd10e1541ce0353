"""Disposal with appraisal and approval, damage compensation, repair tickets and the facility
standard."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import ON_BOOKS, AssetStatus, DisposalStatus, RepairStatus
from assets.models import Asset, Compensation, Disposal, FacilityCheck, RepairTicket
from assets.services.access import ensure_keeper, ensure_member, is_bureau_admin, is_principal_of
from assets.services.register import _lock_school, _next_number, asset_rule_for
from houqin.core.history import save_with_history
from houqin.core.scoping import ensure_in_scope

__all__ = ["compensation_record", "compensation_void", "disposal_appraise", "disposal_decide", "disposal_request",
           "facility_check_save", "may_decide_disposal", "repair_arrive", "repair_complete", "repair_dispatch",
           "repair_postpone", "repair_rate", "repair_report"]


# --- disposal ------------------------------------------------------------------------------------


@transaction.atomic
def disposal_request(*, asset: Asset, reason: str, acting_user) -> Disposal:
    """Ask to write an asset off; it awaits disposal until decided."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    ensure_keeper(acting_user, asset.school_id)
    if asset.status not in ON_BOOKS:
        raise ValidationError(_("This asset has been written off already."))
    if asset.status == AssetStatus.PENDING_DISPOSAL:
        raise ValidationError(_("A disposal of this asset is under way already."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the asset should be disposed of.")})
    rule = asset_rule_for(asset.school.township.county_id)
    disposal = Disposal(asset=asset, reason=reason.strip()[:200], requested_by=acting_user,
                        needs_bureau=asset.original_value > rule.bureau_approval_above, status_before=asset.status)
    save_with_history(disposal, acting_user=acting_user, reason=_("Disposal requested"))
    asset.status = AssetStatus.PENDING_DISPOSAL
    save_with_history(asset, acting_user=acting_user, reason=_("Disposal requested: %(reason)s") % {
        "reason": disposal.reason})
    return disposal


@transaction.atomic
def disposal_appraise(*, disposal: Disposal, appraisal: str, appraisers: str, appraised_on: dt.date,
                      appraisal_file=None, acting_user) -> Disposal:
    """鉴定: the people who examined the asset say it has no use left."""
    disposal = Disposal.objects.select_for_update(of=("self",)).select_related("asset").get(pk=disposal.pk)
    ensure_keeper(acting_user, disposal.asset.school_id)
    if disposal.status != DisposalStatus.REQUESTED:
        raise ValidationError(_("This disposal has been appraised already."))
    errors = {}
    if not (appraisal or "").strip():
        errors["appraisal"] = _("Write the appraisal: what is wrong and why it cannot be used or repaired.")
    if not (appraisers or "").strip():
        errors["appraisers"] = _("Name the people who appraised the asset.")
    if appraised_on is None or appraised_on > timezone.localdate():
        errors["appraised_on"] = _("An appraisal cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    disposal.appraisal, disposal.appraisers, disposal.appraised_on = appraisal.strip(), appraisers.strip(), appraised_on
    if appraisal_file:
        disposal.appraisal_file = appraisal_file
    disposal.status = DisposalStatus.APPRAISED
    return save_with_history(disposal, acting_user=acting_user, reason=_("Appraised"))


def may_decide_disposal(user, disposal: Disposal) -> bool:
    if user.pk == disposal.requested_by_id:
        return False
    if disposal.status == DisposalStatus.APPRAISED:
        return is_principal_of(user, disposal.asset.school_id)
    if disposal.status == DisposalStatus.PENDING_BUREAU:
        return is_bureau_admin(user)
    return False


@transaction.atomic
def disposal_decide(*, disposal: Disposal, approve: bool, comment: str = "", residual_income=None,
                    acting_user) -> Disposal:
    """The principal (and above the county's threshold the bureau) approves or rejects. Nothing is
    approved before its appraisal, nor by the person who asked."""
    disposal = Disposal.objects.select_for_update(of=("self",)).select_related("asset").get(pk=disposal.pk)
    asset = disposal.asset
    ensure_in_scope(asset.school_id, user=acting_user)
    if disposal.status == DisposalStatus.REQUESTED:
        raise ValidationError(_("A disposal needs its appraisal before it can be approved."))
    if disposal.status not in (DisposalStatus.APPRAISED, DisposalStatus.PENDING_BUREAU):
        raise ValidationError(_("This disposal has been decided already."))
    if acting_user.pk == disposal.requested_by_id:
        raise ValidationError(_("Nobody approves their own request."))
    if not may_decide_disposal(acting_user, disposal):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the disposal is rejected.")})
    disposal.decision_note = comment[:200]
    if not approve:
        disposal.status = DisposalStatus.REJECTED
        disposal.approved_by, disposal.approved_at = acting_user, timezone.now()
        asset.status = disposal.status_before or AssetStatus.IDLE
        save_with_history(asset, acting_user=acting_user, reason=_("Disposal rejected: %(reason)s") % {
            "reason": comment})
        return save_with_history(disposal, acting_user=acting_user, reason=_("Rejected"))
    if disposal.status == DisposalStatus.APPRAISED and disposal.needs_bureau:
        disposal.status = DisposalStatus.PENDING_BUREAU
        return save_with_history(disposal, acting_user=acting_user, reason=_("Approved by the principal; "
                                                                             "awaiting the bureau"))
    disposal.status = DisposalStatus.APPROVED
    disposal.approved_by, disposal.approved_at = acting_user, timezone.now()
    disposal.residual_income = residual_income
    save_with_history(disposal, acting_user=acting_user, reason=_("Approved"))
    asset.status, asset.disposed_on = AssetStatus.DISPOSED, timezone.localdate()
    save_with_history(asset, acting_user=acting_user, reason=_("Written off: disposal approved"))
    return disposal


# --- compensation --------------------------------------------------------------------------------


@transaction.atomic
def compensation_record(*, compensation: Compensation, acting_user) -> Compensation:
    ensure_keeper(acting_user, compensation.school_id)
    if compensation.pk is not None:
        raise ValidationError(_("A ledger entry is never changed: void it and enter it again."))
    errors = {}
    today = timezone.localdate()
    if compensation.amount is not None and compensation.amount < 0:
        errors["amount"] = _("The compensation cannot be negative.")
    if compensation.date and compensation.date > today:
        errors["date"] = _("The damage cannot be dated in the future.")
    if compensation.paid_on and compensation.date and compensation.paid_on < compensation.date:
        errors["paid_on"] = _("Payment cannot come before the damage.")
    if compensation.asset_id and compensation.asset.school_id != compensation.school_id:
        errors["asset"] = _("Choose an asset of this school.")
    if errors:
        raise ValidationError(errors)
    compensation.recorded_by = acting_user
    return save_with_history(compensation, acting_user=acting_user, reason=_("Recorded"))


@transaction.atomic
def compensation_void(*, compensation: Compensation, reason: str, acting_user) -> Compensation:
    compensation = Compensation.objects.select_for_update().get(pk=compensation.pk)
    ensure_keeper(acting_user, compensation.school_id)
    if compensation.voided_at is not None:
        raise ValidationError(_("This entry is void already."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the entry is voided.")})
    compensation.voided_at, compensation.void_reason = timezone.now(), reason.strip()[:200]
    return save_with_history(compensation, acting_user=acting_user, reason=_("Voided: %(reason)s") % {
        "reason": reason.strip()})


# --- repairs -------------------------------------------------------------------------------------


@transaction.atomic
def repair_report(*, ticket: RepairTicket, acting_user) -> RepairTicket:
    """Anyone of the school reports a repair: category, location, what is wrong, a photo."""
    ensure_member(acting_user, ticket.school_id)
    errors = {}
    if ticket.room_id and ticket.room.school_id != ticket.school_id:
        errors["room"] = _("Choose a room of this school.")
    if ticket.asset_id and ticket.asset.school_id != ticket.school_id:
        errors["asset"] = _("Choose an asset of this school.")
    if not ticket.location and ticket.room_id:
        ticket.location = str(ticket.room)
    if errors:
        raise ValidationError(errors)
    school = _lock_school(ticket.school_id)
    prefix = f"BX-{school.code}-{timezone.localdate():%Y%m%d}-"
    ticket.number = _next_number(RepairTicket.objects.filter(number__startswith=prefix)
                                 .values_list("number", flat=True), prefix, 3)
    ticket.reported_by = acting_user
    ticket.status = RepairStatus.REPORTED
    return save_with_history(ticket, acting_user=acting_user, reason=_("Reported for repair"))


def _ticket_for_keeper(ticket, acting_user, allowed, message):
    ticket = RepairTicket.objects.select_for_update().get(pk=ticket.pk)
    ensure_keeper(acting_user, ticket.school_id)
    if ticket.status not in allowed:
        raise ValidationError(message)
    return ticket


@transaction.atomic
def repair_dispatch(*, ticket: RepairTicket, repairer: str, acting_user) -> RepairTicket:
    """派单: a repairer is sent, the same day; an asset under repair is marked so."""
    ticket = _ticket_for_keeper(ticket, acting_user, (RepairStatus.REPORTED,),
                                _("This ticket has been dispatched already."))
    if not (repairer or "").strip():
        raise ValidationError({"repairer": _("Name the repairer sent.")})
    ticket.repairer, ticket.dispatched_by, ticket.dispatched_at = repairer.strip()[:30], acting_user, timezone.now()
    ticket.status = RepairStatus.DISPATCHED
    if ticket.asset_id and ticket.asset.status in (AssetStatus.IN_USE, AssetStatus.IDLE):
        ticket.asset.status = AssetStatus.REPAIR
        save_with_history(ticket.asset, acting_user=acting_user, reason=_("Under repair (%(number)s)") % {
            "number": ticket.number})
    return save_with_history(ticket, acting_user=acting_user, reason=_("Dispatched to %(name)s") % {
        "name": ticket.repairer})


@transaction.atomic
def repair_arrive(*, ticket: RepairTicket, acting_user) -> RepairTicket:
    ticket = _ticket_for_keeper(ticket, acting_user, (RepairStatus.DISPATCHED, RepairStatus.POSTPONED),
                                _("The repairer can arrive only on a dispatched ticket."))
    ticket.arrived_at = timezone.now()
    ticket.status = RepairStatus.ARRIVED
    return save_with_history(ticket, acting_user=acting_user, reason=_("Repairer on site"))


@transaction.atomic
def repair_postpone(*, ticket: RepairTicket, reason: str, promised_date: dt.date, acting_user) -> RepairTicket:
    """Not fixable today and not in the way of teaching: the reporter is told why and by when."""
    ticket = _ticket_for_keeper(ticket, acting_user, (RepairStatus.DISPATCHED, RepairStatus.ARRIVED),
                                _("Only a dispatched ticket can be put off."))
    today = timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Tell the reporter why it cannot be fixed today.")
    if promised_date is None or promised_date <= today:
        errors["promised_date"] = _("Give a later day by which it will be fixed.")
    elif promised_date > today + dt.timedelta(days=30):
        errors["promised_date"] = _("Promise a day within the next 30 days.")
    if errors:
        raise ValidationError(errors)
    ticket.postpone_reason, ticket.promised_date = reason.strip()[:200], promised_date
    ticket.status = RepairStatus.POSTPONED
    return save_with_history(ticket, acting_user=acting_user, reason=_("Scheduled for %(date)s: %(reason)s") % {
        "date": promised_date.isoformat(), "reason": ticket.postpone_reason})


@transaction.atomic
def repair_complete(*, ticket: RepairTicket, result: str, cost=None, acting_user) -> RepairTicket:
    ticket = _ticket_for_keeper(ticket, acting_user,
                                (RepairStatus.DISPATCHED, RepairStatus.ARRIVED, RepairStatus.POSTPONED),
                                _("Only a dispatched ticket can be completed."))
    errors = {}
    if not (result or "").strip():
        errors["result"] = _("Say what was done.")
    if cost is not None and cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    ticket.arrived_at = ticket.arrived_at or now
    ticket.completed_at, ticket.result, ticket.cost = now, result.strip()[:200], cost
    ticket.status = RepairStatus.DONE
    if ticket.asset_id and ticket.asset.status == AssetStatus.REPAIR:
        ticket.asset.status = AssetStatus.IN_USE
        save_with_history(ticket.asset, acting_user=acting_user, reason=_("Repaired (%(number)s)") % {
            "number": ticket.number})
    return save_with_history(ticket, acting_user=acting_user, reason=_("Fixed"))


@transaction.atomic
def repair_rate(*, ticket: RepairTicket, rating: int, comment: str = "", acting_user) -> RepairTicket:
    """The reporter, and only the reporter, rates the fix once."""
    ticket = RepairTicket.objects.select_for_update().get(pk=ticket.pk)
    ensure_in_scope(ticket.school_id, user=acting_user)
    if acting_user.pk != ticket.reported_by_id:
        raise PermissionDenied
    if ticket.status != RepairStatus.DONE:
        raise ValidationError(_("A repair is rated once it is fixed."))
    if ticket.rated_at is not None:
        raise ValidationError(_("This repair has been rated already."))
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("Rate from 1 to 5 stars.")})
    ticket.rating, ticket.rating_comment, ticket.rated_at = rating, (comment or "").strip()[:200], timezone.now()
    return save_with_history(ticket, acting_user=acting_user, reason=_("Rated %(stars)s") % {"stars": rating})


# --- facility standard ---------------------------------------------------------------------------


@transaction.atomic
def facility_check_save(*, school_id: int, item: str, state: str, note: str, acting_user) -> FacilityCheck:
    """Record the state of one item of 十有八配套 at the school (its history keeps the earlier ones)."""
    ensure_keeper(acting_user, school_id)
    check = FacilityCheck.objects.select_for_update().filter(school_id=school_id, item=item).first() \
        or FacilityCheck(school_id=school_id, item=item)
    check.state, check.note = state, (note or "").strip()[:200]
    check.checked_on, check.checked_by = timezone.localdate(), acting_user
    return save_with_history(check, acting_user=acting_user)
