"""Role checks. Row scope lives in scoping.py; this module answers "may this role do this at all"."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


def has_role(user, *roles) -> bool:
    """True for a signed-in active user holding one of `roles` (the superuser holds every role)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.role in roles


def ensure_role(user, *roles) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """Sign-in required; with `allowed_roles` set, other roles get 403."""

    allowed_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles and not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
