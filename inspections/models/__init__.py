from inspections.models.campaigns import (
    Campaign,
    Declaration,
    Recheck,
    ReviewScore,
    ReviewSheet,
    ReviewSource,
    SelfEvidence,
    SelfScore,
    Title,
    VetoFact,
)
from inspections.models.complaints import Complaint
from inspections.models.inspections import Checklist, ChecklistItem, DutyVisit, Inspection, InspectionResult
from inspections.models.planning import InspectionPlan, PlanEntry
from inspections.models.rectification import RectificationAnswer, RectificationOrder
from inspections.models.rubrics import CampaignType, Rubric, RubricItem, RubricSection

__all__ = [
    "Campaign", "CampaignType", "Checklist", "ChecklistItem", "Complaint", "Declaration", "DutyVisit", "Inspection",
    "InspectionPlan", "InspectionResult", "PlanEntry", "Recheck", "RectificationAnswer", "RectificationOrder",
    "ReviewScore", "ReviewSheet", "ReviewSource", "Rubric", "RubricItem", "RubricSection", "SelfEvidence",
    "SelfScore", "Title", "VetoFact",
]
