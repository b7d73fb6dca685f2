"""Django admin for the calendar. Every save and delete goes through the services, so the
admin site is audited and invalidates the caches like every other path."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yiwang.org.permissions import can
from yiwang.workcal import services
from yiwang.workcal.models import CalendarYear, DayKind, SpecialDay, WorkSchedule


def _manage(request) -> bool:
    return can(request.user, "workcal.manage")


class SpecialDayForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[
            (DayKind.HOLIDAY, DayKind.HOLIDAY.label),
            (DayKind.WORKDAY, DayKind.WORKDAY.label),
        ],
    )

    class Meta:
        model = SpecialDay
        fields = ["date", "kind", "name"]

    def clean(self):
        data = super().clean()
        day = data.get("date") or (self.instance.date if self.instance.pk else None)
        if day is not None and data.get("kind"):
            for error in services.validate_day(
                day=day, kind=data["kind"], name=data.get("name", "")
            ):
                self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def validate_unique(self):
        # An existing row for the date is updated by the service, not a duplicate.
        pass


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    form = SpecialDayForm
    list_display = ["date", "kind", "name", "source", "updated_at"]
    list_filter = ["kind", "source"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    ordering = ["-date"]

    def get_readonly_fields(self, request, obj=None):
        return ["date", "source"] if obj is not None else ["source"]

    def has_view_permission(self, request, obj=None):
        return can(request.user, "workcal.view")

    def has_add_permission(self, request):
        return _manage(request)

    def has_change_permission(self, request, obj=None):
        return _manage(request)

    def has_delete_permission(self, request, obj=None):
        return _manage(request)

    def save_model(self, request, obj, form, change):
        saved = services.day_set(
            actor=request.user,
            day=form.cleaned_data.get("date") or obj.date,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data.get("name", ""),
        )
        if saved is not None:
            obj.pk = saved.pk  # so the admin's "changed" message links to the real row

    def delete_model(self, request, obj):
        services.day_set(actor=request.user, day=obj.date, kind=services.CLEAR)

    def delete_queryset(self, request, queryset):
        for day in queryset.values_list("date", flat=True):
            services.day_set(actor=request.user, day=day, kind=services.CLEAR)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "note", "updated_at"]
    readonly_fields = ["year", "source", "note"]

    def has_view_permission(self, request, obj=None):
        return can(request.user, "workcal.view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WorkScheduleForm(forms.ModelForm):
    class Meta:
        model = WorkSchedule
        fields = ["morning_start", "morning_end", "afternoon_start", "afternoon_end"]

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in self.Meta.fields):
            for error in services.validate_schedule(**{k: data[k] for k in self.Meta.fields}):
                self.add_error(error.field, error.message)
        return data


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    form = WorkScheduleForm
    list_display = ["__str__", "is_active", "version", "updated_at"]

    def has_view_permission(self, request, obj=None):
        return can(request.user, "workcal.view")

    def has_add_permission(self, request):
        return False  # one schedule, created at install; edit it

    def has_change_permission(self, request, obj=None):
        return _manage(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.schedule_update(
            actor=request.user,
            **{k: form.cleaned_data[k] for k in WorkScheduleForm.Meta.fields},
        )
