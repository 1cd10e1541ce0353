"""The fleet: buses with their papers, drivers with their qualifications, escorts, and routes."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from houqin.core.uploads import EvidenceFileField
from houqin.org.models import School, phone_validator
from schoolbus.choices import LicenceClass, Operator, VehicleStatus
from schoolbus.models.scope import BusScopedQuerySet


class Vehicle(models.Model):
    """A school bus with its 校车使用许可, annual inspection and the two insurances (条例 第十四条)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="buses", verbose_name=_("school"))
    plate = models.CharField(_("plate"), max_length=10)
    model_name = models.CharField(_("make and model"), max_length=60, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    operator = models.CharField(_("operator"), max_length=10, choices=Operator.choices, default=Operator.SCHOOL)
    company = models.CharField(_("bus company"), max_length=60, blank=True)
    permit_number = models.CharField(_("school-bus permit number"), max_length=40, blank=True)
    permit_expiry = models.DateField(_("permit valid until"), null=True, blank=True)
    permit_scan = EvidenceFileField(_("permit scan"), blank=True)
    inspection_expiry = models.DateField(_("annual inspection valid until"), null=True, blank=True)
    inspection_scan = EvidenceFileField(_("inspection certificate scan"), blank=True)
    compulsory_insurance_expiry = models.DateField(_("compulsory insurance valid until"), null=True, blank=True)
    compulsory_insurance_scan = EvidenceFileField(_("compulsory insurance scan"), blank=True)
    carrier_insurance_expiry = models.DateField(_("carrier liability insurance valid until"), null=True, blank=True)
    carrier_insurance_scan = EvidenceFileField(_("carrier insurance scan"), blank=True)
    gps_fitted = models.BooleanField(_("satellite positioning fitted"), default=False)
    video_fitted = models.BooleanField(_("video recorder fitted"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=VehicleStatus.choices,
                              default=VehicleStatus.IN_SERVICE)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("school bus")
        verbose_name_plural = _("school buses")
        ordering = ["school__name", "plate"]
        constraints = [
            models.UniqueConstraint(fields=["school", "plate"], name="bus_unique_plate",
                                    violation_error_message=_("This plate is registered already.")),
            models.CheckConstraint(condition=Q(seats__gte=1), name="bus_has_seats",
                                   violation_error_message=_("A bus has at least one seat.")),
        ]
        indexes = [models.Index(fields=["permit_expiry"], name="bus_permit_expiry"),
                   models.Index(fields=["inspection_expiry"], name="bus_inspection_expiry")]

    def __str__(self):
        return self.plate

    def get_absolute_url(self):
        return reverse("schoolbus:vehicle_detail", args=[self.pk])


class Driver(models.Model):
    """A school-bus driver with what 条例 第二十三条 asks of one; the rules live in schoolbus.rules."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_drivers", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=30)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[phone_validator])
    date_of_birth = models.DateField(_("date of birth"))
    licence_class = models.CharField(_("licence class"), max_length=2, choices=LicenceClass.choices)
    licence_number = models.CharField(_("licence number"), max_length=30, blank=True)
    licence_first_issued = models.DateField(_("licence first issued"))
    licence_expiry = models.DateField(_("licence valid until"))
    licence_scan = EvidenceFileField(_("licence scan"), blank=True)
    qualification_approved_on = models.DateField(_("school-bus qualification approved on"), null=True, blank=True,
                                                 help_text=_("The date the traffic police approved the driver for "
                                                             "school buses (校车驾驶资格)."))
    qualification_scan = EvidenceFileField(_("qualification scan"), blank=True)
    last_full_score_on = models.DateField(_("last full 12-point score on"), null=True, blank=True,
                                          help_text=_("Leave empty if the driver never reached 12 points."))
    fatal_accident_liability = models.BooleanField(_("liable for a fatal traffic accident"), default=False)
    is_active = models.BooleanField(_("employed"), default=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bus driver")
        verbose_name_plural = _("bus drivers")
        ordering = ["school__name", "-is_active", "name"]
        indexes = [models.Index(fields=["licence_expiry"], name="bus_driver_licence_expiry")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schoolbus:driver_update", args=[self.pk])


class Escort(models.Model):
    """随车照管人员: the adult who rides with the children on every trip."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_escorts", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=30)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[phone_validator])
    trained_on = models.DateField(_("safety training on"), null=True, blank=True)
    is_active = models.BooleanField(_("employed"), default=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bus escort")
        verbose_name_plural = _("bus escorts")
        ordering = ["school__name", "-is_active", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schoolbus:escort_update", args=[self.pk])


def school_days_default():
    return [1, 2, 3, 4, 5]


class Route(models.Model):
    """A bus route: its stops in order, its times, and who and what runs it for how many children."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bus_routes", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=40)
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="routes", verbose_name=_("bus"))
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="routes", verbose_name=_("driver"))
    escort = models.ForeignKey(Escort, on_delete=models.PROTECT, related_name="routes", verbose_name=_("escort"))
    students = models.PositiveSmallIntegerField(_("students carried"))
    morning_departure = models.TimeField(_("morning departure"), null=True, blank=True)
    afternoon_departure = models.TimeField(_("afternoon departure"), null=True, blank=True)
    weekdays = ArrayField(models.PositiveSmallIntegerField(), default=school_days_default,
                          verbose_name=_("days of the week"))
    is_active = models.BooleanField(_("running"), default=True)
    history = HistoricalRecords()

    objects = BusScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bus route")
        verbose_name_plural = _("bus routes")
        ordering = ["school__name", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="bus_route_unique_name",
                                               violation_error_message=_("The school has a route of this name."))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schoolbus:route_detail", args=[self.pk])


class StopQuerySet(BusScopedQuerySet):
    school_path = "route__school"


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops", verbose_name=_("route"))
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("stop"), max_length=40)
    morning_time = models.TimeField(_("morning pick-up"), null=True, blank=True)
    afternoon_time = models.TimeField(_("afternoon drop-off"), null=True, blank=True)
    history = HistoricalRecords()

    objects = StopQuerySet.as_manager()

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["route", "position"]
        constraints = [models.UniqueConstraint(fields=["route", "position"], name="bus_stop_unique_position")]

    def __str__(self):
        return self.name
