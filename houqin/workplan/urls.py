"""The work plan's pages (under /plan/)."""

from django.urls import path

from houqin.workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.PlanView.as_view(), name="plan"),
    path("<int:year>/", views.PlanView.as_view(), name="plan_year"),
    path("goals/new/", views.GoalFormView.as_view(), name="goal_create"),
    path("goals/<int:pk>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/edit/", views.GoalFormView.as_view(), name="goal_update"),
    path("goals/<int:pk>/progress/", views.GoalProgressView.as_view(), name="goal_progress"),
    path("goals/<int:pk>/cancel/", views.GoalCancelView.as_view(), name="goal_cancel"),
    path("goals/<int:pk>/reinstate/", views.GoalReinstateView.as_view(), name="goal_reinstate"),
]
