"""Columns of the campaign, rubric, result, title, veto-fact and plan lists (shared by each page and
its Excel export)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, NUMBER, NUMBER_DESKTOP_ONLY, BooleanIconColumn, StatusColumn
from inspections.choices import Grade
from inspections.models import Campaign, CampaignType, Declaration, InspectionPlan, Rubric, Title, VetoFact

GRADE_STYLE = {Grade.ADVANCED: "success", Grade.QUALIFIED: "primary", Grade.RECTIFY: "danger"}


class CampaignTable(tables.Table):
    title = tables.Column(linkify=True)
    campaign_type = tables.Column(accessor="rubric__campaign_type__name", verbose_name=_("campaign type"),
                                  attrs=DESKTOP_ONLY, order_by=("rubric__campaign_type__name",))
    year = tables.Column()
    level = tables.Column(attrs=DESKTOP_ONLY)
    declare_by = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    self_assess_by = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    declaration_count = tables.Column(verbose_name=_("schools declared"), attrs=NUMBER)
    status = StatusColumn()

    class Meta:
        model = Campaign
        fields = ("title", "campaign_type", "year", "level", "declare_by", "self_assess_by", "declaration_count",
                  "status")
        order_by = ("-year",)


class CampaignTypeTable(tables.Table):
    name = tables.Column(linkify=lambda record: reverse("inspections:campaign_type_update", args=[record.pk]))
    area = tables.Column()
    rubric_count = tables.Column(verbose_name=_("rubrics"), attrs=NUMBER)
    is_active = BooleanIconColumn()

    class Meta:
        model = CampaignType
        fields = ("name", "area", "rubric_count", "is_active")
        order_by = ("name",)


class RubricTable(tables.Table):
    title = tables.Column(linkify=True)
    campaign_type = tables.Column(attrs=DESKTOP_ONLY)
    year = tables.Column()
    level = tables.Column(attrs=DESKTOP_ONLY)
    version = tables.Column(attrs=NUMBER)
    item_count = tables.Column(verbose_name=_("items"), attrs=NUMBER_DESKTOP_ONLY)
    total_points = tables.Column(verbose_name=_("points"), attrs=NUMBER_DESKTOP_ONLY)
    status = StatusColumn()

    class Meta:
        model = Rubric
        fields = ("title", "campaign_type", "year", "level", "version", "item_count", "total_points", "status")
        order_by = ("-year",)

    def render_total_points(self, value):
        return value.normalize() if value is not None else "—"

    def value_total_points(self, value):
        return value


class ResultTable(tables.Table):
    """A campaign's declarations with their scores: the ranking (sorted by final score)."""

    school = tables.Column(accessor="school__name", verbose_name=_("school"), order_by=("school__name",),
                           linkify=lambda record: record.get_absolute_url(), attrs={"td": {"class": "text-nowrap"}})
    township = tables.Column(accessor="school__township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("school__township__code",))
    status = StatusColumn()
    self_score = tables.Column(attrs=NUMBER_DESKTOP_ONLY)
    final_score = tables.Column(attrs=NUMBER)
    grade = tables.Column()
    vetoes = tables.Column(orderable=False, attrs=DESKTOP_ONLY)

    class Meta:
        model = Declaration
        fields = ("school", "township", "status", "self_score", "final_score", "grade", "vetoes")
        order_by = ("-final_score",)

    def render_grade(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', GRADE_STYLE.get(record.grade, "secondary"), value)

    def render_vetoes(self, value):
        return format_html_join("", '<div class="small text-danger">{}</div>', ((v["detail"],) for v in value)) or "—"

    def value_vetoes(self, value):
        return "；".join(v["detail"] for v in value)


class TitleTable(tables.Table):
    school = tables.Column(accessor="school__name", verbose_name=_("school"), order_by=("school__name",),
                           linkify=lambda record: record.get_absolute_url())
    township = tables.Column(accessor="school__township__name", verbose_name=_("township"), attrs=DESKTOP_ONLY,
                             order_by=("school__township__code",))
    name = tables.Column()
    level = tables.Column(attrs=DESKTOP_ONLY)
    year = tables.Column()
    awarded_at = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    revoked_at = tables.DateColumn(format="Y-m-d", verbose_name=_("revoked"))

    class Meta:
        model = Title
        fields = ("school", "township", "name", "level", "year", "awarded_at", "revoked_at")
        order_by = ("-year",)


class VetoFactTable(tables.Table):
    school = tables.Column(accessor="school__name", verbose_name=_("school"), order_by=("school__name",),
                           linkify=lambda record: record.get_absolute_url())
    kind = tables.Column()
    date = tables.DateColumn(format="Y-m-d")
    description = tables.Column(attrs=DESKTOP_ONLY)
    voided_at = tables.DateColumn(format="Y-m-d", verbose_name=_("voided"), attrs=DESKTOP_ONLY)

    class Meta:
        model = VetoFact
        fields = ("school", "kind", "date", "description", "voided_at")
        order_by = ("-date",)
        row_attrs = {"class": lambda record: "text-decoration-line-through text-body-secondary" if record.voided_at
                     else ""}


class PlanTable(tables.Table):
    month = tables.DateColumn(format="Y-m", linkify=True)
    by_risk = tables.Column(attrs=NUMBER)
    at_random = tables.Column(attrs=NUMBER)
    entry_count = tables.Column(verbose_name=_("schools planned"), attrs=NUMBER)
    seed = tables.Column(attrs=DESKTOP_ONLY)
    drawn_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=DESKTOP_ONLY)

    class Meta:
        model = InspectionPlan
        fields = ("month", "by_risk", "at_random", "entry_count", "seed", "drawn_at")
        order_by = ("-month",)
