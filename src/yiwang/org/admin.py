"""Django admin for platform admins. Saves go through the services so they are checked and
audited like every other write."""

from django.contrib import admin

from yiwang.org import services
from yiwang.org.models import Department, Membership, Position, RoleGrant

_EDITABLE = ["name", "short_name", "kind", "region_code", "contact_name", "contact_phone",
             "contact_email", "address", "accepts_tickets", "sort_order", "is_active"]  # fmt: skip


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "region_code", "accepts_tickets", "is_active"]
    list_filter = ["level", "kind", "accepts_tickets", "is_active"]
    search_fields = ["name", "code", "region_code"]
    ordering = ["path"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]

    def has_delete_permission(self, request, obj=None):
        return False  # departments are deactivated, never deleted: history points at them

    def save_model(self, request, obj, form, change):
        if change:
            fields = {f: form.cleaned_data[f] for f in form.changed_data if f in _EDITABLE}
            if "parent" in form.changed_data and obj.parent is not None:
                services.department_move(actor=request.user, department=obj, new_parent=obj.parent)
            if fields:
                services.department_update(actor=request.user, department=obj, **fields)
        else:
            created = services.department_create(
                actor=request.user,
                name=obj.name,
                code=obj.code,
                kind=obj.kind,
                level=obj.level,
                region_code=obj.region_code,
                parent=obj.parent,
                accepts_tickets=obj.accepts_tickets,
                sort_order=obj.sort_order,
                short_name=obj.short_name,
                contact_name=obj.contact_name,
                contact_phone=obj.contact_phone,
                contact_email=obj.contact_email,
                address=obj.address,
            )
            obj.pk = created.pk


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed for inspection; changed through the workbench, the API or services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["name", "department"]
    search_fields = ["name", "department__name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "department", "position", "is_primary", "is_active"]
    list_filter = ["is_active", "is_primary"]
    search_fields = ["user__username", "user__display_name", "department__name"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["membership", "role", "scope"]
    list_filter = ["role", "scope"]
