"""What the school-bus app reports as due: papers and licences expiring within 30 days, the quarterly
report, and drills and trainings not held."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.notify.models import Level
from houqin.notify.registry import Due, month_period, reminder_rule
from houqin.org.choices import Duty, Role
from houqin.org.models import School, User
from schoolbus.choices import EXPIRY_WARNING_DAYS, ActivityKind, ReportStatus, VehicleStatus
from schoolbus.models import Driver, QuarterlyReport, SafetyActivity, Vehicle
from schoolbus.rules import VEHICLE_PAPERS, previous_quarter, quarter_due
from schoolbus.selectors import school_year_of, semester_of


def keepers_by_school(school_ids) -> dict[int, list[int]]:
    """The principal and the bus managers of each school: who is told about its buses."""
    people = User.objects.filter(school_id__in=school_ids, is_active=True).filter(
        Q(role=Role.PRINCIPAL) | Q(role=Role.SCHOOL_STAFF, duties__contains=[Duty.BUS_MANAGER]))
    keepers: dict[int, list[int]] = {}
    for user_id, school_id in people.values_list("pk", "school_id"):
        keepers.setdefault(school_id, []).append(user_id)
    return keepers


def running_schools():
    """Schools that run buses: a bus in service, or the bus service ticked."""
    return School.objects.filter(Q(has_bus_service=True) | Q(Exists(Vehicle.objects.filter(
        school=OuterRef("pk"), status=VehicleStatus.IN_SERVICE))))


@reminder_rule("schoolbus.papers_expiring", gettext_lazy("Bus permits, inspections and insurances expiring"))
def papers_expiring(*, today):
    soon = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    q = Q()
    for field, _label in VEHICLE_PAPERS:
        q |= Q(**{f"{field}__lte": soon}) | Q(**{f"{field}__isnull": True})
    vehicles = list(Vehicle.objects.filter(q, status=VehicleStatus.IN_SERVICE))
    keepers = keepers_by_school({v.school_id for v in vehicles})
    for vehicle in vehicles:
        for field, label in VEHICLE_PAPERS:
            expiry = getattr(vehicle, field)
            if expiry is not None and expiry > soon:
                continue
            state = "missing" if expiry is None else ("expired" if expiry < today else "expiring")
            title = (_("%(plate)s: the %(paper)s is missing") if state == "missing"
                     else _("%(plate)s: the %(paper)s expired on %(date)s") if state == "expired"
                     else _("%(plate)s: the %(paper)s expires on %(date)s")) % {
                "plate": vehicle.plate, "paper": label, "date": expiry.isoformat() if expiry else ""}
            for user_id in keepers.get(vehicle.school_id, []):
                yield Due(recipient_id=user_id, period=f"bus:{vehicle.pk}:{field}:{state}:{month_period(today)}",
                          title=title, body=_("Without it the bus may not carry children."),
                          url=reverse("schoolbus:vehicle_detail", args=[vehicle.pk]),
                          level=Level.WARNING if state == "expiring" else Level.DANGER)


@reminder_rule("schoolbus.licences_expiring", gettext_lazy("Bus drivers' licences expiring within 30 days"))
def licences_expiring(*, today):
    drivers = list(Driver.objects.filter(is_active=True, licence_expiry__lte=today + dt.timedelta(
        days=EXPIRY_WARNING_DAYS)))
    keepers = keepers_by_school({d.school_id for d in drivers})
    for driver in drivers:
        expired = driver.licence_expiry < today
        for user_id in keepers.get(driver.school_id, []):
            yield Due(recipient_id=user_id,
                      period=f"licence:{driver.pk}:{'expired' if expired else 'expiring'}:{month_period(today)}",
                      title=(_("The driving licence of %(name)s expired on %(date)s") if expired
                             else _("The driving licence of %(name)s expires on %(date)s"))
                      % {"name": driver.name, "date": driver.licence_expiry.isoformat()},
                      url=reverse("schoolbus:driver_update", args=[driver.pk]),
                      level=Level.DANGER if expired else Level.WARNING)


@reminder_rule("schoolbus.report_due", gettext_lazy("Quarterly bus report due"))
def report_due(*, today):
    """The last quarter's report, from the first day of the new quarter until it is submitted."""
    year, quarter = previous_quarter(today)
    due = quarter_due(year, quarter)
    sent = QuarterlyReport.objects.filter(year=year, quarter=quarter, status__in=[ReportStatus.SUBMITTED,
                                                                                  ReportStatus.ACCEPTED])
    schools = list(running_schools().exclude(pk__in=sent.values("school_id")).values_list("pk", flat=True))
    keepers = keepers_by_school(schools)
    late = today > due
    title = (_("The %(year)s Q%(quarter)s bus report was due on %(date)s") if late
             else _("Submit the %(year)s Q%(quarter)s bus report by %(date)s")) % {
        "year": year, "quarter": quarter, "date": due.isoformat()}
    url = reverse("schoolbus:report_list")
    for school_id in schools:
        for user_id in keepers.get(school_id, []):
            yield Due(recipient_id=user_id, period=f"report:{year}Q{quarter}:{'late' if late else 'due'}",
                      title=title, url=url, level=Level.DANGER if late else Level.INFO)


@reminder_rule("schoolbus.drill_missing", gettext_lazy("No emergency drill this semester"))
def drill_missing(*, today):
    """From the semester's second month, each month until a drill is recorded; in June, also the
    drill materials due at the bureau by the end of the month."""
    semester = semester_of(today)
    if semester is None or today < semester[0] + dt.timedelta(days=30):
        return  # the holidays, or the semester's first month
    start, end = semester
    drills = SafetyActivity.objects.filter(kind=ActivityKind.DRILL, date__range=(start, end))
    schools = list(running_schools().values_list("pk", flat=True))
    held = set(drills.values_list("school_id", flat=True))
    with_materials = set(drills.exclude(materials="").values_list("school_id", flat=True))
    keepers = keepers_by_school(schools)
    no_drill = _("No emergency drill this semester yet (at least one is required)")
    no_materials = _("Send this semester's drill materials to the bureau by 30 June")
    url = reverse("schoolbus:activity_create") + "?kind=drill"
    for school_id in schools:
        if school_id not in held:
            title, level = no_drill, Level.WARNING
            period = f"drill:{start.isoformat()}:{month_period(today)}"
        elif today.month == 6 and school_id not in with_materials:
            title, level = no_materials, Level.WARNING
            period = f"drill-materials:{today.year}"
        else:
            continue
        for user_id in keepers.get(school_id, []):
            yield Due(recipient_id=user_id, period=period, title=title, url=url, level=level)


@reminder_rule("schoolbus.training_missing", gettext_lazy("No bus-safety training this school year"))
def training_missing(*, today):
    """From March, each month until the school year has a training of drivers and escorts."""
    start, end = school_year_of(today)
    if not 3 <= today.month <= 8:
        return
    trained = SafetyActivity.objects.filter(kind=ActivityKind.TRAINING, date__range=(start, end)).values("school_id")
    schools = list(running_schools().exclude(pk__in=trained).values_list("pk", flat=True))
    keepers = keepers_by_school(schools)
    title = _("No bus-safety training this school year yet (at least one is required)")
    url = reverse("schoolbus:activity_create") + "?kind=training"
    for school_id in schools:
        for user_id in keepers.get(school_id, []):
            yield Due(recipient_id=user_id, period=f"training:{start.year}:{month_period(today)}", title=title,
                      url=url, level=Level.WARNING)
