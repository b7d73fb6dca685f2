"""Staff workbench pages for tickets (owned by the workbench views)."""

urlpatterns: list = []
