"""Django forms of the applicant pages that are not JSON Schema forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.rating import RatingLevel


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("办件编号"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("请填写办件编号")},
    )  # fmt: skip
    phone = forms.CharField(
        label=_("申请人手机号码"), max_length=20,
        help_text=_("完整的 11 位手机号码，或后 4 位"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("请填写手机号码或其后 4 位")},
    )  # fmt: skip


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("您对本次办理的评价"), coerce=int, widget=forms.RadioSelect,
        choices=sorted(RatingLevel.choices, reverse=True),
        error_messages={"required": _("请选择评价等级"), "invalid_choice": _("请选择评价等级")},
    )  # fmt: skip
    comment = forms.CharField(
        label=_("评价内容"), required=False, max_length=500,
        help_text=_("选择“不满意”或“非常不满意”时请说明原因，我们将督促整改。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class MaterialUploadForm(forms.Form):
    file = forms.FileField(
        label=_("选择文件"), help_text=_("PDF、JPG、PNG、OFD 或 DOCX，不超过 20 MB"),
        error_messages={"required": _("请选择要上传的文件")},
    )  # fmt: skip
    material_name = forms.CharField(label=_("材料名称"), required=False, max_length=200)


CONSENT_METHODS = (
    ("written", _("书面授权委托书")),
    ("on_site", _("现场签字确认")),
    ("phone", _("电话录音确认")),
)


class AgentForm(forms.Form):
    """代办: staff applying for someone record who and how the applicant consented."""

    applicant = forms.CharField(
        label=_("申请人账号"), max_length=64, help_text=_("申请人的登录名或手机号码"),
        error_messages={"required": _("请填写申请人账号")},
    )  # fmt: skip
    consent_method = forms.ChoiceField(
        label=_("授权方式"), choices=CONSENT_METHODS,
        error_messages={"required": _("请选择授权方式")},
    )  # fmt: skip
    consent_reference = forms.CharField(
        label=_("授权凭证编号"), max_length=100,
        error_messages={"required": _("请填写授权凭证编号")},
    )  # fmt: skip
