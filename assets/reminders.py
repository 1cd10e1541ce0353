"""What the assets app reports as due: the half-year reconciliation with the finance system (January
and July), the annual stock-take, overdue repairs, and approvals waiting for someone."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.choices import StockTakeKind, StockTakeStatus
from assets.models import Asset, Disposal, PurchaseRequest, Reconciliation, RepairTicket, StockTake
from assets.selectors import overdue_repairs_q
from houqin.notify.models import Level
from houqin.notify.registry import Due, per_school, reminder_rule
from houqin.org.choices import Duty, Role
from houqin.org.models import School, User


def _keepers_by_school(school_ids) -> dict[int, list[int]]:
    """The principal and the asset managers of each school: who keeps its register."""
    people = User.objects.filter(school_id__in=school_ids, is_active=True).filter(
        Q(role=Role.PRINCIPAL) | Q(role=Role.SCHOOL_STAFF, duties__contains=[Duty.ASSET_MANAGER]))
    keepers: dict[int, list[int]] = {}
    for user_id, school_id in people.values_list("pk", "school_id"):
        keepers.setdefault(school_id, []).append(user_id)
    return keepers


def _schools_with_assets():
    return School.objects.filter(is_active=True, pk__in=Asset.objects.on_books().values("school_id"))


def half_year(today: dt.date) -> str:
    """The half year a reconciliation in `today`'s month closes: January closes H2 of last year."""
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


@reminder_rule("assets.reconciliation_due", gettext_lazy("Asset reconciliation with the finance system (January, July)"))
def reconciliation_due(*, today):
    if today.month not in (1, 7):
        return
    period = half_year(today)
    done = set(Reconciliation.objects.filter(period=period).values_list("school_id", flat=True))
    schools = [s for s in _schools_with_assets() if s.pk not in done]
    keepers = _keepers_by_school([s.pk for s in schools])
    title = _("Reconcile the asset register with the finance system for %(period)s") % {"period": period}
    body = _("Upload the finance system's asset export: the differences are listed.")
    url = reverse("assets:reconciliation_create")

    def for_school(school):
        for user_id in keepers.get(school.pk, []):
            yield Due(recipient_id=user_id, period=f"reconcile:{school.pk}:{period}", title=title, body=body, url=url,
                      level=Level.WARNING)

    yield from per_school(schools, for_school, savepoint=False)


@reminder_rule("assets.stocktake_due", gettext_lazy("Annual asset stock-take"))
def stocktake_due(*, today):
    """From November: every school with assets counts them once a year (the report approved)."""
    if today.month < 11:
        return
    year_start = dt.date(today.year, 1, 1)
    counted = set(StockTake.objects.filter(kind=StockTakeKind.ANNUAL, started_on__gte=year_start,
                                           status=StockTakeStatus.APPROVED).values_list("school_id", flat=True))
    schools = [s for s in _schools_with_assets() if s.pk not in counted]
    keepers = _keepers_by_school([s.pk for s in schools])
    title = _("The annual stock-take of %(year)s is due") % {"year": today.year}
    body = _("Count the assets room by room and have the difference report approved.")
    url = reverse("assets:stocktake_list")

    def for_school(school):
        for user_id in keepers.get(school.pk, []):
            yield Due(recipient_id=user_id, period=f"stocktake:{school.pk}:{today.year}", title=title, body=body,
                      url=url, level=Level.WARNING)

    yield from per_school(schools, for_school, savepoint=False)


@reminder_rule("assets.repairs_overdue", gettext_lazy("Repairs overdue"))
def repairs_overdue(*, today):
    """Tickets still open after their day: the school's keepers, once per ticket and week."""
    tickets = list(RepairTicket.objects.filter(overdue_repairs_q(today)))
    keepers = _keepers_by_school({t.school_id for t in tickets})
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"

    def for_ticket(ticket):
        for user_id in keepers.get(ticket.school_id, []):
            yield Due(recipient_id=user_id, period=f"repair:{ticket.pk}:{week}",
                      title=_("Repair %(number)s at %(location)s is overdue") % {
                          "number": ticket.number, "location": ticket.location},
                      url=reverse("assets:repair_detail", args=[ticket.pk]), level=Level.DANGER)

    yield from per_school(tickets, for_ticket, school_of=lambda t: t.school_id, savepoint=False)


@reminder_rule("assets.approvals_pending", gettext_lazy("Asset approvals waiting"))
def approvals_pending(*, today):
    """Purchase requests, stock-take reports and disposals waiting for a decision, to who decides."""
    counts: dict[int, int] = {}

    def add(user_id, n=1):
        counts[user_id] = counts.get(user_id, 0) + n

    requests = list(PurchaseRequest.objects.filter(status__in=["pending_head", "pending_principal", "pending_bureau"])
                    .select_related("school__township"))
    principals = dict(User.objects.filter(role=Role.PRINCIPAL, is_active=True).values_list("school_id", "pk"))
    admins: dict[int, list[int]] = {}
    for user_id, county_id in User.objects.filter(role=Role.BUREAU_ADMIN, is_active=True).values_list("pk",
                                                                                                     "county_id"):
        admins.setdefault(county_id, []).append(user_id)
    for request in requests:
        if request.status == "pending_head":
            add(request.department_head_id)
        elif request.status == "pending_principal" and request.school_id in principals:
            add(principals[request.school_id])
        elif request.status == "pending_bureau":
            for user_id in admins.get(request.school.township.county_id, []):
                add(user_id)
    for school_id in StockTake.objects.filter(status=StockTakeStatus.SUBMITTED).values_list("school_id", flat=True):
        if school_id in principals:
            add(principals[school_id])
    for disposal in Disposal.objects.filter(status__in=["appraised", "pending_bureau"]).select_related(
            "asset__school__township"):
        if disposal.status == "appraised" and disposal.asset.school_id in principals:
            add(principals[disposal.asset.school_id])
        elif disposal.status == "pending_bureau":
            for user_id in admins.get(disposal.asset.school.township.county_id, []):
                add(user_id)
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    for user_id, count in counts.items():
        yield Due(recipient_id=user_id, period=f"approvals:{week}",
                  title=_("%(count)s asset approvals are waiting for you") % {"count": count},
                  url=reverse("assets:request_list") + "?mine=true", level=Level.INFO)


