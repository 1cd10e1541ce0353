"""Columns of the school-bus lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, NUMBER, BooleanIconColumn, StatusColumn, status_badge
from houqin.org.models import School
from schoolbus.choices import ReportStatus
from schoolbus.models import Accident, Driver, Escort, HazardCheck, QuarterlyReport, Route, SafetyActivity, Trip, Vehicle
from schoolbus.rules import VEHICLE_PAPERS, driver_failures, paper_state
from schoolbus.selectors import FIGURES

STATE_BADGE = {"valid": ("success", _("valid")), "expiring": ("warning", _("expires soon")),
               "expired": ("danger", _("expired")), "missing": ("secondary", _("missing"))}


def _paper(value):
    style, label = STATE_BADGE[paper_state(value, timezone.localdate())]
    return format_html('<span class="badge text-bg-{}">{}</span> <small>{}</small>', style, label,
                       value.isoformat() if value else "")


def _paper_value(value):
    return f"{value.isoformat() if value else ''} {STATE_BADGE[paper_state(value, timezone.localdate())][1]}".strip()


class VehicleTable(tables.Table):
    plate = tables.Column(linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    seats = tables.Column(attrs=NUMBER)
    permit_expiry = tables.Column(verbose_name=_("permit"))
    inspection_expiry = tables.Column(verbose_name=_("annual inspection"), attrs=DESKTOP_ONLY)
    compulsory_insurance_expiry = tables.Column(verbose_name=_("compulsory insurance"), attrs=DESKTOP_ONLY)
    carrier_insurance_expiry = tables.Column(verbose_name=_("carrier insurance"), attrs=DESKTOP_ONLY)
    status = StatusColumn()

    class Meta:
        model = Vehicle
        fields = ("plate", "school", "seats", "operator", "permit_expiry", "inspection_expiry",
                  "compulsory_insurance_expiry", "carrier_insurance_expiry", "status")
        order_by = ("plate",)

    def render_permit_expiry(self, value):
        return _paper(value)

    render_inspection_expiry = render_compulsory_insurance_expiry = render_carrier_insurance_expiry = \
        lambda self, value: _paper(value)  # noqa: E731

    def value_permit_expiry(self, value):
        return _paper_value(value)

    value_inspection_expiry = value_compulsory_insurance_expiry = value_carrier_insurance_expiry = \
        lambda self, value: _paper_value(value)  # noqa: E731


class DriverTable(tables.Table):
    name = tables.Column(linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    licence_expiry = tables.Column(verbose_name=_("licence"))
    eligibility = tables.Column(verbose_name=_("may drive"), empty_values=(), orderable=False)
    is_active = BooleanIconColumn(attrs=DESKTOP_ONLY)

    class Meta:
        model = Driver
        fields = ("name", "school", "licence_class", "licence_expiry", "eligibility", "is_active")
        order_by = ("name",)

    def render_licence_expiry(self, value):
        return _paper(value)

    def value_licence_expiry(self, value):
        return _paper_value(value)

    def render_eligibility(self, record):
        failures = driver_failures(record, timezone.localdate())
        if not failures:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Yes"))
        return format_html('<span class="badge text-bg-danger" title="{}">{}</span>', " ".join(failures),
                           _("No: %(rule)s") % {"rule": failures[0].split("：")[0].split(":")[0]})

    def value_eligibility(self, record):
        failures = driver_failures(record, timezone.localdate())
        return " ".join(failures) if failures else str(_("Yes"))


class EscortTable(tables.Table):
    name = tables.Column(linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    is_active = BooleanIconColumn()

    class Meta:
        model = Escort
        fields = ("name", "school", "phone", "trained_on", "is_active")
        order_by = ("name",)


class RouteTable(tables.Table):
    name = tables.Column(linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    vehicle = tables.Column(order_by=("vehicle__plate",))
    driver = tables.Column(attrs=DESKTOP_ONLY, order_by=("driver__name",))
    escort = tables.Column(attrs=DESKTOP_ONLY, order_by=("escort__name",))
    students = tables.Column(attrs=NUMBER)
    stop_count = tables.Column(verbose_name=_("stops"), attrs=NUMBER)
    is_active = BooleanIconColumn(attrs=DESKTOP_ONLY)

    class Meta:
        model = Route
        fields = ("name", "school", "vehicle", "driver", "escort", "students", "stop_count", "is_active")
        order_by = ("name",)


class TripTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    route = tables.Column(order_by=("route__name",))
    vehicle = tables.Column(attrs=DESKTOP_ONLY, order_by=("vehicle__plate",))
    checks = tables.Column(verbose_name=_("check"), empty_values=(), orderable=False)
    boarded = tables.Column(attrs=NUMBER, orderable=False)
    alighted = tables.Column(attrs=NUMBER, orderable=False)

    class Meta:
        model = Trip
        fields = ("date", "school", "route", "direction", "vehicle", "checks", "boarded", "alighted")
        order_by = ("-date",)
        row_attrs = {"class": lambda record: "table-danger" if record.open_alert else ""}

    def render_checks(self, record):
        failed = record.failed_checks
        if not failed:
            return format_html('<span class="badge text-bg-success">{}</span>', _("passed"))
        return format_html('<span class="badge text-bg-danger" title="{}">{}</span>', "、".join(failed),
                           _("%(count)s failed") % {"count": len(failed)})

    def value_checks(self, record):
        return "、".join(record.failed_checks) or str(_("passed"))

    def render_alighted(self, value, record):
        if record.open_alert:
            return format_html('<strong class="text-danger">{}</strong> <i class="bi bi-exclamation-triangle-fill '
                               'text-danger" aria-hidden="true"></i><span class="visually-hidden">{}</span>', value,
                               _("counts differ"))
        return value


class HazardTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    state = tables.Column(verbose_name=_("state"), empty_values=(), orderable=False)

    class Meta:
        model = HazardCheck
        fields = ("date", "school", "place", "severity", "deadline", "state")
        order_by = ("-date",)

    def render_state(self, record):
        if not record.findings.strip():
            return format_html('<span class="badge text-bg-success">{}</span>', _("nothing found"))
        if record.rectified_on:
            return format_html('<span class="badge text-bg-info">{}</span>', _("rectified"))
        overdue = record.deadline and record.deadline < timezone.localdate()
        return format_html('<span class="badge text-bg-{}">{}</span>', "danger" if overdue else "warning",
                           _("overdue") if overdue else _("open"))

    def value_state(self, record):
        if not record.findings.strip():
            return str(_("nothing found"))
        return str(_("rectified") if record.rectified_on else _("open"))


class AccidentTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    injured = tables.Column(attrs=NUMBER)
    deaths = tables.Column(attrs=NUMBER)

    class Meta:
        model = Accident
        fields = ("date", "school", "vehicle", "driver", "place", "injured", "deaths", "liability")
        order_by = ("-date",)


class ActivityTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    school = tables.Column(attrs=DESKTOP_ONLY)
    participants = tables.Column(attrs=NUMBER)
    has_materials = tables.Column(verbose_name=_("materials"), accessor="materials", orderable=False)

    class Meta:
        model = SafetyActivity
        fields = ("date", "school", "kind", "title", "participants", "has_materials")
        order_by = ("-date",)

    def render_has_materials(self, value):
        return format_html('<i class="bi bi-paperclip" aria-hidden="true"></i><span class="visually-hidden">{}</span>',
                           _("Yes"))

    def value_has_materials(self, value):
        return str(_("Yes") if value else _("No"))


class ReportTable(tables.Table):
    """The county summary of a quarter: one row per report, every figure a column."""

    period = tables.Column(verbose_name=_("quarter"), accessor="year", order_by=("-year", "-quarter"))
    school = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("school__name",))
    township = tables.Column(verbose_name=_("township"), accessor="school__township__name", attrs=DESKTOP_ONLY)
    status = StatusColumn()
    submitted_at = tables.DateTimeColumn(format="Y-m-d", attrs=DESKTOP_ONLY)

    class Meta:
        model = QuarterlyReport
        fields = ("period", "school", "township", "status", "submitted_at")
        order_by = ("period",)  # the column sorts newest first

    def __init__(self, *args, **kwargs):
        extra = [(key, tables.Column(verbose_name=label, accessor=f"figures__{key}", attrs={
            "th": {"class": "text-end d-none d-xl-table-cell"}, "td": {"class": "text-end d-none d-xl-table-cell"}},
            orderable=False, default=0)) for key, label in FIGURES]
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_period(self, record):
        return record.period

    def value_period(self, record):
        return record.period


class OverviewTable(tables.Table):
    """What the bureau sees per school running buses."""

    name = tables.Column(verbose_name=_("school"), linkify=lambda record: reverse("schoolbus:vehicle_list")
                         + f"?q={record.code}")
    township = tables.Column(attrs=DESKTOP_ONLY, order_by=("township__name",))
    vehicles = tables.Column(verbose_name=_("buses"), attrs=NUMBER)
    routes = tables.Column(verbose_name=_("routes"), attrs=NUMBER)
    students_carried = tables.Column(verbose_name=_("children carried"), attrs=NUMBER)
    papers_invalid = tables.Column(verbose_name=_("papers invalid"), attrs=NUMBER)
    drivers_ineligible = tables.Column(verbose_name=_("drivers failing a rule"), attrs=NUMBER)
    open_alerts = tables.Column(verbose_name=_("head counts unresolved"), attrs=NUMBER)
    report_status = tables.Column(verbose_name=_("last quarter's report"), empty_values=())

    class Meta:
        model = School
        fields = ("name", "township", "vehicles", "routes", "students_carried", "papers_invalid", "drivers_ineligible",
                  "open_alerts", "report_status")
        order_by = ("township", "name")

    def _alarm(self, value, record, url_name, **params):
        if not value:
            return "0"
        from schoolbus.dashboard import records_url

        return format_html('<a class="badge text-bg-danger" href="{}">{}</a>',
                           records_url(url_name, school=record, **params), value)

    def render_papers_invalid(self, value, record):
        return self._alarm(value, record, "schoolbus:vehicle_list", papers="invalid", status="in_service")

    def render_drivers_ineligible(self, value, record):
        return self._alarm(value, record, "schoolbus:driver_list", eligible="false", is_active="true")

    def render_open_alerts(self, value, record):
        return self._alarm(value, record, "schoolbus:trip_list", unresolved="true")

    def render_report_status(self, value):
        return status_badge(value, ReportStatus(value).label) if value else format_html(
            '<span class="badge text-bg-secondary">{}</span>', _("not begun"))

    def value_report_status(self, value):
        return str(ReportStatus(value).label) if value else str(_("not begun"))
