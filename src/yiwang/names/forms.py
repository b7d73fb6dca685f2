"""Forms of the names pages: the public check (a full name, or the four parts) and the staff
editor of 禁限用字词. Validation of the name itself is the parser's, not the form's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.names import vocab
from yiwang.names.models import WordCategory, WordKind
from yiwang.names.parsing import AFTER_INDUSTRY, AFTER_TRADE_NAME, MAX_NAME_CHARS, PREFIX

FULL, PARTS = "full", "parts"


class CheckForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("填写方式"), choices=((FULL, _("填写完整名称")), (PARTS, _("分项填写"))),
        initial=FULL, required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    name = forms.CharField(
        label=_("拟申报的企业名称"), required=False, max_length=MAX_NAME_CHARS * 2,
        help_text=_("如：示范市云帆科技有限公司，或 云帆（示范市）科技有限公司"),
    )  # fmt: skip
    region = forms.ChoiceField(label=_("行政区划"), required=False)
    region_position = forms.ChoiceField(
        label=_("行政区划的位置"), required=False, initial=PREFIX,
        choices=((PREFIX, _("名称最前面")), (AFTER_TRADE_NAME, _("字号之后（加括号）")),
                 (AFTER_INDUSTRY, _("行业之后（加括号）"))),
    )  # fmt: skip
    trade_name = forms.CharField(
        label=_("字号"), required=False, max_length=40, help_text=_("2 到 10 个汉字")
    )
    industry = forms.ChoiceField(label=_("行业表述"), required=False)
    org_form = forms.ChoiceField(label=_("组织形式"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", _("请选择"))]
        self.fields["region"].choices = blank + [(r, r) for r in sorted(vocab.regions(), key=len)]
        self.fields["industry"].choices = blank + [
            (str(label), [(e, e) for e in expressions])
            for _code, label, expressions in vocab.industries_by_section()
        ]
        self.fields["org_form"].choices = blank + [(f, f) for f in vocab.ORG_FORMS]

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or FULL

    def add_check_errors(self, exc: InvalidInput) -> None:
        """The parser's field errors onto the matching fields (``name`` for the whole)."""
        mode = self.cleaned_data.get("mode") or FULL
        for error in exc.field_errors:
            field = error.field if error.field in self.fields else "name"
            if mode == FULL:
                field = "name"
            elif field == "name":
                field = "trade_name"
            self.add_error(field, str(error.message))


class WordForm(forms.Form):
    word = forms.CharField(label=_("字词"), max_length=20)
    kind = forms.ChoiceField(label=_("类别"), choices=WordKind.choices)
    category = forms.ChoiceField(label=_("情形"), choices=WordCategory.choices)
    reason = forms.CharField(
        label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申报人会看到这段说明"),
    )  # fmt: skip
    basis = forms.CharField(label=_("依据"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def add_service_errors(self, exc: InvalidInput) -> None:
        add_service_errors(self, exc)
