"""Choices of the assets app (SPEC §5)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Asset classes as schools keep them (after GB/T 14885), each with its usual useful life."""

    BUILDING = "building", _("Buildings and structures")
    COMPUTER = "computer", _("Computers and network equipment")
    OFFICE = "office", _("Office equipment")
    AUDIOVISUAL = "audiovisual", _("Audio-visual teaching equipment")
    TEACHING = "teaching", _("Teaching instruments")
    SPORTS = "sports", _("Sports equipment")
    FURNITURE = "furniture", _("Furniture and fittings")
    KITCHEN = "kitchen", _("Canteen and kitchen equipment")
    VEHICLE = "vehicle", _("Vehicles")
    BOOKS = "books", _("Books and archives")
    OTHER = "other", _("Other")


# Useful life in years by category (财政部 固定资产折旧年限表); 0: not depreciated (books).
DEFAULT_LIFE_YEARS = {
    Category.BUILDING: 50, Category.COMPUTER: 6, Category.OFFICE: 6, Category.AUDIOVISUAL: 5,
    Category.TEACHING: 10, Category.SPORTS: 10, Category.FURNITURE: 15, Category.KITCHEN: 10,
    Category.VEHICLE: 8, Category.BOOKS: 0, Category.OTHER: 10,
}
MAX_LIFE_YEARS = 100


class FundingSource(models.TextChoices):
    FISCAL = "fiscal", _("Budget allocation")
    SPECIAL = "special", _("Special project funds")
    SELF = "self", _("School's own funds")
    DONATION = "donation", _("Donation")
    OTHER = "other", _("Other")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    REPAIR = "repair", _("Under repair")
    PENDING_DISPOSAL = "pending_disposal", _("Awaiting disposal")
    DISPOSED = "disposed", _("Disposed")
    LOST = "lost", _("Written off as missing")


# Statuses of an asset still on the books (counted at a stock-take, depreciated, labelled).
ON_BOOKS = (AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.REPAIR, AssetStatus.PENDING_DISPOSAL)


class AssetSource(models.TextChoices):
    PURCHASE = "purchase", _("Purchase accepted")
    IMPORT = "import", _("Imported register")
    MANUAL = "manual", _("Entered by hand")
    SURPLUS = "surplus", _("Stock-take surplus")
    DONATION = "donation", _("Donation")


class RoomKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    OFFICE = "office", _("Office")
    LAB = "lab", _("Laboratory or special room")
    DORMITORY = "dormitory", _("Dormitory")
    CANTEEN = "canteen", _("Canteen")
    STORE = "store", _("Store room")
    OTHER = "other", _("Other")


class DormLevel(models.TextChoices):
    """Who sleeps in a dormitory room, which fixes how many may share it."""

    PRIMARY = "primary", _("Primary pupils (at most 12 per room)")
    SECONDARY = "secondary", _("Secondary students (at most 8 per room)")


DORM_LIMIT = {DormLevel.PRIMARY: 12, DormLevel.SECONDARY: 8}


class ProcurementTier(models.TextChoices):
    GOVERNMENT = "government", _("Government procurement")
    EQUIPMENT_CENTRE = "equipment_centre", _("Equipment centre")
    SCHOOL = "school", _("School's own purchase")


# County defaults until the bureau sets its own (元).
DEFAULT_BUREAU_APPROVAL_ABOVE = Decimal("50000.00")
DEFAULT_EQUIPMENT_CENTRE_FROM = Decimal("20000.00")
DEFAULT_GOVERNMENT_FROM = Decimal("500000.00")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_HEAD = "pending_head", _("Awaiting the department head")
    PENDING_PRINCIPAL = "pending_principal", _("Awaiting the principal")
    PENDING_BUREAU = "pending_bureau", _("Awaiting the bureau")
    APPROVED = "approved", _("Approved for purchase")
    REJECTED = "rejected", _("Rejected")
    PENDING_ACCEPTANCE = "pending_acceptance", _("Awaiting the second acceptor")
    ACCEPTED = "accepted", _("Accepted and registered")


