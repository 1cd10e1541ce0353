"""What the inspections app shows on the bureau dashboard and the school home (houqin.core.dashboard)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.dashboard import Task, dashboard_figure, dashboard_panel, school_tasks
from houqin.org.choices import Role
from inspections.choices import CampaignArea, CampaignStatus, ComplaintStatus, DeclarationStatus, OrderStatus


def _link(name: str, school=None, township=None, **params) -> str:
    if school is not None:
        params["school"] = school.pk
    elif township is not None:
        params["township"] = township
    return reverse(name) + "?" + "&".join(f"{key}={value}" for key, value in params.items())


def _orders(school_ids, today):
    """Per school, the orders still the school's to do (status open): all, overdue, serious."""
    from django.db.models import Count, Q

    from inspections.models import RectificationOrder
    from inspections.selectors.rectification import overdue_q

    rows = (RectificationOrder.objects.filter(school_id__in=school_ids, status=OrderStatus.OPEN)
            .order_by().values("school_id")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(today)),
                      serious_open=Count("pk", filter=Q(severity="serious"))))
    return {row.pop("school_id"): row for row in rows}


def _complaints(school_ids, today):
    from inspections.selectors.complaints import complaint_figures

    return complaint_figures(school_ids=school_ids, since=None, until=None, today=today)


@dashboard_figure("inspections.orders_overdue", gettext_lazy("Rectifications overdue"), level="danger",
                  url=lambda school=None, township=None: _link("inspections:order_list", school, township,
                                                               overdue="true"))
def orders_overdue(school_ids, today):
    return {pk: row["overdue"] for pk, row in _orders(school_ids, today).items()}


@dashboard_figure("inspections.serious_open", gettext_lazy("Serious hazards open"), level="danger",
                  url=lambda school=None, township=None: _link("inspections:order_list", school, township,
                                                               severity="serious", status=OrderStatus.OPEN))
def serious_open(school_ids, today):
    return {pk: row["serious_open"] for pk, row in _orders(school_ids, today).items()}


@dashboard_figure("inspections.orders_open", gettext_lazy("Rectifications open"), level="warning",
                  url=lambda school=None, township=None: _link("inspections:order_list", school, township,
                                                               status=OrderStatus.OPEN))
def orders_open(school_ids, today):
    return {pk: row["open"] for pk, row in _orders(school_ids, today).items()}


@dashboard_figure("inspections.complaints_overdue", gettext_lazy("Complaints overdue"), level="danger",
                  url=lambda school=None, township=None: _link("inspections:complaint_list", school, township,
                                                               overdue="true"),
                  roles=(Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR))
def complaints_overdue(school_ids, today):
    return {pk: row["overdue"] for pk, row in _complaints(school_ids, today).items()}


@dashboard_figure("inspections.complaints_open", gettext_lazy("Complaints open"), level="warning",
                  url=lambda school=None, township=None: _link("inspections:complaint_list", school, township,
                                                               open="true"),
                  roles=(Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR))
def complaints_open(school_ids, today):
    return {pk: row["open"] for pk, row in _complaints(school_ids, today).items()}


@school_tasks("inspections")
def tasks(school, user, today):
    """Orders to answer, complaints to answer (principal), campaigns to declare and self-assess."""
    from inspections.models import Campaign, Complaint, Declaration, RectificationOrder

    for order in RectificationOrder.objects.filter(school=school, status=OrderStatus.OPEN).order_by("deadline"):
        yield Task(order.deadline, _("Answer rectification order %(number)s") % {"number": order.number},
                   order.get_absolute_url(), "danger" if order.deadline < today or order.severity == "serious"
                   else "warning")
    if user.role == Role.PRINCIPAL:
        for complaint in Complaint.objects.filter(school=school, status=ComplaintStatus.ASSIGNED).order_by("answer_by"):
            yield Task(complaint.answer_by, _("Answer a complaint passed on by the bureau"),
                       complaint.get_absolute_url(), "danger")
        declared = set(Declaration.objects.filter(school=school).values_list("campaign_id", flat=True))
        concerned = {CampaignArea.CANTEEN: school.has_canteen, CampaignArea.DORMITORY: school.has_dormitory,
                     CampaignArea.SHOP: school.has_supermarket}
        for campaign in (Campaign.objects.filter(county_id=school.township.county_id, status=CampaignStatus.OPEN,
                                                 declare_by__gte=today).exclude(pk__in=declared)
                         .select_related("rubric__campaign_type")):
            if not concerned.get(campaign.rubric.campaign_type.area, True):
                continue  # a canteen campaign is not for a school without a canteen (as the reminder)
            yield Task(campaign.declare_by, _("Declare for %(campaign)s if the school takes part")
                       % {"campaign": campaign.title}, campaign.get_absolute_url(), "info")
        for declaration in (Declaration.objects.filter(school=school, status=DeclarationStatus.ACCEPTED,
                                                       campaign__status=CampaignStatus.OPEN)
                            .select_related("campaign")):
            yield Task(declaration.campaign.self_assess_by, _("Submit the self-assessment for %(campaign)s")
                       % {"campaign": declaration.campaign.title},
                       reverse("inspections:self_assessment", args=[declaration.pk]),
                       "danger" if declaration.campaign.self_assess_by < today + dt.timedelta(days=7) else "warning")


@dashboard_panel("inspections.standings", "inspections/_standings.html")
def standings(user, today):
    """The latest campaigns of the scope: how far the schools got, the grades, the titles awarded,
    and the complaints of the last twelve months by category."""
    from django.db.models import Count, Q

    from inspections.choices import ComplaintCategory, Grade
    from inspections.models import Campaign, Complaint

    if user.role not in (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR):
        return None
    from houqin.core.scoping import schools_visible_to

    schools = schools_visible_to(user)
    reviewed = Q(declarations__status=DeclarationStatus.REVIEWED, declarations__school__in=schools)
    campaigns = list(
        Campaign.objects.visible_to(user).exclude(status=CampaignStatus.DRAFT).order_by("-year", "-pk")
        .annotate(declared=Count("declarations", filter=Q(declarations__school__in=schools), distinct=True),
                  submitted=Count("declarations", distinct=True, filter=Q(
                      declarations__school__in=schools,
                      declarations__status__in=(DeclarationStatus.SUBMITTED, DeclarationStatus.REVIEWED))),
                  advanced=Count("declarations", distinct=True, filter=reviewed & Q(declarations__grade=Grade.ADVANCED)),
                  qualified=Count("declarations", distinct=True, filter=reviewed & Q(declarations__grade=Grade.QUALIFIED)),
                  rectify=Count("declarations", distinct=True, filter=reviewed & Q(declarations__grade=Grade.RECTIFY)))
        [:4])
    since = today - dt.timedelta(days=365)
    by_category = dict(Complaint.objects.filter(school__in=schools, filed_at__date__gte=since).order_by()
                       .values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    complaints_url = reverse("inspections:complaint_list")
    return {
        "campaigns": campaigns,
        "complaints_chart": {
            "labels": [str(label) for _value, label in ComplaintCategory.choices],
            "values": [by_category.get(value, 0) for value, _label in ComplaintCategory.choices],
            "urls": [f"{complaints_url}?category={value}" for value, _label in ComplaintCategory.choices],
            "name": str(_("Complaints")),
        },
        "complaints_total": sum(by_category.values()),
    }
