"""Columns of the canteen lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from canteens.choices import COLOUR_OF_CLASS
from canteens.models import (
    Canteen,
    CanteenStaff,
    MonthlyAccount,
    PurchaseEntry,
    StockOut,
    Supplier,
    SupervisionVisit,
    WeeklyMenu,
)
from canteens.rules import purchase_issues
from canteens.selectors import school_days_in_window
from houqin.core.tables import DESKTOP_ONLY, NUMBER, BooleanIconColumn

STATE_BADGE = {"valid": ("success", _("valid")), "expiring": ("warning", _("expires soon")),
               "expired": ("danger", _("expired")), "missing": ("secondary", _("missing"))}


def _state(expiry):
    from canteens.models.canteen import certificate_state

    return certificate_state(expiry, timezone.localdate())


class StaffTable(tables.Table):
    name = tables.Column(linkify=True)
    canteen = tables.Column(attrs=DESKTOP_ONLY, order_by=("canteen__school__name", "canteen__name"))
    health_expiry = tables.Column(verbose_name=_("health certificate"))
    training_expiry = tables.Column(verbose_name=_("training certificate"))
    is_active = BooleanIconColumn(attrs=DESKTOP_ONLY)

    class Meta:
        model = CanteenStaff
        fields = ("name", "role", "canteen", "health_expiry", "training_expiry", "is_active")
        order_by = ("name",)

    def _render_cert(self, value):
        style, label = STATE_BADGE[_state(value)]
        return format_html('<span class="badge text-bg-{}">{}</span> <small>{}</small>', style, label,
                           value.isoformat() if value else "")

    def render_health_expiry(self, value):
        return self._render_cert(value)

    def render_training_expiry(self, value):
        return self._render_cert(value)

    def value_health_expiry(self, value):
        return f"{value.isoformat() if value else ''} {STATE_BADGE[_state(value)][1]}".strip()

    def value_training_expiry(self, value):
        return f"{value.isoformat() if value else ''} {STATE_BADGE[_state(value)][1]}".strip()


class PurchaseTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    canteen = tables.Column(attrs=DESKTOP_ONLY, order_by=("canteen__school__name",))
    item = tables.Column()
    food_class = tables.Column()
    quantity = tables.Column(attrs=NUMBER, orderable=False)
    unit = tables.Column(orderable=False)
    amount = tables.Column(verbose_name=_("amount (yuan)"), orderable=False, attrs=NUMBER, empty_values=())
    supplier = tables.Column(attrs=DESKTOP_ONLY)
    documents = tables.Column(verbose_name=_("documents and signatures"), orderable=False, empty_values=())

    class Meta:
        model = PurchaseEntry
        fields = ("date", "canteen", "item", "food_class", "quantity", "unit", "amount", "supplier", "documents")
        order_by = ("-date",)
        row_attrs = {"class": lambda record: "text-decoration-line-through text-body-secondary" if record.voided_at
                     else ""}

    def render_food_class(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', COLOUR_OF_CLASS.get(record.food_class, "light"),
                           value)

    def render_amount(self, record):
        return f"{record.amount:.2f}"

    def value_amount(self, record):
        return record.amount

    def render_documents(self, record):
        if record.voided_at:
            return format_html('<span class="badge text-bg-secondary">{}</span>', _("void"))
        issues = purchase_issues(record)
        if not issues:
            return format_html('<span class="text-success">{}</span>', _("complete"))
        return format_html('<span class="text-danger small">{}</span>', "；".join(i.message for i in issues))

    def value_documents(self, record):
        if record.voided_at:
            return _("void") + f"：{record.void_reason}"
        return "；".join(i.message for i in purchase_issues(record)) or _("complete")


class StockOutTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d")
    canteen = tables.Column(attrs=DESKTOP_ONLY)
    meal = tables.Column(orderable=False)
    quantity = tables.Column(orderable=False)
    unit = tables.Column(orderable=False)
    received_by = tables.Column(orderable=False)
    void = tables.TemplateColumn(template_name="canteens/_void_button.html", verbose_name="", orderable=False,
                                 exclude_from_export=True)

    class Meta:
        model = StockOut
        fields = ("date", "canteen", "meal", "item", "quantity", "unit", "received_by", "void")
        order_by = ("-date",)
        row_attrs = {"class": lambda record: "text-decoration-line-through text-body-secondary" if record.voided_at
                     else ""}


class SupplierTable(tables.Table):
    name = tables.Column(linkify=True)
    licence_expiry = tables.DateColumn(format="Y-m-d")
    admitted_on = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)

    class Meta:
        model = Supplier
        fields = ("name", "food_classes", "licence_number", "licence_expiry", "status", "admitted_on")
        order_by = ("name",)


class MenuTable(tables.Table):
    week_start = tables.DateColumn(format="Y-m-d", linkify=True)
    canteen = tables.Column(attrs=DESKTOP_ONLY)
    dish_count = tables.Column(verbose_name=_("dishes"), attrs=NUMBER)
    published_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = WeeklyMenu
        fields = ("week_start", "canteen", "dish_count", "published_at")
        order_by = ("-week_start",)


class AccountTable(tables.Table):
    month = tables.DateColumn(format="Y-m", linkify=True)
    canteen = tables.Column(attrs=DESKTOP_ONLY)
    income = tables.Column(verbose_name=_("income"), orderable=False, attrs=NUMBER, empty_values=())
    spending = tables.Column(verbose_name=_("spending"), orderable=False, attrs=NUMBER, empty_values=())
    balance = tables.Column(verbose_name=_("balance"), orderable=False, attrs=NUMBER, empty_values=())
    published_at = tables.DateTimeColumn(format="Y-m-d")

    class Meta:
        model = MonthlyAccount
        fields = ("month", "canteen", "income", "spending", "balance", "published_at")
        order_by = ("-month",)

    def render_income(self, record):
        return f"{record.income:.2f}"

    def render_spending(self, record):
        return f"{record.spending:.2f}"

    def render_balance(self, record):
        return f"{record.balance:.2f}"


class VisitTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d")
    canteen = tables.Column(attrs=DESKTOP_ONLY)
    observations = tables.Column(attrs=DESKTOP_ONLY)

    class Meta:
        model = SupervisionVisit
        fields = ("date", "canteen", "visitor", "visitor_role", "satisfaction", "observations", "suggestions")
        order_by = ("-date",)


class ComplianceTable(tables.Table):
    """The bureau's view: one row per canteen, each figure linked to its records."""

    school = tables.Column(accessor="school__name", verbose_name=_("school"), order_by=("school__name",),
                           attrs={"td": {"class": "text-nowrap"}})
    township = tables.Column(accessor="school__township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("school__township__code",))
    operation_mode = tables.Column(attrs={"th": DESKTOP_ONLY["th"], "td": {"class": "d-none d-md-table-cell text-nowrap"}})
    staff_count = tables.Column(verbose_name=_("workers"), attrs=NUMBER)
    certs_expired = tables.Column(verbose_name=_("certificates expired or missing"), attrs=NUMBER)
    certs_expiring = tables.Column(verbose_name=_("expiring within 30 days"), attrs=NUMBER)
    checks_done = tables.Column(verbose_name=_("morning checks done / due (last week)"), attrs=NUMBER)
    sampled_days = tables.Column(verbose_name=_("school days without samples (last week)"), attrs=NUMBER)
    samples_missing = tables.Column(verbose_name=_("dishes not sampled (7 days)"), attrs=NUMBER)
    samples_bad = tables.Column(verbose_name=_("samples light or taken out early"), attrs=NUMBER)
    purchases_unsigned = tables.Column(verbose_name=_("purchases unsigned (30 days)"), attrs=NUMBER)
    purchases_undocumented = tables.Column(verbose_name=_("purchases without documents (30 days)"), attrs=NUMBER)
    last_balance = tables.Column(verbose_name=_("surplus of the last published month"),
                                 attrs={"th": NUMBER["th"], "td": {"class": "text-end text-nowrap"}},
                                 orderable=False)

    class Meta:
        model = Canteen
        fields = ("school", "township", "operation_mode", "staff_count", "certs_expired", "certs_expiring",
                  "checks_done", "sampled_days", "samples_missing", "samples_bad", "purchases_unsigned",
                  "purchases_undocumented", "last_balance")
        order_by = ("township",)
        attrs = {"class": "table table-hover align-middle mb-0 table-wrap-head"}

    def _link(self, value, url, bad=True):
        style = "text-danger fw-semibold" if value and bad else ""
        return format_html('<a class="{}" href="{}">{}</a>', style, url, value)

    def render_school(self, record):
        return format_html('<a href="/canteens/canteens/{}/">{}</a>', record.pk, record.school.name)

    def render_certs_expired(self, value, record):
        return self._link(value, f"/canteens/staff/?canteen={record.pk}&state=expired")

    def render_certs_expiring(self, value, record):
        return self._link(value, f"/canteens/staff/?canteen={record.pk}&state=expiring")

    def _checks_due(self, record):
        return record.staff_count * school_days_in_window(timezone.localdate())

    def render_checks_done(self, value, record):
        due = self._checks_due(record)
        return self._link(f"{value}/{due}", f"/canteens/checks/?canteen={record.pk}", bad=value < due)

    def value_checks_done(self, value, record):
        return f"{value}/{self._checks_due(record)}"

    def render_sampled_days(self, value, record):
        missing = max(school_days_in_window(timezone.localdate()) - value, 0)
        return self._link(missing, f"/canteens/samples/?canteen={record.pk}")

    def value_sampled_days(self, value):
        return max(school_days_in_window(timezone.localdate()) - value, 0)

    def _surplus(self, record):
        if record.last_income in (None, 0) or record.last_balance is None:
            return None
        return record.last_balance / record.last_income * 100

    def render_last_balance(self, value, record):
        percent = self._surplus(record)
        if percent is None:
            return "—"
        text = f"{percent:.1f}%"
        if percent > record.surplus_limit:
            return format_html('<a class="text-danger fw-semibold" href="/canteens/accounts/{}/">{} ⚠</a>',
                               record.last_account_id, text)
        return format_html('<a href="/canteens/accounts/{}/">{}</a>', record.last_account_id, text)

    def value_last_balance(self, value, record):
        percent = self._surplus(record)
        return "" if percent is None else f"{percent:.1f}%"

    def render_samples_missing(self, value, record):
        return self._link(value, f"/canteens/?canteen={record.pk}")

    def render_samples_bad(self, value, record):
        return self._link(value, f"/canteens/?canteen={record.pk}")

    def render_purchases_unsigned(self, value, record):
        return self._link(value, f"/canteens/purchases/?canteen={record.pk}&incomplete=true")

    def render_purchases_undocumented(self, value, record):
        return self._link(value, f"/canteens/purchases/?canteen={record.pk}&incomplete=true")

    def render_operation_mode(self, value, record):
        from canteens.choices import OUTSOURCED_MODES

        if record.operation_mode in OUTSOURCED_MODES:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return value
