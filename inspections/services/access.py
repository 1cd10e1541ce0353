"""Who may do what in campaigns (row scope itself comes from houqin.core.scoping)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from houqin.core.permissions import has_role
from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import BUREAU_ROLES, Role


def ensure_bureau_admin(user, county_id) -> None:
    """Rubrics, campaigns and results are the county bureau administrator's."""
    if not (has_role(user, Role.BUREAU_ADMIN) and (user.is_superuser or user.county_id == county_id)):
        raise PermissionDenied


def ensure_bureau(user, county_id) -> None:
    if not (has_role(user, *BUREAU_ROLES) and (user.is_superuser or user.county_id == county_id)):
        raise PermissionDenied


def ensure_principal(user, school_id) -> None:
    ensure_in_scope(school_id, user=user)
    if not (user.role == Role.PRINCIPAL and user.school_id == school_id):
        raise PermissionDenied


def ensure_reviewer(user, school) -> None:
    """Reviewers are the bureau's staff. Nobody reviews a school they belong to, or — for a
    township supervisor — a school of their own township (回避)."""
    ensure_in_scope(school.pk, user=user)
    if user.school_id == school.pk or (user.role == Role.TOWNSHIP_SUPERVISOR and user.township_id == school.township_id):
        raise ValidationError(_("Nobody reviews their own school."))
    if not has_role(user, *BUREAU_ROLES):
        raise PermissionDenied
