"""Columns of the school, township and account lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, NUMBER, NUMBER_DESKTOP_ONLY, BooleanIconColumn
from houqin.org.models import School, Township, User


class SchoolTable(tables.Table):
    code = tables.Column(attrs={"th": DESKTOP_ONLY["th"], "td": {"class": "font-monospace small d-none d-md-table-cell"}})
    name = tables.Column(linkify=True, attrs={"td": {"class": "fw-medium"}})
    township = tables.Column(order_by=("township__code", "township__name", "name"), attrs={"td": {"class": "text-nowrap"}})
    school_type = tables.Column()
    student_count = tables.Column(attrs=NUMBER)
    boarding_count = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    has_canteen = BooleanIconColumn(attrs=DESKTOP_ONLY)
    has_dormitory = BooleanIconColumn(attrs=DESKTOP_ONLY)
    has_bus_service = BooleanIconColumn(attrs=DESKTOP_ONLY)
    is_active = BooleanIconColumn(attrs=DESKTOP_ONLY)

    class Meta:
        model = School
        fields = (
            "code",
            "name",
            "township",
            "school_type",
            "student_count",
            "boarding_count",
            "has_canteen",
            "has_dormitory",
            "has_bus_service",
            "is_active",
        )
        order_by = ("township",)


class TownshipTable(tables.Table):
    name = tables.Column(linkify=True)
    code = tables.Column()
    school_count = tables.Column(verbose_name=_("schools"), attrs=NUMBER)
    student_total = tables.Column(verbose_name=_("students"), default=0, attrs=NUMBER)

    class Meta:
        model = Township
        fields = ("name", "code", "school_count", "student_total")
        order_by = ("name",)


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    full_name = tables.Column()
    role = tables.Column()
    organisation = tables.Column(
        verbose_name=_("organisation"), accessor="organisation", orderable=False, empty_values=()
    )
    phone = tables.Column(attrs=DESKTOP_ONLY)
    duties = tables.Column(orderable=False, attrs=DESKTOP_ONLY)
    is_active = BooleanIconColumn(attrs=DESKTOP_ONLY)
    last_login = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)

    class Meta:
        model = User
        fields = ("username", "full_name", "role", "organisation", "phone", "duties", "is_active", "last_login")
        order_by = ("username",)

    def render_duties(self, record):
        return record.get_duties_display() or "—"

    def value_duties(self, record):
        return record.get_duties_display()

    def value_last_login(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def render_organisation(self, record):
        return format_html("{}", record.organisation or "—")
