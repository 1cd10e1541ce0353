"""Reads of the organisation tree and accounts, always through the user's scope."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from houqin.org.choices import Role
from houqin.org.models import School, Township, User


def school_list(*, user) -> QuerySet[School]:
    return School.objects.visible_to(user).select_related("township")


def township_list(*, user) -> QuerySet[Township]:
    visible_schools = Q(schools__in=School.objects.visible_to(user))
    return Township.objects.visible_to(user).annotate(
        school_count=Count("schools", filter=visible_schools, distinct=True),
        student_total=Sum("schools__student_count", filter=visible_schools),
    ).order_by("code", "name")


def user_list(*, user) -> QuerySet[User]:
    return User.objects.visible_to(user).select_related("school", "township", "county")


def scope_overview(*, user) -> dict:
    """Totals of the schools a user may see, for the home page: one aggregate query."""
    schools = School.objects.visible_to(user).filter(is_active=True)
    principals = User.objects.filter(role=Role.PRINCIPAL, is_active=True, school_id=OuterRef("pk"))
    totals = schools.aggregate(
        schools=Count("pk"),
        students=Sum("student_count", default=0),
        boarders=Sum("boarding_count", default=0),
        canteens=Count("pk", filter=Q(has_canteen=True)),
        dormitories=Count("pk", filter=Q(has_dormitory=True)),
        buses=Count("pk", filter=Q(has_bus_service=True)),
    )
    # correlated, so it reads the schools in scope only, not every principal of the province
    totals["without_principal"] = schools.exclude(Exists(principals)).count()
    return totals


def schools_by_type(*, user) -> list[dict]:
    return list(
        School.objects.visible_to(user)
        .filter(is_active=True)
        .values("school_type")
        .annotate(count=Count("pk"), students=Sum("student_count"))
        .order_by("school_type")
    )


def schools_by_township(*, user) -> list[dict]:
    return list(
        School.objects.visible_to(user)
        .filter(is_active=True)
        .values("township_id", "township__name", "township__code")
        .annotate(
            count=Count("pk"),
            students=Sum("student_count"),
            boarders=Sum("boarding_count"),
            canteens=Count("pk", filter=Q(has_canteen=True)),
            buses=Count("pk", filter=Q(has_bus_service=True)),
        )
        .order_by("township__code", "township__name")
    )


def school_staff(*, school) -> QuerySet[User]:
    """The active accounts of a school (its principal and staff)."""
    return school_accounts(school=school).filter(is_active=True)


def school_accounts(*, school) -> QuerySet[User]:
    return school.users.order_by("role", "username")
