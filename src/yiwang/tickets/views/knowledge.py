"""Workbench pages of the knowledge base: the operators' search (which feeds 即时办结), an
entry's page, and the managers' list and forms. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.errors import Conflict, InvalidInput, YiwangError
from yiwang.org.permissions import can
from yiwang.tickets import services
from yiwang.tickets.forms_knowledge import AnswerNowForm, KnowledgeEntryForm, KnowledgeFilterForm
from yiwang.tickets.models import Status, Ticket
from yiwang.tickets.selectors import knowledge as selectors
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services import knowledge as kb
from yiwang.workbench.decorators import staff_required

PAGE_SIZE = 20
MANAGE_PAGE_SIZE = 30


def _consult_or_403(user) -> None:
    if not selectors.may_consult(user):
        raise PermissionDenied


def _entry_or_404(user, pk: int):
    entry = selectors.knowledge_get(user=user, pk=pk)
    if entry is None:
        raise Http404
    return entry


def _ticket_for_answer(user, value) -> Ticket | None:
    """The ticket an operator is answering from the knowledge base, when they may."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    ticket = tickets_visible(user=user).filter(pk=pk).first()
    if ticket is None or not can(user, "tickets.answer_now", ticket):
        return None
    return ticket


def _ticket_url(ticket: Ticket) -> str | None:
    try:
        return reverse("tickets:detail", args=[ticket.pk])
    except NoReverseMatch:
        return None


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@staff_required
def search_page(request):
    _consult_or_403(request.user)
    query = " ".join(request.GET.get("q", "").split())[:100]
    ticket = _ticket_for_answer(request.user, request.GET.get("ticket"))
    page = _page_number(request)
    result = selectors.knowledge_search_page(
        user=request.user, query=query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "query": query,
        "result": result,
        "page": page,
        "has_next": page * PAGE_SIZE < result.total,
        "ticket": ticket,
        "ticket_open": ticket is not None and ticket.status == Status.PENDING_DISPATCH,
        "can_manage": selectors.may_manage(request.user),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
    template = "tickets/knowledge/_results.html" if partial else "tickets/knowledge/search.html"
    return render(request, template, context)


@staff_required
def detail_page(request, pk: int):
    entry = _entry_or_404(request.user, pk)
    ticket = _ticket_for_answer(request.user, request.GET.get("ticket"))
    return render(
        request,
        "tickets/knowledge/detail.html",
        {
            "entry": entry,
            "revision": kb.revision(entry),
            "can_edit": selectors.may_manage(request.user, entry),
            "ticket": ticket,
            "ticket_open": ticket is not None and ticket.status == Status.PENDING_DISPATCH,
            "answer_form": AnswerNowForm(initial={"ticket": ticket.pk if ticket else None}),
        },
    )


@staff_required
@require_POST
def answer_now(request, pk: int):
    """即时办结 from an entry: the ticket is answered with the entry's (possibly adapted) text
    and closed; the entry's use is counted."""
    entry = _entry_or_404(request.user, pk)
    ticket = _ticket_for_answer(request.user, request.POST.get("ticket"))
    if ticket is None or not entry.is_active:
        raise Http404
    form = AnswerNowForm(request.POST)
    if not form.is_valid():  # an over-long answer: say so on the entry's page
        for errors in form.errors.values():
            messages.error(request, errors[0])
        detail = reverse("tickets:knowledge_detail", args=[entry.pk])
        return redirect(f"{detail}?ticket={ticket.pk}")
    try:
        ticket = services.ticket_answer_now(
            actor=request.user, ticket=ticket, knowledge_entry=entry,
            answer=form.cleaned_data["answer"].strip(),
        )  # fmt: skip
    except Conflict:
        messages.error(request, _("工单已被他人处理或状态已变化，请刷新后重试"))
    except YiwangError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("工单 %(case)s 已即时办结。") % {"case": ticket.case_number})
    url = _ticket_url(ticket)
    if url:
        return redirect(url)
    return redirect(reverse("tickets:knowledge") + f"?ticket={ticket.pk}")


@staff_required
def manage_page(request):
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    departments = selectors.manageable_departments(request.user)
    form = KnowledgeFilterForm(
        request.GET or None, departments=departments, categories=selectors.knowledge_categories()
    )
    entries = selectors.knowledge_list(user=request.user, **form.values())
    page = Paginator(entries, MANAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query": params.urlencode()}
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
    template = (
        "tickets/knowledge/_manage_results.html" if partial else "tickets/knowledge/manage.html"
    )
    return render(request, template, context)


def _entry_form(request, data=None, **kwargs) -> KnowledgeEntryForm:
    return KnowledgeEntryForm(
        data, departments=selectors.manageable_departments(request.user),
        categories=selectors.knowledge_categories(), **kwargs,
    )  # fmt: skip


@staff_required
@require_http_methods(["GET", "POST"])
def create_page(request):
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    own = request.user.memberships.filter(is_primary=True, is_active=True).first()
    initial = {"department": own.department_id} if own is not None else {}
    form = _entry_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = kb.knowledge_create(
                actor=request.user, department=data["department"], question=data["question"],
                answer=data["answer"], keywords=data["keywords"], category=data["category"],
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("知识条目已保存。"))
            return redirect("tickets:knowledge_detail", entry.pk)
    return render(request, "tickets/knowledge/form.html", {"form": form, "entry": None})


@staff_required
@require_http_methods(["GET", "POST"])
def edit_page(request, pk: int):
    entry = _entry_or_404(request.user, pk)
    if not selectors.may_manage(request.user, entry):
        raise PermissionDenied
    initial = {
        "department": entry.department_id, "category": entry.category_id,
        "question": entry.question, "answer": entry.answer, "keywords": entry.keywords,
        "revision": kb.revision(entry),
    }  # fmt: skip
    form = _entry_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = kb.knowledge_update(
                actor=request.user, entry=entry, question=data["question"],
                answer=data["answer"], keywords=data["keywords"], category=data["category"],
                department=data["department"], expected_revision=data["revision"] or None,
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict:
            form.add_error(None, _("知识条目已被他人修改，请刷新后重试"))
        else:
            messages.success(request, _("知识条目已保存。"))
            return redirect("tickets:knowledge_detail", entry.pk)
    return render(request, "tickets/knowledge/form.html", {"form": form, "entry": entry})


@staff_required
@require_POST
def set_active(request, pk: int):
    entry = _entry_or_404(request.user, pk)
    if not selectors.may_manage(request.user, entry):
        raise PermissionDenied
    active = request.POST.get("active") == "1"
    try:
        kb.knowledge_set_active(
            actor=request.user, entry=entry, active=active,
            expected_revision=request.POST.get("revision") or None,
        )  # fmt: skip
    except Conflict:
        messages.error(request, _("知识条目已被他人修改，请刷新后重试"))
    else:
        messages.success(
            request, _("已重新启用。") if active else _("已停用，话务员将不再查到此条目。")
        )
    return redirect("tickets:knowledge_detail", entry.pk)
