"""Column types shared by every list."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext as _


# Columns a phone does not show (the Excel export keeps them).
DESKTOP_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
NUMBER_DESKTOP_ONLY = {"th": {"class": "text-end d-none d-md-table-cell"}, "td": {"class": "text-end d-none d-md-table-cell"}}


class BooleanIconColumn(tables.BooleanColumn):
    """A tick or a dash on screen (with text for screen readers); 是/否 in the export."""

    def render(self, value, record, bound_column):
        if self._get_bool_value(record, value, bound_column):
            return format_html('<i class="bi bi-check-circle-fill text-success" aria-hidden="true"></i>'
                               '<span class="visually-hidden">{}</span>', _("Yes"))
        return format_html('<span class="text-body-secondary" aria-hidden="true">–</span>'
                           '<span class="visually-hidden">{}</span>', _("No"))

    def value(self, record, value, bound_column):
        return _("Yes") if self._get_bool_value(record, value, bound_column) else _("No")


STATUS_STYLES = {
    "draft": "secondary", "submitted": "primary", "returned": "warning", "approved": "info",
    "published": "success", "superseded": "light", "open": "primary", "closed": "success", "overdue": "danger",
    "active": "success", "retired": "light", "review": "warning", "declared": "primary", "accepted": "info",
    "rejected": "secondary", "reviewed": "success", "answered": "info", "verified": "success", "done": "success",
    "filed": "primary", "assigned": "warning",
}


def status_badge(value: str, label) -> str:
    """A coloured badge for a workflow status (the colours are the same in every app)."""
    style = STATUS_STYLES.get(value, "secondary")
    return format_html('<span class="badge text-bg-{} border">{}</span>', style, label)


class StatusColumn(tables.Column):
    """A choices field shown as a badge; its label in the export."""

    def render(self, value, record, bound_column):
        raw = getattr(record, bound_column.accessor.split(".")[-1])
        return status_badge(raw, value)
