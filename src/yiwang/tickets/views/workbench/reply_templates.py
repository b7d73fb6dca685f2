"""Reply templates (答复模板) that handlers start their replies from."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.core.errors import InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.org.permissions import can
from yiwang.tickets.forms_workbench import CategoryChoiceField
from yiwang.tickets.models import ReplyTemplate
from yiwang.tickets.services.workbench import reply_template_save
from yiwang.workbench.decorators import staff_required


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("模板名称"), max_length=100)
    category = CategoryChoiceField(
        label=gettext_lazy("适用分类"), required=False,
        empty_label=gettext_lazy("所有分类通用"),
    )  # fmt: skip
    body = forms.CharField(
        label=gettext_lazy("模板内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "可使用 {case_number}（工单编号）、{subject}（标题）、{department}（承办部门），"
            "选用时自动替换"
        ),
    )  # fmt: skip
    sort_order = forms.IntegerField(label=gettext_lazy("排序"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)


@staff_required
def reply_templates(request):
    """List, add and change reply templates (those who keep the knowledge base keep these)."""
    if not can(request.user, "tickets.knowledge.manage"):
        raise PermissionDenied
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = get_object_or_404(ReplyTemplate, pk=int(request.GET["edit"]))
    if request.method == "POST":
        if request.POST.get("id", "").isdigit():
            editing = get_object_or_404(ReplyTemplate, pk=int(request.POST["id"]))
        form = ReplyTemplateForm(request.POST)
        if form.is_valid():
            try:
                reply_template_save(actor=request.user, template=editing, **form.cleaned_data)
            except InvalidInput as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("答复模板已保存"))
                return redirect("tickets:reply_templates")
    elif editing is not None:
        form = ReplyTemplateForm(
            initial={
                "title": editing.title,
                "category": editing.category_id,
                "body": editing.body,
                "sort_order": editing.sort_order,
                "is_active": editing.is_active,
            }
        )
    else:
        form = ReplyTemplateForm()
    templates = ReplyTemplate.objects.select_related("category").order_by(
        "category__path", "sort_order", "title"
    )
    return render(
        request,
        "tickets/workbench/reply_templates.html",
        {"form": form, "templates": templates, "editing": editing},
    )
