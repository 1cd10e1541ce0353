"""Choices of the school-bus app (SPEC §4, 《校车安全管理条例》)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

EXPIRY_WARNING_DAYS = 30  # permits, inspections, insurances and licences expiring within this are flagged
DRIVER_MIN_AGE, DRIVER_MAX_AGE = 25, 60  # 条例 第二十三条
DRIVER_MIN_YEARS = 3  # years of driving experience
FULL_SCORE_PERIODS = 3  # no full-score (12 points) record in the last 3 scoring periods (of 12 months)
REPORT_DUE_DAY = 10  # the quarterly report is due by the 10th of the month after the quarter


class Operator(models.TextChoices):
    SCHOOL = "school", _("The school")
    COMPANY = "company", _("A bus company")


class VehicleStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    SUSPENDED = "suspended", _("Suspended")
    RETIRED = "retired", _("Retired")


class LicenceClass(models.TextChoices):
    """准驾车型. A1 and A3 (the school-bus class) drive any school bus; B1 only small buses."""

    A1 = "A1", "A1"
    A3 = "A3", "A3"
    B1 = "B1", "B1"
    A2 = "A2", "A2"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


BUS_LICENCE_CLASSES = frozenset({LicenceClass.A1, LicenceClass.A3, LicenceClass.B1})
SMALL_BUS_MAX_SEATS = 19  # a B1 licence drives a bus of at most 19 seats


class Direction(models.TextChoices):
    TO_SCHOOL = "to_school", _("To school")
    HOME = "home", _("From school")


class CheckItem(models.TextChoices):
    """出车前安全检查: what the driver and the bus manager look at before the bus leaves."""

    BRAKES = "brakes", _("Brakes")
    TYRES = "tyres", _("Tyres")
    LIGHTS = "lights", _("Lights and indicators")
    STEERING = "steering", _("Steering")
    DOORS = "doors", _("Doors and emergency exits")
    EXTINGUISHER = "extinguisher", _("Fire extinguisher")
    FIRST_AID = "first_aid", _("First-aid kit")
    HAMMER = "hammer", _("Safety hammers")
    GPS_VIDEO = "gps_video", _("GPS and video working")
    SEAT_BELTS = "seat_belts", _("Seat belts")
    DRIVER_FIT = "driver_fit", _("Driver fit: no alcohol, rested")
    ESCORT_ON_BOARD = "escort_on_board", _("Escort on board")
    SIGNS = "signs", _("School-bus signs and stop sign")


class HazardSeverity(models.TextChoices):
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class Liability(models.TextChoices):
    """The driver's or the operator's share of the liability the traffic police found."""

    NONE = "none", _("No liability")
    MINOR = "minor", _("Minor liability")
    EQUAL = "equal", _("Equal liability")
    MAIN = "main", _("Main liability")
    FULL = "full", _("Full liability")


LIABLE = (Liability.MINOR, Liability.EQUAL, Liability.MAIN, Liability.FULL)


class ActivityKind(models.TextChoices):
    LESSON = "lesson", _("Safety lesson")
    DRILL = "drill", _("Emergency drill")
    TRAINING = "training", _("Training")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Approved by the bureau")
