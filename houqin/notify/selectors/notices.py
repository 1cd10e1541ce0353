"""Reads of the bureau's notices and their read receipts, always through the user's scope. The
list page and its export, the receipts page and its export read through these, with a fixed
number of queries whatever the number of notices, schools or readers."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from houqin.core.permissions import has_role
from houqin.core.scoping import schools_visible_to
from houqin.notify.choices import Audience
from houqin.notify.models import Notice, NoticeReceipt
from houqin.org.choices import BUREAU_ROLES, Role
from houqin.org.models import School, User

RECEIPT_READERS = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


class _Count(Func):
    """COUNT(*) of a subquery, without GROUP BY: one row, 0 when nothing matches."""

    function = "COUNT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, expression, distinct=False):
        super().__init__(expression)
        self.extra["distinct"] = "DISTINCT " if distinct else ""


def _count(queryset, field="pk", distinct=False) -> Subquery:
    return Subquery(queryset.order_by().annotate(n=_Count(F(field), distinct=distinct)).values("n")[:1],
                    output_field=IntegerField())


def audience_schools(notice: Notice) -> QuerySet[School]:
    """The active schools a notice is addressed to (one query when evaluated)."""
    schools = School.objects.filter(township__county_id=notice.county_id, is_active=True)
    if notice.audience == Audience.TOWNSHIPS:
        return schools.filter(township__in=notice.townships.values("pk"))
    if notice.audience == Audience.SCHOOLS:
        return schools.filter(pk__in=notice.schools.values("pk"))
    return schools


def notice_recipient_ids(notice: Notice) -> QuerySet:
    """Who is told when the notice is published: the active principals of its schools, and every
    active school account when the notice asks for it."""
    roles = [Role.PRINCIPAL, Role.SCHOOL_STAFF] if notice.notify_staff else [Role.PRINCIPAL]
    return (User.objects.filter(is_active=True, role__in=roles, school__in=audience_schools(notice).values("pk"))
            .order_by("pk").values_list("pk", flat=True))


def _audience_size():
    """The number of active schools each notice of the queryset is addressed to."""
    active = School.objects.filter(is_active=True, township__county_id=OuterRef("county_id"))
    notice_townships = Notice.townships.through.objects.filter(notice_id=OuterRef(OuterRef("pk")))
    notice_schools = Notice.schools.through.objects.filter(notice_id=OuterRef(OuterRef("pk")))
    return Case(
        When(audience=Audience.TOWNSHIPS,
             then=_count(active.filter(township_id__in=notice_townships.values("township_id")))),
        When(audience=Audience.SCHOOLS, then=_count(active.filter(pk__in=notice_schools.values("school_id")))),
        default=_count(active),
        output_field=IntegerField(),
    )


def notice_list(*, user) -> QuerySet[Notice]:
    """The notices the user may read. For the bureau each carries how many schools it is addressed
    to and how many of them have read it; for a school user whether it has read it."""
    notices = Notice.objects.visible_to(user).select_related("county")
    if has_role(user, *BUREAU_ROLES):
        return notices.annotate(
            school_total=_audience_size(),
            schools_read=_count(NoticeReceipt.objects.filter(notice_id=OuterRef("pk")), "school_id", distinct=True),
        )
    return notices.annotate(
        read_by_me=Exists(NoticeReceipt.objects.filter(notice_id=OuterRef("pk"), user_id=user.pk)),
        school_total=Value(None, output_field=IntegerField()),
        schools_read=Value(None, output_field=IntegerField()),
    )


def notice_get(*, user, pk: int) -> Notice:
    """One notice through the user's scope: 404 outside it."""
    return get_object_or_404(Notice.objects.visible_to(user).select_related("county", "created_by", "published_by"),
                             pk=pk)


def _audience_in_scope(notice: Notice, user) -> QuerySet[School]:
    return audience_schools(notice).filter(pk__in=schools_visible_to(user).values("pk"))


def notice_school_receipts(*, notice: Notice, user) -> QuerySet[School]:
    """The schools of the notice's audience the user may see, each with its readers (prefetched,
    so a page of schools costs two queries), how many and when the first of them read it."""
    receipts = Q(notice_receipts__notice=notice)
    return (
        _audience_in_scope(notice, user)
        .select_related("township")
        .annotate(readers=Count("notice_receipts", filter=receipts),
                  first_read=Min("notice_receipts__read_at", filter=receipts))
        .prefetch_related(Prefetch("notice_receipts", to_attr="receipts_of_notice",
                                   queryset=NoticeReceipt.objects.filter(notice=notice).select_related("user")))
        .order_by("township__code", "township__name", "name")
    )


def receipt_summary(*, notice: Notice, user) -> dict:
    """Schools addressed, schools where someone read it, schools where nobody has yet, readers."""
    schools = _audience_in_scope(notice, user)
    receipts = NoticeReceipt.objects.filter(notice=notice, school__in=schools.values("pk"))
    figures = {
        "schools": schools.count(),
        **receipts.aggregate(read=Count("school_id", distinct=True), readers=Count("pk")),
    }
    figures["unread"] = figures["schools"] - figures["read"]
    return figures
