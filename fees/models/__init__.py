"""Service and pass-through fees (SPEC §2): the county catalogue, fee notices with their items and
notice boards, students and consent, and term settlements."""

from fees.models.catalogue import FeeCap, FeeCategory, ForbiddenItem, PolicyDocument
from fees.models.consent import Consent, ReceiptScan, SchoolClass, Student
from fees.models.notices import FeeItem, FeeNotice
from fees.models.settlement import Settlement, SettlementLine

__all__ = [
    "Consent",
    "FeeCap",
    "FeeCategory",
    "FeeItem",
    "FeeNotice",
    "ForbiddenItem",
    "PolicyDocument",
    "ReceiptScan",
    "SchoolClass",
    "Settlement",
    "SettlementLine",
    "Student",
]
