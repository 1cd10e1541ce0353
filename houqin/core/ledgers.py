"""What may be deleted, and where every change is kept (SPEC §9 reliability: "no hard deletes of
ledgers, history kept").

Every model of the project is in exactly one of the first three groups, and has a history unless it
is one of the LOGS; tests/core/test_ledgers.py fails on a model that is placed nowhere, so a new model
has to be placed here when it is added.

- LEDGERS: records of what a school or the bureau did. PostgreSQL itself refuses to delete their rows
  (a BEFORE DELETE trigger, migrations of this app), whoever asks: a view, the Django admin, a shell.
  Mistakes are voided, closed or corrected, and the history keeps every version.
- DRAFT_PARTS: lines of a draft that their author may remove while the draft is open (an item of a
  fee notice not yet submitted, a dish of a future menu). Removing one is recorded in its history.
- REGISTERS: the organisation and its lists (schools, users, vehicles, suppliers…). They are
  deactivated or closed, not deleted: no page deletes them and the admin offers no deletion; their
  history keeps every change.
- LOGS (ledgers too): rows written once by the system as the record of an event (a notification, a
  reminder run, a read receipt, an approval step, a line of a count). They have no history of their
  own because they do not change after the event, except progress fields the system fills in once.
"""

LEDGERS = frozenset({
    "fees.FeeNotice", "fees.Consent", "fees.ReceiptScan", "fees.Settlement", "fees.SettlementLine",
    "canteens.MorningCheck", "canteens.SampleRecord", "canteens.PurchaseEntry", "canteens.StockOut",
    "canteens.MonthlyAccount", "canteens.SupervisionVisit", "canteens.WeeklyMenu", "canteens.BulkTender",
    "schoolbus.Trip", "schoolbus.HazardCheck", "schoolbus.Accident", "schoolbus.SafetyActivity",
    "schoolbus.QuarterlyReport",
    "assets.Asset", "assets.Transfer", "assets.PurchaseRequest", "assets.PurchaseApproval", "assets.Acceptance",
    "assets.CustodyCheck", "assets.CustodyLine", "assets.StockTake", "assets.StockTakeRoom",
    "assets.StockTakeLine", "assets.Reconciliation", "assets.ReconciliationLine", "assets.Requisition",
    "assets.Deposit", "assets.Disposal", "assets.Compensation", "assets.RepairTicket", "assets.FacilityCheck",
    "inspections.Declaration", "inspections.ReviewSheet", "inspections.ReviewScore", "inspections.VetoFact",
    "inspections.Title", "inspections.Recheck", "inspections.Complaint", "inspections.Inspection",
    "inspections.InspectionResult", "inspections.DutyVisit", "inspections.InspectionPlan",
    "inspections.PlanEntry", "inspections.RectificationOrder", "inspections.RectificationAnswer",
    "notify.Notice", "notify.Notification", "notify.NoticeReceipt", "notify.ReminderRun", "notify.ScheduleChange",
    "workplan.Goal",
})

DRAFT_PARTS = frozenset({
    "fees.FeeItem", "fees.FeeCap", "canteens.MenuDish", "schoolbus.RouteStop",
    "inspections.SelfScore", "inspections.SelfEvidence", "inspections.ReviewSource",
    "inspections.ChecklistItem", "inspections.RubricSection", "inspections.RubricItem",
    "notify.NoticeAttachment",
})

REGISTERS = frozenset({
    "org.County", "org.Township", "org.School", "org.User", "org.Term",
    "fees.PolicyDocument", "fees.FeeCategory", "fees.ForbiddenItem", "fees.SchoolClass", "fees.Student",
    "canteens.Canteen", "canteens.CanteenStaff", "canteens.CountyCanteenRule", "canteens.Supplier",
    "schoolbus.Vehicle", "schoolbus.Driver", "schoolbus.Escort", "schoolbus.Route",
    "assets.AssetRule", "assets.Room", "assets.Consumable",
    "inspections.CampaignType", "inspections.Rubric", "inspections.Campaign", "inspections.Checklist",
})

# Ledgers written once by the system as the record of an event; no history of their own (see above).
LOGS = frozenset({
    "notify.Notification", "notify.NoticeReceipt", "notify.ReminderRun", "notify.ScheduleChange",
    "assets.PurchaseApproval", "assets.CustodyLine", "assets.StockTakeRoom", "assets.ReconciliationLine",
    "inspections.PlanEntry",
})

PROJECT_APPS = ("org", "notify", "workplan", "fees", "canteens", "schoolbus", "assets", "inspections")

TRIGGER_FUNCTION = "houqin_ledger_no_delete"
TRIGGER_NAME = "houqin_ledger_no_delete"
