"""What the work plan shows on the bureau dashboard (houqin.core.dashboard): this year's goals by
status and the ones that need attention, each linked to its page."""

from __future__ import annotations

from django.urls import reverse

from houqin.core.dashboard import dashboard_panel
from houqin.core.permissions import has_role
from houqin.org.choices import BUREAU_ROLES
from houqin.workplan.choices import GoalStatus
from houqin.workplan.rules import STATUS_RANK

ATTENTION = (GoalStatus.OVERDUE, GoalStatus.AT_RISK)


@dashboard_panel("workplan.progress", "workplan/_dashboard.html")
def plan_progress(user, today):
    """This year's plan for the bureau: counts per status and up to five goals overdue or at risk
    (a fixed number of queries); nothing for other roles or a year without a plan."""
    from houqin.workplan import selectors

    if not has_role(user, *BUREAU_ROLES):
        return None
    goals = list(selectors.goal_list(user=user).filter(year=today.year))
    if not goals:
        return None
    selectors.goal_figures(goals, today=today)
    summary = selectors.plan_summary(goals)
    attention = sorted((goal for goal in goals if goal.figures.status in ATTENTION),
                       key=lambda goal: (STATUS_RANK[goal.figures.status], goal.deadline))
    url = reverse("workplan:plan_year", args=[today.year])
    return {"year": today.year, "url": url, "summary": summary, "attention": attention[:5],
            "more": max(len(attention) - 5, 0)}
