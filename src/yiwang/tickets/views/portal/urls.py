"""Public 12345 pages (owned by the citizen-side views)."""

urlpatterns: list = []
