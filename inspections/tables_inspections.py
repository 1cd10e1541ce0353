"""Columns of the checklist, inspection, rectification, coverage and duty lists (page and export)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, NUMBER, NUMBER_DESKTOP_ONLY, BooleanIconColumn
from houqin.org.models import School
from inspections.choices import DutyCapacity, InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, Inspection, RectificationOrder
from inspections.rules_duty import MET, NOT_OWED, PENDING, SHORT

ORDER_STYLES = {OrderStatus.OPEN: "primary", OrderStatus.ANSWERED: "info", OrderStatus.VERIFIED: "success"}
INSPECTION_STYLES = {InspectionStatus.DRAFT: "secondary", InspectionStatus.DONE: "success"}


def badge(style: str, label) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', style, label)


def is_overdue(order, today=None) -> bool:
    today = today or timezone.localdate()
    return order.status == OrderStatus.OPEN and order.deadline < today


class ChecklistTable(tables.Table):
    title = tables.Column(linkify=("inspections:checklist_detail", [tables.A("pk")]))
    item_count = tables.Column(verbose_name=_("items"), attrs=NUMBER)
    kind = tables.Column(verbose_name=_("kind of inspection"))
    use_count = tables.Column(verbose_name=_("inspections"), attrs=NUMBER_DESKTOP_ONLY)
    is_active = BooleanIconColumn()

    class Meta:
        model = Checklist
        fields = ("title", "kind", "item_count", "use_count", "is_active")
        order_by = ("kind", "title")


class InspectionTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    school = tables.Column(order_by=("school__name",))
    township = tables.Column(accessor="school__township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("school__township__name",))
    kind = tables.Column(verbose_name=_("kind of inspection"), attrs=DESKTOP_ONLY)
    announced = BooleanIconColumn(attrs=DESKTOP_ONLY)
    inspectors = tables.Column(attrs=DESKTOP_ONLY)
    failed_count = tables.Column(verbose_name=_("failed items"), attrs=NUMBER)
    order_count = tables.Column(verbose_name=_("orders"), attrs=NUMBER_DESKTOP_ONLY)
    status = tables.Column()

    class Meta:
        model = Inspection
        fields = ("date", "school", "township", "kind", "announced", "inspectors", "failed_count", "order_count",
                  "status")
        order_by = ("-date",)

    def render_status(self, value, record):
        return badge(INSPECTION_STYLES.get(record.status, "secondary"), value)

    def render_failed_count(self, value):
        return format_html('<span class="text-danger fw-semibold">{}</span>', value) if value else value


class OrderTable(tables.Table):
    number = tables.Column(linkify=True)
    school = tables.Column(order_by=("school__name",))
    township = tables.Column(accessor="school__township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("school__township__name",))
    finding = tables.Column(attrs=DESKTOP_ONLY, orderable=False)
    severity = tables.Column(attrs=DESKTOP_ONLY)
    deadline = tables.DateColumn(format="Y-m-d")
    responsible = tables.Column(attrs=DESKTOP_ONLY, orderable=False)
    status = tables.Column()
    escalated_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("escalated"), attrs=DESKTOP_ONLY)

    class Meta:
        model = RectificationOrder
        fields = ("number", "school", "township", "finding", "severity", "deadline", "responsible", "status",
                  "escalated_at")
        order_by = ("status", "deadline")
        row_attrs = {"class": lambda record: "table-danger" if is_overdue(record) else "",
                     "data-overdue": lambda record: "true" if is_overdue(record) else "false"}

    def render_number(self, value, record):
        if record.severity == Severity.SERIOUS:  # the severity column is hidden on a phone
            return format_html('{}<span class="d-md-none"><br>{}</span>', value,
                               badge("danger", record.get_severity_display()))
        return value

    def value_number(self, value):
        return value

    def render_finding(self, value):
        return value if len(value) <= 60 else f"{value[:60]}…"

    def value_finding(self, value):
        return value

    def render_severity(self, value, record):
        return badge("danger", value) if record.severity == Severity.SERIOUS else value

    def render_deadline(self, value, record):
        if is_overdue(record):
            return format_html('<span class="text-danger fw-semibold">{}</span> {}', value.isoformat(),
                               badge("danger", _("overdue")))
        return value.isoformat()

    def value_deadline(self, value, record):
        return f"{value.isoformat()} {_('overdue')}" if is_overdue(record) else value.isoformat()

    def render_status(self, value, record):
        return badge(ORDER_STYLES.get(record.status, "secondary"), value)


def _coverage_cell(value):
    if value is None:
        return format_html('<span class="badge text-bg-danger">{}</span>', _("missing"))
    return value.isoformat()


class CoverageTable(tables.Table):
    name = tables.Column(verbose_name=_("school"), linkify=lambda record: record.get_absolute_url())
    township = tables.Column(attrs=DESKTOP_ONLY, order_by=("township__name",))
    school_type = tables.Column(attrs=DESKTOP_ONLY)
    last_fee = tables.Column(verbose_name=_("fee special governance"), empty_values=())
    last_two_safety = tables.Column(verbose_name=_("“two safety” inspection"), empty_values=())

    class Meta:
        model = School
        fields = ("name", "township", "school_type", "last_fee", "last_two_safety")
        order_by = ("township", "name")
        row_attrs = {"data-missing": lambda record: "true" if (record.last_fee is None
                                                                or record.last_two_safety is None) else "false"}

    def render_last_fee(self, value):
        return _coverage_cell(value)

    def render_last_two_safety(self, value):
        return _coverage_cell(value)

    def value_last_fee(self, value):
        return value.isoformat() if value else _("missing")

    def value_last_two_safety(self, value):
        return value.isoformat() if value else _("missing")


STATE_STYLES = {MET: "success", PENDING: "warning", SHORT: "danger", NOT_OWED: "light"}
STATE_LABELS = {MET: _("met"), PENDING: _("still due"), SHORT: _("shortfall"), NOT_OWED: _("no canteen")}


class DutyColumn(tables.Column):
    """One duty of a school in the month: done / required, who did it, and its state."""

    def __init__(self, capacity, **kwargs):
        self.capacity = capacity
        super().__init__(accessor=tables.A("duties"), orderable=False, empty_values=(), **kwargs)

    def state_of(self, record):
        return next(d for d in record["duties"] if d.capacity == self.capacity)

    def render(self, value, record):
        duty = self.state_of(record)
        if duty.state == NOT_OWED:
            return format_html('<span class="text-body-secondary small">{}</span>', STATE_LABELS[NOT_OWED])
        unit = _("weeks") if duty.weekly else _("times")
        cell = format_html('<span class="fw-semibold{}" data-state="{}">{} / {}</span> <small>{}</small> {}',
                           " text-danger" if duty.state == SHORT else "", duty.state, duty.done, duty.required,
                           unit, badge(STATE_STYLES[duty.state], STATE_LABELS[duty.state]))
        if duty.weekly and duty.week_counts:
            weeks = format_html_join(" ", '<span class="badge {}" title="{}">{}</span>', (
                ("text-bg-success" if n >= duty.per_week else "text-bg-danger" if
                 monday.toordinal() + 6 < timezone.localdate().toordinal() else "text-bg-warning",
                 monday.isoformat(), n) for monday, n in duty.week_counts))
            cell = format_html('{}<div class="small mt-1">{}</div>', cell, weeks)
        if duty.inspectors:
            cell = format_html('{}<div class="small text-body-secondary">{}</div>', cell, "、".join(duty.inspectors))
        return cell

    def value(self, record, value):
        duty = self.state_of(record)
        if duty.state == NOT_OWED:
            return str(STATE_LABELS[NOT_OWED])
        text = f"{duty.done}/{duty.required} {STATE_LABELS[duty.state]}"
        return f"{text}（{'、'.join(duty.inspectors)}）" if duty.inspectors else text


PHONE_ONLY = {"th": {"class": "d-md-none"}, "td": {"class": "d-md-none"}}


class DutySummaryColumn(tables.Column):
    """On a phone, the four duties stacked in one cell (the four columns show on wider screens)."""

    def __init__(self, **kwargs):
        super().__init__(accessor=tables.A("duties"), orderable=False, empty_values=(), attrs=PHONE_ONLY,
                         exclude_from_export=True, **kwargs)

    def render(self, record):
        lines = []
        for duty in record["duties"]:
            label = DutyCapacity(duty.capacity).label
            if duty.state == NOT_OWED:
                continue
            lines.append(format_html('<div class="small{}">{}：{} / {} {}</div>',
                                     " text-danger fw-semibold" if duty.state == SHORT else "", label, duty.done,
                                     duty.required, badge(STATE_STYLES[duty.state], STATE_LABELS[duty.state])))
        return format_html_join("", "{}", ((line,) for line in lines))


class DutyTable(tables.Table):
    school = tables.Column(verbose_name=_("school"), accessor=tables.A("school__name"), orderable=False,
                           linkify=lambda record: reverse("org:school_detail", args=[record["school"].pk]))
    township = tables.Column(verbose_name=_("township"), accessor=tables.A("school__township__name"),
                             orderable=False, attrs=DESKTOP_ONLY)
    summary = DutySummaryColumn(verbose_name=_("duties"))
    township_head = DutyColumn(DutyCapacity.TOWNSHIP_HEAD, verbose_name=DutyCapacity.TOWNSHIP_HEAD.label,
                               attrs=DESKTOP_ONLY)
    township_staff = DutyColumn(DutyCapacity.TOWNSHIP_STAFF, verbose_name=DutyCapacity.TOWNSHIP_STAFF.label,
                                attrs=DESKTOP_ONLY)
    principal = DutyColumn(DutyCapacity.PRINCIPAL, verbose_name=DutyCapacity.PRINCIPAL.label, attrs=DESKTOP_ONLY)
    food_safety_officer = DutyColumn(DutyCapacity.FOOD_SAFETY_OFFICER,
                                     verbose_name=DutyCapacity.FOOD_SAFETY_OFFICER.label, attrs=DESKTOP_ONLY)

    class Meta:
        orderable = False
        row_attrs = {"data-shortfall": lambda record: "true" if any(d.shortfall for d in record["duties"])
                     else "false"}
