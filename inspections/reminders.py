"""What the inspections app reports as due (SPEC §6 "Reminders"): every user gets what is due in
their scope — self-assessment and declaration deadlines, overdue rectification orders and complaints,
the semester's inspections still missing, and duty inspections that fell short.

Periods. A notice is delivered once per (recipient, rule, period); the period names the object and
the stretch of time a notice is about, so the monthly run (the 1st), the weekly run (Mondays), a
second run on the same day or a re-run after a failure deliver nothing twice:

- ``inspections.self_assessment_due`` — principals: ``declaration:<pk>:<deadline>:due`` within 7 days
  of the self-assessment deadline, ``…:missed`` once it has passed (one notice each); the county's
  bureau administrators: ``campaign:<pk>:<deadline>:due|missed``, one digest per campaign.
- ``inspections.declaration_due`` — principals of schools that could declare and have not:
  ``campaign:<pk>:<deadline>``, once, within 7 days of the declaration deadline (only when the
  campaign's own "open" notice came before that window, and only schools the campaign's area
  concerns: a canteen campaign asks schools with a canteen, a dormitory one schools with dormitories).
- ``inspections.rectification_overdue`` — principals: ``order:<pk>:<deadline>:<YYYY-MM>``, each
  overdue order once a month while it stays overdue; township supervisors and bureau administrators
  and inspectors: ``<YYYY-MM>``, one digest a month with the counts.
- ``inspections.rectification_unverified`` — the inspector who issued an answered order past its
  deadline (the county's administrators if that account is gone): ``<YYYY-MM>``, a monthly digest.
- ``inspections.complaints_overdue`` — complaint deadlines are days, not months, so weekly: the
  principal ``complaint:<pk>:<deadline>:<ISO week>`` for a complaint the school has not answered in
  time; the bureau (administrators and inspectors) ``<ISO week>``, one digest of the complaints not
  passed on or not closed in time.
- ``inspections.inspections_due`` — township supervisors and bureau inspectors: ``<YYYY-MM>``, one
  digest a month of the schools in scope still missing this semester's fee special governance or
  "two safety" inspection.
- ``inspections.duty_township_short`` — township supervisors: ``<YYYY-MM of last month>``, the schools
  whose township duty inspections fell short last month.
- ``inspections.duty_canteen_short`` — the principal and the food-safety officers:
  ``canteen:<school pk>:<ISO week of the week checked>`` for the last complete week. It is the weekly
  digest: the run on the 1st of a month that is not a Monday leaves it to the Monday run; any other
  run (a re-run after a failed Monday) catches the week up.

Every rule reads a fixed number of queries, whatever the number of schools: it loads the rows, the
recipients in one query, and matches them in Python. Messages are English msgids translated into the
portal language the run works in (as the other apps' rules). A complainant's name and phone are never
read here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.notify.models import Level
from houqin.notify.registry import Due, month_period, reminder_rule
from houqin.org.choices import BUREAU_ROLES, Duty, Role
from houqin.org.models import User
from inspections.choices import (
    CampaignArea,
    CampaignStatus,
    ComplaintCategory,
    ComplaintStatus,
    DeclarationStatus,
    DutyCapacity,
    InspectionKind,
    OrderStatus,
)
from inspections.models import Campaign, Complaint, Declaration, RectificationOrder
from inspections.rules_duty import (
    CANTEEN_CAPACITIES,
    NOT_OWED,
    SHORT,
    TOWNSHIP_CAPACITIES,
    monday_of,
    previous_month,
)
from inspections.selectors import complaints as complaint_selectors
from inspections.selectors import rectification as rectification_selectors
from inspections.selectors.duty import duty_compliance, duty_schools
from inspections.services.complaints import tracking_code_format
from inspections.services.rectification import INSPECTOR_ROLES

SOON = dt.timedelta(days=7)  # deadlines this close (or passed) are reminded
SEMESTER_ENDING = dt.timedelta(days=30)  # the inspections still missing turn urgent
LISTED = 10  # names listed in a digest before "…"
FSO = "food_safety_officer"  # key of the food-safety officers in the directory


# --- helpers ---------------------------------------------------------------------------------------


def _whole_portal() -> User:
    """The reminder run reads every school: the scope of a superuser, through the one scope function
    (an unsaved account, no query)."""
    return User(is_superuser=True, is_active=True)


def iso_week(day: dt.date) -> str:
    """The ISO week holding `day`, as in notification periods: "2026-W47"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _listed(names: Iterable[str]) -> str:
    names = list(names)
    return "、".join(names[:LISTED]) + ("…" if len(names) > LISTED else "")


