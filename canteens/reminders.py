"""What the canteens app reports as due: certificates and licences expiring within 30 days,
school days without a morning check, last month's account not published."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from canteens.choices import CERT_WARNING_DAYS
from canteens.models import Canteen, CanteenStaff, MenuDish, MonthlyAccount, MorningCheck, SampleRecord, Supplier
from houqin.notify.models import Level
from houqin.notify.registry import Due, month_period, reminder_rule
from houqin.org.choices import Duty, Role
from houqin.org.models import User


def _keepers_by_school(school_ids) -> dict[int, list[int]]:
    """The principal and the canteen staff of each school: who is told about its canteen."""
    people = User.objects.filter(school_id__in=school_ids, is_active=True).filter(
        Q(role=Role.PRINCIPAL) | Q(role=Role.SCHOOL_STAFF, duties__overlap=[Duty.CANTEEN_MANAGER,
                                                                            Duty.FOOD_SAFETY_OFFICER]))
    keepers: dict[int, list[int]] = {}
    for user_id, school_id in people.values_list("pk", "school_id"):
        keepers.setdefault(school_id, []).append(user_id)
    return keepers


@reminder_rule("canteens.certificate_expiring", gettext_lazy("Canteen certificates expiring within 30 days"))
def certificates_expiring(*, today):
    soon = today + dt.timedelta(days=CERT_WARNING_DAYS)
    staff = list(CanteenStaff.objects.filter(is_active=True, canteen__is_active=True).filter(
        Q(health_expiry__lte=soon) | Q(training_expiry__lte=soon) | Q(health_expiry__isnull=True)
        | Q(training_expiry__isnull=True)).select_related("canteen"))
    keepers = _keepers_by_school({s.canteen.school_id for s in staff})
    for person in staff:
        dates = [d for d in (person.health_expiry, person.training_expiry) if d and d <= soon]
        missing = person.health_expiry is None or person.training_expiry is None
        expired = missing or min(dates) < today
        # the state is part of the period: "expires soon" and then "expired" are two notices
        state = "missing" if missing else ("expired" if expired else "expiring")
        for user_id in keepers.get(person.canteen.school_id, []):
            yield Due(
                recipient_id=user_id, period=f"staff:{person.pk}:{state}:{month_period(today)}",
                title=(_("%(name)s: a certificate is missing") if missing
                       else _("%(name)s: a certificate has expired") if expired
                       else _("%(name)s: a certificate expires on %(date)s"))
                % {"name": person.name, "date": min(dates).isoformat() if dates else ""},
                body=_("Without a valid health and training certificate the worker cannot be on duty."),
                url=reverse("canteens:staff_update", args=[person.pk]),
                level=Level.DANGER if expired else Level.WARNING,
            )


@reminder_rule("canteens.licence_expiring", gettext_lazy("Canteen licences expiring within 30 days"))
def licences_expiring(*, today):
    canteens = list(Canteen.objects.filter(is_active=True, licence_expiry__lte=today + dt.timedelta(days=30)))
    keepers = _keepers_by_school({c.school_id for c in canteens})
    for canteen in canteens:
        for user_id in keepers.get(canteen.school_id, []):
            yield Due(recipient_id=user_id, period=f"licence:{canteen.pk}:{month_period(today)}",
                      title=_("The food business licence of %(canteen)s expires on %(date)s")
                      % {"canteen": canteen.name, "date": canteen.licence_expiry.isoformat()},
                      url=reverse("canteens:canteen_detail", args=[canteen.pk]), level=Level.WARNING)


@reminder_rule("canteens.supplier_licence_expiring", gettext_lazy("Supplier licences expiring within 30 days"))
def supplier_licences_expiring(*, today):
    suppliers = list(Supplier.objects.filter(status="admitted", licence_expiry__lte=today + dt.timedelta(days=30)))
    keepers = _keepers_by_school({s.school_id for s in suppliers})
    for supplier in suppliers:
        for user_id in keepers.get(supplier.school_id, []):
            yield Due(recipient_id=user_id, period=f"supplier:{supplier.pk}:{month_period(today)}",
                      title=_("The licence of the supplier %(name)s expires on %(date)s")
                      % {"name": supplier.name, "date": supplier.licence_expiry.isoformat()},
                      url=reverse("canteens:supplier_update", args=[supplier.pk]), level=Level.WARNING)


@reminder_rule("canteens.samples_missing", gettext_lazy("Dishes served without a sample"))
def samples_missing(*, today):
    """The dishes of the last week's menus that have no sample (weekly digest)."""
    from django.db.models import Count, Exists, OuterRef

    since = today - dt.timedelta(days=7)
    unsampled = (MenuDish.objects.filter(date__gte=since, date__lt=today, menu__canteen__is_active=True)
                 .annotate(sampled=Exists(SampleRecord.objects.filter(
                     canteen=OuterRef("menu__canteen"), date=OuterRef("date"), meal=OuterRef("meal"),
                     dish=OuterRef("name")))).filter(sampled=False))
    counts = {(row["menu__canteen_id"], row["menu__canteen__school_id"]): row["count"] for row in
              unsampled.order_by().values("menu__canteen_id", "menu__canteen__school_id").annotate(count=Count("pk"))}
    keepers = _keepers_by_school({school_id for _canteen, school_id in counts})
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    title, url = _("%(count)s dishes of last week's menus were not sampled"), reverse("canteens:samples")
    for (canteen_id, school_id), count in counts.items():
        for user_id in keepers.get(school_id, []):
            yield Due(recipient_id=user_id, period=f"samples:{canteen_id}:{week}", title=title % {"count": count},
                      url=f"{url}?canteen={canteen_id}", level=Level.DANGER)


@reminder_rule("canteens.checks_missing", gettext_lazy("School days without a morning check"))
def checks_missing(*, today):
    """Each school day of the last week with no morning check recorded (weekly digest)."""
    days = [today - dt.timedelta(days=n) for n in range(1, 8) if (today - dt.timedelta(days=n)).weekday() < 5]
    canteens = list(Canteen.objects.filter(is_active=True, staff__is_active=True).distinct())
    done = set(MorningCheck.objects.filter(canteen__is_active=True, date__in=days).order_by()
               .values_list("canteen_id", "date").distinct())
    keepers = _keepers_by_school({c.school_id for c in canteens})
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    title, url = _("No morning check on %(days)s"), reverse("canteens:checks")
    for canteen in canteens:
        missing = [d for d in days if (canteen.pk, d) not in done]
        if not missing:
            continue
        for user_id in keepers.get(canteen.school_id, []):
            yield Due(recipient_id=user_id, period=f"checks:{canteen.pk}:{week}",
                      title=title % {"days": "、".join(d.isoformat() for d in missing)},
                      url=f"{url}?canteen={canteen.pk}", level=Level.WARNING)


@reminder_rule("canteens.account_due", gettext_lazy("Monthly canteen account due"))
def account_due(*, today):
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    published = MonthlyAccount.objects.filter(month=last_month, published_at__isnull=False).values("canteen_id")
    canteens = list(Canteen.objects.filter(is_active=True).exclude(pk__in=published))
    keepers = _keepers_by_school({c.school_id for c in canteens})
    title = _("Publish the canteen account of %(month)s") % {"month": f"{last_month:%Y-%m}"}
    url = reverse("canteens:account_list")
    for canteen in canteens:
        for user_id in keepers.get(canteen.school_id, []):
            yield Due(recipient_id=user_id, period=f"account:{canteen.pk}:{last_month:%Y-%m}", title=title, url=url,
                      level=Level.INFO)
