from django.urls import path

from canteens.models import PurchaseEntry, StockOut
from canteens.views import daily, ledger, menu_accounts, register

app_name = "canteens"

urlpatterns = [
    path("", daily.TodayView.as_view(), name="today"),
    path("overview/", register.ComplianceView.as_view(), name="overview"),
    path("rule/", register.CountyRuleView.as_view(), name="county_rule"),
    path("checks/", daily.MorningCheckView.as_view(), name="checks"),
    path("samples/", daily.SamplesView.as_view(), name="samples"),
    path("samples/<int:pk>/remove/", daily.SampleRemoveView.as_view(), name="sample_remove"),
    path("canteens/new/", register.CanteenFormView.as_view(), name="canteen_create"),
    path("canteens/<int:pk>/", register.CanteenDetailView.as_view(), name="canteen_detail"),
    path("canteens/<int:pk>/edit/", register.CanteenFormView.as_view(), name="canteen_update"),
    path("staff/", register.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", register.StaffFormView.as_view(), name="staff_create"),
    path("staff/<int:pk>/edit/", register.StaffFormView.as_view(), name="staff_update"),
    path("suppliers/", register.SupplierListView.as_view(), name="supplier_list"),
    path("suppliers/new/", register.SupplierFormView.as_view(), name="supplier_create"),
    path("suppliers/<int:pk>/edit/", register.SupplierFormView.as_view(), name="supplier_update"),
    path("suppliers/<int:pk>/exit/", register.SupplierExitView.as_view(), name="supplier_exit"),
    path("tenders/new/", register.TenderFormView.as_view(), name="tender_create"),
    path("purchases/", ledger.PurchaseListView.as_view(), name="purchase_list"),
    path("purchases/new/", ledger.PurchaseFormView.as_view(), name="purchase_create"),
    path("purchases/import/", ledger.PurchaseImportView.as_view(), name="purchase_import"),
    path("purchases/<int:pk>/", ledger.PurchaseDetailView.as_view(), name="purchase_detail"),
    path("purchases/<int:pk>/void/", ledger.VoidView.as_view(model=PurchaseEntry), name="purchase_void"),
    path("stock-out/", ledger.StockOutListView.as_view(), name="stockout_list"),
    path("stock-out/new/", ledger.StockOutFormView.as_view(), name="stockout_create"),
    path("stock-out/<int:pk>/void/", ledger.VoidView.as_view(model=StockOut), name="stockout_void"),
    path("menus/", menu_accounts.MenuListView.as_view(), name="menu_list"),
    path("menus/new/", menu_accounts.MenuCreateView.as_view(), name="menu_create"),
    path("menus/<int:pk>/", menu_accounts.MenuDetailView.as_view(), name="menu_detail"),
    path("accounts/", menu_accounts.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", menu_accounts.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<int:pk>/", menu_accounts.AccountView.as_view(), name="account_update"),
    path("visits/", register.VisitListView.as_view(), name="visit_list"),
    path("visits/new/", register.VisitFormView.as_view(), name="visit_create"),
]