class Directory:
    """The active accounts matching `condition`, indexed by role and the place they answer for
    (school, township or county), from one query."""

    def __init__(self, condition: Q):
        self._people: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.roles: dict[int, str] = {}
        self.home: dict[int, tuple[int | None, int | None]] = {}  # pk -> (county, township)
        rows = (User.objects.filter(condition, is_active=True).order_by("pk")
                .values_list("pk", "role", "county_id", "township_id", "school_id", "duties"))
        for pk, role, county_id, township_id, school_id, duties in rows:
            self.roles[pk] = role
            self.home[pk] = (county_id, township_id)
            if role in (Role.PRINCIPAL, Role.SCHOOL_STAFF):
                self._people[(role, school_id)].append(pk)
                if role == Role.SCHOOL_STAFF and Duty.FOOD_SAFETY_OFFICER in (duties or ()):
                    self._people[(FSO, school_id)].append(pk)
            elif role == Role.TOWNSHIP_SUPERVISOR:
                self._people[(role, township_id)].append(pk)
            else:
                self._people[(role, county_id)].append(pk)

    def get(self, role: str, place: int | None) -> list[int]:
        return self._people.get((role, place), [])

    def places(self, role: str) -> set[int]:
        """The schools, townships or counties where someone of `role` answers."""
        return {place for (each, place) in self._people if each == role}

    def bureau(self, county_id: int | None, roles=(Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)) -> list[int]:
        return [pk for role in roles for pk in self.get(role, county_id)]


# --- campaigns -------------------------------------------------------------------------------------


@reminder_rule("inspections.self_assessment_due", gettext_lazy("Campaign self-assessments due"))
def self_assessment_due(*, today: dt.date):
    """Principals of accepted declarations not yet submitted, when the self-assessment deadline is
    within 7 days or passed; the county's bureau administrators one digest per campaign."""
    rows = list(
        Declaration.objects.filter(campaign__status=CampaignStatus.OPEN, campaign__self_assess_by__lte=today + SOON,
                                   status__in=(DeclarationStatus.ACCEPTED, DeclarationStatus.DECLARED),
                                   school__is_active=True)
        .order_by("campaign_id", "pk")
        .values_list("pk", "status", "school_id", "campaign_id", "campaign__title", "campaign__self_assess_by",
                     "campaign__county_id")
    )
    if not rows:
        return
    people = Directory(Q(role=Role.PRINCIPAL, school_id__in={row[2] for row in rows})
                       | Q(role=Role.BUREAU_ADMIN, county_id__in={row[6] for row in rows}))
    campaigns: dict[int, dict] = {}
    for pk, status, school_id, campaign_id, title, deadline, county_id in rows:
        missed = deadline < today
        state = "missed" if missed else "due"
        campaign = campaigns.setdefault(campaign_id, {"title": title, "deadline": deadline, "county": county_id,
                                                      "state": state, DeclarationStatus.ACCEPTED: 0,
                                                      DeclarationStatus.DECLARED: 0})
        campaign[status] += 1
        if status != DeclarationStatus.ACCEPTED:
            continue  # the bureau has not accepted it yet: the school cannot self-assess
        names = {"campaign": title, "date": f"{deadline:%Y-%m-%d}"}
        for user_id in people.get(Role.PRINCIPAL, school_id):
            if missed:
                yield Due(recipient_id=user_id, period=f"declaration:{pk}:{deadline:%Y-%m-%d}:{state}",
                          title=_("The self-assessment for %(campaign)s was not submitted by %(date)s") % names,
                          body=_("The deadline has passed and the self-assessment can no longer be submitted; "
                                 "ask the bureau how to proceed."),
                          url=reverse("inspections:declaration_detail", args=[pk]), level=Level.DANGER)
            else:
                yield Due(recipient_id=user_id, period=f"declaration:{pk}:{deadline:%Y-%m-%d}:{state}",
                          title=_("Submit the self-assessment for %(campaign)s by %(date)s") % names,
                          body=_("Score every item with its evidence, write the self-assessment report and "
                                 "submit it."),
                          url=reverse("inspections:self_assessment", args=[pk]), level=Level.WARNING)
    for campaign_id, campaign in campaigns.items():
        accepted, declared = campaign[DeclarationStatus.ACCEPTED], campaign[DeclarationStatus.DECLARED]
        figures = {"count": accepted + declared, "campaign": campaign["title"],
                   "date": f"{campaign['deadline']:%Y-%m-%d}", "accepted": accepted, "declared": declared}
        missed = campaign["state"] == "missed"
        title = (_("%(count)s schools did not submit the self-assessment for %(campaign)s by %(date)s") if missed
                 else _("%(count)s schools have not submitted the self-assessment for %(campaign)s (due %(date)s)"))
        body = _("Accepted, not submitted: %(accepted)s. Declared, awaiting your acceptance: %(declared)s.")
        for user_id in people.get(Role.BUREAU_ADMIN, campaign["county"]):
            yield Due(recipient_id=user_id,
                      period=f"campaign:{campaign_id}:{campaign['deadline']:%Y-%m-%d}:{campaign['state']}",
                      title=title % figures, body=body % figures,
                      url=reverse("inspections:campaign_results", args=[campaign_id]) + "?status=accepted",
                      level=Level.DANGER if missed else Level.WARNING)


