"""Who keeps a school's canteen records: the principal and the staff with a canteen duty (finance
too for the accounts). Row scope itself comes from houqin.core.scoping."""

from django.core.exceptions import PermissionDenied

from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import Duty, Role

CANTEEN_DUTIES = frozenset({Duty.CANTEEN_MANAGER, Duty.FOOD_SAFETY_OFFICER})


def can_keep_canteen(user, school_id, *, accounts: bool = False) -> bool:
    if not user.is_authenticated or not user.is_active or user.school_id != school_id:
        return False
    if user.role == Role.PRINCIPAL:
        return True
    duties = set(user.duties or ())
    allowed = CANTEEN_DUTIES | ({Duty.FINANCE} if accounts else set())
    return user.role == Role.SCHOOL_STAFF and bool(duties & allowed)


def ensure_canteen_keeper(user, school_id, *, accounts: bool = False) -> None:
    ensure_in_scope(school_id, user=user)
    if not can_keep_canteen(user, school_id, accounts=accounts):
        raise PermissionDenied


def ensure_principal(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not (user.role == Role.PRINCIPAL and user.school_id == school_id):
        raise PermissionDenied
