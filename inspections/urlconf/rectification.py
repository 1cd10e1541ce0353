"""URL patterns of checklists, inspections, rectification orders and duty inspections (composed in
inspections/urls.py)."""

from django.urls import path

from inspections.views import duty, inspections, rectification

urlpatterns = [
    path("checklists/", inspections.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/new/", inspections.ChecklistFormView.as_view(), name="checklist_create"),
    path("checklists/<int:pk>/", inspections.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/edit/", inspections.ChecklistFormView.as_view(), name="checklist_update"),
    path("checklists/<int:pk>/active/", inspections.ChecklistActiveView.as_view(), name="checklist_active"),
    path("checks/", inspections.InspectionListView.as_view(), name="inspection_list"),
    path("checks/new/", inspections.InspectionCreateView.as_view(), name="inspection_create"),
    path("checks/coverage/", inspections.CoverageView.as_view(), name="inspection_coverage"),
    path("checks/<int:pk>/", inspections.InspectionDetailView.as_view(), name="inspection_detail"),
    path("checks/<int:pk>/complete/", inspections.InspectionCompleteView.as_view(), name="inspection_complete"),
    path("orders/", rectification.OrderListView.as_view(), name="order_list"),
    path("orders/new/", rectification.OrderIssueView.as_view(), name="order_create"),
    path("orders/<int:pk>/", rectification.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/answer/", rectification.OrderAnswerView.as_view(), name="order_answer"),
    path("orders/<int:pk>/verify/", rectification.OrderVerifyView.as_view(), name="order_verify"),
    path("orders/<int:pk>/reopen/", rectification.OrderReopenView.as_view(), name="order_reopen"),
    path("duty/", duty.DutyListView.as_view(), name="duty_list"),
    path("duty/new/", duty.DutyCreateView.as_view(), name="duty_create"),
]