AREA_FLAGS = {CampaignArea.CANTEEN: "owes_canteen", CampaignArea.DORMITORY: "has_dormitory",
              CampaignArea.SHOP: "has_supermarket"}


@reminder_rule("inspections.declaration_due", gettext_lazy("Campaign declarations closing"))
def declaration_due(*, today: dt.date):
    """Principals of schools that have not declared in an open campaign whose declaration deadline is
    within 7 days. Declaring is the school's choice: one notice per campaign, only to schools the
    campaign's area concerns, and none when the campaign opened inside the window (its own notice
    told them the deadline days ago)."""
    campaigns = [
        campaign for campaign in Campaign.objects.filter(
            status=CampaignStatus.OPEN, declare_by__gte=today, declare_by__lte=today + SOON,
        ).select_related("rubric__campaign_type").order_by("pk")
        if campaign.opened_at is None or timezone.localdate(campaign.opened_at) < campaign.declare_by - SOON
    ]
    if not campaigns:
        return
    counties = {campaign.county_id for campaign in campaigns}
    schools = list(duty_schools(user=_whole_portal()).filter(township__county_id__in=counties)
                   .values("pk", "township__county_id", "owes_canteen", "has_dormitory", "has_supermarket"))
    declared = set(Declaration.objects.filter(campaign__in=campaigns).values_list("campaign_id", "school_id"))
    people = Directory(Q(role=Role.PRINCIPAL, school__is_active=True, school__township__county_id__in=counties))
    for campaign in campaigns:
        flag = AREA_FLAGS.get(campaign.rubric.campaign_type.area)
        title = _("Declare for %(campaign)s by %(date)s if your school takes part") % {
            "campaign": campaign.title, "date": f"{campaign.declare_by:%Y-%m-%d}"}
        for school in schools:
            if (school["township__county_id"] != campaign.county_id or (campaign.pk, school["pk"]) in declared
                    or (flag and not school[flag])):
                continue
            for user_id in people.get(Role.PRINCIPAL, school["pk"]):
                yield Due(recipient_id=user_id, period=f"campaign:{campaign.pk}:{campaign.declare_by:%Y-%m-%d}",
                          title=title, url=campaign.get_absolute_url(), level=Level.INFO)


# --- rectification orders --------------------------------------------------------------------------


