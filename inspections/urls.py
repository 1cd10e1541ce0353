"""The inspections app's pages, one pattern list per area (each in inspections/urlconf/)."""

from inspections.urlconf import campaigns, complaints, planning, rectification

app_name = "inspections"

urlpatterns = [*campaigns.urlpatterns, *rectification.urlpatterns, *complaints.urlpatterns, *planning.urlpatterns]
