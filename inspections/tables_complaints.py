"""Columns of the complaint list (shared by the page and its Excel export). The complainant's
contact columns exist only for the bureau: the view drops them for everyone else."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from houqin.core.tables import DESKTOP_ONLY, BooleanIconColumn, StatusColumn
from inspections.models import Complaint
from inspections.services.complaints import tracking_code_format

CONTACT_COLUMNS = ("contact_name", "contact_phone")
WIDE_ONLY = {"th": {"class": "d-none d-xl-table-cell"}, "td": {"class": "d-none d-xl-table-cell text-nowrap"}}
STATUS_STYLE = {"filed": "primary", "assigned": "warning", "answered": "info", "closed": "success"}


def complaint_status_badge(record):
    return format_html('<span class="badge text-bg-{} border">{}</span>',
                       STATUS_STYLE.get(record.status, "secondary"), record.get_status_display())


class ComplaintStatusColumn(StatusColumn):
    def render(self, value, record, bound_column):
        return complaint_status_badge(record)


class ComplaintTable(tables.Table):
    tracking_code = tables.Column(linkify=True, verbose_name=gettext_lazy("tracking code"))
    school = tables.Column(accessor="school__name", verbose_name=gettext_lazy("school"),
                           order_by=("school__name",))
    category = tables.Column(attrs=DESKTOP_ONLY)
    filed_at = tables.DateColumn(format="Y-m-d", verbose_name=gettext_lazy("filed"), attrs=DESKTOP_ONLY)
    status = ComplaintStatusColumn(attrs=DESKTOP_ONLY)
    deadline = tables.Column(verbose_name=gettext_lazy("deadline"), empty_values=(), order_by=("deadline",))
    serious = BooleanIconColumn(attrs=DESKTOP_ONLY)
    outcome = tables.Column(attrs=DESKTOP_ONLY)
    text = tables.Column(attrs=WIDE_ONLY, orderable=False)
    contact_name = tables.Column(attrs=WIDE_ONLY, orderable=False)
    contact_phone = tables.Column(attrs=WIDE_ONLY, orderable=False)

    class Meta:
        model = Complaint
        fields = ("tracking_code", "school", "category", "filed_at", "status", "deadline", "serious", "outcome",
                  "text", "contact_name", "contact_phone")
        order_by = ("-filed_at",)

    def render_tracking_code(self, value, record):
        # on a phone the stage and the category ride under the code (their own columns are hidden)
        return format_html('<span class="font-monospace text-nowrap">{}</span>'
                           '<span class="d-block d-md-none small mt-1">{} {}</span>',
                           tracking_code_format(value), complaint_status_badge(record), record.get_category_display())

    def value_tracking_code(self, value):
        return tracking_code_format(value)

    def render_deadline(self, value, record):
        if value is None:
            return "—"
        if value < timezone.localdate():
            return format_html('<span class="text-nowrap">{}</span> <span class="badge text-bg-danger" '
                               'data-testid="overdue">{}</span>', value.isoformat(), _("overdue"))
        return value.isoformat()

    def value_deadline(self, value, record):
        if value is None:
            return ""
        return f"{value.isoformat()} {_('overdue')}" if value < timezone.localdate() else value.isoformat()

    def render_text(self, value):
        return Truncator(value).chars(14)

    def value_text(self, value):
        return value
