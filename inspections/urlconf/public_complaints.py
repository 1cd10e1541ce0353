"""URL patterns of the public complaint pages, included into the `public` namespace by
houqin/public/urls.py (paths relative to /public/)."""

from django.urls import path

from inspections.views import public_complaints

urlpatterns = [
    path("complaints/", public_complaints.complaint_lookup, name="complaint_lookup"),
    path("complaints/new/", public_complaints.complaint_new, name="complaint_new"),
    path("complaints/<str:code>/", public_complaints.complaint_status, name="complaint_status"),
]
