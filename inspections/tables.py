"""Columns of the inspections lists (shared by each page and its Excel export)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from houqin.core.tables import DESKTOP_ONLY, StatusColumn
from inspections.models import Campaign


class CampaignTable(tables.Table):
    title = tables.Column(linkify=True)
    campaign_type = tables.Column(accessor="rubric__campaign_type__name", verbose_name=_("campaign type"),
                                  attrs=DESKTOP_ONLY, order_by=("rubric__campaign_type__name",))
    year = tables.Column()
    level = tables.Column(attrs=DESKTOP_ONLY)
    declare_by = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    self_assess_by = tables.DateColumn(format="Y-m-d", attrs=DESKTOP_ONLY)
    status = StatusColumn()

    class Meta:
        model = Campaign
        fields = ("title", "campaign_type", "year", "level", "declare_by", "self_assess_by", "status")
        order_by = ("-year",)
