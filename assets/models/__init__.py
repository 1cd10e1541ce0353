"""School property (SPEC §5): the register with rooms and transfers, purchase requests and their
acceptance, custody per room, stock-takes and finance reconciliation, disposal and compensation,
repairs, the boarding-school facility standard, and consumables, exchanges and deposits."""

from assets.models.purchase import Acceptance, PurchaseApproval, PurchaseRequest
from assets.models.register import Asset, AssetRule, Room, Transfer
from assets.models.stocktake import (
    CustodyCheck,
    CustodyLine,
    Reconciliation,
    ReconciliationLine,
    StockTake,
    StockTakeLine,
    StockTakeRoom,
)
from assets.models.supplies import Consumable, Deposit, Requisition
from assets.models.upkeep import Compensation, Disposal, FacilityCheck, RepairTicket

__all__ = [
    "Acceptance", "Asset", "AssetRule", "Compensation", "Consumable", "CustodyCheck", "CustodyLine", "Deposit",
    "Disposal", "FacilityCheck", "PurchaseApproval", "PurchaseRequest", "Reconciliation", "ReconciliationLine",
    "RepairTicket", "Requisition", "Room", "StockTake", "StockTakeLine", "StockTakeRoom", "Transfer",
]
