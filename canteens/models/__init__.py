"""Canteen food safety (SPEC §3): canteens and their staff with the two certificates, daily morning
checks and food samples, suppliers and the purchase and stock ledger, weekly menus, monthly
accounts and supervision visits."""

from canteens.models.accounts import CountyCanteenRule, MonthlyAccount, SupervisionVisit
from canteens.models.canteen import Canteen, CanteenStaff
from canteens.models.daily import MorningCheck, SampleRecord
from canteens.models.menu import MenuDish, WeeklyMenu
from canteens.models.supply import BulkTender, PurchaseEntry, StockOut, Supplier

__all__ = [
    "BulkTender",
    "Canteen",
    "CanteenStaff",
    "CountyCanteenRule",
    "MenuDish",
    "MonthlyAccount",
    "MorningCheck",
    "PurchaseEntry",
    "SampleRecord",
    "StockOut",
    "Supplier",
    "SupervisionVisit",
    "WeeklyMenu",
]
