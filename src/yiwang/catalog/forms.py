# ruff: noqa: E501 — one field per line reads best
"""Forms of the catalog's pages: parsing and labels only; the rules live in the services."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.catalog.models import Audience, Channel, ItemLevel, ItemStatus, ItemType

TEXTAREA = {"rows": 4}


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索事项"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("服务对象"), required=False,
        choices=[("", _("全部")), (Audience.PERSON, _("个人办事")), (Audience.LEGAL, _("法人办事"))],
    )  # fmt: skip
    department = forms.TypedChoiceField(label=_("实施部门"), required=False, coerce=int)
    item_type = forms.ChoiceField(
        label=_("事项类型"), required=False, choices=[("", _("全部")), *ItemType.choices]
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("全部"))] + [
            (d.pk, f"{d.short_name or d.name}（{d.item_count}）") for d in departments
        ]


class ItemForm(forms.Form):
    code = forms.CharField(
        label=_("事项编码"), max_length=40, help_text=_("如 SC-XK-001，保存后不能修改")
    )
    name = forms.CharField(label=_("事项名称"), max_length=200)
    item_type = forms.ChoiceField(label=_("事项类型"), choices=ItemType.choices)
    department = forms.TypedChoiceField(label=_("实施机构"), coerce=int)
    level = forms.ChoiceField(label=_("行使层级"), choices=ItemLevel.choices)
    audience = forms.ChoiceField(label=_("服务对象"), choices=Audience.choices)
    summary = forms.CharField(
        label=_("事项简介"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    statutory_limit_days = forms.IntegerField(
        label=_("法定办结时限（工作日）"), min_value=0, max_value=365
    )
    promised_limit_days = forms.IntegerField(
        label=_("承诺办结时限（工作日）"), min_value=0, max_value=365, help_text=_("0 表示即办")
    )
    fee = forms.DecimalField(label=_("收费标准（元）"), min_value=0, decimal_places=2, initial=0)
    fee_description = forms.CharField(label=_("收费说明"), required=False, max_length=500)
    channels = forms.MultipleChoiceField(
        label=_("办理渠道"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    max_visits = forms.IntegerField(label=_("最多到现场次数"), min_value=0, max_value=10, initial=0)
    location = forms.CharField(label=_("办理地点"), required=False, max_length=300)
    office_hours = forms.CharField(label=_("办理时间"), required=False, max_length=200)
    consult_phone = forms.CharField(label=_("咨询电话"), required=False, max_length=60)
    complaint_phone = forms.CharField(label=_("监督投诉电话"), required=False, max_length=60)
    conditions = forms.CharField(
        label=_("申请条件"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    process = forms.CharField(
        label=_("办理流程"),
        required=False,
        help_text=_("每行一个步骤"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    legal_basis = forms.CharField(
        label=_("设定依据"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    result_name = forms.CharField(label=_("办理结果"), required=False, max_length=200)
    certificate_type = forms.CharField(
        label=_("出具证照类型"),
        required=False,
        max_length=40,
        help_text=_("如 business_licence；不出具证照的留空"),
    )
    process_key = forms.CharField(
        label=_("审批流程标识"),
        required=False,
        max_length=60,
        help_text=_("留空使用默认的单部门审批流程"),
    )
    form_schema = forms.CharField(
        label=_("申请表单（JSON Schema）"), required=False, widget=forms.Textarea(attrs={"rows": 10, "class": "code"}),
        help_text=_("JSON Schema 2020-12 对象；每个字段需有中文 title。留空表示无申请表单"),
    )  # fmt: skip
    faq = forms.CharField(
        label=_("常见问题"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("每条两行：第一行“问：”开头，第二行“答：”开头"),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, d.name) for d in departments]
        if editing:
            self.fields["code"].disabled = True

    def clean_form_schema(self):
        text = (self.cleaned_data["form_schema"] or "").strip()
        if not text:
            return {}
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("不是有效的 JSON（第 %(line)s 行附近）"), params={"line": exc.lineno}
            ) from None

    def clean_faq(self):
        entries, question = [], None
        for line in (self.cleaned_data["faq"] or "").splitlines():
            line = line.strip()
            if line.startswith(("问：", "问:")):
                question = line[2:].strip()
            elif line.startswith(("答：", "答:")) and question is not None:
                entries.append({"q": question, "a": line[2:].strip()})
                question = None
            elif line:
                raise forms.ValidationError(_("请按“问：……”“答：……”两行一条填写"))
        if question is not None:
            raise forms.ValidationError(_("最后一个问题缺少“答：”"))
        return entries


def faq_text(entries: list[dict]) -> str:
    return "\n".join(f"问：{e['q']}\n答：{e['a']}" for e in entries or [])


class MaterialForm(forms.Form):
    code = forms.CharField(label=_("材料编码"), max_length=40)
    name = forms.CharField(label=_("材料名称"), max_length=200)
    required = forms.BooleanField(label=_("必需"), required=False, initial=True)
    original = forms.BooleanField(label=_("原件"), required=False)
    copies = forms.IntegerField(label=_("份数"), min_value=0, max_value=99, initial=1)
    certificate_type = forms.CharField(label=_("可用电子证照"), required=False, max_length=40)
    shared_data = forms.CharField(label=_("可用共享数据"), required=False, max_length=60)
    accepts = forms.CharField(
        label=_("文件格式"), required=False, max_length=100, initial="pdf,jpg,png"
    )
    description = forms.CharField(label=_("填报说明"), required=False, max_length=2000)


class StepForm(forms.Form):
    name = forms.CharField(label=_("环节名称"), max_length=100)
    counts_toward_limit = forms.BooleanField(label=_("计入办结时限"), required=False)
    max_days = forms.IntegerField(label=_("时限（工作日）"), min_value=1, max_value=365)
    description = forms.CharField(label=_("说明"), required=False, max_length=300)


MaterialFormSet = forms.formset_factory(MaterialForm, extra=2, can_delete=True, max_num=60)
StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True, max_num=20)


def formset_rows(formset) -> list[dict]:
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("变更为"))
    reason = forms.CharField(label=_("变更原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("如：依据某某文件取消该事项"),
                             error_messages={"required": _("请填写变更原因")})  # fmt: skip
    delegated_to = forms.TypedChoiceField(label=_("下放至"), required=False, coerce=int, empty_value=None,
                                          help_text=_("仅“下放”时选择"))  # fmt: skip
    successor = forms.CharField(label=_("承接事项编码"), required=False, max_length=40,
                                help_text=_("下放或调整后由哪个事项承接（选填）"))  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, targets=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ItemStatus.choices)
        self.fields["to_status"].choices = [(t, labels[t]) for t in targets]
        self.fields["delegated_to"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("事项目录文件（Excel .xlsx）"),
        help_text=_("工作表：事项、材料、特殊环节、常见问题；请先导出模板再修改"),
        error_messages={"required": _("请选择要上传的文件")},
    )
