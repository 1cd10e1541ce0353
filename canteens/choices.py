from django.db import models
from django.utils.translation import gettext_lazy as _


class OperationMode(models.TextChoices):
    SELF = "self", _("Run by the school")
    CONTRACTED = "contracted", _("Contracted out")
    ENTRUSTED = "entrusted", _("Entrusted to a company")


OUTSOURCED_MODES = frozenset({OperationMode.CONTRACTED, OperationMode.ENTRUSTED})


class QuantifiedGrade(models.TextChoices):
    A = "A", _("A (excellent)")
    B = "B", _("B (good)")
    C = "C", _("C (fair)")
    NONE = "", _("Not graded")


class VideoArea(models.TextChoices):
    """The areas 明厨亮灶 must show."""

    STORE = "store", _("Store room")
    ROUGH = "rough", _("Rough processing")
    COOKING = "cooking", _("Cooking")
    SERVING = "serving", _("Serving")
    DINING = "dining", _("Dining hall")


class StaffRole(models.TextChoices):
    COOK = "cook", _("Cook")
    ASSISTANT = "assistant", _("Kitchen assistant")
    BUYER = "buyer", _("Buyer")
    STOREKEEPER = "storekeeper", _("Storekeeper")
    SERVER = "server", _("Server")
    CLEANER = "cleaner", _("Cleaner")
    MANAGER = "manager", _("Canteen manager")


class Symptom(models.TextChoices):
    FEVER = "fever", _("Fever")
    DIARRHOEA = "diarrhoea", _("Diarrhoea")
    VOMITING = "vomiting", _("Vomiting")
    SKIN = "skin", _("Skin infection or open wound")
    THROAT = "throat", _("Cough or sore throat")
    JAUNDICE = "jaundice", _("Jaundice")


class CheckOutcome(models.TextChoices):
    FIT = "fit", _("Fit for work")
    OFF_FOOD = "off_food", _("Off food handling today")
    ABSENT = "absent", _("Not on duty")


class FoodClass(models.TextChoices):
    """色标管理: green plants, red meat, yellow aquatic products."""

    PLANT = "plant", _("Plant food (green)")
    MEAT = "meat", _("Meat and poultry (red)")
    AQUATIC = "aquatic", _("Aquatic products (yellow)")
    DRY = "dry", _("Grain, oil and dry goods")
    OTHER = "other", _("Other")


COLOUR_OF_CLASS = {FoodClass.PLANT: "success", FoodClass.MEAT: "danger", FoodClass.AQUATIC: "warning"}
QUARANTINE_CLASSES = frozenset({FoodClass.MEAT})


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    JIN = "jin", _("jin (500 g)")
    PIECE = "piece", _("piece")
    BOX = "box", _("box")
    BAG = "bag", _("bag")
    LITRE = "litre", _("litre")


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class SupplierStatus(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    EXITED = "exited", _("Exited")


class VisitorRole(models.TextChoices):
    PARENT = "parent", _("Parent supervisor")
    TEACHER = "teacher", _("Teacher supervisor")
    STUDENT = "student", _("Student supervisor")
    COMMITTEE = "committee", _("Diet committee")
    LEADER = "leader", _("School leader on duty")


MIN_SAMPLE_GRAMS = 100
MIN_SAMPLE_HOURS = 48
CERT_WARNING_DAYS = 30
