"""Who may do what with fees (row scope itself comes from houqin.core.scoping)."""

from django.core.exceptions import PermissionDenied

from houqin.core.permissions import has_role
from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import BUREAU_ROLES, Duty, Role


def can_keep_fees(user, school_id) -> bool:
    """The principal and the finance staff of a school keep its fee notices, consent and settlements."""
    if not user.is_authenticated or user.school_id != school_id:
        return False
    return user.role == Role.PRINCIPAL or (user.role == Role.SCHOOL_STAFF and Duty.FINANCE in user.duties)


def ensure_school_keeper(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not can_keep_fees(user, school_id):
        raise PermissionDenied


def ensure_principal(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not (user.role == Role.PRINCIPAL and user.school_id == school_id):
        raise PermissionDenied


def is_reviewer(user) -> bool:
    return has_role(user, *BUREAU_ROLES)


def ensure_reviewer(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not is_reviewer(user):
        raise PermissionDenied
