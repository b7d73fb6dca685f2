"""Forms of the knowledge-base pages: parsing and labels only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.tickets.services.knowledge import MAX_ANSWER, MAX_KEYWORDS, MAX_QUESTION

STATUS_CHOICES = [("active", _("启用中")), ("inactive", _("已停用")), ("all", _("全部"))]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        depth = max(0, obj.path.count("/") - 2)
        return "\u3000" * depth + obj.name


class KnowledgeEntryForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("维护部门"), queryset=None, empty_label=None,
        error_messages={
            "required": _("请选择维护部门"), "invalid_choice": _("请选择有效的维护部门"),
        },
    )  # fmt: skip
    category = CategoryChoiceField(
        label=_("诉求分类"), queryset=None, required=False, empty_label=_("（不限分类）"),
        error_messages={"invalid_choice": _("诉求分类不存在或已停用")},
    )  # fmt: skip
    question = forms.CharField(
        label=_("问题"), max_length=MAX_QUESTION,
        help_text=_("按群众的问法写，如：租房可以提取住房公积金吗？"),
        error_messages={"required": _("请填写问题"), "max_length": _("问题不能超过 200 个字符")},
    )  # fmt: skip
    answer = forms.CharField(
        label=_("答案"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("话务员将直接以此答复来电群众：写明条件、材料、地点、时限和咨询电话。"),
        error_messages={"required": _("请填写答案"), "max_length": _("答案不能超过 5000 个字符")},
    )  # fmt: skip
    keywords = forms.CharField(
        label=_("关键词"), max_length=MAX_KEYWORDS, required=False,
        help_text=_("群众可能用到的其他说法，用空格或顿号分隔，如：公积金 提取 租房"),
        error_messages={"max_length": _("关键词合计不能超过 200 个字符")},
    )  # fmt: skip
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments=None, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["category"].queryset = categories

    def add_service_errors(self, exc: InvalidInput) -> None:
        add_service_errors(self, exc)


class KnowledgeFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("维护部门"), queryset=None, required=False, empty_label=_("全部部门")
    )
    category = CategoryChoiceField(
        label=_("诉求分类"), queryset=None, required=False, empty_label=_("全部分类")
    )
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, departments=None, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["category"].queryset = categories

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"query": "", "department_id": None, "category_id": None, "status": "active"}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "department_id": data["department"].pk if data["department"] else None,
            "category_id": data["category"].pk if data["category"] else None,
            "status": data["status"] or "active",
        }


class AnswerNowForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("答复内容"), required=False, max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("可按来电情况修改；留空则使用知识库答案原文。"),
        error_messages={"max_length": _("答案不能超过 5000 个字符")},
    )  # fmt: skip
