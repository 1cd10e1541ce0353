"""Purchase requests through their approvals, and acceptance by two people that registers the assets.

The way through: the requester's department head (a staff member the requester names) → the
principal → the bureau's administrator when the amount is above the county's threshold (or when the
principal is the requester, since nobody approves their own request). The tier (government
procurement / equipment centre / the school) follows the county's amount thresholds.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import ApprovalStage, AssetSource, AssetStatus, Decision, RequestStatus
from assets.models import Acceptance, Asset, PurchaseApproval, PurchaseRequest
from assets.rules import procurement_tier
from assets.services.access import ensure_keeper, ensure_member, is_bureau_admin, is_member, is_principal_of
from assets.services.register import _lock_school, _next_number, asset_rule_for, next_tag_code
from houqin.core.history import save_with_history
from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import Role

__all__ = ["acceptance_confirm", "acceptance_record", "request_decide", "request_save", "request_submit",
           "request_stage", "may_decide"]

STAGE_OF = {RequestStatus.PENDING_HEAD: ApprovalStage.HEAD, RequestStatus.PENDING_PRINCIPAL: ApprovalStage.PRINCIPAL,
            RequestStatus.PENDING_BUREAU: ApprovalStage.BUREAU}


def _check_request(request: PurchaseRequest, errors: dict) -> None:
    head = request.department_head if request.department_head_id else None
    if head is not None:
        if head.pk == request.requested_by_id:
            errors["department_head"] = _("Nobody approves their own request: name your department head.")
        elif not (is_member(head, request.school_id) and head.role == Role.SCHOOL_STAFF):
            errors["department_head"] = _("The department head must be a staff member of this school.")
    if request.quantity is not None and request.unit_price is not None:
        if request.unit_price <= 0:
            errors["unit_price"] = _("The unit price must be above zero.")
        request.amount = request.quantity * request.unit_price


@transaction.atomic
def request_save(*, request: PurchaseRequest, acting_user) -> PurchaseRequest:
    """Write or change a draft request; only its requester changes it."""
    ensure_member(acting_user, request.school_id)
    if request.pk is None:
        request.requested_by = acting_user
        school = _lock_school(request.school_id)
        prefix = f"QG-{school.code}-{timezone.localdate():%Y}-"
        request.number = _next_number(
            PurchaseRequest.objects.filter(number__startswith=prefix).values_list("number", flat=True), prefix, 4)
    else:
        stored = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
        if stored.requested_by_id != acting_user.pk:
            raise PermissionDenied
        if stored.status != RequestStatus.DRAFT:
            raise ValidationError(_("Only a draft request can be changed."))
    errors = {}
    _check_request(request, errors)
    if errors:
        raise ValidationError(errors)
    return save_with_history(request, acting_user=acting_user)


@transaction.atomic
def request_submit(*, request: PurchaseRequest, acting_user) -> PurchaseRequest:
    """Send a draft to the department head; the tier and the need for the bureau are fixed now."""
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    ensure_member(acting_user, request.school_id)
    if request.requested_by_id != acting_user.pk:
        raise PermissionDenied
    if request.status != RequestStatus.DRAFT:
        raise ValidationError(_("This request has been submitted already."))
    errors = {}
    _check_request(request, errors)
    if errors:
        raise ValidationError(errors)
    rule = asset_rule_for(request.school.township.county_id)
    request.tier = procurement_tier(request.amount, equipment_centre_from=rule.equipment_centre_from,
                                    government_from=rule.government_from)
    request.needs_bureau = request.amount > rule.bureau_approval_above or request.requested_by.role == Role.PRINCIPAL
    request.status = RequestStatus.PENDING_HEAD
    request.submitted_at = timezone.now()
    return save_with_history(request, acting_user=acting_user, reason=_("Submitted for approval"))


def request_stage(request: PurchaseRequest) -> str | None:
    return STAGE_OF.get(request.status)


def may_decide(user, request: PurchaseRequest) -> bool:
    """Whether `user` decides the request's current stage (never the requester)."""
    if user.pk == request.requested_by_id:
        return False
    stage = request_stage(request)
    if stage == ApprovalStage.HEAD:
        return user.pk == request.department_head_id and is_member(user, request.school_id)
    if stage == ApprovalStage.PRINCIPAL:
        return is_principal_of(user, request.school_id)
    if stage == ApprovalStage.BUREAU:
        return is_bureau_admin(user)
    return False


