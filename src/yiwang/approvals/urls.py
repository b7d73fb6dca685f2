"""Applications (/apply/...), certificate checks and the approval workbench."""

app_name = "approvals"

urlpatterns: list = []
