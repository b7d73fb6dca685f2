"""Forms of the request pages: parsing and labels only; the services validate and decide,
and their field errors come back onto the same fields (``add_service_errors``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.disclosure import outcomes
from yiwang.disclosure.models.requests import (
    ApplicantType,
    IdType,
    PauseKind,
    ProvideForm,
    ReceiveWay,
    RequestChannel,
)
from yiwang.disclosure.services.requests import ApplicantData, RequestData
from yiwang.org.models import Department

TEXTAREA = {"rows": 4}


class ServiceErrorsMixin:
    """``form.add_service_errors(exc)`` for the views of every disclosure page."""

    def add_service_errors(self, exc: InvalidInput) -> None:
        add_service_errors(self, exc)


def _text(label, *, max_length=200, required_message=None, help_text="", **attrs):
    messages = {"max_length": _("内容过长，请精简后再提交")}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required_message is not None,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
        error_messages=messages,
    )


class RequestForm(ServiceErrorsMixin, forms.Form):
    """The public application form (政府信息公开申请表)."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        initial=ApplicantType.NATURAL,
        widget=forms.RadioSelect,
        help_text=_(
            "法人或其他组织请选择所属类别：商业企业、科研机构、社会公益组织、法律服务机构或其他。"
        ),
        error_messages={"invalid_choice": _("请选择申请人类型"), "required": _("请选择申请人类型")},
    )
    name = _text(
        _("姓名或单位名称"),
        required_message=_("请填写申请人姓名或单位名称"),
        autocomplete="name",
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择")), *IdType.choices],
        required=False,
        help_text=_("自然人填写"),
    )
    id_number = _text(_("证件号码"), max_length=30, help_text=_("自然人填写"), autocomplete="off")
    credit_code = _text(
        _("统一社会信用代码"), max_length=18, help_text=_("法人或其他组织填写"), autocomplete="off"
    )
    legal_representative = _text(
        _("法定代表人或负责人"), max_length=50, help_text=_("法人或其他组织填写")
    )
    contact_name = _text(_("联系人"), max_length=50, help_text=_("法人或其他组织填写"))
    phone = _text(
        _("手机号码"),
        max_length=20,
        required_message=_("请填写手机号码"),
        help_text=_("用于查询办理进度"),
        autocomplete="tel",
        inputmode="tel",
    )
    email = _text(_("电子邮箱"), max_length=254, autocomplete="email", inputmode="email")
    address = _text(_("通信地址"), max_length=200, autocomplete="street-address")
    postcode = _text(_("邮政编码"), max_length=6, inputmode="numeric")
    department = forms.ChoiceField(
        label=_("受理机关"),
        choices=(),
        error_messages={"required": _("请选择受理机关"), "invalid_choice": _("请选择受理机关")},
    )
    description = forms.CharField(
        label=_("所需信息内容描述"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("请尽量写明信息的名称、文号或者便于查询的其他特征。"),
        error_messages={
            "required": _("请描述所需的政府信息"),
            "max_length": _("内容描述不能超过 5000 个字符"),
        },
    )
    document_title = _text(_("文件名称（如知道）"), max_length=200)
    document_number = _text(_("文号（如知道）"), max_length=100)
    purpose = forms.CharField(
        label=_("用途"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("《政府信息公开条例》不要求说明用途，可以不填。"),
        error_messages={"max_length": _("用途不能超过 1000 个字符")},
    )
    provide_form = forms.ChoiceField(
        label=_("信息的提供方式"),
        choices=ProvideForm.choices,
        initial=ProvideForm.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请选择提供方式")},
    )
    receive_way = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=ReceiveWay.choices,
        initial=ReceiveWay.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请选择获取方式")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(is_active=True).order_by("path")
        self.fields["department"].choices = [
            ("", _("请选择")),
            *((str(d.pk), "\u3000" * max(d.depth, 0) + d.name) for d in departments),
        ]

    def applicant(self) -> ApplicantData:
        c = self.cleaned_data
        return ApplicantData(
            applicant_type=c["applicant_type"], name=c["name"], phone=c["phone"],
            id_type=c["id_type"], id_number=c["id_number"], credit_code=c["credit_code"],
            legal_representative=c["legal_representative"], contact_name=c["contact_name"],
            email=c["email"], address=c["address"], postcode=c["postcode"],
        )  # fmt: skip

    def request_data(self) -> RequestData:
        c = self.cleaned_data
        return RequestData(
            department_id=c["department"], description=c["description"],
            document_title=c["document_title"], document_number=c["document_number"],
            purpose=c["purpose"], provide_form=c["provide_form"], receive_way=c["receive_way"],
        )  # fmt: skip


class StaffRequestForm(RequestForm):
    """A request that arrived by letter, in person or by fax, registered by staff."""

    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[c for c in RequestChannel.choices if c[0] != RequestChannel.WEB],
        error_messages={"invalid_choice": _("申请方式无效"), "required": _("申请方式无效")},
    )
    received_on = forms.DateField(
        label=_("收到申请日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("信函以签收之日、当面申请以提交之日为收到申请之日。"),
        error_messages={"required": _("请填写收到申请日期"), "invalid": _("日期格式不正确")},
    )


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=40,
        help_text=_("提交申请后显示的编号，如 YSQ-2026-000123。"),
        error_messages={"required": _("请填写申请编号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("提交申请时填写的手机号码。"),
        error_messages={"required": _("请填写手机号码")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class CorrectionForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("补正内容"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={
            "required": _("请填写补正内容"),
            "max_length": _("内容不能超过 5000 个字符"),
        },
    )


# --- workbench -----------------------------------------------------------------------------


class AskCorrectionForm(ServiceErrorsMixin, forms.Form):
    items = forms.CharField(
        label=_("需要补正的事项"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("请写明需要补正的事项")},
    )
    reply_days = forms.IntegerField(
        label=_("补正期限（工作日）"),
        min_value=1,
        max_value=60,
        initial=15,
        error_messages={
            "required": _("请填写补正期限"),
            "invalid": _("补正期限应为 1 至 60 个工作日"),
            "min_value": _("补正期限应为 1 至 60 个工作日"),
            "max_value": _("补正期限应为 1 至 60 个工作日"),
        },
    )


class ConsultForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("征求意见类型"),
        choices=PauseKind.choices,
        error_messages={"invalid_choice": _("请选择征求意见类型")},
    )
    party = forms.CharField(
        label=_("征求意见的对象"),
        max_length=200,
        error_messages={"required": _("请填写征求意见的对象")},
    )


class ConsultEndForm(ServiceErrorsMixin, forms.Form):
    opinion = forms.CharField(
        label=_("收到的意见"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写收到的意见")},
    )


class ExtensionForm(ServiceErrorsMixin, forms.Form):
    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=20,
        initial=20,
        error_messages={
            "required": _("延长期限应为 1 至 20 个工作日"),
            "invalid": _("延长期限应为 1 至 20 个工作日"),
            "min_value": _("延长期限应为 1 至 20 个工作日"),
            "max_value": _("延长期限应为 1 至 20 个工作日"),
        },
    )
    reason = forms.CharField(
        label=_("延期理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请写明延期理由")},
    )


class DecideForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=(),
        error_messages={"required": _("请选择办理结果"), "invalid_choice": _("请选择办理结果")},
    )
    notice_text = forms.CharField(
        label=_("告知内容"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("不填则使用该办理结果的标准告知语。"),
    )
    legal_basis = forms.CharField(
        label=_("法律依据"),
        required=False,
        max_length=300,
        help_text=_("不填则引用该办理结果对应的《政府信息公开条例》条款。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [
            (label, [(code, text) for code, text in items if code != outcomes.NO_CORRECTION])
            for label, items in outcomes.choices()
        ]
        self.fields["outcome"].choices = [("", _("请选择")), *groups]
