"""Enterprise name pre-check pages (/names/...)."""

app_name = "names"

urlpatterns: list = []
