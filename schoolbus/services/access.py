"""Who keeps a school's bus records: its principal and the staff with the bus-manager duty."""

from django.core.exceptions import PermissionDenied

from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import Duty, Role


def can_keep_buses(user, school_id) -> bool:
    if not (user.is_authenticated and user.is_active) or user.school_id is None or user.school_id != school_id:
        return False
    return user.role == Role.PRINCIPAL or (user.role == Role.SCHOOL_STAFF and Duty.BUS_MANAGER in (user.duties or ()))


def ensure_bus_keeper(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not can_keep_buses(user, school_id):
        raise PermissionDenied
