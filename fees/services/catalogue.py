"""The county catalogue: only the bureau administrator changes it."""

from django.db import transaction
from django.shortcuts import get_object_or_404

from fees.models import FeeCap, FeeCategory, ForbiddenItem, PolicyDocument
from houqin.core.history import save_with_history
from houqin.core.permissions import ensure_role
from houqin.org.choices import Role

__all__ = ["catalogue_entry_save", "fee_cap_delete", "fee_cap_save"]


@transaction.atomic
def catalogue_entry_save(*, entry: PolicyDocument | FeeCategory | ForbiddenItem, acting_user, reason: str = ""):
    """Create or change a policy document, fee category or forbidden item of the admin's county."""
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    if entry.pk is None and not acting_user.is_superuser:
        entry.county_id = acting_user.county_id
    elif entry.pk is not None:
        stored = get_object_or_404(type(entry).objects.visible_to(acting_user), pk=entry.pk)
        entry.county_id = stored.county_id
    return save_with_history(entry, acting_user=acting_user, reason=reason)


@transaction.atomic
def fee_cap_save(*, cap: FeeCap, acting_user) -> FeeCap:
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    get_object_or_404(FeeCategory.objects.visible_to(acting_user), pk=cap.category_id)
    return save_with_history(cap, acting_user=acting_user)


@transaction.atomic
def fee_cap_delete(*, cap: FeeCap, acting_user) -> None:
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    get_object_or_404(FeeCategory.objects.visible_to(acting_user), pk=cap.category_id)
    cap._history_user = acting_user
    cap.delete()
