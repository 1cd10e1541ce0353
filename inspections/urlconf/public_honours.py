"""The public honour roll (in the `public` namespace, under /public/)."""

from django.urls import path

from inspections.views import titles

urlpatterns = [
    path("honours/", titles.honour_roll, name="honours"),
]
