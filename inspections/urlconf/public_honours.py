"""URL patterns of the public_honours pages (composed in inspections/urls.py)."""

urlpatterns: list = []
