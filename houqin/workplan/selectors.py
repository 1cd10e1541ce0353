"""Reads of the work plan, always through the user's scope, and the figures of each goal: its
progress (measured live or reported by hand), the pace expected by today and its status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from houqin.org.choices import BUREAU_ROLES
from houqin.org.models import User
from houqin.workplan.choices import Area, GoalStatus
from houqin.workplan.measures import Reading, readings_for
from houqin.workplan.models import Goal
from houqin.workplan.rules import (
    STATUS_RANK,
    STATUS_STYLE,
    expected_progress,
    goal_start,
    goal_status,
    measured_progress,
)


def goal_list(*, user) -> QuerySet[Goal]:
    return Goal.objects.visible_to(user).select_related("owner", "campaign_type")


def goal_get(*, user, pk: int) -> Goal:
    """One goal in the user's scope (404 otherwise)."""
    return get_object_or_404(goal_list(user=user), pk=pk)


def owner_choices(*, user, county_id=None) -> QuerySet[User]:
    """Who may own a goal: the active accounts of the county's bureau."""
    county_id = county_id or user.county_id
    return User.objects.filter(county_id=county_id, role__in=sorted(BUREAU_ROLES), is_active=True).order_by(
        "role", "full_name")


def owners_in_plan(*, user) -> QuerySet[User]:
    """The owner filter: the bureau's accounts and anyone who owns a goal of the county."""
    goals = Goal.objects.visible_to(user)
    return (User.objects.filter(Q(county_id=user.county_id, role__in=sorted(BUREAU_ROLES), is_active=True)
                                | Q(pk__in=goals.values("owner_id")))
            .distinct().order_by("full_name"))


def next_position(county_id, year: int) -> int:
    last = Goal.objects.filter(county_id=county_id, year=year).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def plan_years(*, user, today: dt.date) -> list[int]:
    """The years that have a plan, and this year and next year, newest first."""
    years = set(Goal.objects.visible_to(user).order_by().values_list("year", flat=True).distinct())
    return sorted(years | {today.year, today.year + 1}, reverse=True)


@dataclass(frozen=True)
class GoalFigures:
    """How a goal stands today."""

    progress: int | None  # 0–100; None when the data cannot say yet
    expected: int  # where a steady pace would be by today
    status: GoalStatus
    reading: Reading | None  # the live figure of a measured goal

    @property
    def progress_value(self) -> int:
        return self.progress or 0

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def status_style(self) -> str:
        return STATUS_STYLE[self.status]

    @property
    def status_rank(self) -> int:
        return STATUS_RANK[self.status]


def goal_figures(goals: list[Goal], *, today: dt.date | None = None) -> list[Goal]:
    """Attach `figures` to each goal: the measured goals of a plan are read together, so this costs a
    fixed number of queries whatever the number of goals."""
    today = today or timezone.localdate()
    readings = readings_for(goals, today=today)
    for goal in goals:
        reading = readings.get(goal.pk)
        if goal.is_measured:
            progress = measured_progress(kind=goal.measure_spec.kind, value=reading.value,
                                         denominator=reading.denominator, target=goal.target_value)
        else:
            progress = goal.progress
        created = timezone.localtime(goal.created_at).date() if goal.created_at else None
        start = goal_start(goal.year, created)
        goal.figures = GoalFigures(
            progress=progress,
            expected=expected_progress(start=start, deadline=goal.deadline, today=today),
            status=goal_status(progress=progress, deadline=goal.deadline, today=today, start=start,
                               cancelled=goal.is_cancelled),
            reading=reading,
        )
    return goals


def plan_summary(goals: list[Goal]) -> dict:
    """The counts per status, the average progress of the goals in force, and the average per area
    (for the chart), from goals carrying their figures."""
    by_status = {status: 0 for status in GoalStatus}
    areas: dict[str, list[int]] = {}
    live = []
    for goal in goals:
        by_status[goal.figures.status] += 1
        if goal.figures.status != GoalStatus.CANCELLED:
            live.append(goal.figures.progress_value)
            areas.setdefault(goal.area, []).append(goal.figures.progress_value)
    labels = dict(Area.choices)
    return {
        "total": len(goals),
        "by_status": [{"status": status, "label": status.label, "style": STATUS_STYLE[status],
                       "count": by_status[status]} for status in sorted(GoalStatus, key=STATUS_RANK.get)],
        "average": round(sum(live) / len(live)) if live else None,
        "areas": [{"area": area, "label": str(labels[area]), "average": round(sum(values) / len(values))}
                  for area, values in ((a, areas[a]) for a in Area.values if a in areas)],
    }


@dataclass(frozen=True)
class ProgressEntry:
    when: dt.datetime
    user: object
    progress: int | None
    note: str


def progress_log(goal: Goal, limit: int = 100) -> list[ProgressEntry]:
    """Every progress report of the goal, newest first, read from its history (one query)."""
    records = list(goal.history.select_related("history_user").order_by("-history_date", "-history_id")
                   .only("progress", "progress_note", "progress_updated_at", "measure", "history_date",
                         "history_user")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        if newer.progress_updated_at and (older is None or older.progress_updated_at != newer.progress_updated_at):
            entries.append(ProgressEntry(newer.history_date, newer.history_user,
                                         None if newer.measure else newer.progress, newer.progress_note))
    return entries[:limit]
