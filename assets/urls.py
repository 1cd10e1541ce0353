"""Fixed assets and repairs: register, purchase, custody, stock-take, disposal, repairs (SPEC §5)."""

from django.urls import path

from assets.views import purchase, register, stocktake, supplies, upkeep

app_name = "assets"

urlpatterns = [
    # the register
    path("", register.AssetListView.as_view(), name="asset_list"),
    path("new/", register.AssetFormView.as_view(), name="asset_create"),
    path("import/", register.AssetImportView.as_view(), name="asset_import"),
    path("labels/", register.LabelsView.as_view(), name="labels"),
    path("<int:pk>/", register.AssetDetailView.as_view(), name="asset_detail"),
    path("<int:pk>/edit/", register.AssetFormView.as_view(), name="asset_update"),
    path("<int:pk>/transfer/", register.AssetTransferView.as_view(), name="asset_transfer"),
    path("<int:pk>/card.pdf", register.AssetCardView.as_view(), name="asset_card"),
    path("<int:pk>/dispose/", upkeep.DisposalRequestView.as_view(), name="disposal_request"),
    path("t/<str:code>/", register.TagView.as_view(), name="tag"),
    path("rule/", register.AssetRuleView.as_view(), name="rule"),
    path("rooms/", register.RoomListView.as_view(), name="room_list"),
    path("rooms/new/", register.RoomFormView.as_view(), name="room_create"),
    path("rooms/<int:pk>/", register.RoomDetailView.as_view(), name="room_detail"),
    path("rooms/<int:pk>/edit/", register.RoomFormView.as_view(), name="room_update"),
    path("rooms/<int:pk>/custody/new/", stocktake.CustodyCreateView.as_view(), name="custody_create"),
    path("transfers/", register.TransferListView.as_view(), name="transfer_list"),
    # purchase
    path("requests/", purchase.RequestListView.as_view(), name="request_list"),
    path("requests/new/", purchase.RequestFormView.as_view(), name="request_create"),
    path("requests/<int:pk>/", purchase.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/edit/", purchase.RequestFormView.as_view(), name="request_update"),
    path("requests/<int:pk>/submit/", purchase.RequestSubmitView.as_view(), name="request_submit"),
    path("requests/<int:pk>/decide/", purchase.RequestDecideView.as_view(), name="request_decide"),
    path("requests/<int:pk>/accept/", purchase.AcceptanceFormView.as_view(), name="acceptance_create"),
    path("requests/<int:pk>/confirm/", purchase.AcceptanceConfirmView.as_view(), name="acceptance_confirm"),
    # custody, stock-take, reconciliation
    path("custody/", stocktake.CustodyListView.as_view(), name="custody_list"),
    path("custody/<int:pk>/", stocktake.CustodyDetailView.as_view(), name="custody_detail"),
    path("stocktakes/", stocktake.StockTakeListView.as_view(), name="stocktake_list"),
    path("stocktakes/new/", stocktake.StockTakeCreateView.as_view(), name="stocktake_create"),
    path("stocktakes/<int:pk>/", stocktake.StockTakeDetailView.as_view(), name="stocktake_detail"),
    path("stocktakes/<int:pk>/count/", stocktake.StockTakeCountView.as_view(), name="stocktake_count"),
    path("stocktakes/<int:pk>/finish-room/", stocktake.RoomFinishView.as_view(), name="stocktake_finish_room"),
    path("stocktakes/<int:pk>/surplus/", stocktake.SurplusView.as_view(), name="stocktake_surplus"),
    path("stocktakes/<int:pk>/submit/", stocktake.StockTakeSubmitView.as_view(), name="stocktake_submit"),
    path("stocktakes/<int:pk>/decide/", stocktake.StockTakeDecideView.as_view(), name="stocktake_decide"),
    path("stocktake-lines/<int:pk>/correct/", stocktake.LineCorrectView.as_view(), name="line_correct"),
    path("reconciliations/", stocktake.ReconciliationListView.as_view(), name="reconciliation_list"),
    path("reconciliations/new/", stocktake.ReconciliationCreateView.as_view(), name="reconciliation_create"),
    path("reconciliations/<int:pk>/", stocktake.ReconciliationDetailView.as_view(), name="reconciliation_detail"),
    # disposal and compensation
    path("disposals/", upkeep.DisposalListView.as_view(), name="disposal_list"),
    path("disposals/<int:pk>/", upkeep.DisposalDetailView.as_view(), name="disposal_detail"),
    path("disposals/<int:pk>/appraise/", upkeep.DisposalAppraiseView.as_view(), name="disposal_appraise"),
    path("disposals/<int:pk>/decide/", upkeep.DisposalDecideView.as_view(), name="disposal_decide"),
    path("compensation/", upkeep.CompensationListView.as_view(), name="compensation_list"),
    path("compensation/new/", upkeep.CompensationCreateView.as_view(), name="compensation_create"),
    path("compensation/<int:pk>/void/", upkeep.CompensationVoidView.as_view(), name="compensation_void"),
    # repairs
    path("repairs/", upkeep.RepairListView.as_view(), name="repair_list"),
    path("repairs/new/", upkeep.RepairCreateView.as_view(), name="repair_create"),
    path("repairs/week/", upkeep.RepairWeekView.as_view(), name="repair_week"),
    path("repairs/<int:pk>/", upkeep.RepairDetailView.as_view(), name="repair_detail"),
    path("repairs/<int:pk>/dispatch/", upkeep.RepairDispatchView.as_view(), name="repair_dispatch"),
    path("repairs/<int:pk>/arrive/", upkeep.RepairArriveView.as_view(), name="repair_arrive"),
    path("repairs/<int:pk>/postpone/", upkeep.RepairPostponeView.as_view(), name="repair_postpone"),
    path("repairs/<int:pk>/complete/", upkeep.RepairCompleteView.as_view(), name="repair_complete"),
    path("repairs/<int:pk>/rate/", upkeep.RepairRateView.as_view(), name="repair_rate"),
    # facility standard
    path("facilities/", upkeep.FacilitySchoolView.as_view(), name="facilities"),
    path("facilities/overview/", upkeep.FacilityOverviewView.as_view(), name="facility_overview"),
    path("facilities/<int:school_id>/", upkeep.FacilitySchoolView.as_view(), name="facility_school"),
    # the store
    path("store/", supplies.ConsumableListView.as_view(), name="consumable_list"),
    path("store/new/", supplies.ConsumableCreateView.as_view(), name="consumable_create"),
    path("store/receive/", supplies.ConsumableReceiveView.as_view(), name="consumable_receive"),
    path("requisitions/", supplies.RequisitionListView.as_view(), name="requisition_list"),
    path("requisitions/new/", supplies.RequisitionCreateView.as_view(), name="requisition_create"),
    path("requisitions/<int:pk>/act/", supplies.RequisitionActionView.as_view(), name="requisition_act"),
    path("deposits/", supplies.DepositListView.as_view(), name="deposit_list"),
    path("deposits/new/", supplies.DepositCreateView.as_view(), name="deposit_create"),
    path("deposits/<int:pk>/return/", supplies.DepositReturnView.as_view(), name="deposit_return"),
]
