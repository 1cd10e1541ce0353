"""Canteens and the people who work in them, with their two certificates (二证)."""

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from canteens.choices import CERT_WARNING_DAYS, OperationMode, QuantifiedGrade, StaffRole, VideoArea
from houqin.core.scoping import ScopedQuerySet
from houqin.org.choices import Duty, Role
from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School, phone_validator


class DutyScopedQuerySet(ScopedQuerySet):
    """School scope, narrowed further by duty: school staff see the canteen's records only if they
    keep the canteen (食堂管理员, 食品安全管理员) — or, for `FINANCE_TOO` records, keep its money."""

    finance_too = False

    def visible_to(self, user):
        queryset = super().visible_to(user)
        if user.is_authenticated and user.role == Role.SCHOOL_STAFF:
            allowed = {Duty.CANTEEN_MANAGER, Duty.FOOD_SAFETY_OFFICER} | ({Duty.FINANCE} if self.finance_too else set())
            if not set(user.duties or ()) & allowed:
                return queryset.none()
        return queryset


class CanteenQuerySet(DutyScopedQuerySet):
    finance_too = True


class Canteen(models.Model):
    """A school canteen and what the food authority and the 明厨亮灶 programme ask of it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="canteens", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=50, default="学生食堂")
    operation_mode = models.CharField(_("operation"), max_length=20, choices=OperationMode.choices,
                                      default=OperationMode.SELF)
    licence_number = models.CharField(_("food business licence"), max_length=40, blank=True)
    licence_expiry = models.DateField(_("licence valid until"), null=True, blank=True)
    licence_scan = EvidenceFileField(_("licence scan"), blank=True)
    quantified_grade = models.CharField(_("quantified grade"), max_length=2, choices=QuantifiedGrade.choices,
                                        blank=True)
    video_areas = ArrayField(models.CharField(max_length=20, choices=VideoArea.choices), default=list, blank=True,
                             verbose_name=_("areas under video (明厨亮灶)"))
    one_way_flow = models.BooleanField(_("one-way flow layout"), default=False)
    sample_fridge = models.BooleanField(_("sample fridge (48 h)"), default=False)
    seats = models.PositiveIntegerField(_("seats"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = CanteenQuerySet.as_manager()

    class Meta:
        verbose_name = _("canteen")
        verbose_name_plural = _("canteens")
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="canteen_unique_name",
                                    violation_error_message=_("The school already has a canteen of this name.")),
        ]

    def __str__(self):
        return f"{self.school.name} {self.name}"

    def get_absolute_url(self):
        return reverse("canteens:canteen_detail", args=[self.pk])

    @property
    def missing_video_areas(self) -> list[str]:
        return [str(label) for value, label in VideoArea.choices if value not in self.video_areas]


class StaffQuerySet(DutyScopedQuerySet):
    school_path = "canteen__school"


def certificate_state(expiry: dt.date | None, today: dt.date) -> str:
    """valid, expiring (within 30 days), expired, or missing."""
    if expiry is None:
        return "missing"
    if expiry < today:
        return "expired"
    if expiry <= today + dt.timedelta(days=CERT_WARNING_DAYS):
        return "expiring"
    return "valid"


class CanteenStaff(models.Model):
    """A person working in a canteen, with the health certificate and the training certificate.
    Without both valid on a day, the person cannot be put on that day's roster."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="staff", verbose_name=_("canteen"))
    name = models.CharField(_("name"), max_length=30)
    role = models.CharField(_("job"), max_length=20, choices=StaffRole.choices, default=StaffRole.ASSISTANT)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[phone_validator])
    health_number = models.CharField(_("health certificate number"), max_length=40, blank=True)
    health_issued = models.DateField(_("health certificate issued"), null=True, blank=True)
    health_expiry = models.DateField(_("health certificate valid until"), null=True, blank=True)
    health_scan = EvidenceFileField(_("health certificate scan"), blank=True)
    training_number = models.CharField(_("training certificate number"), max_length=40, blank=True)
    training_issued = models.DateField(_("training certificate issued"), null=True, blank=True)
    training_expiry = models.DateField(_("training certificate valid until"), null=True, blank=True)
    training_scan = EvidenceFileField(_("training certificate scan"), blank=True)
    is_active = models.BooleanField(_("employed"), default=True)
    history = HistoricalRecords()

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("canteen worker")
        verbose_name_plural = _("canteen workers")
        ordering = ["canteen", "-is_active", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(health_expiry__isnull=True) | Q(health_issued__isnull=True)
                | Q(health_expiry__gt=F("health_issued")),
                name="staff_health_expiry_after_issue",
                violation_error_message=_("A certificate must expire after it was issued."),
            ),
            models.CheckConstraint(
                condition=Q(training_expiry__isnull=True) | Q(training_issued__isnull=True)
                | Q(training_expiry__gt=F("training_issued")),
                name="staff_training_expiry_after_issue",
                violation_error_message=_("A certificate must expire after it was issued."),
            ),
        ]
        indexes = [
            models.Index(fields=["health_expiry"], name="staff_health_expiry"),
            models.Index(fields=["training_expiry"], name="staff_training_expiry"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("canteens:staff_update", args=[self.pk])

    def certificate_states(self, today: dt.date) -> dict[str, str]:
        return {"health": certificate_state(self.health_expiry, today),
                "training": certificate_state(self.training_expiry, today)}

    def may_handle_food(self, today: dt.date) -> bool:
        """Both certificates numbered, issued by `today` and not expired (expiring soon is valid)."""
        for prefix in ("health", "training"):
            issued = getattr(self, f"{prefix}_issued")
            if not getattr(self, f"{prefix}_number").strip() or issued is None or issued > today:
                return False
        return all(state in ("valid", "expiring") for state in self.certificate_states(today).values())
