"""Risk scores of the county's schools (SPEC §6): overdue rectifications, serious hazards,
complaints, invalid canteen certificates and missing morning checks — a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from houqin.org.models import School
from inspections import rules
from inspections.models import InspectionPlan


def plan_list(*, user) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.visible_to(user).annotate(entry_count=Count("entries"))


def county_risk(*, county_id: int, today: dt.date | None = None) -> dict[int, dict]:
    """{school id: {"code", "name", "score", "components"}} for every active school of the county."""
    from canteens.models import CanteenStaff, MorningCheck
    from canteens.selectors import invalid_certificates_q, school_days_between
    from inspections.selectors.complaints import complaint_figures
    from inspections.selectors.rectification import order_figures

    today = today or timezone.localdate()
    schools = list(School.objects.filter(township__county_id=county_id, is_active=True).values("pk", "code", "name"))
    ids = [s["pk"] for s in schools]
    orders = order_figures(school_ids=ids, today=today)
    complaints = complaint_figures(school_ids=ids, since=today - dt.timedelta(days=365), until=today, today=today)
    invalid = dict(CanteenStaff.objects.filter(canteen__school_id__in=ids, canteen__is_active=True, is_active=True)
                   .filter(invalid_certificates_q(today))
                   .values_list("canteen__school_id").annotate(n=Count("pk")).values_list("canteen__school_id", "n"))
    with_staff = set(CanteenStaff.objects.filter(canteen__school_id__in=ids, canteen__is_active=True, is_active=True)
                     .values_list("canteen__school_id", flat=True).distinct())
    since = today - dt.timedelta(days=7)
    checked = dict(MorningCheck.objects.filter(canteen__school_id__in=ids, date__gte=since, date__lt=today,
                                               date__week_day__in=[2, 3, 4, 5, 6])
                   .values_list("canteen__school_id").annotate(n=Count("date", distinct=True))
                   .values_list("canteen__school_id", "n"))
    days = school_days_between(since, today - dt.timedelta(days=1))
    result = {}
    for school in schools:
        pk = school["pk"]
        o, c = orders.get(pk, {}), complaints.get(pk, {})
        components = {
            "orders_overdue": o.get("overdue", 0),
            "serious_open": o.get("serious_open", 0),
            "complaints_open": c.get("open", 0),
            "complaints_substantiated": c.get("serious_substantiated", 0),
            "certificates_invalid": invalid.get(pk, 0),
            "check_days_missing": max(days - checked.get(pk, 0), 0) if pk in with_staff else 0,
        }
        result[pk] = {"code": school["code"], "name": school["name"], "components": components,
                      "score": rules.risk_score(components)}
    return result
