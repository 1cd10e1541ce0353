"""URL patterns of the risk-based inspection plans."""

from django.urls import path

from inspections.views import planning

urlpatterns = [
    path("plans/", planning.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", planning.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", planning.PlanDetailView.as_view(), name="plan_detail"),
    path("risk/", planning.RiskListView.as_view(), name="risk_list"),
]
