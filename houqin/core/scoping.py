"""Row scope: which schools (and so which school-owned records) a user may see.

`school_scope_q` is the single source of truth; `schools_visible_to` and every `.visible_to(user)`
are built on it, so a view that fetches through them answers 404 for anything out of scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.http import Http404

from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES, Role

if TYPE_CHECKING:
    from houqin.org.models import School, User

NOTHING = Q(pk__in=[])


def school_scope_q(user, school_path: str = "") -> Q:
    """A filter selecting the schools `user` may see, written relative to `school_path`.

    `school_path` is the lookup from the filtered model to its school ("" for School itself,
    "school" for a model with a `school` foreign key, "canteen__school" further away).
    """
    prefix = f"{school_path}__" if school_path else ""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.role in BUREAU_ROLES:
        return Q(**{f"{prefix}township__county_id": user.county_id}) if user.county_id else NOTHING
    if user.role == Role.TOWNSHIP_SUPERVISOR:
        return Q(**{f"{prefix}township_id": user.township_id}) if user.township_id else NOTHING
    if user.role in SCHOOL_ROLES and user.school_id:
        return Q(**{f"{prefix}pk" if not school_path else f"{school_path}_id": user.school_id})
    return NOTHING


def schools_visible_to(user) -> models.QuerySet[School]:
    """The schools a user may see."""
    from houqin.org.models import School

    return School.objects.filter(school_scope_q(user))


def school_in_scope(school_id: int | None, *, user: User) -> bool:
    return school_id is not None and schools_visible_to(user).filter(pk=school_id).exists()


def ensure_in_scope(school_id: int | None, *, user: User) -> None:
    """Refuse (as 404, so nothing leaks) a write that touches a school outside the user's scope."""
    if not school_in_scope(school_id, user=user):
        raise Http404("out of scope")


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every school-owned model. Subclasses set `school_path`."""

    school_path = "school"

    def visible_to(self, user):
        return self.filter(school_scope_q(user, self.school_path))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class CountyScopedQuerySet(models.QuerySet):
    """County-wide records (catalogues, rubrics, campaigns): everyone signed in reads their own
    county's; the bureau writes them."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(county_id=user.county_id)
