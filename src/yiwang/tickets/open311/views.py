"""The GeoReport v2 endpoints: thin views that read parameters, call one selector or service,
and hand plain data to the one writer (JSON or XML)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core import signing
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from yiwang.core.errors import YiwangError
from yiwang.tickets import services
from yiwang.tickets.models import OPEN_STATUSES, Status, Ticket
from yiwang.tickets.open311 import intake, representation
from yiwang.tickets.open311.errors import Open311Error, from_domain
from yiwang.tickets.open311.render import FORMATS, render
from yiwang.tickets.selectors import open311 as queries

MAX_SPAN = timedelta(days=90)  # GeoReport v2: a date range "may not span more than 90 days"
_TOKENS = signing.Signer(salt="yiwang.open311.token", sep=".")


def _api_account(request) -> Any:
    """The account behind ``api_key`` (query, form or X-API-Key header), or None."""
    from yiwang.accounts.services import apikey_authenticate

    key = (
        request.GET.get("api_key")
        or (request.POST.get("api_key") if request.method == "POST" else "")
        or request.headers.get("X-API-Key", "")
    ).strip()
    if not key:
        return None
    account = apikey_authenticate(key=key)
    if account is None:
        raise Open311Error(403, _("api_key 缺失或无效"))
    return account


def _check_jurisdiction(request) -> None:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    if given.strip() and given.strip() != representation.jurisdiction():
        raise Open311Error(404, _("jurisdiction_id 不存在"))


def endpoint(*methods: str) -> Callable:
    """Format, method and jurisdiction checks, and every error in the spec's shape."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt  # machine clients with api_key, not browser sessions
        @wraps(view)
        def wrapper(request, fmt: str, **kwargs: Any):
            if fmt not in FORMATS:
                error = Open311Error(400, _("格式应为 json 或 xml"))
                return render("json", error.as_data(), "errors", status=400)
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("不支持的请求方法"))
                _check_jurisdiction(request)
                data, root, status = view(request, **kwargs)
            except YiwangError as exc:
                error = from_domain(exc)
            except Open311Error as exc:
                error = exc
            except RequestDataTooBig:
                error = Open311Error(413, _("请求体过大"))
            except (SuspiciousOperation, MultiPartParserError):
                error = Open311Error(400, _("表单数据格式不正确"))
            else:
                return render(fmt, data, root, status=status)
            response = render(fmt, error.as_data(), "errors", status=error.status)
            if error.status == 405:
                response["Allow"] = ", ".join(methods)
            return response

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request):
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    return representation.discovery(base), "discovery", 200


@endpoint("GET")
def service_list(request):
    categories = list(queries.leaf_categories())
    groups = queries.service_groups(categories)
    data = [representation.service(c, groups.get(c.pk, "")) for c in categories]
    return data, "services", 200


@endpoint("GET")
def service_definition(request, code: str):
    category = queries.service(code)
    if category is None:
        raise Open311Error(404, _("服务代码不存在"))
    return representation.service_definition(category), "service_definition", 200


def _requests_data(tickets: list[Ticket]) -> list[dict[str, Any]]:
    details = queries.open311_details(tickets)
    return [representation.request(t, details.get(t.pk)) for t in tickets]


def _statuses(value: str) -> set[str] | None:
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    if not wanted:
        return None
    if wanted - {"open", "closed"}:
        raise Open311Error(400, _("status 应为 open 或 closed"))
    statuses: set[str] = set()
    if "open" in wanted:
        statuses |= set(OPEN_STATUSES)
    if "closed" in wanted:
        statuses |= set(Status.values) - set(OPEN_STATUSES)
    return statuses


def _window(request):
    start = intake.parse_when(request.GET.get("start_date", ""), "start_date")
    end = intake.parse_when(request.GET.get("end_date", ""), "end_date")
    if start and end and end < start:
        raise Open311Error(400, _("end_date 不能早于 start_date"))
    if start and end and end - start > MAX_SPAN:
        raise Open311Error(400, _("start_date 与 end_date 相距不能超过 90 天"))
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    return start, end


def _search(request) -> list[Ticket]:
    account = _api_account(request)
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # "This overrides all other arguments"
        return queries.requests_by_ids(user=account, case_numbers=ids)
    code = request.GET.get("service_code", "").strip()
    if code and queries.service(code) is None:
        raise Open311Error(400, _("服务代码不存在"))
    start, end = _window(request)
    statuses = _statuses(request.GET.get("status", ""))
    return queries.request_search(
        user=account, service_code=code, start=start, end=end, open_statuses=statuses
    )


def _create(request):
    account = _api_account(request)
    if account is None:
        raise Open311Error(403, _("api_key 缺失或无效"))
    submission = intake.parse(request.POST)
    result = services.ticket_create(actor=account, extra=submission.extra, **submission.values)
    ticket = result.ticket
    notice = str(_("已受理，工单编号 %(case)s。") % {"case": ticket.case_number})
    if result.emergency:
        numbers = "、".join(h.number for h in result.emergency)
        notice += str(_("如情况紧急，请立即拨打 %(numbers)s。") % {"numbers": numbers})
    data = [
        {
            "service_request_id": ticket.case_number,
            "token": _TOKENS.sign(ticket.case_number),
            "service_notice": notice,
            "account_id": submission.account_id,
        }
    ]
    return data, "service_requests", 200  # the swagger file: 200 with the tracking id


@endpoint("GET", "POST")
def requests(request):
    if request.method == "POST":
        return _create(request)
    return _requests_data(_search(request)), "service_requests", 200


@endpoint("GET")
def request_detail(request, request_id: str):
    ticket = queries.request_by_case_number(user=_api_account(request), case_number=request_id)
    if ticket is None:
        raise Open311Error(404, _("service_request_id 不存在"))
    return _requests_data([ticket]), "service_requests", 200


@endpoint("GET")
def token(request, token: str):
    try:
        case_number = _TOKENS.unsign(token)
    except signing.BadSignature:
        raise Open311Error(404, _("token 不存在")) from None
    if not Ticket.objects.filter(case_number=case_number).exists():
        raise Open311Error(404, _("token 不存在"))
    return [{"service_request_id": case_number, "token": token}], "service_requests", 200
