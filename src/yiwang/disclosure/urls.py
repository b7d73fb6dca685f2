"""政府信息公开 public pages (/disclosure/...) and staff pages (workbench/disclosure/)."""

app_name = "disclosure"

urlpatterns: list = []
