"""URL patterns of the public_complaints pages (composed in inspections/urls.py)."""

urlpatterns: list = []
