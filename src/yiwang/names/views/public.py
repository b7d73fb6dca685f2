"""名称自主申报 — the public name check at /names/check/. A read: GET, bookmarkable, no
account needed; htmx swaps just the result when it is there, the page works without it."""

from __future__ import annotations

from django.shortcuts import render

from yiwang.core.errors import InvalidInput
from yiwang.names import vocab
from yiwang.names.checking import name_check
from yiwang.names.forms import FULL, CheckForm
from yiwang.names.parsing import build_name


def check_page(request):
    submitted = any(k in request.GET for k in ("name", "trade_name"))
    form = CheckForm(request.GET if submitted else None)
    result = None
    if submitted and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == FULL:
                result = name_check(name=data["name"])
            else:
                parts = build_name(
                    region=data["region"], trade_name=data["trade_name"],
                    industry=data["industry"], org_form=data["org_form"],
                    region_position=data["region_position"] or "prefix",
                )  # fmt: skip
                result = name_check(parts=parts)
        except InvalidInput as exc:
            form.add_check_errors(exc)
    context = {
        "form": form,
        "result": result,
        "submitted": submitted,
        "org_forms": vocab.ORG_FORMS,
        "regions": sorted(vocab.regions(), key=len),
    }
    if request.headers.get("HX-Request") and submitted:
        return render(request, "names/_check.html", context)
    return render(request, "names/check.html", context)
