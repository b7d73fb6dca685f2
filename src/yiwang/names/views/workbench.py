"""Staff pages: the 禁限用字词 list and editor (``names.words.manage``). Thin: services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.errors import Conflict, InvalidInput
from yiwang.names import services
from yiwang.names.actions import WORDS_MANAGE
from yiwang.names.forms import WordForm
from yiwang.names.models import NameWord, WordKind
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required


def _manager_or_403(user) -> None:
    if not can(user, WORDS_MANAGE):
        raise PermissionDenied


@staff_required
def word_list(request):
    _manager_or_403(request.user)
    query = request.GET.get("q", "").strip()[:20]
    kind = request.GET.get("kind", "")
    words = NameWord.objects.all()
    if query:
        words = words.filter(word__contains=query)
    if kind in WordKind.values:
        words = words.filter(kind=kind)
    page = Paginator(words, 50).get_page(request.GET.get("page"))
    return render(request, "names/words.html", {
        "page": page, "query": query, "kind": kind, "kinds": WordKind.choices,
    })  # fmt: skip


@staff_required
@require_http_methods(["GET", "POST"])
def word_edit(request, pk: int | None = None):
    _manager_or_403(request.user)
    word = get_object_or_404(NameWord, pk=pk) if pk else None
    if request.method == "POST":
        form = WordForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                if word is None:
                    word = services.word_create(actor=request.user, **values)
                else:
                    word = services.word_update(
                        actor=request.user, entry=word,
                        expected_version=form.cleaned_data.get("version") or 0, **values,
                    )  # fmt: skip
            except Conflict:
                form.add_error(None, _("字词已被他人修改，请刷新后重试"))
            except InvalidInput as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("字词“%(word)s”已保存。") % {"word": word.word})
                return redirect("names:words")
    else:
        initial = (
            {f: getattr(word, f) for f in ("word", "kind", "category", "reason", "basis",
                                           "version")} if word else None
        )  # fmt: skip
        form = WordForm(initial=initial)
    return render(request, "names/word_form.html", {"form": form, "word": word})


@staff_required
@require_POST
def word_toggle(request, pk: int):
    _manager_or_403(request.user)
    word = get_object_or_404(NameWord, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
        services.word_set_active(actor=request.user, entry=word, active=not word.is_active,
                                 expected_version=version)  # fmt: skip
    except (ValueError, Conflict):
        messages.error(request, _("字词已被他人修改，请刷新后重试"))
    else:
        state = _("已启用") if word.is_active else _("已停用")
        messages.success(
            request, _("字词“%(word)s”%(state)s。") % {"word": word.word, "state": state}
        )
    return redirect("names:words")
