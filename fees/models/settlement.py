"""Term settlement of pass-through fees (按学期按实结算, 多退少不补)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fees.choices import SettlementStatus
from fees.models.catalogue import FeeCategory
from fees.models.consent import Student
from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import School, Term

SETTLEMENT_DUE_DAYS = 15


class Settlement(models.Model):
    """A school's account of one pass-through category for one term: what was collected, what was
    spent, and the refund each family is due. Reported within 15 days after the term ends."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("school"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("term"))
    category = models.ForeignKey(
        FeeCategory, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SettlementStatus.choices, default=SettlementStatus.DRAFT
    )
    due_date = models.DateField(_("due"))
    note = models.TextField(_("explanation"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("reported"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("term settlement")
        verbose_name_plural = _("term settlements")
        ordering = ["due_date", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term", "category"],
                name="settlement_unique",
                violation_error_message=_("This settlement exists already."),
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="settlement_status_due")]

    def __str__(self):
        return _("%(school)s %(category)s settlement, %(term)s") % {
            "school": self.school.name, "category": self.category.name, "term": self.term,
        }

    def get_absolute_url(self):
        return reverse("fees:settlement_detail", args=[self.pk])

    @staticmethod
    def due_date_for(term: Term) -> dt.date:
        return term.end_date + dt.timedelta(days=SETTLEMENT_DUE_DAYS)


class SettlementLine(models.Model):
    """One family's line: collected, actually spent, refund due (never a charge for a shortfall)."""

    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines",
                                   verbose_name=_("settlement"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="settlement_lines",
                                verbose_name=_("student"))
    collected = models.DecimalField(_("collected (yuan)"), max_digits=9, decimal_places=2)
    spent = models.DecimalField(_("spent (yuan)"), max_digits=9, decimal_places=2)
    refund = models.DecimalField(_("refund due (yuan)"), max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["student__school_class", "student__name"]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "student"], name="settlement_line_unique"),
            models.CheckConstraint(
                condition=Q(collected__gte=0) & Q(spent__gte=0) & Q(refund__gte=0), name="settlement_line_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.student} {self.refund}"
