"""The operator console (接听台): a request taken by phone, letter or visit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.validators import validate_mobile_phone
from yiwang.tickets.forms_actions import MultipleFileField
from yiwang.tickets.forms_workbench import CategoryChoiceField, region_validator
from yiwang.tickets.models import Channel, TicketType

WATCH = "tk-watch"  # fields whose text the live hints (emergency, repeat caller) look at
CONSOLE_CHANNELS = [
    (Channel.PHONE, Channel.PHONE.label),
    (Channel.LETTER, Channel.LETTER.label),
    (Channel.VISIT, Channel.VISIT.label),
]
# the operator's answer to the emergency prompt travels as the name/value of the submit
# button pressed, so it is not a form field
EMERGENCY_ACK = [
    ("transferred", _("已提示转接 110/119/120/122")),
    ("continue", _("不属于紧急情况，继续受理")),
]


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("受理渠道"),
        choices=CONSOLE_CHANNELS,
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    requester_phone = forms.CharField(
        label=_("来电号码 / 联系电话"),
        max_length=20,
        required=False,
        help_text=_("11 位手机号码；来信可不填"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "class": WATCH}),
    )
    requester_name = forms.CharField(label=_("诉求人姓名"), max_length=50, required=False)
    recording_ref = forms.CharField(
        label=_("录音编号"),
        max_length=200,
        required=False,
        help_text=_("电话系统中本次通话的录音编号"),
    )
    ticket_type = forms.ChoiceField(
        label=_("诉求类型"), choices=TicketType.choices, initial=TicketType.CONSULT
    )
    subject = forms.CharField(
        label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": WATCH})
    )
    description = forms.CharField(
        label=_("诉求内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "class": WATCH}),
        help_text=_("不超过 5000 字；如含火灾、受伤、治安、交通事故等紧急情况，系统会提示转接"),
    )
    category = CategoryChoiceField(label=_("诉求分类"), required=False, empty_label=_("暂不分类"))
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    region_code = forms.CharField(
        label=_("行政区划代码"),
        max_length=12,
        required=False,
        validators=[region_validator],
        help_text=_("6、9 或 12 位数字，如 339901001"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("来信扫描件、现场照片等：JPG、PNG、GIF、WEBP 或 PDF，每个不超过 10 MB"),
    )
    allow_publication = forms.BooleanField(
        label=_("诉求人同意公开本诉求（隐去个人信息）"), required=False
    )

    def clean_requester_phone(self) -> str:
        # checked here too so every problem with the form is reported at once
        value = self.cleaned_data.get("requester_phone", "")
        return validate_mobile_phone(value) if value else ""
