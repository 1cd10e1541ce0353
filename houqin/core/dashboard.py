"""The dashboard registry: each domain app declares in its `dashboard.py` what the bureau dashboard
and the school home show, the way `reminders.py` declares what is due.

    from houqin.core.dashboard import dashboard_figure, school_tasks

    @dashboard_figure("inspections.orders_overdue", _("Rectifications overdue"), level="danger",
                      url=lambda school=None, township=None: ...)
    def orders_overdue(school_ids, today):
        return {school_id: count, ...}          # a fixed number of queries, whatever the schools

    @school_tasks("inspections")
    def tasks(school, user, today):
        yield Task(date, text, url, level)      # what this school must do, with its date

    @dashboard_panel("inspections.standings", "inspections/_standings.html")
    def standings(user, today):
        return {...}                            # or None to leave the panel out

Apps built later (school buses, assets) add theirs the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

LEVEL_WEIGHT = {"danger": 3, "warning": 1, "info": 0}


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    level: str
    collect: Callable[[list[int], dt.date], dict[int, int]]
    url: Callable[..., str]  # url(school=<School>|None, township=<id>|None) -> the records behind it
    roles: tuple = ()  # roles that see it (empty: everyone with the dashboard)


@dataclass(frozen=True)
class Task:
    date: dt.date | None
    text: str
    url: str
    level: str = "warning"


@dataclass(frozen=True)
class Panel:
    code: str
    template: str
    collect: Callable[..., dict | None]  # collect(user, today) -> the template's context, or None to hide it


FIGURES: dict[str, Figure] = {}
TASKS: dict[str, Callable[..., Iterable[Task]]] = {}
PANELS: dict[str, Panel] = {}
_discovered = False


def dashboard_figure(code: str, label, *, level: str, url: Callable[..., str], roles: tuple = ()):
    def decorator(collect):
        FIGURES[code] = Figure(code, label, level, collect, url, roles)
        return collect

    return decorator


def school_tasks(code: str):
    def decorator(collect):
        TASKS[code] = collect
        return collect

    return decorator


def dashboard_panel(code: str, template: str):
    """A block of the bureau dashboard with its own template (e.g. campaign standings)."""

    def decorator(collect):
        PANELS[code] = Panel(code, template, collect)
        return collect

    return decorator


def rendered_panels(user, today) -> list[dict]:
    _discover()
    panels = []
    for code in sorted(PANELS):
        context = PANELS[code].collect(user, today)
        if context is not None:
            panels.append({"template": PANELS[code].template, "context": context})
    return panels


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard")
        _discovered = True


def registered_figures(user=None) -> list[Figure]:
    _discover()
    return [f for f in FIGURES.values() if user is None or not f.roles or user.role in f.roles]


def registered_tasks() -> list[Callable[..., Iterable[Task]]]:
    _discover()
    return [TASKS[code] for code in sorted(TASKS)]


def attention(values: dict[str, int], figures: list[Figure]) -> int:
    """How much a school needs attention: its figures weighted by level (urgent ×3, warning ×1)."""
    return sum(LEVEL_WEIGHT.get(f.level, 0) * values.get(f.code, 0) for f in figures)
