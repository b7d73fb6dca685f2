"""Forms of the annual report pages: parsing and labels; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.disclosure.forms_requests import ServiceErrorsMixin
from yiwang.disclosure.selectors.reports import REVIEW_BLOCKS, REVIEW_KEYS

NARRATIVE = {"rows": 8}
BLOCK_LABELS = {
    "review": _("行政复议"),
    "litigation_direct": _("行政诉讼（未经复议直接起诉）"),
    "litigation_after_review": _("行政诉讼（复议后起诉）"),
}
KEY_LABELS = {
    "upheld": _("结果维持"),
    "corrected": _("结果纠正"),
    "other": _("其他结果"),
    "pending": _("尚未审结"),
}


class OpenReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2008,
        max_value=2100,
        error_messages={
            "required": _("请填写年度"),
            "invalid": _("年度无效"),
            "min_value": _("年度无效"),
            "max_value": _("年度无效"),
        },
    )
    department = forms.ChoiceField(label=_("报告机关"), choices=())

    def __init__(self, *args, departments=(), whole=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全市政府"))] if whole else []
        choices += [(str(d.pk), d.name) for d in departments]
        self.fields["department"].choices = choices
        self.fields["department"].required = not whole


class ReportForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("标题"), max_length=200, error_messages={"required": _("请填写标题")}
    )
    overview = forms.CharField(
        label=_("一、总体情况"), required=False, widget=forms.Textarea(attrs=NARRATIVE),
        help_text=_("主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的总体情况。"),
    )  # fmt: skip
    fee_amount = forms.DecimalField(
        label=_("行政事业性收费本年收费金额（万元）"), min_value=0, max_digits=12,
        decimal_places=4, initial=0,
        error_messages={"invalid": _("收费金额应为不小于 0 的数字（万元）"),
                        "min_value": _("收费金额应为不小于 0 的数字（万元）")},
    )  # fmt: skip
    problems = forms.CharField(
        label=_("五、存在的主要问题及改进情况"), required=False,
        widget=forms.Textarea(attrs=NARRATIVE),
    )  # fmt: skip
    other_matters = forms.CharField(
        label=_("六、其他需要报告的事项"), required=False, widget=forms.Textarea(attrs=NARRATIVE),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for block in REVIEW_BLOCKS:
            for key in REVIEW_KEYS:
                self.fields[f"{block}_{key}"] = forms.IntegerField(
                    label=f"{BLOCK_LABELS[block]}·{KEY_LABELS[key]}",
                    min_value=0,
                    max_value=10_000_000,
                    initial=0,
                    required=False,
                    error_messages={
                        "invalid": _("请填写非负整数"),
                        "min_value": _("请填写非负整数"),
                        "max_value": _("请填写非负整数"),
                    },
                )

    def review_fields(self):
        return [
            (BLOCK_LABELS[block], [self[f"{block}_{key}"] for key in REVIEW_KEYS])
            for block in REVIEW_BLOCKS
        ]

    def review_data(self) -> dict:
        c = self.cleaned_data
        return {
            block: {key: c.get(f"{block}_{key}") or 0 for key in REVIEW_KEYS}
            for block in REVIEW_BLOCKS
        }

    @classmethod
    def initial_for(cls, report) -> dict:
        initial = {
            "title": report.title,
            "overview": report.overview,
            "fee_amount": report.fee_amount,
            "problems": report.problems,
            "other_matters": report.other_matters,
        }
        raw = report.review_litigation or {}
        for block in REVIEW_BLOCKS:
            for key in REVIEW_KEYS:
                initial[f"{block}_{key}"] = (raw.get(block) or {}).get(key, 0)
        return initial
