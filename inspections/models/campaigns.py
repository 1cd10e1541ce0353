"""Campaigns (创建评比): declarations, self-assessments with evidence, reviews by source, results,
titles and rechecks."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import CountyScopedQuerySet, ScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import County, School
from inspections.choices import (
    CampaignStatus,
    DeclarationStatus,
    Grade,
    Level,
    ReviewMethod,
    SourceMode,
    VetoKind,
)
from inspections.models.rubrics import POINTS, CampaignType, Rubric, RubricItem

PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}


class Campaign(models.Model):
    """A year's campaign for one title, run on one rubric (frozen once the campaign opens)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("county"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("rubric"))
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    declare_by = models.DateField(_("declarations by"))
    self_assess_by = models.DateField(_("self-assessments by"))
    review_by = models.DateField(_("reviews by"))
    notice = models.TextField(_("notice to schools"), blank=True, max_length=5000)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:campaign_detail", args=[self.pk])

    @property
    def campaign_type(self) -> CampaignType:
        return self.rubric.campaign_type


class ReviewSource(models.Model):
    """Who scores in the review and with what weight (e.g. leaders 30 %, office 30 %, survey 40 %)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sources",
                                 verbose_name=_("campaign"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("source"), max_length=40)
    weight = models.DecimalField(_("weight (%)"), **PERCENT)
    mode = models.CharField(_("scoring"), max_length=10, choices=SourceMode.choices, default=SourceMode.ITEMS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review source")
        verbose_name_plural = _("review sources")
        ordering = ["campaign", "position"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="review_source_unique",
                                               violation_error_message=_("Each source is named once."))]

    def __str__(self):
        return f"{self.name} {self.weight.normalize():f}%"


class DeclarationQuerySet(ScopedQuerySet):
    school_path = "school"


class Declaration(models.Model):
    """A school's entry in a campaign (申报), carrying its self-assessment, review and result."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name=_("campaign"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="declarations",
                               verbose_name=_("school"))
    status = models.CharField(_("status"), max_length=10, choices=DeclarationStatus.choices,
                              default=DeclarationStatus.DECLARED)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("declared by"))
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)
    decision_note = models.TextField(_("bureau's note"), blank=True, max_length=2000)
    self_report = models.TextField(_("self-assessment report"), blank=True, max_length=20000)
    self_score = models.DecimalField(_("self-assessed score"), **POINTS, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    vetoes = models.JSONField(_("vetoes"), default=list, blank=True)
    reviewed_at = models.DateTimeField(_("review completed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["campaign", "school__township__code", "school__name"]
        indexes = [  # the results list's filters and sorts, within a campaign
            models.Index(fields=["campaign", "status"], name="decl_campaign_status"),
            models.Index(fields=["campaign", "grade"], name="decl_campaign_grade"),
            models.Index(fields=["campaign", "final_score"], name="decl_campaign_final_score"),
            models.Index(fields=["campaign", "self_score"], name="decl_campaign_self_score"),
        ]
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="declaration_once_per_campaign",
                                               violation_error_message=_("The school has declared already."))]

    def __str__(self):
        return f"{self.school} · {self.campaign}"

    def get_absolute_url(self):
        return reverse("inspections:declaration_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """The school can no longer change its self-assessment."""
        return self.status != DeclarationStatus.ACCEPTED


class SelfScore(models.Model):
    """The principal's score for one item, with the evidence in words."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="self_scores",
                                    verbose_name=_("declaration"))
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    evidence = models.TextField(_("evidence"), blank=True, max_length=4000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessed score")
        verbose_name_plural = _("self-assessed scores")
        constraints = [models.UniqueConstraint(fields=["declaration", "item"], name="self_score_once_per_item")]


class SelfEvidenceQuerySet(ScopedQuerySet):
    school_path = "declaration__school"


class SelfEvidence(models.Model):
    """A photo or file shown as evidence for an item."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="evidence_files",
                                    verbose_name=_("declaration"))
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    file = EvidenceFileField(_("file"))
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SelfEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["item", "uploaded_at"]


class ReviewSheet(models.Model):
    """One source's review of a declaration: item scores (or one overall score) and notes."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="review_sheets",
                                    verbose_name=_("declaration"))
    source = models.ForeignKey(ReviewSource, on_delete=models.PROTECT, related_name="sheets",
                               verbose_name=_("source"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("inspector"))
    overall_score = models.DecimalField(_("overall score"), max_digits=5, decimal_places=2, null=True, blank=True,
                                        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    score = models.DecimalField(_("score of this source"), max_digits=5, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("findings"), blank=True, max_length=10000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review sheet")
        verbose_name_plural = _("review sheets")
        constraints = [models.UniqueConstraint(fields=["declaration", "source"], name="review_sheet_once_per_source")]


class ReviewScore(models.Model):
    sheet = models.ForeignKey(ReviewSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet"))
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    points = models.DecimalField(_("points"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    vetoed = models.BooleanField(_("veto condition found"), default=False)
    methods = ArrayField(models.CharField(max_length=10, choices=ReviewMethod.choices), default=list, blank=True,
                         verbose_name=_("methods"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="review_score_once_per_item")]

    @property
    def method_labels(self) -> str:
        labels = dict(ReviewMethod.choices)
        return "、".join(str(labels.get(m, m)) for m in self.methods)


class VetoFactQuerySet(ScopedQuerySet):
    school_path = "school"


class VetoFact(models.Model):
    """A veto fact the bureau records because no ledger holds it (an accident, a penalty …)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="veto_facts", verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=30, choices=VetoKind.choices)
    date = models.DateField(_("date"))
    description = models.TextField(_("what happened"), max_length=2000)
    document = EvidenceFileField(_("document"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = VetoFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("veto fact")
        verbose_name_plural = _("veto facts")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("inspections:vetofact_detail", args=[self.pk])


class TitleQuerySet(ScopedQuerySet):
    school_path = "school"

    def in_force(self):
        return self.filter(revoked_at__isnull=True)


class Title(models.Model):
    """A title awarded to a school (e.g. 2026年度县级放心食堂), shown on the public honour roll until
    a failed recheck revokes it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="titles", verbose_name=_("school"))
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="titles",
                                 verbose_name=_("campaign"))
    campaign_type = models.ForeignKey(CampaignType, on_delete=models.PROTECT, related_name="titles",
                                      verbose_name=_("campaign type"))
    name = models.CharField(_("title"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    awarded_at = models.DateTimeField(_("awarded"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True, max_length=2000)
    history = HistoricalRecords()

    objects = TitleQuerySet.as_manager()

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["-year", "campaign_type__name", "school__name"]
        constraints = [models.UniqueConstraint(fields=["school", "campaign"], name="title_once_per_campaign")]

    def __str__(self):
        return f"{self.school} {self.name}"

    def get_absolute_url(self):
        return reverse("inspections:title_detail", args=[self.pk])


class Recheck(models.Model):
    """An unannounced recheck (复查) of a titled school; a failed one revokes the title."""

    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="rechecks", verbose_name=_("title"))
    date = models.DateField(_("date"))
    passed = models.BooleanField(_("passed"))
    findings = models.TextField(_("findings"), max_length=5000)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("inspector"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recheck")
        verbose_name_plural = _("rechecks")
        ordering = ["-date"]
