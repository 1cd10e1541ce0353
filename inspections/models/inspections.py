"""Routine and special inspections with checklists; failed checklist items become rectification
orders. Duty inspections (the frequencies SPEC §6 asks of each inspector)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import CountyScopedQuerySet, ScopedQuerySet
from houqin.org.models import County, School
from inspections.choices import DutyCapacity, InspectionKind, InspectionStatus, Severity


class Checklist(models.Model):
    """The county's checklist for one kind of inspection (e.g. 收费专项治理检查表)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="checklists", verbose_name=_("county"))
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("checklist"))
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("what is checked"), max_length=300)
    severity = models.CharField(_("severity when failed"), max_length=10, choices=Severity.choices,
                                default=Severity.NORMAL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "position"]
        constraints = [models.UniqueConstraint(fields=["checklist", "position"], name="checklist_item_position_unique")]

    def __str__(self):
        return self.text


class InspectionQuerySet(ScopedQuerySet):
    school_path = "school"


class Inspection(models.Model):
    """One visit to a school with a checklist: announced or unannounced (明查暗访)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("school"))
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="inspections",
                                  verbose_name=_("checklist"))
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    date = models.DateField(_("date"))
    announced = models.BooleanField(_("announced"), default=True)
    inspectors = models.CharField(_("inspectors"), max_length=200)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("lead inspector"))
    status = models.CharField(_("status"), max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.school} {self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])


class InspectionResult(models.Model):
    """The outcome of one checklist item in one inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results",
                                   verbose_name=_("inspection"))
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    passed = models.BooleanField(_("passed"), null=True)
    note = models.TextField(_("finding"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspection_result_once_per_item")]


class DutyVisitQuerySet(ScopedQuerySet):
    school_path = "school"


class DutyVisit(models.Model):
    """An inspection a person owes by duty: the township central-school principal (≥ 1 a month per
    school), township logistics staff (≥ 2 a month per school), the principal and the food-safety
    officer in the canteen (≥ 2 a week each)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="duty_visits", verbose_name=_("school"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_visits",
                                  verbose_name=_("inspector"))
    capacity = models.CharField(_("as"), max_length=30, choices=DutyCapacity.choices)
    date = models.DateField(_("date"))
    findings = models.TextField(_("findings"), blank=True, max_length=2000)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = DutyVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty inspection")
        verbose_name_plural = _("duty inspections")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["school", "inspector", "capacity", "date"],
                                               name="duty_visit_once_a_day",
                                               violation_error_message=_("This inspection is recorded already."))]
