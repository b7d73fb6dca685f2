"""Django admin views of identities: no personal data columns, nothing editable here."""

from django.contrib import admin

from yiwang.accounts.models import ApiKey, User
from yiwang.org.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "display_name", "kind", "is_active", "date_joined", "last_login"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "display_name"]
    fields = ["username", "display_name", "kind", "is_active", "date_joined", "last_login"]


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
