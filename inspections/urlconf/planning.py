"""URL patterns of the planning pages (composed in inspections/urls.py)."""

urlpatterns: list = []
