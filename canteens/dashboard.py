"""What the canteens app shows on the bureau dashboard and the school home (houqin.core.dashboard)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from canteens.choices import CERT_WARNING_DAYS
from canteens.selectors import invalid_certificates_q
from houqin.core.dashboard import Task, dashboard_figure, school_tasks
from houqin.org.choices import Duty, Role


def _staff(school_ids):
    from canteens.models import CanteenStaff

    return CanteenStaff.objects.filter(canteen__school_id__in=school_ids, canteen__is_active=True, is_active=True)


def _per_school(queryset) -> dict[int, int]:
    return dict(queryset.order_by().values_list("canteen__school_id").annotate(n=Count("pk"))
                .values_list("canteen__school_id", "n"))


def _overview(school=None, township=None, **params) -> str:
    if school is not None:
        params["q"] = school.code
    elif township is not None:
        params["township"] = township
    return reverse("canteens:overview") + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@dashboard_figure("canteens.certificates_invalid", gettext_lazy("Canteen workers without valid certificates"),
                  level="danger", url=lambda school=None, township=None: _overview(school, township, problems="true"))
def certificates_invalid(school_ids, today):
    return _per_school(_staff(school_ids).filter(invalid_certificates_q(today)))


@dashboard_figure("canteens.certificates_expiring", gettext_lazy("Certificates expiring within 30 days"),
                  level="warning", url=lambda school=None, township=None: _overview(school, township))
def certificates_expiring(school_ids, today):
    soon = today + dt.timedelta(days=CERT_WARNING_DAYS)
    return _per_school(_staff(school_ids).exclude(invalid_certificates_q(today))
                       .filter(Q(health_expiry__lte=soon) | Q(training_expiry__lte=soon)))


@dashboard_figure("canteens.check_days_missing", gettext_lazy("School days without morning checks (last week)"),
                  level="warning", url=lambda school=None, township=None: _overview(school, township, problems="true"))
def check_days_missing(school_ids, today):
    from canteens.models import MorningCheck
    from canteens.selectors import school_days_between
    from houqin.org.models import Term

    if Term.objects.current(today - dt.timedelta(days=1)) is None:
        return {}  # the holidays: no school days to check
    since = today - dt.timedelta(days=7)
    days = school_days_between(since, today - dt.timedelta(days=1))
    with_staff = set(_staff(school_ids).values_list("canteen__school_id", flat=True).distinct())
    checked = dict(MorningCheck.objects.filter(canteen__school_id__in=school_ids, date__gte=since, date__lt=today,
                                               date__week_day__in=[2, 3, 4, 5, 6])
                   .order_by().values_list("canteen__school_id").annotate(n=Count("date", distinct=True))
                   .values_list("canteen__school_id", "n"))
    return {pk: max(days - checked.get(pk, 0), 0) for pk in with_staff}


@school_tasks("canteens")
def tasks(school, user, today):
    """Today's morning check and certificates running out, for whoever keeps the canteen."""
    from canteens.models import Canteen, MorningCheck

    keeps = user.role == Role.PRINCIPAL or bool({Duty.CANTEEN_MANAGER, Duty.FOOD_SAFETY_OFFICER} & set(user.duties or ()))
    if not keeps:
        return
    canteens = list(Canteen.objects.filter(school=school, is_active=True))
    if not canteens:
        return
    if today.weekday() < 5:
        checked = set(MorningCheck.objects.filter(canteen__in=canteens, date=today).values_list("canteen_id", flat=True))
        for canteen in canteens:
            if canteen.pk not in checked:
                yield Task(today, _("Record today's morning check of %(canteen)s") % {"canteen": canteen.name},
                           reverse("canteens:checks"), "warning")
    soon = today + dt.timedelta(days=CERT_WARNING_DAYS)
    for worker in _staff([school.pk]).filter(Q(health_expiry__lte=soon) | Q(training_expiry__lte=soon)
                                             | invalid_certificates_q(today)):
        dates = [d for d in (worker.health_expiry, worker.training_expiry) if d]
        first = min(dates) if dates else None
        yield Task(first, _("Renew the certificates of %(name)s") % {"name": worker.name},
                   reverse("canteens:staff_update", args=[worker.pk]),
                   "danger" if first is None or first < today else "warning")
