"""What the fees app reports as due: term settlements (15 days after term end) and schools whose
notice for the current term is not published yet."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fees.choices import NoticeStatus, SettlementStatus
from fees.models import FeeNotice, Settlement
from houqin.notify.models import Level
from houqin.notify.registry import Due, month_period, reminder_rule
from houqin.org.choices import Role
from houqin.org.models import School, Term, User

SOON = dt.timedelta(days=15)


@reminder_rule("fees.settlement_due", gettext_lazy("Term settlements due or overdue"))
def settlements_due(*, today):
    """Principals: each settlement not reported that is overdue or due within 15 days.
    Bureau administrators: how many settlements of the county are overdue."""
    open_settlements = Settlement.objects.filter(status=SettlementStatus.DRAFT, due_date__lte=today + SOON)
    principals = {
        u.school_id: u for u in User.objects.filter(role=Role.PRINCIPAL, is_active=True,
                                                    school_id__in=open_settlements.values("school_id"))
    }
    for settlement in open_settlements.select_related("category", "term", "school"):
        principal = principals.get(settlement.school_id)
        if principal is None:
            continue
        overdue = settlement.due_date < today
        yield Due(
            recipient_id=principal.pk,
            period=f"settlement:{settlement.pk}:{month_period(today)}",
            title=(_("Overdue: the %(category)s settlement of %(term)s") if overdue
                   else _("Due soon: the %(category)s settlement of %(term)s"))
            % {"category": settlement.category.name, "term": settlement.term},
            body=_("Report it by %(date)s.") % {"date": settlement.due_date.isoformat()},
            url=settlement.get_absolute_url(),
            level=Level.DANGER if overdue else Level.WARNING,
        )
    overdue_by_county = (
        Settlement.objects.filter(status=SettlementStatus.DRAFT, due_date__lt=today)
        .values("school__township__county_id").annotate(n=Count("pk"))
    )
    counts = {row["school__township__county_id"]: row["n"] for row in overdue_by_county}
    for admin in User.objects.filter(role=Role.BUREAU_ADMIN, is_active=True, county_id__in=counts):
        yield Due(
            recipient_id=admin.pk,
            period=month_period(today),
            title=_("%(count)s term settlements are overdue") % {"count": counts[admin.county_id]},
            url=reverse("fees:settlement_list") + "?overdue=true",
            level=Level.WARNING,
        )


@reminder_rule("fees.notice_missing", gettext_lazy("Fee notice not published this term"))
def notices_missing(*, today):
    """Principals of schools whose notice for the current term is not published a fortnight in."""
    term = Term.objects.current(today)
    if term is None or not (term.start_date + SOON <= today <= term.end_date):
        return
    published = FeeNotice.objects.filter(term=term, status=NoticeStatus.PUBLISHED).values("school_id")
    schools = School.objects.filter(is_active=True).exclude(pk__in=published)
    for principal in User.objects.filter(role=Role.PRINCIPAL, is_active=True, school__in=schools):
        yield Due(
            recipient_id=principal.pk,
            period=f"{term.pk}:{month_period(today)}",
            title=_("The fee notice for %(term)s is not published yet") % {"term": term},
            body=_("Draft it, clear the compliance findings and submit it to the bureau."),
            url=reverse("fees:notice_list"),
            level=Level.WARNING,
        )