@reminder_rule("inspections.rectification_overdue", gettext_lazy("Overdue rectification orders"))
def rectification_overdue(*, today: dt.date):
    """The principal, for each order past its deadline and unanswered (once a month while it stays
    so); the township supervisor and the county's bureau one digest a month with the counts."""
    orders = list(
        RectificationOrder.objects.filter(rectification_selectors.overdue_q(today)).order_by("deadline", "pk")
        .values_list("pk", "number", "deadline", "finding", "school_id", "school__name", "school__township_id",
                     "school__township__name", "school__township__county_id")
    )
    if not orders:
        return
    people = Directory(Q(role=Role.PRINCIPAL, school_id__in={o[4] for o in orders})
                       | Q(role=Role.TOWNSHIP_SUPERVISOR, township_id__in={o[6] for o in orders})
                       | Q(role__in=sorted(BUREAU_ROLES), county_id__in={o[8] for o in orders}))
    month = month_period(today)
    by_township: dict[int, dict[tuple[int, str], int]] = defaultdict(lambda: defaultdict(int))
    by_county: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue = _("Rectification order %(number)s is overdue (due %(date)s)")
    for pk, number, deadline, finding, school_id, school, township_id, township, county_id in orders:
        by_township[township_id][(school_id, school)] += 1
        by_county[county_id][township] += 1
        for user_id in people.get(Role.PRINCIPAL, school_id):
            yield Due(recipient_id=user_id, period=f"order:{pk}:{deadline:%Y-%m-%d}:{month}",
                      title=overdue % {"number": number, "date": f"{deadline:%Y-%m-%d}"},
                      body=finding[:300], url=reverse("inspections:order_detail", args=[pk]), level=Level.DANGER)
    url = reverse("inspections:order_list") + "?overdue=true"
    for township_id, schools in by_township.items():
        figures = {"count": sum(schools.values()),
                   "schools": _listed(f"{name} {n}" for (_pk, name), n in schools.items())}
        for user_id in people.get(Role.TOWNSHIP_SUPERVISOR, township_id):
            yield Due(recipient_id=user_id, period=month,
                      title=_("%(count)s rectification orders in your township are overdue") % figures,
                      body=_("By school: %(schools)s.") % figures, url=url, level=Level.DANGER)
    for county_id, townships in by_county.items():
        figures = {"count": sum(townships.values()),
                   "townships": _listed(f"{name} {n}" for name, n in townships.items())}
        for user_id in people.bureau(county_id):
            yield Due(recipient_id=user_id, period=month,
                      title=_("%(count)s rectification orders of the county are overdue") % figures,
                      body=_("By township: %(townships)s.") % figures, url=url, level=Level.DANGER)


@reminder_rule("inspections.rectification_unverified", gettext_lazy("Answered rectification orders to verify"))
def rectification_unverified(*, today: dt.date):
    """The inspector who issued an order the school has answered, once its deadline has passed
    without verification: a monthly digest. If that account is no longer an active inspector of the
    school's county (or supervisor of its township), the county's bureau administrators are told
    instead."""
    orders = list(
        RectificationOrder.objects.filter(status=OrderStatus.ANSWERED, deadline__lt=today).order_by("deadline", "pk")
        .values_list("number", "issued_by_id", "school__name", "school__township__county_id", "school__township_id")
    )
    if not orders:
        return
    people = Directory(Q(pk__in={o[1] for o in orders}, role__in=INSPECTOR_ROLES)
                       | Q(role=Role.BUREAU_ADMIN, county_id__in={o[3] for o in orders}))

    def still_answers_for(user_id, county_id, township_id) -> bool:
        """The issuer may still verify: an inspector of the county, or the supervisor of the township."""
        if user_id not in people.roles:
            return False
        home_county, home_township = people.home[user_id]
        if people.roles[user_id] == Role.TOWNSHIP_SUPERVISOR:
            return home_township == township_id
        return home_county == county_id

    waiting: dict[int, list[str]] = defaultdict(list)
    for number, issuer_id, school, county_id, township_id in orders:
        recipients = ([issuer_id] if still_answers_for(issuer_id, county_id, township_id)
                      else people.get(Role.BUREAU_ADMIN, county_id))
        for user_id in recipients:
            waiting[user_id].append(f"{number} {school}")
    url = reverse("inspections:order_list") + "?status=answered"
    for user_id, listed in waiting.items():
        yield Due(recipient_id=user_id, period=month_period(today),
                  title=_("%(count)s answered rectification orders await your verification") % {"count": len(listed)},
                  body=_("Past their deadline: %(orders)s.") % {"orders": _listed(listed)}, url=url,
                  level=Level.WARNING)


# --- complaints ------------------------------------------------------------------------------------


