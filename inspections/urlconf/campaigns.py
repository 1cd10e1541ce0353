"""URL patterns of the rubric and campaign pages (composed in inspections/urls.py)."""

from django.urls import path

from inspections.views import campaigns

urlpatterns = [
    path("", campaigns.CampaignListView.as_view(), name="campaign_list"),
]
