"""Writes to the organisation tree and the accounts. Every service checks the actor's role and scope,
validates, saves with history (who and why) and refuses anything else."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import ensure_role, has_role
from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import BUREAU_ROLES, Role
from houqin.org.models import School, Township, User
from houqin.public.services import public_pages_changed

# Fields of a school only the bureau may change; a principal keeps the rest of the profile current.
SCHOOL_BUREAU_FIELDS = ("township_id", "code", "name", "school_type", "is_central", "is_active")


def _ensure_township_in_county(township: Township, acting_user: User) -> None:
    if not acting_user.is_superuser and township.county_id != acting_user.county_id:
        raise Http404("township out of scope")


@transaction.atomic
def township_save(*, township: Township, acting_user: User, reason: str = "") -> Township:
    """Create or change a township of the bureau's county."""
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    if township.pk is None and not acting_user.is_superuser:
        township.county_id = acting_user.county_id
    _ensure_township_in_county(township, acting_user)
    township = save_with_history(township, acting_user=acting_user, reason=reason)
    # the public pages show the township's name beside its schools
    public_pages_changed(school_codes=township.schools.values_list("code", flat=True), directory=True, honours=True)
    return township


@transaction.atomic
def school_create(*, school: School, acting_user: User) -> School:
    """Register a new school in one of the bureau's townships."""
    ensure_role(acting_user, Role.BUREAU_ADMIN)
    _ensure_township_in_county(school.township, acting_user)
    school = save_with_history(school, acting_user=acting_user, reason=_("School registered"))
    public_pages_changed(directory=True)
    return school


@transaction.atomic
def school_update(*, school: School, acting_user: User, reason: str = "") -> School:
    """Change a school: the bureau changes anything, a principal only the profile of the own school."""
    if school.pk is None:
        raise ValueError("school_update needs a saved school")
    stored = School.objects.select_for_update().get(pk=school.pk)
    ensure_in_scope(stored.pk, user=acting_user)
    if has_role(acting_user, Role.BUREAU_ADMIN):
        _ensure_township_in_county(school.township, acting_user)
    elif acting_user.role == Role.PRINCIPAL and acting_user.school_id == stored.pk:
        changed = [f for f in SCHOOL_BUREAU_FIELDS if getattr(stored, f) != getattr(school, f)]
        if changed:
            raise PermissionDenied("a principal cannot change " + ", ".join(changed))
    else:
        raise PermissionDenied
    school = save_with_history(school, acting_user=acting_user, reason=reason)
    # name, township, type, phone or being active show on its pages, the directory and the honour roll
    public_pages_changed(school_codes=[stored.code, school.code], directory=True, honours=True)
    return school


def can_manage_user(actor: User, target: User) -> bool:
    """The bureau admin manages the accounts of its county; a principal the staff of the own school."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    if actor.role == Role.BUREAU_ADMIN:
        return target.county_id == actor.county_id
    if actor.role == Role.PRINCIPAL:
        return target.role == Role.SCHOOL_STAFF and target.school_id == actor.school_id
    return False


def _ensure_can_manage(actor: User, target: User) -> None:
    if not can_manage_user(actor, target):
        # an account the actor cannot even see is "not found"; one it can see is "forbidden"
        if not User.objects.visible_to(actor).filter(pk=target.pk).exists():
            raise Http404("user out of scope")
        raise PermissionDenied


def _check_target_organisation(target: User, acting_user: User) -> None:
    """A new or changed account must stay inside the actor's organisation."""
    if acting_user.is_superuser:
        return
    if acting_user.role == Role.PRINCIPAL:
        if target.role != Role.SCHOOL_STAFF or target.school_id != acting_user.school_id:
            raise PermissionDenied
        return
    if target.role in BUREAU_ROLES:
        target.county_id = acting_user.county_id
    if target.county_id != acting_user.county_id:
        raise Http404("organisation out of scope")


# Initial passwords set in bulk (Excel import) are hashed with fewer PBKDF2 rounds so that hundreds
# of accounts import in seconds; Django re-hashes them at full strength at the first sign-in.
BULK_PASSWORD_HASHER = PBKDF2PasswordHasher()
BULK_PASSWORD_HASHER.iterations = 20_000


@transaction.atomic
def user_create(*, user: User, password: str, acting_user: User, bulk: bool = False) -> User:
    """Open an account with an initial password (checked against the password policy)."""
    ensure_role(acting_user, Role.BUREAU_ADMIN, Role.PRINCIPAL)
    if acting_user.role == Role.PRINCIPAL:
        user.role, user.school_id = Role.SCHOOL_STAFF, acting_user.school_id
    user.clean()  # derives the county from the school or township
    _check_target_organisation(user, acting_user)
    validate_password(password, user)
    if bulk and "pbkdf2" in settings.PASSWORD_HASHERS[0].lower():
        user.password = make_password(password, hasher=BULK_PASSWORD_HASHER)
    else:
        user.set_password(password)
    return save_with_history(user, acting_user=acting_user, reason=_("Account opened"))


@transaction.atomic
def user_update(*, user: User, acting_user: User, reason: str = "") -> User:
    """Change an account's details, role, organisation, duties or active state."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    _ensure_can_manage(acting_user, stored)
    if acting_user.pk == stored.pk and (user.role != stored.role or not user.is_active):
        raise ValidationError(_("You cannot change your own role or deactivate your own account."))
    user.clean()
    _check_target_organisation(user, acting_user)
    return save_with_history(user, acting_user=acting_user, reason=reason)


def user_unlock(*, user: User, acting_user: User) -> int:
    """Lift a sign-in lockout (django-axes) of an account the actor manages."""
    from axes.utils import reset

    _ensure_can_manage(acting_user, user)
    return reset(username=user.username)


@transaction.atomic
def user_set_password(*, user: User, password: str, acting_user: User) -> User:
    """Set a new password for an account the actor manages (e.g. a forgotten one)."""
    _ensure_can_manage(acting_user, user)
    validate_password(password, user)
    user.set_password(password)
    user._history_user = acting_user
    user._change_reason = _("Password reset by %(name)s") % {"name": acting_user}
    user.save(update_fields=["password"])
    return user
