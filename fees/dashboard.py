"""What the fees app shows on the bureau dashboard and the school home (houqin.core.dashboard)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fees.choices import NoticeStatus, SettlementStatus
from houqin.core.dashboard import Task, dashboard_figure, school_tasks
from houqin.org.choices import Duty, Role


def _link(name, school=None, township=None, **params) -> str:
    if school is not None:
        params["q"] = school.code
    elif township is not None:
        params["township"] = township
    return reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@dashboard_figure("fees.notice_missing", gettext_lazy("No fee notice published this term"), level="warning",
                  url=lambda school=None, township=None: _link("fees:missing_notices", school, township))
def notice_missing(school_ids, today):
    from fees.models import FeeNotice
    from houqin.org.models import Term

    term = Term.objects.current(today)
    if term is None:
        return {}
    published = set(FeeNotice.objects.filter(school_id__in=school_ids, term=term, status=NoticeStatus.PUBLISHED)
                    .values_list("school_id", flat=True))
    return {pk: 1 for pk in school_ids if pk not in published}


@dashboard_figure("fees.settlements_overdue", gettext_lazy("Term settlements overdue"), level="danger",
                  url=lambda school=None, township=None: _link("fees:settlement_list", school, township,
                                                               overdue="true"))
def settlements_overdue(school_ids, today):
    from fees.models import Settlement

    return dict(Settlement.objects.filter(school_id__in=school_ids, due_date__lt=today)
                .exclude(status=SettlementStatus.SUBMITTED).order_by().values_list("school_id")
                .annotate(n=Count("pk")).values_list("school_id", "n"))


@school_tasks("fees")
def tasks(school, user, today):
    """The term's notice and the settlements due, for the principal and the finance staff."""
    from fees.models import FeeNotice, Settlement
    from houqin.org.models import Term

    if not (user.role == Role.PRINCIPAL or Duty.FINANCE in (user.duties or ())):
        return
    term = Term.objects.current(today)
    if term is not None and not FeeNotice.objects.filter(school=school, term=term,
                                                         status=NoticeStatus.PUBLISHED).exists():
        yield Task(None, _("Publish the fee notice of %(term)s") % {"term": term}, reverse("fees:notice_list"),
                   "warning")
    for settlement in (Settlement.objects.filter(school=school).exclude(status=SettlementStatus.SUBMITTED)
                       .select_related("category").order_by("due_date")):
        yield Task(settlement.due_date, _("Report the %(category)s settlement") % {"category": settlement.category.name},
                   settlement.get_absolute_url(), "danger" if settlement.due_date < today else "warning")
