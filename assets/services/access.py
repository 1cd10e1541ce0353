"""Who may write what of a school's property. Row scope itself comes from houqin.core.scoping.

- The register (assets, rooms, transfers, custody, stock-takes, disposals, compensation, the store)
  is kept by the principal and school staff with the asset-manager duty (资产管理员).
- Any principal or staff member of the school reports repairs and asks for purchases.
- A department head (处室负责人) is whichever staff member the requester names on the request.
"""

from django.core.exceptions import PermissionDenied

from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import Duty, Role


def is_member(user, school_id) -> bool:
    """A principal or staff account of this school."""
    return bool(user and user.is_authenticated and user.is_active and user.school_id == school_id
                and user.role in (Role.PRINCIPAL, Role.SCHOOL_STAFF))


def can_keep_register(user, school_id) -> bool:
    if not is_member(user, school_id):
        return False
    return user.role == Role.PRINCIPAL or Duty.ASSET_MANAGER in (user.duties or ())


def is_principal_of(user, school_id) -> bool:
    return is_member(user, school_id) and user.role == Role.PRINCIPAL


def is_bureau_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.BUREAU_ADMIN)


def ensure_keeper(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not can_keep_register(user, school_id):
        raise PermissionDenied


def ensure_member(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not is_member(user, school_id):
        raise PermissionDenied
