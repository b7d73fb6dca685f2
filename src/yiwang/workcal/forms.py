"""Forms for the calendar workbench page: parsing and labels only; rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.workcal import imports
from yiwang.workcal.models import DayKind
from yiwang.workcal.services import CLEAR, MAX_YEAR, MIN_YEAR

TIME_FORMATS = ["%H:%M", "%H:%M:%S"]


class DaySetForm(forms.Form):
    date = forms.DateField(
        label=_("日期"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("日期无效，应为 YYYY-MM-DD"), "required": _("请填写日期")},
    )
    kind = forms.ChoiceField(
        label=_("设为"),
        choices=[
            (DayKind.HOLIDAY, _("节假日（放假）")),
            (DayKind.WORKDAY, _("调休上班（周末上班）")),
            (CLEAR, _("清除（按常规周一至周五上班）")),
        ],
    )
    name = forms.CharField(
        label=_("名称"), required=False, max_length=100, help_text=_("如：国庆节")
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("文件（CSV 或 Excel .xlsx）"),
        help_text=_("列：日期、类型（节假日/调休上班）、名称；或 date、kind、name"),
        error_messages={"required": _("请选择要上传的文件")},
    )
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("留空则按文件中日期最多的年份"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("文件过大（上限 2 MB）"))
        return upload


class ScheduleForm(forms.Form):
    morning_start = forms.TimeField(label=_("上午上班"), input_formats=TIME_FORMATS)
    morning_end = forms.TimeField(label=_("上午下班"), input_formats=TIME_FORMATS)
    afternoon_start = forms.TimeField(label=_("下午上班"), input_formats=TIME_FORMATS)
    afternoon_end = forms.TimeField(label=_("下午下班"), input_formats=TIME_FORMATS)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("morning_start", "morning_end", "afternoon_start", "afternoon_end"):
            self.fields[name].widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            self.fields[name].error_messages["invalid"] = _("时间格式不正确，应为 HH:MM")


class YearCompleteForm(forms.Form):
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput)
    complete = forms.BooleanField(required=False, widget=forms.HiddenInput)
