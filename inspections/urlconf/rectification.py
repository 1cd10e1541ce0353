"""URL patterns of the rectification pages (composed in inspections/urls.py)."""

urlpatterns: list = []
