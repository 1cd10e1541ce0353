"""Rubrics (评分细则): campaign types, versioned rubrics with sections and scoring items."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import CountyScopedQuerySet
from houqin.org.models import County
from inspections.choices import CampaignArea, LedgerFigure, Level, RubricStatus

POINTS = {"max_digits": 5, "decimal_places": 1}


class CampaignType(models.Model):
    """A kind of title the county awards (放心食堂, 文明宿舍, …); the bureau adds its own."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="campaign_types",
                               verbose_name=_("county"))
    name = models.CharField(_("name"), max_length=40)
    area = models.CharField(_("area judged"), max_length=20, choices=CampaignArea.choices)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign type")
        verbose_name_plural = _("campaign types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="campaign_type_unique_in_county",
                                               violation_error_message=_("This campaign type exists already."))]

    def __str__(self):
        return self.name


class Rubric(models.Model):
    """One version of a rubric for a campaign type, year and level. A draft is edited (or imported
    from Excel); once in use it is frozen, and a change is a new version."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("county"))
    campaign_type = models.ForeignKey(CampaignType, on_delete=models.PROTECT, related_name="rubrics",
                                      verbose_name=_("campaign type"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=RubricStatus.choices, default=RubricStatus.DRAFT)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("previous version"))
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-year", "campaign_type__name", "-version"]
        constraints = [models.UniqueConstraint(
            fields=["campaign_type", "year", "level", "version"], name="rubric_version_unique",
            violation_error_message=_("This version of the rubric exists already."))]

    def __str__(self):
        return f"{self.title}（{self.year}，v{self.version}）"

    def get_absolute_url(self):
        return reverse("inspections:rubric_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == RubricStatus.DRAFT


class RubricSection(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="sections", verbose_name=_("rubric"))
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric section")
        verbose_name_plural = _("rubric sections")
        ordering = ["rubric", "position"]
        constraints = [models.UniqueConstraint(fields=["rubric", "position"], name="rubric_section_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class RubricItem(models.Model):
    """A scoring item: what is judged, its maximum points, how to score it, the evidence a school
    shows, whether failing it vetoes the title, and the ledger figure it may be bound to."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("rubric"))
    section = models.ForeignKey(RubricSection, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("section"))
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("number"), max_length=10)
    text = models.CharField(_("item"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), **POINTS,
                                     validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    guidance = models.TextField(_("scoring guidance"), blank=True, max_length=2000)
    required_evidence = models.TextField(_("evidence required"), blank=True, max_length=1000)
    is_veto = models.BooleanField(_("veto item (一票否决)"), default=False)
    ledger_figure = models.CharField(_("bound to the ledger figure"), max_length=30, choices=LedgerFigure.choices,
                                     blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric", "section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_code_unique",
                                               violation_error_message=_("Item numbers are unique in a rubric."))]

    def __str__(self):
        return f"{self.code} {self.text}"