@transaction.atomic
def request_decide(*, request: PurchaseRequest, approve: bool, comment: str = "", acting_user) -> PurchaseRequest:
    """Approve or reject the current stage; a rejection says why and ends the request."""
    request = PurchaseRequest.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=request.pk)
    ensure_in_scope(request.school_id, user=acting_user)
    stage = request_stage(request)
    if stage is None:
        raise ValidationError(_("This request is not awaiting approval."))
    if acting_user.pk == request.requested_by_id:
        raise ValidationError(_("Nobody approves their own request."))
    if not may_decide(acting_user, request):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the request is rejected.")})
    approval = PurchaseApproval(request=request, stage=stage, decided_by=acting_user, comment=comment[:200],
                                decision=Decision.APPROVED if approve else Decision.REJECTED)
    approval.full_clean()
    approval.save()
    if not approve:
        request.status = RequestStatus.REJECTED
    elif stage == ApprovalStage.HEAD:
        request.status = (RequestStatus.PENDING_BUREAU if request.requested_by.role == Role.PRINCIPAL
                          else RequestStatus.PENDING_PRINCIPAL)
    elif stage == ApprovalStage.PRINCIPAL:
        request.status = RequestStatus.PENDING_BUREAU if request.needs_bureau else RequestStatus.APPROVED
    else:
        request.status = RequestStatus.APPROVED
    reason = (_("%(stage)s approved") if approve else _("%(stage)s rejected")) % {"stage": approval.get_stage_display()}
    return save_with_history(request, acting_user=acting_user, reason=f"{reason}{'：' + comment if comment else ''}")


@transaction.atomic
def acceptance_record(*, acceptance: Acceptance, acting_user) -> Acceptance:
    """The first acceptor records what was delivered and names the second, who must confirm."""
    request = PurchaseRequest.objects.select_for_update().get(pk=acceptance.request_id)
    ensure_keeper(acting_user, request.school_id)
    if request.status != RequestStatus.APPROVED:
        raise ValidationError(_("Only an approved request can be accepted."))
    errors = {}
    acceptance.first_acceptor = acting_user
    second = acceptance.second_acceptor if acceptance.second_acceptor_id else None
    if second is not None:
        if second.pk == acting_user.pk:
            errors["second_acceptor"] = _("Acceptance needs two different people: name a colleague.")
        elif not is_member(second, request.school_id):
            errors["second_acceptor"] = _("The second acceptor must belong to this school.")
    if acceptance.room_id and acceptance.room.school_id != request.school_id:
        errors["room"] = _("Choose a room of this school.")
    if acceptance.quantity and acceptance.quantity > request.quantity:
        errors["quantity"] = _("More than the %(quantity)s approved cannot be accepted.") % {
            "quantity": request.quantity}
    if acceptance.quantity and acceptance.unit_price and acceptance.quantity * acceptance.unit_price > request.amount:
        errors["unit_price"] = _("The delivery costs more than the %(amount)s yuan approved: a new request is "
                                 "needed.") % {"amount": f"{request.amount:.2f}"}
    if acceptance.accepted_on and acceptance.accepted_on > timezone.localdate():
        errors["accepted_on"] = _("An acceptance cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    save_with_history(acceptance, acting_user=acting_user, reason=_("Delivery recorded"))
    request.status = RequestStatus.PENDING_ACCEPTANCE
    save_with_history(request, acting_user=acting_user, reason=_("Delivery recorded; awaiting the second acceptor"))
    return acceptance


@transaction.atomic
def acceptance_confirm(*, acceptance: Acceptance, acting_user) -> list[Asset]:
    """The second acceptor confirms; one asset per item delivered is registered with its tag."""
    acceptance = Acceptance.objects.select_for_update(of=("self",)).select_related("request").get(pk=acceptance.pk)
    request = acceptance.request
    ensure_member(acting_user, request.school_id)
    if acceptance.confirmed_at is not None or request.status != RequestStatus.PENDING_ACCEPTANCE:
        raise ValidationError(_("This delivery has been confirmed already."))
    if acting_user.pk == acceptance.first_acceptor_id:
        raise ValidationError(_("Acceptance needs two different people: the second acceptor confirms."))
    if acting_user.pk != acceptance.second_acceptor_id:
        raise PermissionDenied
    acceptance.confirmed_at = timezone.now()
    save_with_history(acceptance, acting_user=acting_user, reason=_("Confirmed by the second acceptor"))
    school = _lock_school(request.school_id)
    first_tag = next_tag_code(school)
    prefix, start = first_tag.rsplit("-", 1)
    assets = []
    for offset in range(acceptance.quantity):
        asset = Asset(school=school, tag_code=f"{prefix}-{int(start) + offset:0{len(start)}d}", name=request.item,
                      category=request.category, model=request.model, purchase_date=acceptance.accepted_on,
                      original_value=acceptance.unit_price, funding_source=request.funding_source,
                      room=acceptance.room, custodian=acceptance.room.keeper,
                      custodian_department=acceptance.room.department or request.department,
                      status=AssetStatus.IN_USE, useful_life_years=acceptance.useful_life_years,
                      supplier=acceptance.supplier, invoice_number=acceptance.invoice_number,
                      source=AssetSource.PURCHASE, purchase_request=request)
        assets.append(save_with_history(asset, acting_user=acting_user,
                                        reason=_("Accepted into the register (%(number)s)") % {
                                            "number": request.number}))
    request.status = RequestStatus.ACCEPTED
    save_with_history(request, acting_user=acting_user, reason=_("Accepted and registered"))
    return assets
