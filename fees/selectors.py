"""Reads of the fees app, always through the user's scope (public reads only what is published)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fees.choices import PUBLIC_STATUSES, CollectionMethod, ConsentChoice, ConsentSource, FeeKind, NoticeStatus, SettlementStatus
from fees.models import (
    Consent,
    FeeCap,
    FeeCategory,
    FeeItem,
    FeeNotice,
    ForbiddenItem,
    PolicyDocument,
    SchoolClass,
    Settlement,
    Student,
)
from fees.rules import Catalogue, Forbidden
from houqin.core.scoping import schools_visible_to
from houqin.core.text import match_key
from houqin.org.models import School, Term


def catalogue_for_school(school: School) -> Catalogue:
    """The caps and forbidden items that apply to this school (two queries)."""
    caps: dict[tuple[int, str], Decimal] = {}
    capped_units: dict[int, set[str]] = {}
    rows = FeeCap.objects.filter(category__county_id=school.township.county_id).filter(
        Q(school_type="") | Q(school_type=school.school_type)
    )
    # a cap for the school's own type wins over the cap for every type
    for cap in sorted(rows, key=lambda c: c.school_type != ""):
        caps[(cap.category_id, cap.unit)] = cap.max_amount
        capped_units.setdefault(cap.category_id, set()).add(cap.unit)
    forbidden = [
        Forbidden(f.name, tuple(match_key(t) for t in f.terms()), f.reason, str(f.policy) if f.policy_id else "")
        for f in ForbiddenItem.objects.filter(county_id=school.township.county_id).select_related("policy")
    ]
    return Catalogue(caps=caps, capped_units=capped_units, forbidden=forbidden)


def current_term() -> Term | None:
    return Term.objects.current(timezone.localdate())


# --- catalogue ---------------------------------------------------------------------------------


def category_list(*, user) -> QuerySet[FeeCategory]:
    return FeeCategory.objects.visible_to(user).select_related("policy").annotate(cap_count=Count("caps"))


def policy_list(*, user) -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.visible_to(user)


def forbidden_list(*, user) -> QuerySet[ForbiddenItem]:
    return ForbiddenItem.objects.visible_to(user).select_related("policy")


def categories_for_school(school: School) -> QuerySet[FeeCategory]:
    return FeeCategory.objects.filter(county_id=school.township.county_id, is_active=True).select_related("policy")


# --- notices -----------------------------------------------------------------------------------


def notice_list(*, user) -> QuerySet[FeeNotice]:
    return (
        FeeNotice.objects.visible_to(user)
        .select_related("school", "school__township", "term")
        .annotate(item_count=Count("items"))
    )


def notice_items(notice: FeeNotice) -> list[FeeItem]:
    return list(notice.items.select_related("category", "category__policy", "policy"))


def notice_versions(notice: FeeNotice) -> QuerySet[FeeNotice]:
    return FeeNotice.objects.filter(school_id=notice.school_id, term_id=notice.term_id).order_by("-version")


def schools_without_published_notice(*, user, term: Term) -> QuerySet[School]:
    published = FeeNotice.objects.filter(school_id=OuterRef("pk"), term=term, status=NoticeStatus.PUBLISHED)
    in_progress = FeeNotice.objects.filter(school_id=OuterRef("pk"), term=term).exclude(status__in=PUBLIC_STATUSES)
    return (
        schools_visible_to(user)
        .filter(is_active=True)
        .select_related("township")
        .annotate(has_published=Exists(published), in_progress=Exists(in_progress))
        .filter(has_published=False)
    )


# --- public reads (no account) -----------------------------------------------------------------


def public_school_list() -> QuerySet[School]:
    return School.objects.filter(is_active=True).select_related("township")


def public_notices(school: School) -> QuerySet[FeeNotice]:
    return FeeNotice.objects.public().filter(school=school).select_related("term").order_by(
        "-term__school_year", "-term__semester", "-version"
    )


def public_current_notice(school: School) -> FeeNotice | None:
    """The notice families should read now: the published one of the latest term that has one."""
    return (
        FeeNotice.objects.filter(school=school, status=NoticeStatus.PUBLISHED)
        .select_related("term", "school")
        .prefetch_related(Prefetch("items", queryset=FeeItem.objects.select_related("category", "policy",
                                                                                    "category__policy")))
        .order_by("-term__school_year", "-term__semester")
        .first()
    )


def notices_matching_digest(text: str) -> QuerySet[FeeNotice]:
    """Public notices whose digest starts with what was typed (dashes, spaces and case ignored)."""
    cleaned = "".join(ch for ch in text.lower() if ch in "0123456789abcdef")
    if len(cleaned) < 12:
        return FeeNotice.objects.none()
    return FeeNotice.objects.public().filter(digest__startswith=cleaned).select_related("school", "term")


# --- classes, consent, settlements -------------------------------------------------------------


def class_list(*, user, school_year: int | None = None) -> QuerySet[SchoolClass]:
    queryset = SchoolClass.objects.visible_to(user).select_related("school").annotate(
        student_count=Count("students", filter=Q(students__is_active=True))
    )
    return queryset.filter(school_year=school_year) if school_year else queryset


def consent_tally(*, school: School, term: Term, categories) -> list[dict]:
    """Per class and voluntary category: online and paper opt-ins and opt-outs, and receipts not
    returned, in two queries whatever the number of classes."""
    classes = list(
        SchoolClass.objects.filter(school=school, school_year=term.school_year)
        .annotate(student_count=Count("students", filter=Q(students__is_active=True)))
        .order_by("position", "name")
    )
    counts = {}
    rows = (
        Consent.objects.filter(student__school=school, term=term, category__in=categories, student__is_active=True)
        .values("student__school_class_id", "category_id", "choice", "source")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[(row["student__school_class_id"], row["category_id"], row["choice"], row["source"])] = row["n"]
    tally = []
    for school_class in classes:
        for category in categories:
            cell = {
                "school_class": school_class,
                "category": category,
                "students": school_class.student_count,
            }
            for choice in ConsentChoice:
                for source in ConsentSource:
                    cell[f"{choice.value}_{source.value}"] = counts.get((school_class.pk, category.pk, choice, source), 0)
            cell["opted_in"] = cell["in_paper"] + cell["in_online"]
            cell["opted_out"] = cell["out_paper"] + cell["out_online"]
            cell["not_returned"] = max(cell["students"] - cell["opted_in"] - cell["opted_out"], 0)
            tally.append(cell)
    return tally


def voluntary_categories(notice: FeeNotice) -> list[FeeCategory]:
    """The categories families choose in this notice; `label` is the name as the notice prints it."""
    seen = {}
    for item in notice.items.select_related("category").filter(is_voluntary=True).order_by("position"):
        if item.category_id not in seen:
            item.category.label = item.category_name
            seen[item.category_id] = item.category
    return list(seen.values())


def pass_through_categories(notice: FeeNotice) -> list[FeeCategory]:
    """Pass-through categories whose money the school itself collects (and so must settle)."""
    seen = {}
    items = notice.items.select_related("category").filter(category__kind=FeeKind.PASS_THROUGH).exclude(
        collection_method=CollectionMethod.DIRECT)
    for item in items.order_by("position"):
        seen.setdefault(item.category_id, item.category)
    return list(seen.values())


def settlement_list(*, user) -> QuerySet[Settlement]:
    return (
        Settlement.objects.visible_to(user)
        .select_related("school", "school__township", "term", "category")
        .annotate(line_count=Count("lines"))
    )


def overdue_settlements(today) -> QuerySet[Settlement]:
    return Settlement.objects.filter(status=SettlementStatus.DRAFT, due_date__lt=today)


def student_by_code(code: str) -> Student | None:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())[:12]
    return Student.objects.filter(code=cleaned, is_active=True).select_related("school", "school_class").first()
