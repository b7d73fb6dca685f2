"""Workbench forms shared by the lists: tree selects, inbox filters, bulk dispatch."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Department
from yiwang.tickets.models import Category, Channel, SlaState, Status, TicketType
from yiwang.tickets.selectors.inbox import InboxFilters

INDENT = "\u3000"  # a full-width space per tree level: readable in a native <select>


class CategoryChoiceField(forms.ModelChoiceField):
    """The category tree as one select, children indented under their parents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Category.objects.filter(is_active=True).order_by("path"))
        kwargs.setdefault("empty_label", _("全部分类"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Category) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return f"{INDENT * depth}{obj.name}"


class _DepartmentTree:
    """Departments that take tickets, in tree order, indented by depth."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Department.objects.filter(is_active=True, accepts_tickets=True).order_by("path"),
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Department) -> str:
        return f"{INDENT * obj.depth}{obj.name}"


class DepartmentChoiceField(_DepartmentTree, forms.ModelChoiceField):
    """One department (lead, transfer target)."""


class DepartmentMultipleChoiceField(_DepartmentTree, forms.ModelMultipleChoiceField):
    """Several departments (co-handling)."""


def _with_all(choices, label) -> list[tuple[str, str]]:
    return [("", label), *choices]


SORT_CHOICES = [
    ("", _("默认排序")),
    ("due", _("时限最近在前")),
    ("new", _("最新受理在前")),
    ("old", _("最早受理在前")),
]
region_validator = RegexValidator(r"^\d{2,12}$", _("行政区划代码应为 2 至 12 位数字"))


class InboxFilterForm(forms.Form):
    """Filters of every list (and of its Excel export); invalid ones are reported and left out."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        help_text=_("标题、工单编号或诉求内容"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    category = CategoryChoiceField(label=_("诉求分类"), required=False)
    department = DepartmentChoiceField(
        label=_("承办部门"), required=False, empty_label=_("全部部门")
    )
    channel = forms.ChoiceField(
        label=_("来源渠道"), required=False, choices=_with_all(Channel.choices, _("全部渠道"))
    )
    ticket_type = forms.ChoiceField(
        label=_("诉求类型"), required=False, choices=_with_all(TicketType.choices, _("全部类型"))
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=_with_all(Status.choices, _("全部状态"))
    )
    sla_state = forms.ChoiceField(
        label=_("时限状态"), required=False, choices=_with_all(SlaState.choices, _("全部"))
    )
    region = forms.CharField(
        label=_("行政区划代码"),
        required=False,
        max_length=12,
        validators=[region_validator],
        help_text=_("输入前几位即可，如 339901"),
    )
    date_from = forms.DateField(
        label=_("受理日期从"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("受理日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期"))
        return data

    def filters(self) -> InboxFilters:
        if not self.is_bound:
            return InboxFilters()
        self.is_valid()
        data = self.cleaned_data
        return InboxFilters(
            q=data.get("q") or "",
            category=data.get("category"),
            department=data.get("department"),
            channel=data.get("channel") or "",
            ticket_type=data.get("ticket_type") or "",
            status=data.get("status") or "",
            sla_state=data.get("sla_state") or "",
            region=data.get("region") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" in data else None,
            sort=data.get("sort") or "",
        )

    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        return sum(1 for name in self.fields if name != "sort" and self.data.get(name))


class BulkDispatchForm(forms.Form):
    """Several tickets to one department; each ticket carries the version the list showed."""

    ticket = forms.MultipleChoiceField(label=_("工单"), choices=(), required=True)
    lead_department = DepartmentChoiceField(
        label=_("派往部门"),
        required=False,
        empty_label=_("按各工单的建议部门"),
        help_text=_("不选择时，每张工单派往系统建议的部门"),
    )
    note = forms.CharField(
        label=_("派单说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the choices are whatever the page listed; each is checked again against visibility
        values = self.data.getlist("ticket") if self.is_bound else []
        self.fields["ticket"].choices = [(v, v) for v in values]
        self.fields["ticket"].error_messages["required"] = _("请至少选择一张工单")

    def selected(self) -> list[tuple[int, int | None]]:
        """(ticket id, version shown) pairs; malformed values are dropped."""
        pairs = []
        for value in self.cleaned_data.get("ticket", []):
            pk, _sep, version = value.partition(":")
            if pk.isdigit():
                pairs.append((int(pk), int(version) if version.isdigit() else None))
        return pairs
