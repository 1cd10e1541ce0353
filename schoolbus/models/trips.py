"""A trip: one run of a route on a day, with the pre-departure check and the head count."""

from django.contrib.postgres.fields import ArrayField
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.org.models import School
from schoolbus.choices import CheckItem, Direction
from schoolbus.models.fleet import Driver, Escort, Route, Vehicle
from schoolbus.models.scope import BusScopedQuerySet


class Trip(models.Model):
    """出车前安全检查 and 上下车清点: what was checked before the bus left, who ran it, how many
    children got on and how many got off. Counts that differ raise an alert until resolved."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_trips", verbose_name=_("school"))
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="trips", verbose_name=_("route"))
    date = models.DateField(_("date"))
    direction = models.CharField(_("trip"), max_length=10, choices=Direction.choices)
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="trips", verbose_name=_("bus"))
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="trips", verbose_name=_("driver"))
    escort = models.ForeignKey(Escort, on_delete=models.PROTECT, related_name="trips", verbose_name=_("escort"))
    checks_passed = ArrayField(models.CharField(max_length=20, choices=CheckItem.choices), default=list, blank=True,
                               verbose_name=_("checks passed"))
    check_note = models.CharField(_("check note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"))
    boarded = models.PositiveSmallIntegerField(_("children boarded"), null=True, blank=True)
    alighted = models.PositiveSmallIntegerField(_("children alighted"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    resolution = models.CharField(_("how the difference was resolved"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                    blank=True, verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-date", "route__name", "direction"]
        constraints = [
            models.UniqueConstraint(fields=["route", "date", "direction"], name="bus_trip_once_a_day",
                                    violation_error_message=_("This trip is recorded already.")),
            models.CheckConstraint(condition=Q(alighted__isnull=True) | Q(boarded__isnull=False),
                                   name="bus_trip_alighted_after_boarded",
                                   violation_error_message=_("Count the children boarding first.")),
        ]
        indexes = [models.Index(fields=["school", "-date"], name="bus_trip_school_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.route} {self.get_direction_display()}"

    def get_absolute_url(self):
        return reverse("schoolbus:trip_detail", args=[self.pk])

    @property
    def failed_checks(self) -> list[str]:
        return [str(label) for value, label in CheckItem.choices if value not in self.checks_passed]

    @property
    def mismatch(self) -> bool:
        return self.boarded is not None and self.alighted is not None and self.boarded != self.alighted

    @property
    def open_alert(self) -> bool:
        return self.mismatch and self.resolved_at is None


MISMATCH_Q = Q(boarded__isnull=False, alighted__isnull=False) & ~Q(boarded=F("alighted"))
