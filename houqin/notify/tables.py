"""Columns of the notice list, of a notice's receipts per school and of the reminder runs (each
shared by its page and its Excel export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.tables import (
    DESKTOP_ONLY,
    NUMBER,
    NUMBER_DESKTOP_ONLY,
    BooleanIconColumn,
    StatusColumn,
    status_badge,
)
from houqin.notify.models import Notice, ReminderRun
from houqin.org.models import School

BUREAU_COLUMNS = ("status", "reach")
SCHOOL_COLUMNS = ("read_by_me",)


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class NoticeTable(tables.Table):
    title = tables.Column(attrs={"td": {"class": "fw-medium text-break"}})
    status = StatusColumn(attrs=DESKTOP_ONLY)
    audience = tables.Column(attrs=DESKTOP_ONLY)
    published_at = tables.Column(verbose_name=gettext_lazy("published on"), attrs=DESKTOP_ONLY)
    reach = tables.Column(verbose_name=gettext_lazy("schools read"), empty_values=(), order_by=("schools_read",),
                          attrs=NUMBER)
    read_by_me = BooleanIconColumn(verbose_name=gettext_lazy("read it"))

    class Meta:
        model = Notice
        fields = ("title", "status", "audience", "published_at", "reach", "read_by_me")
        order_by = ("-published_at",)

    def render_title(self, value, record):
        # on a phone the date (or the draft badge) rides under the title: its own column is hidden
        below = _when(record.published_at)[:10] if record.published_at else status_badge(record.status,
                                                                                            record.get_status_display())
        return format_html('<a href="{}">{}</a><span class="d-block d-md-none small text-body-secondary mt-1">{}'
                           "</span>", record.get_absolute_url(), value, below)

    def value_title(self, value):
        return value

    def render_published_at(self, value):
        return _when(value)

    def value_published_at(self, value):
        return _when(value)

    def render_reach(self, record):
        if record.status != "published":
            return "—"
        return format_html('<span data-testid="reach">{} / {}</span>', record.schools_read, record.school_total)

    def value_reach(self, record):
        return f"{record.schools_read} / {record.school_total}" if record.status == "published" else ""


class SchoolReceiptTable(tables.Table):
    """One row per school of the notice's audience: who read it and when."""

    code = tables.Column(attrs={"th": DESKTOP_ONLY["th"],
                                "td": {"class": "font-monospace small d-none d-md-table-cell"}})
    name = tables.Column(verbose_name=gettext_lazy("school"), attrs={"td": {"class": "fw-medium"}})
    township = tables.Column(order_by=("township__code", "township__name", "name"), attrs=DESKTOP_ONLY)
    readers = tables.Column(verbose_name=gettext_lazy("readers"), attrs=NUMBER)
    names = tables.Column(verbose_name=gettext_lazy("who read it"), empty_values=(), orderable=False)
    first_read = tables.Column(verbose_name=gettext_lazy("first read"), attrs=DESKTOP_ONLY)

    class Meta:
        model = School
        fields = ("code", "name", "township", "readers", "names", "first_read")
        order_by = ("township",)
        row_attrs = {"data-read": lambda record: "yes" if record.readers else "no"}

    def render_readers(self, value):
        if not value:
            return format_html('<span class="badge text-bg-warning border" data-testid="unread">{}</span>',
                               _("nobody yet"))
        return value

    def value_readers(self, value):
        return value

    def render_names(self, record):
        if not record.receipts_of_notice:
            return "—"
        return format_html_join("、", '<span class="text-nowrap">{} <small class="text-body-secondary">{}</small>'
                                "</span>", ((r.user, _when(r.read_at)) for r in record.receipts_of_notice))

    def value_names(self, record):
        return "、".join(f"{r.user} {_when(r.read_at)}" for r in record.receipts_of_notice)

    def render_first_read(self, value):
        return _when(value)

    def value_first_read(self, value):
        return _when(value)


class ReminderRunTable(tables.Table):
    started_at = tables.Column(linkify=True)
    state = tables.Column(verbose_name=gettext_lazy("state"), empty_values=(), orderable=False)
    duration_s = tables.Column(attrs=NUMBER)
    delivered = tables.Column(attrs=NUMBER)
    skipped = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    failed_rules = tables.Column(empty_values=(), orderable=False)
    school_failures = tables.Column(verbose_name=gettext_lazy("failed schools"), empty_values=(), orderable=False,
                                    attrs=DESKTOP_ONLY)
    requested_by = tables.Column(verbose_name=gettext_lazy("started by"), empty_values=(), attrs=DESKTOP_ONLY)

    class Meta:
        model = ReminderRun
        fields = ("started_at", "state", "duration_s", "delivered", "skipped", "failed_rules", "school_failures",
                  "requested_by")
        order_by = ("-started_at",)

    def render_started_at(self, value):
        return _when(value)

    def value_started_at(self, value):
        return _when(value)

    def render_state(self, record):
        from houqin.notify.selectors.runs import run_state

        state, label = run_state(record)
        style = {"done": "success", "failed": "warning", "running": "primary", "interrupted": "danger"}[state]
        return format_html('<span class="badge text-bg-{} border" data-testid="run-state">{}</span>', style, label)

    def value_state(self, record):
        from houqin.notify.selectors.runs import run_state

        return run_state(record)[1]

    def render_failed_rules(self, value):
        return "、".join(value) if value else "—"

    def value_failed_rules(self, value):
        return "、".join(value or [])

    def render_school_failures(self, record):
        return sum(stats.get("failed_schools", 0) for stats in (record.rules or {}).values()) or "—"

    def value_school_failures(self, record):
        return sum(stats.get("failed_schools", 0) for stats in (record.rules or {}).values())

    def _starter(self, value):
        if not value:
            return _("schedule")
        user = getattr(getattr(self, "request", None), "user", None)
        if user is not None and (user.is_superuser or value.county_id == user.county_id):
            return str(value)
        return _("another county's administrator")

    def render_requested_by(self, value):
        return self._starter(value)

    def value_requested_by(self, value):
        return self._starter(value)
