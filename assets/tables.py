"""Columns of the assets lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assets.models import (
    Asset,
    Compensation,
    Consumable,
    CustodyCheck,
    Deposit,
    Disposal,
    PurchaseRequest,
    Reconciliation,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
    Transfer,
)
from houqin.core.tables import DESKTOP_ONLY, NUMBER, NUMBER_DESKTOP_ONLY, BooleanIconColumn, status_badge
from houqin.org.models import School

ASSET_STYLES = {"in_use": "success", "idle": "secondary", "repair": "warning", "pending_disposal": "warning",
                "disposed": "light", "lost": "danger"}


def _badge(style, label):
    return format_html('<span class="badge text-bg-{} border">{}</span>', style, label)


class MoneyColumn(tables.Column):
    """Yuan with two decimals on screen, a number in the export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:,.2f}"

    def value(self, value):
        return value


class SchoolColumn(tables.Column):
    def __init__(self, accessor="school__name", order_by=("school__name",), **kwargs):
        super().__init__(accessor=accessor, verbose_name=_("school"), order_by=order_by, attrs=DESKTOP_ONLY, **kwargs)


# Columns only a wide screen shows (the register has many; the Excel export keeps them all).
WIDE_ONLY = {"th": {"class": "d-none d-xxl-table-cell"}, "td": {"class": "d-none d-xxl-table-cell"}}


class AssetTable(tables.Table):
    tag_code = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    name = tables.Column()
    category = tables.Column(attrs=DESKTOP_ONLY)
    model = tables.Column(attrs=WIDE_ONLY, orderable=False)
    school = SchoolColumn()
    room = tables.Column(order_by=("room__building", "room__name"))
    custodian = tables.Column(attrs=WIDE_ONLY, order_by=("custodian__full_name",))
    purchase_date = tables.DateColumn(format="Y-m-d", attrs={"th": {"class": "d-none d-md-table-cell text-nowrap"},
                                                             "td": {"class": "d-none d-md-table-cell text-nowrap"}})
    original_value = MoneyColumn()
    net_value = tables.Column(verbose_name=_("net value (yuan)"), orderable=False, empty_values=(),
                              attrs=NUMBER_DESKTOP_ONLY)
    funding_source = tables.Column(attrs=WIDE_ONLY)
    status = tables.Column()

    class Meta:
        model = Asset
        fields = ("tag_code", "name", "category", "model", "school", "room", "custodian", "purchase_date",
                  "original_value", "net_value", "funding_source", "status")
        order_by = ("tag_code",)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.today = timezone.localdate()
        if request is not None and request.user.school_id:
            self.columns.hide("school")

    def render_status(self, value, record):
        return _badge(ASSET_STYLES.get(record.status, "secondary"), value)

    def _net(self, record):
        return record.depreciation(self.today).net_value

    def render_net_value(self, record):
        return f"{self._net(record):,.2f}"

    def value_net_value(self, record):
        return self._net(record)


class RoomTable(tables.Table):
    name = tables.Column(linkify=True)
    code = tables.Column(attrs=DESKTOP_ONLY)
    school = SchoolColumn()
    building = tables.Column(attrs=DESKTOP_ONLY)
    kind = tables.Column()
    keeper = tables.Column(order_by=("keeper__full_name",))
    asset_count = tables.Column(verbose_name=_("assets"), attrs=NUMBER)
    occupancy = tables.Column(verbose_name=_("occupants / beds"), orderable=False, empty_values=(),
                              attrs=NUMBER_DESKTOP_ONLY)

    class Meta:
        model = Room
        fields = ("name", "code", "school", "building", "kind", "department", "keeper", "asset_count", "occupancy")
        order_by = ("name",)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.user.school_id:
            self.columns.hide("school")

    def _occupancy(self, record):
        return f"{record.occupants}/{record.beds}" if record.kind == "dormitory" else ""

    def render_occupancy(self, record):
        from assets.choices import DORM_LIMIT

        text = self._occupancy(record)
        limit = DORM_LIMIT.get(record.dorm_level)
        if text and ((limit and record.occupants > limit) or record.occupants > record.beds):
            return format_html('<span class="text-danger fw-semibold">{} ⚠</span>', text)
        return text or "—"

    def value_occupancy(self, record):
        return self._occupancy(record)


class TransferTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d")
    asset = tables.Column(linkify=True, order_by=("asset__tag_code",))
    from_room = tables.Column(attrs=DESKTOP_ONLY)
    to_room = tables.Column()
    to_custodian = tables.Column(attrs=DESKTOP_ONLY)
    recorded_by = tables.Column(attrs=DESKTOP_ONLY)

    class Meta:
        model = Transfer
        fields = ("date", "asset", "from_room", "to_room", "from_custodian", "to_custodian", "reason", "recorded_by")
        order_by = ("-date",)


class StatusBadgeColumn(tables.Column):
    def render(self, value, record):
        return status_badge(record.status, value)


class RequestTable(tables.Table):
    number = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    item = tables.Column()
    school = SchoolColumn()
    quantity = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    amount = MoneyColumn()
    tier = tables.Column(attrs=DESKTOP_ONLY)
    requested_by = tables.Column(attrs=DESKTOP_ONLY)
    status = StatusBadgeColumn()

    class Meta:
        model = PurchaseRequest
        fields = ("number", "item", "school", "quantity", "amount", "tier", "department", "requested_by", "status")
        order_by = ("-number",)


class CustodyTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    room = tables.Column(order_by=("room__name",))
    school = SchoolColumn(accessor="room__school__name", order_by=("room__school__name",))
    kind = tables.Column()
    keeper = tables.Column(attrs=DESKTOP_ONLY)
    present = tables.Column(verbose_name=_("present / on the register"), attrs=NUMBER)

    class Meta:
        model = CustodyCheck
        fields = ("date", "room", "school", "term", "kind", "keeper", "present")
        order_by = ("-date",)

    def render_present(self, value, record):
        text = f"{value}/{record.expected}"
        if value < record.expected:
            return format_html('<span class="text-danger fw-semibold">{}</span>', text)
        return text

    def value_present(self, value, record):
        return f"{value}/{record.expected}"


class StockTakeTable(tables.Table):
    title = tables.Column(linkify=True)
    school = SchoolColumn()
    started_on = tables.DateColumn(format="Y-m-d")
    missing = tables.Column(verbose_name=_("missing"), attrs=NUMBER)
    misplaced = tables.Column(verbose_name=_("in another room"), attrs=NUMBER_DESKTOP_ONLY)
    surplus = tables.Column(verbose_name=_("surplus"), attrs=NUMBER_DESKTOP_ONLY)
    status = tables.Column()

    class Meta:
        model = StockTake
        fields = ("title", "school", "kind", "started_on", "missing", "misplaced", "surplus", "status")
        order_by = ("-started_on",)

    def render_status(self, value, record):
        style = {"open": "primary", "submitted": "warning", "approved": "success"}.get(record.status, "secondary")
        return _badge(style, value)


class ReconciliationTable(tables.Table):
    period = tables.Column(linkify=True)
    school = SchoolColumn()
    register_count = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    finance_count = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    difference_count = tables.Column(attrs=NUMBER)
    recorded_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)

    class Meta:
        model = Reconciliation
        fields = ("period", "school", "file_name", "register_count", "finance_count", "difference_count",
                  "recorded_at")
        order_by = ("-recorded_at",)


class DisposalTable(tables.Table):
    asset = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("asset__tag_code",))
    school = SchoolColumn(accessor="asset__school__name", order_by=("asset__school__name",))
    original_value = MoneyColumn(accessor="asset__original_value", verbose_name=_("original value (yuan)"))
    reason = tables.Column(attrs=DESKTOP_ONLY)
    requested_at = tables.DateTimeColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    status = tables.Column()

    class Meta:
        model = Disposal
        fields = ("asset", "school", "original_value", "reason", "requested_at", "status")
        order_by = ("-requested_at",)

    def render_status(self, value, record):
        style = {"requested": "primary", "appraised": "info", "pending_bureau": "warning", "approved": "success",
                 "rejected": "secondary"}.get(record.status, "secondary")
        return _badge(style, value)


class CompensationTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d")
    school = SchoolColumn()
    amount = MoneyColumn()
    paid_on = tables.DateColumn(format="Y-m-d")
    description = tables.Column(attrs=DESKTOP_ONLY)
    void = tables.TemplateColumn(template_name="assets/_void_compensation.html", verbose_name="", orderable=False,
                                 exclude_from_export=True)

    class Meta:
        model = Compensation
        fields = ("date", "school", "item", "responsible", "description", "amount", "paid_on", "receipt_number",
                  "void")
        order_by = ("-date",)
        row_attrs = {"class": lambda record: "text-decoration-line-through text-body-secondary" if record.voided_at
                     else ""}


class RepairTable(tables.Table):
    number = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    school = SchoolColumn()
    category = tables.Column()
    location = tables.Column()
    description = tables.Column(attrs=DESKTOP_ONLY)
    reported_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)
    status = tables.Column()
    rating = tables.Column(attrs=NUMBER_DESKTOP_ONLY)

    class Meta:
        model = RepairTicket
        fields = ("number", "school", "category", "location", "description", "reported_at", "status", "repairer",
                  "rating")
        order_by = ("-reported_at",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def _overdue(self, record):
        return record.is_overdue(self.today)

    def render_status(self, value, record):
        style = {"reported": "primary", "dispatched": "info", "arrived": "info", "postponed": "warning",
                 "done": "success"}.get(record.status, "secondary")
        badge = _badge(style, value)
        if self._overdue(record):
            return format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("overdue"))
        return badge

    def value_status(self, value, record):
        return f"{value}（{_('overdue')}）" if self._overdue(record) else value

    def render_rating(self, value):
        return "★" * value


class ConsumableTable(tables.Table):
    school = SchoolColumn()
    stock = tables.Column(attrs=NUMBER)
    exchange_old = BooleanIconColumn()

    class Meta:
        model = Consumable
        fields = ("name", "school", "unit", "stock", "exchange_old")
        order_by = ("name",)


class RequisitionTable(tables.Table):
    created_at = tables.DateTimeColumn(format="Y-m-d", verbose_name=_("date"))
    consumable = tables.Column(order_by=("consumable__name",))
    quantity = tables.Column(attrs=NUMBER)
    requested_by = tables.Column(attrs=DESKTOP_ONLY)
    approver = tables.Column(attrs=DESKTOP_ONLY)
    actions = tables.TemplateColumn(template_name="assets/_requisition_actions.html", verbose_name="",
                                    orderable=False, exclude_from_export=True)

    class Meta:
        model = Requisition
        fields = ("created_at", "consumable", "quantity", "department", "requested_by", "approver", "status",
                  "old_returned", "actions")
        order_by = ("-created_at",)


class DepositTable(tables.Table):
    school = SchoolColumn()
    amount = MoneyColumn()
    lent_on = tables.DateColumn(format="Y-m-d")
    returned_on = tables.DateColumn(format="Y-m-d")
    refunded = MoneyColumn()
    actions = tables.TemplateColumn(template_name="assets/_deposit_actions.html", verbose_name="", orderable=False,
                                    exclude_from_export=True)

    class Meta:
        model = Deposit
        fields = ("item", "description", "school", "holder", "amount", "lent_on", "returned_on", "refunded",
                  "actions")
        order_by = ("returned_on", "-lent_on")


class FacilityTable(tables.Table):
    name = tables.Column(verbose_name=_("school"), linkify=lambda record: f"/assets/facilities/{record.pk}/")
    township = tables.Column(accessor="township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("township__code",))
    boarding_count = tables.Column(verbose_name=_("boarders"), attrs=NUMBER_DESKTOP_ONLY)
    items_met = tables.Column(verbose_name=_("十有八配套 items met (of 18)"), attrs=NUMBER)
    dorm_rooms = tables.Column(verbose_name=_("dormitory rooms"), attrs=NUMBER_DESKTOP_ONLY)
    dorm_occupants = tables.Column(verbose_name=_("boarders in rooms"), attrs=NUMBER_DESKTOP_ONLY)
    crowded = tables.Column(verbose_name=_("rooms over the limit"))

    class Meta:
        model = School
        fields = ("name", "township", "boarding_count", "items_met", "dorm_rooms", "dorm_occupants", "crowded")
        order_by = ("township",)

    def render_crowded(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Yes"))
        return _("No")

    def value_crowded(self, value):
        return _("Yes") if value else _("No")
