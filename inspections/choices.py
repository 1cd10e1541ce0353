from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignArea(models.TextChoices):
    """What a campaign type judges; some vetoes apply to one area only (a profit-making canteen
    cannot be 放心食堂)."""

    CANTEEN = "canteen", _("Canteen")
    DORMITORY = "dormitory", _("Dormitory")
    SHOP = "shop", _("Campus shop")
    CAMPUS = "campus", _("Campus environment")
    LOGISTICS = "logistics", _("Logistics as a whole")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    COUNTY = "county", _("County")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")


class RubricStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In use")
    RETIRED = "retired", _("Retired")


class LedgerFigure(models.TextChoices):
    """Figures the other apps already hold, which a rubric item may be bound to (SPEC §6)."""

    MORNING_CHECKS = "morning_checks", _("Morning checks complete")
    SAMPLES = "samples", _("Food samples retained")
    CERTIFICATES = "certificates", _("Canteen workers' certificates valid")
    PURCHASE_DOCUMENTS = "purchase_documents", _("Purchases signed and documented")
    CANTEEN_ACCOUNTS = "canteen_accounts", _("Canteen accounts published")
    FEE_NOTICE = "fee_notice", _("Fee notice published")
    RECTIFICATIONS = "rectifications", _("Rectifications on time")
    COMPLAINTS = "complaints", _("Complaints")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for declarations")
    REVIEW = "review", _("Under review")
    PUBLISHED = "published", _("Results published")


class DeclarationStatus(models.TextChoices):
    """A school's way through a campaign: 申报 → accepted → self-assessment submitted (locked) →
    reviewed; the bureau may return a submitted self-assessment for correction."""

    DECLARED = "declared", _("Declared")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    SUBMITTED = "submitted", _("Self-assessment submitted")
    REVIEWED = "reviewed", _("Reviewed")


class SourceMode(models.TextChoices):
    ITEMS = "items", _("Scored item by item")
    OVERALL = "overall", _("One overall score (e.g. a survey)")


class ReviewMethod(models.TextChoices):
    """听、看、查、访、评、交."""

    LISTEN = "listen", _("Listen (report)")
    LOOK = "look", _("Look (site)")
    CHECK = "check", _("Check records")
    INTERVIEW = "interview", _("Interview")
    SCORE = "score", _("Score")
    FEEDBACK = "feedback", _("Feed back")


class Grade(models.TextChoices):
    ADVANCED = "advanced", _("Advanced (title awarded)")
    QUALIFIED = "qualified", _("Qualified")
    RECTIFY = "rectify", _("Rectify within a deadline")


class VetoKind(models.TextChoices):
    """一票否决 facts (SPEC §6). Most bar both "advanced" and "qualified"; a fee violation bars
    "advanced" only; a profit-making canteen bars canteen campaigns only."""

    FOOD_ACCIDENT = "food_accident", _("Food-safety liability accident")
    SERIOUS_HAZARD = "serious_hazard", _("Serious hazard not rectified")
    CONTRACTED_OUT = "contracted_out", _("Canteen or dormitory contracted out")
    ADMIN_PENALTY = "admin_penalty", _("Administrative penalty")
    SERIOUS_COMPLAINT = "serious_complaint", _("Verified serious complaint")
    CANTEEN_PROFIT = "canteen_profit", _("Canteen found profit-making")
    FEE_VIOLATION = "fee_violation", _("Fee violation")
    EXPIRED_CERTIFICATE_ON_DUTY = "expired_certificate", _("Canteen worker on duty with an expired certificate")
    BUS_ACCIDENT = "bus_accident", _("School-bus liability accident")
    VETO_ITEM = "veto_item", _("Veto item of the rubric failed")


# Facts the bureau records by hand because no ledger holds them.
RECORDED_VETO_KINDS = (VetoKind.FOOD_ACCIDENT, VetoKind.CONTRACTED_OUT, VetoKind.ADMIN_PENALTY,
                       VetoKind.FEE_VIOLATION)


class InspectionKind(models.TextChoices):
    FEE_SPECIAL = "fee_special", _("Fee special governance (each semester)")
    TWO_SAFETY = "two_safety", _("Food and bus safety (each semester)")
    UNANNOUNCED = "unannounced", _("Unannounced check")
    ROUTINE = "routine", _("Routine inspection")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    DONE = "done", _("Completed")


class Severity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SERIOUS = "serious", _("Serious hazard")


class OrderStatus(models.TextChoices):
    """整改通知: open → answered by the school → verified by the inspector, or reopened (open again)."""

    OPEN = "open", _("Being rectified")
    ANSWERED = "answered", _("Answered")
    VERIFIED = "verified", _("Verified")


class ComplaintCategory(models.TextChoices):
    FEE = "fee", _("Fees")
    CANTEEN = "canteen", _("Canteen")
    BUS = "bus", _("School bus")
    DORMITORY = "dormitory", _("Dormitory")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    FILED = "filed", _("Received")
    ASSIGNED = "assigned", _("Passed to the school")
    ANSWERED = "answered", _("Answered by the school")
    CLOSED = "closed", _("Closed")


class ComplaintOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")


class DutyCapacity(models.TextChoices):
    """Who inspects, with the frequency SPEC §6 asks of them."""

    TOWNSHIP_HEAD = "township_head", _("Township central-school principal")
    TOWNSHIP_STAFF = "township_staff", _("Township logistics staff")
    PRINCIPAL = "principal", _("School principal (canteen)")
    FOOD_SAFETY_OFFICER = "food_safety_officer", _("Food-safety officer (canteen)")


class PlanReason(models.TextChoices):
    RISK = "risk", _("By risk")
    RANDOM = "random", _("At random")
