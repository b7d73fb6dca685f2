"""Forms of the workbench publication pages: parsing and labels only; the services decide."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from yiwang.disclosure.forms_requests import ServiceErrorsMixin
from yiwang.disclosure.models import DocKind, PublicationStatus, Topic, Validity
from yiwang.disclosure.selectors.publications import tree_order
from yiwang.disclosure.services.publications_fields import (
    MAX_DOCUMENT_NUMBER,
    MAX_KEYWORDS,
    MAX_TITLE,
)

STATUS_FILTER = [
    ("", _("全部状态")),
    ("review", _("待审查或待发布")),
    *PublicationStatus.choices,
]


class NodeChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for node in tree_order(list(self.queryset)):
            yield self.choice(node)


class NodeChoiceField(forms.ModelChoiceField):
    iterator = NodeChoiceIterator

    def label_from_instance(self, obj) -> str:
        owner = f"（{obj.department.name}）" if obj.department_id else ""
        return "\u3000" * obj.depth + obj.name + owner


class PolicyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title}（{obj.index_number}）"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PublicationForm(ServiceErrorsMixin, forms.Form):
    department = forms.ModelChoiceField(
        label=_("发布机构"), queryset=None, empty_label=None,
        error_messages={"required": _("请选择发布机构"), "invalid_choice": _("请选择发布机构")},
    )  # fmt: skip
    title = forms.CharField(
        label=_("标题"), max_length=MAX_TITLE,
        error_messages={"required": _("请填写标题"), "max_length": _("标题不能超过 200 个字符")},
    )  # fmt: skip
    catalogue = NodeChoiceField(
        label=_("公开目录"), queryset=None, empty_label=_("（请选择）"),
        error_messages={"required": _("请选择公开目录"), "invalid_choice": _("请选择公开目录")},
    )  # fmt: skip
    topic = forms.ChoiceField(
        label=_("主题分类"), choices=[("", _("（请选择）")), *Topic.choices],
        error_messages={"required": _("请选择主题分类")},
    )  # fmt: skip
    doc_kind = forms.ChoiceField(label=_("文件类型"), choices=DocKind.choices)
    interprets = PolicyChoiceField(
        label=_("所解读的文件"), queryset=None, required=False, empty_label=_("（无）"),
        help_text=_("文件类型为“政策解读”时必选：解读页与政策文件页互相链接。"),
    )  # fmt: skip
    document_number = forms.CharField(
        label=_("发文字号"), max_length=MAX_DOCUMENT_NUMBER, required=False,
        help_text=_("如：示政发〔2025〕3号"),
    )  # fmt: skip
    written_on = forms.DateField(
        label=_("成文日期"), required=False, widget=DateInput(),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")},
    )  # fmt: skip
    effective_until = forms.DateField(
        label=_("有效期至"), required=False, widget=DateInput(),
        help_text=_("到期后自动标记为失效；长期有效请留空。"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")},
    )  # fmt: skip
    keywords = forms.CharField(
        label=_("关键词"), max_length=MAX_KEYWORDS, required=False,
        help_text=_("用空格或顿号分隔"),
    )  # fmt: skip
    decision_count = forms.IntegerField(
        label=_("决定数量"), required=False, min_value=0,
        help_text=_("行政许可、行政处罚、行政强制目录下的信息填写所含决定的数量，计入年度报告。"),
        error_messages={
            "invalid": _("决定数量应为非负整数"), "min_value": _("决定数量应为非负整数"),
        },
    )  # fmt: skip
    body_html = forms.CharField(
        label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("可粘贴 HTML：保留段落、标题、列表、表格、加粗、链接；脚本和样式会被清除。"),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments=None, nodes=None, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["catalogue"].queryset = nodes
        self.fields["interprets"].queryset = policies

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("department", None)
        data.pop("version", None)
        return data


class ReviewForm(forms.Form):
    opinion = forms.CharField(
        label=_("审查意见"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("退回时必填。"),
    )  # fmt: skip


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=500)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    changed_on = forms.DateField(
        label=_("失效/废止日期"), required=False, widget=DateInput(),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")},
    )  # fmt: skip


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"), help_text=_("PDF、Word (.docx)、Excel (.xlsx) 或图片，单个不超过 20 MB。"),
        error_messages={"required": _("请选择文件"), "empty": _("附件是空文件")},
    )  # fmt: skip


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("标题、索引号或文号"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_FILTER, required=False)
