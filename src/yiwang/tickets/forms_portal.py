"""Forms of the citizen's 12345 pages. They collect input; the rules live in the services,
whose field errors are put back beside the field they concern."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput
from yiwang.tickets.models import Category, RatingLevel, TicketType
from yiwang.tickets.services.attachments import (
    MAX_BYTES,
    MAX_FILES,
    UploadedFile,
    validate_files,
)
from yiwang.tickets.services.intake import MAX_DESCRIPTION, MAX_SUBJECT

UNSURE = ""  # the category "不确定": the dispatcher classifies it


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; sizes are checked before anything is read into memory."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(_("附件最多 9 个"), code="too_many")
        too_big = [f.name for f in files if f.size > MAX_BYTES]
        if too_big:
            raise ValidationError(
                _("附件不能超过 10 MB：%(names)s"), code="too_large",
                params={"names": "、".join(too_big)},
            )  # fmt: skip
        return files


def category_choices() -> list[tuple[str, str]]:
    """The catalogue tree as one list, children indented under their parents."""
    choices = [(UNSURE, str(_("不确定（由工作人员分类）")))]
    for code, name, path in Category.objects.filter(is_active=True).values_list(
        "code", "name", "path"
    ):
        depth = max(0, path.strip("/").count("/"))
        choices.append((code, "\u3000" * depth + ("└ " if depth else "") + name))
    return choices


class ServiceErrorsMixin:
    """Put each field error from a service beside its field (or on top when unknown)."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, exc: InvalidInput) -> None:
        if not exc.field_errors:
            self.add_error(None, str(exc.detail))
            return
        for error in exc.field_errors:
            name = error.field.split(".", 1)[0]
            name = self.field_map.get(name, name)
            message = str(error.message)
            if error.field.startswith("attachments.") and self.files_named:
                index = int(error.field.split(".", 1)[1])
                if index < len(self.files_named):
                    message = f"{self.files_named[index]}：{message}"
            self.add_error(name if name in self.fields else None, message)

    files_named: list[str] = []


class SubmitForm(ServiceErrorsMixin, forms.Form):
    ticket_type = forms.ChoiceField(
        label=_("诉求类型"),
        choices=TicketType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择诉求类型"), "invalid_choice": _("诉求类型无效")},
    )
    subject = forms.CharField(
        label=_("标题"),
        help_text=_("一句话概括您的诉求，不超过 200 字。"),
        error_messages={"required": _("请填写标题")},
        widget=forms.TextInput(attrs={"maxlength": MAX_SUBJECT}),
    )
    description = forms.CharField(
        label=_("诉求内容"),
        help_text=_(
            "请写清时间、地点、事情经过和您的诉求，不超过 5000 字。请勿填写与诉求无关的个人信息。"
        ),
        error_messages={"required": _("请填写诉求内容")},
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_DESCRIPTION}),
        strip=True,
    )
    category = forms.ChoiceField(
        label=_("诉求分类"),
        required=False,
        help_text=_("不确定时可不选，由工作人员分类。"),
    )
    address = forms.CharField(
        label=_("事发地址"), required=False, max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    latitude = forms.CharField(
        label=_("纬度"), required=False, max_length=20,
        help_text=_("可选，如 30.123456。"), widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    longitude = forms.CharField(
        label=_("经度"), required=False, max_length=20,
        help_text=_("可选，如 120.123456。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可上传 JPG、PNG、GIF、WEBP 图片或 PDF 文件，每个不超过 10 MB，最多 9 个。"),
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.gif,.webp,.pdf"}),
    )
    allow_publication = forms.BooleanField(
        label=_("同意在网站公开本诉求及答复（不公开您的个人信息）"), required=False
    )
    requester_name = forms.CharField(
        label=_("您的称呼"), required=False, max_length=50,
        help_text=_("如 王先生、李女士。"), widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )  # fmt: skip
    requester_phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("用于接收验证码、受理短信和办理结果，并凭此查询进度。"),
        error_messages={"required": _("请填写手机号码")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=8,
        error_messages={"required": _("请输入短信验证码")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    field_map = {"region_code": "address"}

    def __init__(self, *args: Any, signed_in: bool, phone_verified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if signed_in:  # name and phone come from the account
            for name in ("requester_name", "requester_phone", "code"):
                del self.fields[name]
        elif phone_verified:
            self.fields["code"].required = False
            self.fields["code"].help_text = _("该手机号已验证，无需再次输入验证码。")

    @property
    def files_named(self) -> list[str]:  # type: ignore[override]
        return [f.name for f in self.uploads()]

    def clean_attachments(self) -> list[UploadedFile]:
        """Checked by content here already, so a bad file is reported with the other fields
        rather than after them (the service checks again)."""
        uploads = [UploadedFile(f.name, f.read()) for f in self.cleaned_data["attachments"]]
        try:
            validate_files(uploads)
        except InvalidInput as exc:
            messages = []
            for error in exc.field_errors:
                index = error.field.partition(".")[2]
                name = uploads[int(index)].name if index.isdigit() else ""
                messages.append(f"{name}：{error.message}" if name else str(error.message))
            raise ValidationError(messages) from None
        return uploads

    def uploads(self) -> list[UploadedFile]:
        return list(getattr(self, "cleaned_data", {}).get("attachments") or [])

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "ticket_type": data["ticket_type"],
            "subject": data["subject"],
            "description": data["description"],
            "category_code": data.get("category") or None,
            "address": data.get("address", ""),
            "latitude": data.get("latitude") or None,
            "longitude": data.get("longitude") or None,
            "allow_publication": bool(data.get("allow_publication")),
        }


class TrackForm(forms.Form):
    case_number = forms.CharField(
        label=_("工单编号"),
        max_length=40,
        help_text=_("受理短信中的编号，如 SF12345-20261121-000123。"),
        error_messages={"required": _("请填写工单编号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("提交诉求时填写的手机号码。"),
        error_messages={"required": _("请填写手机号码")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class RateForm(ServiceErrorsMixin, forms.Form):
    level = forms.TypedChoiceField(
        label=_("满意程度"),
        choices=RatingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价等级"), "invalid_choice": _("请选择评价等级")},
    )
    comment = forms.CharField(
        label=_("评价内容"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
    )


class ReopenForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("重办理由"),
        help_text=_("请说明哪些问题仍未解决。"),
        max_length=5000,
        error_messages={"required": _("请填写重办理由")},
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
    )
