"""Safety work around the buses: hazard checks, accidents, lessons, drills and trainings."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School
from schoolbus.choices import ActivityKind, HazardSeverity, Liability
from schoolbus.models.fleet import Driver, Vehicle
from schoolbus.models.scope import BusScopedQuerySet


class HazardCheck(models.Model):
    """隐患排查: a check of a bus, a route or a stop, what it found and how it was put right."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_hazard_checks",
                               verbose_name=_("school"))
    date = models.DateField(_("date"))
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="hazard_checks",
                                verbose_name=_("bus"))
    place = models.CharField(_("what was checked"), max_length=100,
                             help_text=_("The bus, a road section or a stop."))
    findings = models.TextField(_("findings"), blank=True, help_text=_("Leave empty if nothing was found."))
    severity = models.CharField(_("severity"), max_length=10, choices=HazardSeverity.choices,
                                default=HazardSeverity.GENERAL)
    deadline = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.TextField(_("what was done"), blank=True)
    checked_by = models.CharField(_("checked by"), max_length=60)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard check")
        verbose_name_plural = _("hazard checks")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place}"

    def get_absolute_url(self):
        return reverse("schoolbus:hazard_update", args=[self.pk])

    @property
    def open(self) -> bool:
        return bool(self.findings.strip()) and self.rectified_on is None


class Accident(models.Model):
    """A traffic accident of a school bus. Liability for a death bars the driver from school buses."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_accidents", verbose_name=_("school"))
    date = models.DateField(_("date"))
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("bus"))
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("driver"))
    place = models.CharField(_("place"), max_length=100)
    description = models.TextField(_("what happened"))
    injured = models.PositiveSmallIntegerField(_("injured"), default=0)
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0)
    liability = models.CharField(_("liability of the bus"), max_length=10, choices=Liability.choices,
                                 default=Liability.NONE)
    reported_on = models.DateField(_("reported to the bureau on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bus accident")
        verbose_name_plural = _("bus accidents")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.vehicle}"

    def get_absolute_url(self):
        return reverse("schoolbus:accident_update", args=[self.pk])


class SafetyActivity(models.Model):
    """A safety lesson, an emergency drill (at least one per semester, materials to the bureau by
    the end of June) or a training of drivers and escorts (at least one per school year)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_activities",
                               verbose_name=_("school"))
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    participants = models.PositiveIntegerField(_("participants"))
    description = models.TextField(_("description"), blank=True)
    materials = EvidenceFileField(_("materials (plan, photos)"), blank=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety activity")
        verbose_name_plural = _("safety activities")
        ordering = ["-date"]
        constraints = [models.CheckConstraint(condition=Q(participants__gte=1), name="bus_activity_participants",
                                              violation_error_message=_("At least one person takes part."))]
        indexes = [models.Index(fields=["school", "kind", "date"], name="bus_activity_school_kind")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("schoolbus:activity_update", args=[self.pk])
