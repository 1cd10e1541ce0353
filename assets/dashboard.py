"""What the assets app shows on the bureau dashboard and the school home (houqin.core.dashboard)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.choices import DORM_LIMIT, RoomKind
from houqin.core.dashboard import Task, dashboard_figure, school_tasks
from houqin.org.choices import Duty, Role


def _link(name, school=None, township=None, **params) -> str:
    if school is not None:
        params["school"] = school.pk
    elif township is not None:
        params["township"] = township
    return reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _per_school(queryset, path="school_id") -> dict[int, int]:
    return dict(queryset.order_by().values_list(path).annotate(n=Count("pk")).values_list(path, "n"))


@dashboard_figure("assets.repairs_overdue", gettext_lazy("Repairs overdue"), level="danger",
                  url=lambda school=None, township=None: _link("assets:repair_list", school, township, overdue="true"))
def repairs_overdue(school_ids, today):
    from assets.models import RepairTicket
    from assets.selectors import overdue_repairs_q

    return _per_school(RepairTicket.objects.filter(school_id__in=school_ids).filter(overdue_repairs_q(today)))


@dashboard_figure("assets.dorm_rooms_crowded", gettext_lazy("Dormitory rooms over the limit"), level="warning",
                  url=lambda school=None, township=None: (reverse("assets:facility_school", args=[school.pk])
                                                          if school is not None else
                                                          _link("assets:facility_overview", None, township,
                                                                crowded="true")))
def dorm_rooms_crowded(school_ids, today):
    from assets.models import Room

    return _per_school(Room.objects.filter(school_id__in=school_ids, kind=RoomKind.DORMITORY, is_active=True).filter(
        Q(dorm_level="primary", occupants__gt=DORM_LIMIT["primary"])
        | Q(dorm_level="secondary", occupants__gt=DORM_LIMIT["secondary"]) | Q(occupants__gt=F("beds"))))


@school_tasks("assets")
def tasks(school, user, today):
    """Approvals waiting for this user; for the register keepers, repairs to dispatch and overdue."""
    from assets.models import RepairTicket
    from assets.selectors import overdue_repairs_q, requests_awaiting

    for request in requests_awaiting(user).filter(school=school)[:10]:
        yield Task(today, _("Decide the purchase request %(number)s (%(item)s)") % {
            "number": request.number, "item": request.item}, request.get_absolute_url(), "warning")
    keeps = user.role == Role.PRINCIPAL or Duty.ASSET_MANAGER in (user.duties or ())
    if not keeps:
        return
    for ticket in RepairTicket.objects.filter(school=school, status="reported").order_by("reported_at")[:10]:
        yield Task(today, _("Dispatch the repair %(number)s at %(location)s") % {
            "number": ticket.number, "location": ticket.location}, ticket.get_absolute_url(), "warning")
    for ticket in RepairTicket.objects.filter(school=school).exclude(status="reported").filter(
            overdue_repairs_q(today)).order_by("reported_at")[:10]:
        yield Task(ticket.promised_date or today, _("Repair %(number)s at %(location)s is overdue") % {
            "number": ticket.number, "location": ticket.location}, ticket.get_absolute_url(), "danger")
