"""URL patterns of the complaints pages (composed in inspections/urls.py)."""

urlpatterns: list = []
