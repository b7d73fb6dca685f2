from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.core.forms import add_service_errors


class _Form(forms.Form):
    subject = forms.CharField(required=False)
    attachments = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form(data={})
    form.is_valid()
    return form


def test_field_errors_land_beside_their_fields_and_unknown_ones_on_top():
    form = _bound()
    add_service_errors(
        form,
        InvalidInput(
            field_errors=[
                FieldError("subject", _("请填写标题"), "required"),
                FieldError("attachments.1", _("文件类型不允许"), "file_type"),
                FieldError("region_code", _("区域不存在"), "unknown_region"),
            ]
        ),
    )
    assert form.errors["subject"] == ["请填写标题"]
    assert form.has_error("subject", "required")
    assert form.errors["attachments"] == ["文件类型不允许"]
    assert form.non_field_errors() == ["区域不存在"]


def test_an_error_without_field_errors_goes_on_top():
    form = _bound()
    add_service_errors(form, InvalidInput(detail=_("请求无效")))
    assert form.non_field_errors() == ["请求无效"]
    assert not form.has_error("subject")
