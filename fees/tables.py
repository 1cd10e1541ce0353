"""Columns of the fees lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fees.models import FeeCategory, FeeNotice, ForbiddenItem, PolicyDocument, SchoolClass, Settlement
from houqin.core.tables import DESKTOP_ONLY, NUMBER, BooleanIconColumn, StatusColumn
from houqin.org.models import School


class NoticeTable(tables.Table):
    school = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("school__name",))
    term = tables.Column(order_by=("term__school_year", "term__semester"))
    version = tables.Column(attrs=NUMBER)
    status = StatusColumn()
    item_count = tables.Column(verbose_name=_("items"), attrs=NUMBER)
    findings_count = tables.Column(attrs=NUMBER)
    submitted_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)
    published_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)

    class Meta:
        model = FeeNotice
        fields = ("school", "term", "version", "status", "item_count", "findings_count", "submitted_at", "published_at")
        order_by = ("-submitted_at",)

    def render_findings_count(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return format_html('<span class="text-success">{}</span>', 0)


class FindingsTable(NoticeTable):
    findings = tables.Column(verbose_name=_("findings"), orderable=False, empty_values=())

    class Meta(NoticeTable.Meta):
        fields = ("school", "term", "version", "status", "findings")
        order_by = ("school",)

    def render_findings(self, record):
        from fees.rules import Finding

        items = [Finding.from_json(f) for f in record.findings]
        rows = format_html_join("", "<li><strong>{}</strong>：{}</li>", ((f.label, f.message) for f in items))
        return format_html("<ul class='small mb-0 ps-3'>{}</ul>", rows)

    def value_findings(self, record):
        from fees.rules import Finding

        return "\n".join(f"{f.label}：{f.message}" for f in (Finding.from_json(x) for x in record.findings))


class MissingNoticeTable(tables.Table):
    code = tables.Column(attrs=DESKTOP_ONLY)
    name = tables.Column(linkify=True)
    township = tables.Column()
    in_progress = BooleanIconColumn(verbose_name=_("draft in progress"))

    class Meta:
        model = School
        fields = ("code", "name", "township", "school_type", "in_progress")
        order_by = ("township", "name")


class CategoryTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    requires_voluntary = BooleanIconColumn()
    requires_supplier_disclosure = BooleanIconColumn(attrs=DESKTOP_ONLY)
    school_may_not_collect = BooleanIconColumn(attrs=DESKTOP_ONLY)
    policy = tables.Column(attrs=DESKTOP_ONLY)
    cap_count = tables.Column(verbose_name=_("caps"), attrs=NUMBER)
    is_active = BooleanIconColumn()

    class Meta:
        model = FeeCategory
        fields = ("name", "kind", "requires_voluntary", "requires_supplier_disclosure", "school_may_not_collect",
                  "policy", "cap_count", "is_active")
        order_by = ("position",)


class PolicyTable(tables.Table):
    number = tables.Column(linkify=True)
    title = tables.Column()
    issuer = tables.Column(attrs=DESKTOP_ONLY)
    issued_on = tables.DateColumn(format="Y-m-d")
    is_active = BooleanIconColumn()

    class Meta:
        model = PolicyDocument
        fields = ("number", "title", "issuer", "issued_on", "is_active")


class ForbiddenTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ForbiddenItem
        fields = ("name", "keywords", "policy", "reason")


class ClassTable(tables.Table):
    name = tables.Column(linkify=True)
    student_count = tables.Column(verbose_name=_("students"), attrs=NUMBER)

    class Meta:
        model = SchoolClass
        fields = ("school_year", "name", "student_count")
        order_by = ("position",)


class SettlementTable(tables.Table):
    school = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("school__name",))
    term = tables.Column(order_by=("term__school_year", "term__semester"))
    category = tables.Column()
    status = StatusColumn()
    due_date = tables.DateColumn(format="Y-m-d")
    line_count = tables.Column(verbose_name=_("families"), attrs=NUMBER)
    submitted_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)

    class Meta:
        model = Settlement
        fields = ("school", "term", "category", "status", "due_date", "line_count", "submitted_at")
        order_by = ("due_date",)
