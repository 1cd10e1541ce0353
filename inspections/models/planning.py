"""Risk-based inspection plans (双随机 plus risk weighting), recorded with the seed of the draw."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import CountyScopedQuerySet
from houqin.org.models import County, School
from inspections.choices import PlanReason


class InspectionPlan(models.Model):
    """A month's plan: the schools with the highest risk, plus a random draw from the rest. The seed
    and the risk scores at the time of the draw are kept, so anyone can re-run it."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="inspection_plans",
                               verbose_name=_("county"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    by_risk = models.PositiveSmallIntegerField(_("schools by risk"))
    at_random = models.PositiveSmallIntegerField(_("schools at random"))
    seed = models.CharField(_("seed of the draw"), max_length=64)
    scores = models.JSONField(_("risk scores at the draw"), default=dict)
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("drawn by"))
    history = HistoricalRecords()

    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="inspection_plan_once_a_month",
                                               violation_error_message=_("This month's plan is drawn already."))]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])


class PlanEntry(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="entries",
                             verbose_name=_("plan"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    reason = models.CharField(_("chosen"), max_length=10, choices=PlanReason.choices)
    risk_score = models.DecimalField(_("risk score"), max_digits=7, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("planned inspection")
        verbose_name_plural = _("planned inspections")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "school"], name="plan_school_once")]
