"""Complaints from the public (投诉举报): filed without login, followed by a tracking code."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.scoping import ScopedQuerySet
from houqin.org.models import School
from inspections.choices import ComplaintCategory, ComplaintOutcome, ComplaintStatus


class ComplaintQuerySet(ScopedQuerySet):
    school_path = "school"


class Complaint(models.Model):
    """A complaint about a school: the bureau assigns it, the school answers, the bureau closes it.
    Each stage has a deadline. The complainant's contact is for the bureau only."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("school"))
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    category = models.CharField(_("about"), max_length=10, choices=ComplaintCategory.choices)
    text = models.TextField(_("complaint"), max_length=5000)
    contact_name = models.CharField(_("your name"), max_length=30, blank=True)
    contact_phone = models.CharField(_("your phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.FILED)
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    assign_by = models.DateField(_("to be assigned by"))
    answer_by = models.DateField(_("to be answered by"), null=True, blank=True)
    close_by = models.DateField(_("to be closed by"), null=True, blank=True)
    instruction = models.TextField(_("bureau's instruction"), blank=True, max_length=2000)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned by"))
    answer = models.TextField(_("school's answer"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ComplaintOutcome.choices, blank=True)
    serious = models.BooleanField(_("serious"), default=False)
    public_reply = models.TextField(_("reply to the complainant"), blank=True, max_length=2000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    history = HistoricalRecords(excluded_fields=["contact_name", "contact_phone"])

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-filed_at"]
        indexes = [
            models.Index(fields=["school", "status"], name="complaint_school_status"),
            models.Index(fields=["school", "category"], name="complaint_school_category"),
            models.Index(fields=["school", "outcome"], name="complaint_school_outcome"),
            models.Index(fields=["school", "serious"], name="complaint_school_serious"),
            models.Index(fields=["school", "filed_at"], name="complaint_school_filed_at"),
        ]

    def __str__(self):
        return self.tracking_code

    def get_absolute_url(self):
        return reverse("inspections:complaint_detail", args=[self.pk])
