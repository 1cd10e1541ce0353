from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    BUREAU_INSPECTOR = "bureau_inspector", _("Bureau inspector")
    TOWNSHIP_SUPERVISOR = "township_supervisor", _("Township supervisor")
    PRINCIPAL = "principal", _("Principal")
    SCHOOL_STAFF = "school_staff", _("School staff")


BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR})
SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.SCHOOL_STAFF})


class Duty(models.TextChoices):
    """What a school staff member keeps the ledgers of."""

    CANTEEN_MANAGER = "canteen_manager", _("Canteen manager")
    FOOD_SAFETY_OFFICER = "food_safety_officer", _("Food-safety officer")
    ASSET_MANAGER = "asset_manager", _("Asset manager")
    BUS_MANAGER = "bus_manager", _("School-bus manager")
    FINANCE = "finance", _("Finance")


class TownshipPost(models.TextChoices):
    """Which township duty a supervisor account holds (SPEC §6 duty inspection frequencies)."""

    HEAD = "head", _("Central-school principal")
    LOGISTICS = "logistics", _("Township logistics staff")


class SchoolType(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    COMPLETE_SECONDARY = "complete_secondary", _("Complete secondary school")
    SENIOR = "senior", _("Senior secondary school")
    TEACHING_POINT = "teaching_point", _("Teaching point")
    SPECIAL = "special", _("Special education school")


# School types that belong to compulsory education (义务教育), where contracted-out canteens and
# several fees are forbidden.
COMPULSORY_TYPES = frozenset(
    {
        SchoolType.PRIMARY,
        SchoolType.JUNIOR,
        SchoolType.NINE_YEAR,
        SchoolType.COMPLETE_SECONDARY,
        SchoolType.TEACHING_POINT,
        SchoolType.SPECIAL,
    }
)