@reminder_rule("inspections.complaints_overdue", gettext_lazy("Overdue complaints"))
def complaints_overdue(*, today: dt.date):
    """By stage: the county's bureau (administrators and inspectors) for complaints not passed on by
    their assign-by date or answered and not closed by their close-by date, one weekly digest; the
    principal for each complaint passed to the school and not answered by its answer-by date."""
    complaints = list(
        Complaint.objects.filter(complaint_selectors.overdue_q(today)).order_by("filed_at", "pk")
        # named fields only: the complainant's contact is never read
        .values_list("pk", "tracking_code", "status", "category", "assign_by", "answer_by", "close_by", "school_id",
                     "school__name", "school__township__county_id")
    )
    if not complaints:
        return
    assigned = [c for c in complaints if c[2] == ComplaintStatus.ASSIGNED]
    people = Directory(Q(role=Role.PRINCIPAL, school_id__in={c[7] for c in assigned})
                       | Q(role__in=sorted(BUREAU_ROLES), county_id__in={c[9] for c in complaints}))
    week = iso_week(today)
    categories = dict(ComplaintCategory.choices)
    unassigned: dict[int, list[str]] = defaultdict(list)
    unclosed: dict[int, list[str]] = defaultdict(list)
    for pk, code, status, category, _assign_by, answer_by, _close_by, school_id, school, county_id in complaints:
        if status == ComplaintStatus.FILED:
            unassigned[county_id].append(f"{tracking_code_format(code)} {school}")
        elif status == ComplaintStatus.ANSWERED:
            unclosed[county_id].append(f"{tracking_code_format(code)} {school}")
        else:
            for user_id in people.get(Role.PRINCIPAL, school_id):
                yield Due(recipient_id=user_id, period=f"complaint:{pk}:{answer_by:%Y-%m-%d}:{week}",
                          title=_("Complaint %(code)s was to be answered by %(date)s")
                          % {"code": tracking_code_format(code), "date": f"{answer_by:%Y-%m-%d}"},
                          body=_("About: %(category)s.") % {"category": categories.get(category, category)},
                          url=reverse("inspections:complaint_detail", args=[pk]), level=Level.DANGER)
    url = reverse("inspections:complaint_list") + "?overdue=true"
    for county_id in sorted(set(unassigned) | set(unclosed)):
        parts = []
        if unassigned[county_id]:
            parts.append(_("Not passed to the school by the deadline: %(complaints)s.")
                         % {"complaints": _listed(unassigned[county_id])})
        if unclosed[county_id]:
            parts.append(_("Answered, not closed by the deadline: %(complaints)s.")
                         % {"complaints": _listed(unclosed[county_id])})
        count = len(unassigned[county_id]) + len(unclosed[county_id])
        for user_id in people.bureau(county_id):
            yield Due(recipient_id=user_id, period=week, title=_("%(count)s complaints are overdue") % {"count": count},
                      body=" ".join(parts), url=url, level=Level.DANGER)


# --- semester inspections --------------------------------------------------------------------------


@reminder_rule("inspections.inspections_due", gettext_lazy("Semester inspections still missing"))
def inspections_due(*, today: dt.date):
    """Township supervisors (their township) and bureau inspectors (their county): the schools still
    missing this semester's fee special governance or "two safety" inspection, one digest a month;
    urgent in the semester's last 30 days."""
    start, end, _term = rectification_selectors.current_semester(today)
    if not start <= today <= end:
        return  # between terms: no semester to complete
    missing = list(
        rectification_selectors.inspection_coverage(user=_whole_portal(), start=start, end=end)
        .filter(Q(last_fee__isnull=True) | Q(last_two_safety__isnull=True))
        .order_by("township__code", "name", "pk")
        .values_list("name", "township_id", "township__county_id", "last_fee", "last_two_safety")
    )
    if not missing:
        return
    people = Directory(Q(role=Role.TOWNSHIP_SUPERVISOR, township_id__in={s[1] for s in missing})
                       | Q(role=Role.BUREAU_INSPECTOR, county_id__in={s[2] for s in missing}))
    scopes: dict[int, list[tuple]] = defaultdict(list)
    for school in missing:
        for user_id in people.get(Role.TOWNSHIP_SUPERVISOR, school[1]) + people.get(Role.BUREAU_INSPECTOR, school[2]):
            scopes[user_id].append(school)
    url = reverse("inspections:inspection_coverage") + "?missing=true"
    labels = {InspectionKind.FEE_SPECIAL: _("Fee special governance"),
              InspectionKind.TWO_SAFETY: _("Food and bus safety")}
    for user_id, schools in scopes.items():
        no_fee = [name for name, _t, _c, last_fee, _l in schools if last_fee is None]
        no_safety = [name for name, _t, _c, _l, last_two_safety in schools if last_two_safety is None]
        parts = [_("%(kind)s: %(schools)s.") % {"kind": labels[kind], "schools": _listed(names)}
                 for kind, names in ((InspectionKind.FEE_SPECIAL, no_fee), (InspectionKind.TWO_SAFETY, no_safety))
                 if names]
        parts.append(_("The semester ends on %(date)s.") % {"date": f"{end:%Y-%m-%d}"})
        yield Due(recipient_id=user_id, period=month_period(today),
                  title=_("%(count)s schools still need this semester's inspections") % {"count": len(schools)},
                  body=" ".join(parts), url=url,
                  level=Level.DANGER if end - today <= SEMESTER_ENDING else Level.WARNING)


