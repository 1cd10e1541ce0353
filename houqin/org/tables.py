"""Columns of the school, township and account lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import BooleanIconColumn
from houqin.org.models import School, Township, User


class SchoolTable(tables.Table):
    code = tables.Column(attrs={"td": {"class": "font-monospace small"}})
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap fw-medium"}})
    township = tables.Column(order_by=("township__code", "township__name", "name"), attrs={"td": {"class": "text-nowrap"}})
    school_type = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    student_count = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    boarding_count = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    has_canteen = BooleanIconColumn()
    has_dormitory = BooleanIconColumn()
    has_bus_service = BooleanIconColumn()
    is_active = BooleanIconColumn()

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
    school_count = tables.Column(verbose_name=_("schools"), attrs={"td": {"class": "text-end"}})
    student_total = tables.Column(verbose_name=_("students"), default=0, attrs={"td": {"class": "text-end"}})

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
    duties = tables.Column(orderable=False)
    is_active = BooleanIconColumn()
    last_login = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = User
        fields = ("username", "full_name", "role", "organisation", "phone", "duties", "is_active", "last_login")
        order_by = ("username",)

    def render_duties(self, record):
        return record.get_duties_display() or "—"

    def value_duties(self, record):
        return record.get_duties_display()

    def render_organisation(self, record):
        return format_html("{}", record.organisation or "—")
