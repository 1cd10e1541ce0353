"""The quarterly report (季报) a school sends the bureau, assembled from the data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.org.models import School
from schoolbus.choices import ReportStatus
from schoolbus.models.scope import BusScopedQuerySet


class QuarterlyReport(models.Model):
    """A school's 校车季报: the figures of the quarter as assembled when it was last refreshed, the
    school's note, and the bureau's review."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_reports", verbose_name=_("school"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("figures"), default=dict)
    assembled_at = models.DateTimeField(_("assembled at"))
    note = models.TextField(_("the school's note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                     blank=True, verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                    blank=True, verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("the bureau's comment"), blank=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly bus report")
        verbose_name_plural = _("quarterly bus reports")
        ordering = ["-year", "-quarter", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "quarter"], name="bus_report_once_a_quarter",
                                    violation_error_message=_("The report of this quarter exists already.")),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="bus_report_quarter_1_to_4",
                                   violation_error_message=_("A quarter is 1 to 4.")),
        ]
        indexes = [models.Index(fields=["year", "quarter", "status"], name="bus_report_period_status")]

    def __str__(self):
        return _("%(year)s Q%(quarter)s bus report of %(school)s") % {
            "year": self.year, "quarter": self.quarter, "school": self.school.name}

    def get_absolute_url(self):
        return reverse("schoolbus:report_detail", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"
