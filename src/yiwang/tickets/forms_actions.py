"""One small form per action on the staff ticket page. Each posts the version of the ticket
the page showed (``expected_version``), so acting on a stale page is a 409, not an overwrite."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.tickets.forms_workbench import DepartmentChoiceField, DepartmentMultipleChoiceField
from yiwang.tickets.models import KnowledgeEntry, RatingLevel

TEXT_MAX = 5000


def _text(label, *, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.gif,.webp,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ActionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_label = _("提交")

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        self.ticket, self.user = ticket, user
        super().__init__(*args, **kwargs)
        if ticket is not None and not self.is_bound:
            self.initial["expected_version"] = ticket.version


DECISION = [("accept", _("同意")), ("reject", _("不同意"))]


class DispatchForm(ActionForm):
    submit_label = _("派单")
    lead_department = DepartmentChoiceField(label=_("主办部门"), empty_label=None)
    co_departments = DepartmentMultipleChoiceField(
        label=_("协办部门"),
        required=False,
        help_text=_("可多选（按住 Ctrl 或 Command 键点选）；不需要协办时不选"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    note = _text(_("派单说明"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ticket = self.ticket
        if ticket is not None and not self.is_bound and ticket.suggested_department_id:
            self.initial["lead_department"] = ticket.suggested_department_id
            self.fields["lead_department"].help_text = _("已按派单目录预选建议部门：%(name)s") % {
                "name": ticket.suggested_department.name
            }


class TransferForm(ActionForm):
    submit_label = _("转派")
    department = DepartmentChoiceField(label=_("转派给"), empty_label=None)
    note = _text(_("转派说明"), required=False, rows=2)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["department"].queryset = targets


class SignForm(ActionForm):
    submit_label = _("签收")


class NoteForm(ActionForm):
    submit_label = _("记录进展")
    note = _text(_("办理进展"), rows=3)


class CoOpinionForm(ActionForm):
    submit_label = _("提交协办意见")
    opinion = _text(_("协办意见"))


class RequestReturnForm(ActionForm):
    submit_label = _("申请退单")
    reason = _text(
        _("退单理由"), rows=3, help_text=_("说明为何不属于本部门职责，建议由哪个部门办理")
    )


class DecideReturnForm(ActionForm):
    submit_label = _("提交审核意见")
    decision = forms.ChoiceField(
        label=_("退单审核"),
        choices=[("accept", _("同意退单，重新派单")), ("reject", _("驳回退单，原部门继续办理"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("审核意见"), required=False, rows=2, help_text=_("驳回时必填"))


class RequestExtensionForm(ActionForm):
    submit_label = _("申请延期")
    days = forms.IntegerField(label=_("延期工作日"), min_value=1, max_value=30)
    reason = _text(_("延期理由"), rows=3)


class DecideExtensionForm(ActionForm):
    submit_label = _("提交审批意见")
    extension = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("延期审批"),
        choices=[("accept", _("批准延期")), ("reject", _("不予延期"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("审批意见"), required=False, rows=2)


class ReplyForm(ActionForm):
    submit_label = _("提交答复")
    text = _text(_("答复内容"), rows=8, help_text=_("答复将由派单员审核后告知诉求人"))
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("JPG、PNG、GIF、WEBP 图片或 PDF，每个不超过 10 MB，最多 9 个"),
    )


class ReviewForm(ActionForm):
    submit_label = _("提交审核意见")
    decision = forms.ChoiceField(
        label=_("答复审核"),
        choices=[("accept", _("审核通过，办结")), ("reject", _("退回重办"))],
        widget=forms.RadioSelect,
    )
    note = _text(_("审核意见"), required=False, rows=2, help_text=_("退回重办时必填"))


class AnswerNowForm(ActionForm):
    submit_label = _("答复并办结")
    answer = _text(
        _("答复内容"), required=False, rows=5, help_text=_("可直接填写，或在下方知识库中选用答案")
    )
    knowledge_entry = forms.ModelChoiceField(
        queryset=KnowledgeEntry.objects.filter(is_active=True),
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        if not data.get("answer") and not data.get("knowledge_entry"):
            self.add_error("answer", _("请填写答复内容或选用知识库答案"))
        return data


LEVEL_CHOICES = [("", _("未评价")), *[(str(v), label) for v, label in RatingLevel.choices]]


class FollowUpForm(ActionForm):
    submit_label = _("记录回访")
    reached = forms.ChoiceField(
        label=_("是否联系上诉求人"),
        choices=[("yes", _("已联系上")), ("no", _("未联系上"))],
        widget=forms.RadioSelect,
    )
    level = forms.TypedChoiceField(
        label=_("诉求人电话评价"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = _text(_("回访记录"), required=False, rows=3)


class RateForm(ActionForm):
    submit_label = _("记录评价")
    level = forms.TypedChoiceField(
        label=_("评价等级"), choices=LEVEL_CHOICES[1:], coerce=int, widget=forms.RadioSelect
    )
    comment = _text(_("评价内容"), required=False, rows=2)


class ReopenForm(ActionForm):
    submit_label = _("重办")
    reason = _text(_("重办理由"), rows=3)


class MergeForm(ActionForm):
    submit_label = _("合并")
    into = forms.CharField(
        label=_("合并到工单编号"),
        max_length=32,
        help_text=_("重复诉求并入正在办理同一事项的工单，诉求人会收到通知"),
    )
    note = _text(_("合并说明"), required=False, rows=2)


class SuperviseForm(ActionForm):
    submit_label = _("督办")
    note = _text(_("督办意见"), rows=3)


class RectifyForm(ActionForm):
    submit_label = _("报告整改")
    note = _text(_("整改情况"), rows=3)


class UrgeForm(ActionForm):
    submit_label = _("催办")
    note = _text(_("催办内容"), rows=2)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "dispatch": DispatchForm,
    "transfer": TransferForm,
    "sign": SignForm,
    "note": NoteForm,
    "co_opinion": CoOpinionForm,
    "request_return": RequestReturnForm,
    "accept_return": DecideReturnForm,
    "request_extension": RequestExtensionForm,
    "decide_extension": DecideExtensionForm,
    "reply": ReplyForm,
    "approve_reply": ReviewForm,
    "answer_now": AnswerNowForm,
    "follow_up": FollowUpForm,
    "rate": RateForm,
    "reopen": ReopenForm,
    "merge": MergeForm,
    "supervise": SuperviseForm,
    "urge": UrgeForm,
    "rectify": RectifyForm,
}
