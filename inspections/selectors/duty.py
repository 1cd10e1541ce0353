"""Reads of duty inspections: the schools in scope with their duties for a month, in a fixed number
of queries (the schools, then every visit that counts for them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from houqin.core.scoping import schools_visible_to
from houqin.org.models import School
from inspections.models import DutyVisit
from inspections.rules_duty import duty_states, month_bounds, weekly_window


def duty_schools(*, user) -> QuerySet[School]:
    """The active schools in scope, each knowing whether it owes the canteen duties."""
    from canteens.models import Canteen

    return (schools_visible_to(user).filter(is_active=True).select_related("township")
            .annotate(owes_canteen=ExpressionWrapper(Q(has_canteen=True) | Exists(
                Canteen.objects.filter(school=OuterRef("pk"), is_active=True)), output_field=BooleanField()))
            .order_by("township__code", "township__name", "name"))


def visit_list(*, user) -> QuerySet[DutyVisit]:
    return DutyVisit.objects.visible_to(user).select_related("school", "inspector")


def duty_compliance(schools: list[School], *, month: dt.date, today: dt.date) -> list[dict]:
    """For each school (annotated by `duty_schools`): its duty states for the month. One query for
    the visits, whatever the number of schools."""
    first, last = month_bounds(month)
    week_first, week_last = weekly_window(month)
    visits: dict[int, list] = {school.pk: [] for school in schools}
    if schools:
        rows = (DutyVisit.objects.filter(school_id__in=list(visits), date__range=(min(first, week_first),
                                                                                   max(last, week_last)))
                .values_list("school_id", "capacity", "date", "inspector__full_name", "inspector__username"))
        for school_id, capacity, day, full_name, username in rows:
            visits[school_id].append((capacity, day, full_name or username))
    return [{"school": school, "duties": duty_states(visits[school.pk], month=month, today=today,
                                                      has_canteen=bool(getattr(school, "owes_canteen", False)))}
            for school in schools]