# --- duty inspections ------------------------------------------------------------------------------


def _capacity_label(capacity: str) -> str:
    return str(DutyCapacity(capacity).label)


@reminder_rule("inspections.duty_township_short", gettext_lazy("Township duty inspections short last month"))
def duty_township_short(*, today: dt.date):
    """Township supervisors: the schools of their township where last month's township duties (the
    central-school principal once, the logistics staff twice a school) fell short, as the duty page
    shows them."""
    month = previous_month(today)
    people = Directory(Q(role=Role.TOWNSHIP_SUPERVISOR))
    townships = people.places(Role.TOWNSHIP_SUPERVISOR)
    if not townships:
        return
    schools = list(duty_schools(user=_whole_portal()).filter(township_id__in=townships))
    short: dict[int, list[str]] = defaultdict(list)
    for row in duty_compliance(schools, month=month, today=today):
        states = [d for d in row["duties"] if d.capacity in TOWNSHIP_CAPACITIES and d.state == SHORT]
        if states:
            school = row["school"]
            short[school.township_id].append("%s（%s）" % (school.name, "、".join(
                f"{_capacity_label(d.capacity)} {d.done}/{d.required}" for d in states)))
    url = reverse("inspections:duty_list") + f"?month={month:%Y-%m}"
    for township_id, listed in short.items():
        figures = {"count": len(listed), "month": f"{month:%Y-%m}", "schools": _listed(listed)}
        for user_id in people.get(Role.TOWNSHIP_SUPERVISOR, township_id):
            yield Due(recipient_id=user_id, period=f"{month:%Y-%m}",
                      title=_("Township duty inspections fell short at %(count)s schools in %(month)s") % figures,
                      body=_("Inspections done of those required: %(schools)s.") % figures, url=url,
                      level=Level.WARNING)


@reminder_rule("inspections.duty_canteen_short", gettext_lazy("Canteen duty checks short last week"))
def duty_canteen_short(*, today: dt.date):
    """The weekly digest: the principal (every canteen duty of the school) and each food-safety
    officer (their own duty) when the canteen had fewer than two checks by them in the last complete
    week, counted as the duty page counts it."""
    if today.day == 1 and today.weekday() != 0:
        return  # the monthly run; the week's digest comes with Monday's run
    monday = monday_of(today) - dt.timedelta(days=7)
    month = (monday + dt.timedelta(days=3)).replace(day=1)  # the month holding the week's Thursday
    people = Directory(Q(role=Role.PRINCIPAL) | Q(role=Role.SCHOOL_STAFF, duties__contains=[Duty.FOOD_SAFETY_OFFICER]))
    school_ids = people.places(Role.PRINCIPAL) | people.places(FSO)
    if not school_ids:
        return
    schools = [school for school in duty_schools(user=_whole_portal()).filter(owes_canteen=True)
               if school.pk in school_ids]
    period_week = iso_week(monday)
    url = reverse("inspections:duty_list") + f"?month={month:%Y-%m}"
    title = _("Canteen checks fell short in the week of %(date)s") % {"date": f"{monday:%Y-%m-%d}"}
    for row in duty_compliance(schools, month=month, today=today):
        school = row["school"]
        short = {}
        for duty in row["duties"]:
            if duty.capacity not in CANTEEN_CAPACITIES or duty.state == NOT_OWED:
                continue
            done = dict(duty.week_counts).get(monday, 0)
            if done < duty.per_week:
                short[duty.capacity] = _("%(duty)s: %(done)s of %(required)s checks.") % {
                    "duty": _capacity_label(duty.capacity), "done": done, "required": duty.per_week}
        if not short:
            continue
        recipients = [(user_id, list(short.values())) for user_id in people.get(Role.PRINCIPAL, school.pk)]
        if DutyCapacity.FOOD_SAFETY_OFFICER in short:
            recipients += [(user_id, [short[DutyCapacity.FOOD_SAFETY_OFFICER]])
                           for user_id in people.get(FSO, school.pk)]
        for user_id, lines in recipients:
            yield Due(recipient_id=user_id, period=f"canteen:{school.pk}:{period_week}", title=title,
                      body=" ".join(lines), url=url, level=Level.WARNING)