PENDING_APPROVAL = (RequestStatus.PENDING_HEAD, RequestStatus.PENDING_PRINCIPAL, RequestStatus.PENDING_BUREAU)


class ApprovalStage(models.TextChoices):
    HEAD = "head", _("Department head")
    PRINCIPAL = "principal", _("Principal")
    BUREAU = "bureau", _("Bureau")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CustodyKind(models.TextChoices):
    HANDOVER = "handover", _("Term-start handover")
    MIDTERM = "midterm", _("Mid-term check")
    HANDBACK = "handback", _("Term-end hand-back")


class StockTakeKind(models.TextChoices):
    ANNUAL = "annual", _("Annual full count")
    HALF_YEAR = "half_year", _("Half-year check")


class StockTakeStatus(models.TextChoices):
    OPEN = "open", _("Counting")
    SUBMITTED = "submitted", _("Report submitted")
    APPROVED = "approved", _("Report approved")


class LineResult(models.TextChoices):
    FOUND = "found", _("Found in its room")
    MISPLACED = "misplaced", _("Found in another room")
    MISSING = "missing", _("Missing")
    SURPLUS = "surplus", _("Surplus (not on the register)")


class DisposalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPRAISED = "appraised", _("Appraised")
    PENDING_BUREAU = "pending_bureau", _("Awaiting the bureau")
    APPROVED = "approved", _("Approved and written off")
    REJECTED = "rejected", _("Rejected")


class RepairCategory(models.TextChoices):
    WATER = "water", _("Water")
    ELECTRIC = "electric", _("Electricity")
    WOOD = "wood", _("Woodwork")
    OTHER = "other", _("Other")


class RepairStatus(models.TextChoices):
    REPORTED = "reported", _("Reported for repair")
    DISPATCHED = "dispatched", _("Dispatched")
    ARRIVED = "arrived", _("Repairer on site")
    POSTPONED = "postponed", _("Scheduled for a later day")
    DONE = "done", _("Fixed")


OPEN_REPAIRS = (RepairStatus.REPORTED, RepairStatus.DISPATCHED, RepairStatus.ARRIVED, RepairStatus.POSTPONED)


class FacilityItem(models.TextChoices):
    """十有八配套: the ten facilities and eight matchings of a boarding school (seed 002, 篇6)."""

    CANTEEN = "canteen", _("A canteen meeting the rules for group meals")
    DINING_HALL = "dining_hall", _("A dining hall sized to the diners")
    DORMITORY = "dormitory", _("Dormitories and beds for every boarder")
    WATER = "water", _("A water source and supply meeting drinking-water standards")
    TOILETS = "toilets", _("Flush toilets with safe sewage treatment")
    WASHROOMS = "washrooms", _("Washrooms and showers")
    DRYING = "drying", _("Space to dry clothes and bedding, and a bicycle shed")
    SECURITY = "security", _("A wall, a duty room, fire and theft protection")
    SHOP = "shop", _("A shop for the students' daily needs")
    FARM = "farm", _("A vegetable and food production base")
    M_CANTEEN_HALL = "m_canteen_hall", _("Canteen matched with dining hall")
    M_HALL_FURNITURE = "m_hall_furniture", _("Dining hall matched with tables, stools and disinfection")
    M_DORM = "m_dorm", _("Dormitories matched with beds, a warden's room and washrooms")
    M_BOILER = "m_boiler", _("Boiler room matched with hot water for showers")
    M_TOILET = "m_toilet", _("Toilets matched with a biogas pit and sewage treatment")
    M_LAUNDRY = "m_laundry", _("Laundry matched with drying space")
    M_FARM = "m_farm", _("Students' practical work matched with the food production base")
    M_ROADS = "m_roads", _("Hardened campus roads matched with greening")


TEN_FACILITIES = tuple(FacilityItem.values[:10])
EIGHT_MATCHINGS = tuple(FacilityItem.values[10:])


class FacilityState(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
