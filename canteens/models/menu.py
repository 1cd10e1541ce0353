"""The weekly menu (周食谱) with the day's dish prices (每天菜价), published to parents."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from canteens.choices import Meal
from canteens.models.canteen import Canteen, DutyScopedQuerySet


class MenuQuerySet(DutyScopedQuerySet):
    school_path = "canteen__school"

    def published(self):
        return self.filter(published_at__isnull=False)


class WeeklyMenu(models.Model):
    canteen = models.ForeignKey(Canteen, on_delete=models.PROTECT, related_name="menus", verbose_name=_("canteen"))
    week_start = models.DateField(_("week of (Monday)"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    history = HistoricalRecords()

    objects = MenuQuerySet.as_manager()

    class Meta:
        verbose_name = _("weekly menu")
        verbose_name_plural = _("weekly menus")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "week_start"], name="menu_once_per_week",
                                    violation_error_message=_("This canteen already has a menu for this week.")),
            models.CheckConstraint(condition=Q(week_start__week_day=2), name="menu_week_starts_monday",
                                   violation_error_message=_("A weekly menu starts on a Monday.")),
        ]

    def __str__(self):
        return f"{self.canteen} {self.week_start:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("canteens:menu_detail", args=[self.pk])


class MenuDish(models.Model):
    menu = models.ForeignKey(WeeklyMenu, on_delete=models.CASCADE, related_name="dishes", verbose_name=_("menu"))
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    name = models.CharField(_("dish"), max_length=60)
    price = models.DecimalField(_("price (yuan)"), max_digits=6, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(500)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dish")
        verbose_name_plural = _("dishes")
        ordering = ["date", "meal", "position", "pk"]
        # the daily reminder reads yesterday's dishes of every canteen of the province
        indexes = [models.Index(fields=["date"], name="menu_dish_date")]
        constraints = [
            models.UniqueConstraint(fields=["menu", "date", "meal", "name"], name="dish_once_per_meal",
                                    violation_error_message=_("This dish is already on this meal.")),
        ]

    def __str__(self):
        return self.name
