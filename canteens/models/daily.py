"""The daily logs of a canteen: the morning check of each person and the food samples of each meal."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from canteens.choices import CheckOutcome, Meal, Symptom
from canteens.models.canteen import Canteen, CanteenStaff, DutyScopedQuerySet


class DailyQuerySet(DutyScopedQuerySet):
    school_path = "canteen__school"


class MorningCheck(models.Model):
    """晨午检: one record per person and day. A symptom takes the person off food handling."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="morning_checks",
                                verbose_name=_("canteen"))
    staff = models.ForeignKey(CanteenStaff, on_delete=models.PROTECT, related_name="morning_checks",
                              verbose_name=_("worker"))
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=CheckOutcome.choices, default=CheckOutcome.FIT)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True,
                                      validators=[MinValueValidator(34), MaxValueValidator(43)])
    symptoms = ArrayField(models.CharField(max_length=20, choices=Symptom.choices), default=list, blank=True,
                          verbose_name=_("symptoms"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    history = HistoricalRecords()

    objects = DailyQuerySet.as_manager()

    class Meta:
        verbose_name = _("morning check")
        verbose_name_plural = _("morning checks")
        ordering = ["-date", "staff__name"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="morning_check_once_a_day",
                                    violation_error_message=_("This person was already checked on this day.")),
            models.CheckConstraint(
                condition=~Q(outcome=CheckOutcome.FIT) | Q(symptoms=[]),
                name="morning_check_symptom_not_fit",
                violation_error_message=_("A person with a symptom cannot handle food today."),
            ),
        ]
        indexes = [models.Index(fields=["canteen", "date"], name="morning_check_canteen_date")]

    def __str__(self):
        return f"{self.date} {self.staff}"


class SampleRecord(models.Model):
    """留样: a sample of one dish of one meal, at least 100 g, kept at least 48 hours."""

    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="samples", verbose_name=_("canteen"))
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    dish = models.CharField(_("dish"), max_length=60)
    weight_g = models.PositiveIntegerField(_("weight (g)"), validators=[MinValueValidator(1), MaxValueValidator(5000)])
    stored_at = models.DateTimeField(_("put in the sample fridge"))
    removed_at = models.DateTimeField(_("taken out"), null=True, blank=True)
    sampled_by = models.CharField(_("sampled by"), max_length=30)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    history = HistoricalRecords()

    objects = DailyQuerySet.as_manager()

    class Meta:
        verbose_name = _("food sample")
        verbose_name_plural = _("food samples")
        ordering = ["-date", "meal", "dish"]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "date", "meal", "dish"], name="sample_once_per_dish",
                                    violation_error_message=_("This dish of this meal is sampled already.")),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | Q(removed_at__gt=F("stored_at")),
                name="sample_removed_after_stored",
                violation_error_message=_("A sample cannot be taken out before it was put in."),
            ),
        ]
        indexes = [models.Index(fields=["canteen", "date"], name="sample_canteen_date")]

    def __str__(self):
        return f"{self.date} {self.get_meal_display()} {self.dish}"
