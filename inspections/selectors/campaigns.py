"""Reads of rubrics, campaigns, declarations, titles and veto facts, always through the user's scope;
the public reads titles in force only."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from inspections.choices import CampaignStatus, DeclarationStatus, Grade
from inspections.models import Campaign, Declaration, Rubric, RubricItem, Title, VetoFact


def campaign_list(*, user) -> QuerySet[Campaign]:
    return (Campaign.objects.visible_to(user).select_related("rubric__campaign_type")
            .annotate(declaration_count=Count("declarations")))


def rubric_list(*, user) -> QuerySet[Rubric]:
    return (Rubric.objects.visible_to(user).select_related("campaign_type")
            .annotate(item_count=Count("items"), total_points=Sum("items__max_points", filter=Q(items__is_veto=False))))


def rubric_items(rubric: Rubric) -> list[dict]:
    """The rubric's sections with their items, in order (two queries)."""
    sections = {s.pk: {"section": s, "items": []} for s in rubric.sections.order_by("position")}
    for item in RubricItem.objects.filter(rubric=rubric).order_by("section__position", "position"):
        sections[item.section_id]["items"].append(item)
    return list(sections.values())


def declaration_list(*, user, campaign: Campaign) -> QuerySet[Declaration]:
    return (Declaration.objects.visible_to(user).filter(campaign=campaign)
            .select_related("school", "school__township"))


def declaration_counts(campaign: Campaign) -> dict[str, int]:
    """How far the schools got: declared (all), accepted, submitted and reviewed (cumulative)."""
    by_status = {row["status"]: row["n"] for row in campaign.declarations.values("status").annotate(n=Count("pk"))}
    reviewed = by_status.get(DeclarationStatus.REVIEWED, 0)
    submitted = reviewed + by_status.get(DeclarationStatus.SUBMITTED, 0)
    accepted = submitted + by_status.get(DeclarationStatus.ACCEPTED, 0)
    return {"declared": sum(by_status.values()), "accepted": accepted, "submitted": submitted, "reviewed": reviewed,
            "rejected": by_status.get(DeclarationStatus.REJECTED, 0)}


def own_declarations(*, user) -> dict[int, Declaration]:
    """The principal's school's declarations by campaign."""
    if not user.school_id:
        return {}
    return {d.campaign_id: d for d in Declaration.objects.filter(school_id=user.school_id).select_related("campaign")}


def title_list(*, user) -> QuerySet[Title]:
    return Title.objects.visible_to(user).select_related("school", "school__township", "campaign_type")


def veto_fact_list(*, user) -> QuerySet[VetoFact]:
    return VetoFact.objects.visible_to(user).select_related("school", "school__township")


def honour_roll(*, year: int | None = None, campaign_type: str = "", township: str = "") -> QuerySet[Title]:
    """The public honour roll: titles in force, of active schools."""
    titles = (Title.objects.in_force().filter(school__is_active=True)
              .select_related("school", "school__township", "campaign_type")
              .order_by("-year", "campaign_type__name", "school__township__code", "school__name"))
    if year:
        titles = titles.filter(year=year)
    if campaign_type:
        titles = titles.filter(campaign_type__name=campaign_type)
    if township:
        titles = titles.filter(school__township__name=township)
    return titles


def score_distribution(campaign: Campaign) -> dict:
    """Reviewed schools per 5-point band of the final score, and per grade (for the charts)."""
    bands = {f"{low}–{low + 5}": 0 for low in range(50, 100, 5)}
    below = 0
    grades: dict[str, int] = {}
    for score, grade in campaign.declarations.filter(status=DeclarationStatus.REVIEWED).values_list(
            "final_score", "grade"):
        label = str(Grade(grade).label) if grade else "—"
        grades[label] = grades.get(label, 0) + 1
        if score is None:
            continue
        low = int(score // 5 * 5)
        if low < 50:
            below += 1
        else:
            bands[f"{min(low, 95)}–{min(low, 95) + 5}"] += 1
    return {"bands": {"<50": below, **bands}, "grades": grades}


def score_trend(*, user) -> dict:
    """Average final score of the reviewed schools per campaign type and year (for the chart)."""
    from django.db.models import Avg

    rows = (Declaration.objects.filter(campaign__in=Campaign.objects.visible_to(user),
                                       campaign__status=CampaignStatus.PUBLISHED, final_score__isnull=False)
            .values("campaign__year", "campaign__rubric__campaign_type__name")
            .annotate(average=Avg("final_score")).order_by("campaign__year"))
    years = sorted({row["campaign__year"] for row in rows})
    series: dict[str, dict[int, float]] = {}
    for row in rows:
        series.setdefault(row["campaign__rubric__campaign_type__name"], {})[row["campaign__year"]] = round(
            float(row["average"]), 1)
    return {"years": years, "series": {name: [values.get(y) for y in years] for name, values in series.items()}}
