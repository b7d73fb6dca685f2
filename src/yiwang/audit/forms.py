from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("操作"),
        max_length=100,
        required=False,
        help_text=_("例如 org.department，含其下所有操作"),
    )
    actor = forms.CharField(label=_("操作人"), max_length=150, required=False)
    object_type = forms.CharField(label=_("对象类型"), max_length=100, required=False)
    object_id = forms.CharField(label=_("对象编号"), max_length=64, required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    request_id = forms.CharField(label=_("请求编号"), max_length=64, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data

    def filters(self) -> AuditFilters:
        """The valid part of the input: a bad date does not discard the other filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            **{name: data[name] for name in AuditFilters.__dataclass_fields__ if data.get(name)}
        )
