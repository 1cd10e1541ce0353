"""The bureau dashboard's figures: every registered figure (houqin.core.dashboard) per school of the
user's scope, summed per township and over the scope, with the schools most in need of attention.
A fixed number of queries whatever the number of schools."""

from __future__ import annotations

import datetime as dt

from houqin.core.dashboard import attention, registered_figures, registered_tasks
from houqin.core.scoping import schools_visible_to
from houqin.core.sql import IdArray

ATTENTION_ROWS = 15


def dashboard_figures(*, user, today: dt.date) -> dict:
    schools = list(schools_visible_to(user).filter(is_active=True).order_by("township__code", "township__name", "name")
                   .values("pk", "name", "code", "township_id", "township__name"))
    ids = IdArray(s["pk"] for s in schools)  # one array parameter per figure query, not 300
    figures = registered_figures(user)
    values = {f.code: f.collect(ids, today) if ids else {} for f in figures}
    totals = [{"figure": f, "value": sum(values[f.code].values()), "url": f.url()} for f in figures]
    townships: dict[int, dict] = {}
    rows = []
    for school in schools:
        own = {f.code: values[f.code].get(school["pk"], 0) for f in figures}
        township = townships.setdefault(school["township_id"], {
            "id": school["township_id"], "name": school["township__name"], "schools": 0,
            "values": dict.fromkeys(own, 0)})
        township["schools"] += 1
        for code, value in own.items():
            township["values"][code] += value
        score = attention(own, figures)
        if score:
            rows.append({**school, "values": own, "attention": score})
    rows.sort(key=lambda r: (-r["attention"], r["code"]))
    return {
        "figures": figures,
        "totals": totals,
        "townships": [
            {**t, "cells": [{"value": t["values"][f.code], "url": f.url(township=t["id"])} for f in figures]}
            for t in townships.values()],
        "attention": [
            {**r, "issues": [{"label": f.label, "level": f.level, "value": r["values"][f.code],
                              "url": f.url(school=_School(r))} for f in figures if r["values"][f.code]]}
            for r in rows[:ATTENTION_ROWS]],
        "attention_count": len(rows),
        "chart": {
            "labels": [t["name"] for t in townships.values()],
            "series": [{"name": str(f.label), "values": [t["values"][f.code] for t in townships.values()],
                        "urls": [f.url(township=t["id"]) for t in townships.values()]}
                       for f in figures if f.level == "danger"],
        },
    }


class _School:
    """Enough of a School for the figures' links (pk and code), without loading the model."""

    def __init__(self, row):
        self.pk, self.code = row["pk"], row["code"]


def school_week(*, school, user, today: dt.date) -> dict:
    """What this school must do: overdue, this week (the next 7 days, undated ones too), this month
    (the next 30 days), and what comes later — rolling, so that on a Sunday "this week" is not empty."""
    week_end = today + dt.timedelta(days=6)
    next_month = today + dt.timedelta(days=31)
    groups = {"overdue": [], "week": [], "month": [], "later": []}
    for collect in registered_tasks():
        for task in collect(school, user, today):
            if task.date is None:
                groups["week"].append(task)
            elif task.date < today:
                groups["overdue"].append(task)
            elif task.date <= week_end:
                groups["week"].append(task)
            elif task.date < next_month:
                groups["month"].append(task)
            else:
                groups["later"].append(task)
    for tasks in groups.values():
        tasks.sort(key=lambda t: (t.date or today, t.text))
    return groups
