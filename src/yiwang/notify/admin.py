"""Admin: edit event wording per channel, and look into deliveries (retry failed ones).

Edits go through services so they are validated and audited like any other write."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.notify import events, services
from yiwang.notify.models import Delivery, Notification, NotificationTemplate


class NotificationTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(label=_("事件"), choices=())

    class Meta:
        model = NotificationTemplate
        fields = ["event", "channel", "subject", "body", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (e.code, f"{e.code} — {e.description or e.title}") for e in events.registered_events()
        ]

    def clean(self):
        data = super().clean()
        for field in ("subject", "body"):
            try:
                events.compile_template(data.get(field, ""))
            except Exception as exc:
                self.add_error(field, _("模板语法有误：%(error)s") % {"error": exc})
        return data


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    form = NotificationTemplateForm
    list_display = ["event", "channel", "subject", "is_active", "updated_at"]
    list_filter = ["channel", "is_active"]
    search_fields = ["event", "subject", "body"]
    readonly_fields = ["default_wording"]

    @admin.display(description=_("默认模板"))
    def default_wording(self, obj):
        if obj is None or not obj.event:
            return "-"
        try:
            subject, body = events.get_event(obj.event).default_parts(obj.channel)
        except events.UnknownEvent:
            return "-"
        return f"{subject}\n{body}".strip()

    def save_model(self, request, obj, form, change):
        try:
            saved = services.notification_template_save(
                actor=request.user,
                event=obj.event,
                channel=obj.channel,
                subject=obj.subject,
                body=obj.body,
                is_active=obj.is_active,
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied from exc
        obj.pk = saved.pk


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "recipient", "in_inbox", "created_at", "read_at"]
    list_filter = ["event", "in_inbox"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "status", "attempts", "subject", "sent_at", "created_at"]
    list_filter = ["channel", "status"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("重新发送所选的未成功记录"), permissions=["change"])
    def requeue(self, request, queryset):
        try:
            count = services.delivery_requeue(
                actor=request.user, delivery_ids=queryset.values_list("pk", flat=True)
            )
        except (PermissionDenied, InvalidInput) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("已重新排队 %(count)d 条") % {"count": count})
