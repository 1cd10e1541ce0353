from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The fields of the bureau's work the goals of a plan are grouped by (as the work plans of
    logistics offices group them: 规范收费, 食品安全, 校车安全, 设施与资产, 创建, 督查)."""

    FEES = "fees", _("Fees")
    CANTEEN = "canteen", _("Canteens and food safety")
    BUS = "bus", _("School buses")
    ASSETS = "assets", _("Facilities and assets")
    CAMPAIGN = "campaign", _("Campaigns and titles")
    SUPERVISION = "supervision", _("Inspections and complaints")
    OTHER = "other", _("Other")


class GoalStatus(models.TextChoices):
    """How a goal stands, computed from its progress, its deadline and today (never stored)."""

    DONE = "done", _("Done")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


class MeasureKind(models.TextChoices):
    COUNT = "count", _("A number of schools")
    SHARE = "share", _("A share in per cent")
