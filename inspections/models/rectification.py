"""Rectification orders (整改通知) and the school's answers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import ScopedQuerySet
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School
from inspections.choices import OrderStatus, Severity


class OrderQuerySet(ScopedQuerySet):
    school_path = "school"


class RectificationOrder(models.Model):
    """A finding the school must fix by a deadline; it comes from an inspection, a campaign review,
    a complaint or a recheck. Overdue orders escalate to the bureau."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="rectification_orders",
                               verbose_name=_("school"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    finding = models.TextField(_("finding"), max_length=4000)
    requirement = models.TextField(_("what must be done"), blank=True, max_length=4000)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    deadline = models.DateField(_("deadline"))
    responsible = models.CharField(_("responsible person"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="orders", verbose_name=_("inspection"))
    declaration = models.ForeignKey("inspections.Declaration", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="orders", verbose_name=_("campaign declaration"))
    complaint = models.ForeignKey("inspections.Complaint", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="orders", verbose_name=_("complaint"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    escalated_at = models.DateTimeField(_("escalated to the bureau"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering = ["status", "deadline"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="order_status_deadline"),
            models.Index(fields=["school", "severity"], name="order_school_severity"),
            models.Index(fields=["school", "escalated_at"], name="order_school_escalated"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("inspections:order_detail", args=[self.pk])


class AnswerQuerySet(ScopedQuerySet):
    school_path = "order__school"


class RectificationAnswer(models.Model):
    """The school's answer with evidence, and the inspector's verdict on it."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.PROTECT, related_name="answers",
                              verbose_name=_("order"))
    text = models.TextField(_("what was done"), max_length=4000)
    evidence = EvidenceFileField(_("evidence"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)
    accepted = models.BooleanField(_("accepted"), null=True)
    verdict_note = models.TextField(_("inspector's note"), blank=True, max_length=2000)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("judged by"))
    judged_at = models.DateTimeField(_("judged"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification answer")
        verbose_name_plural = _("rectification answers")
        ordering = ["answered_at"]
