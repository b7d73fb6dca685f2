"""POST requests: a GeoReport v2 submission → ``ticket_create`` with channel open311.

Every spec field is read: service_code, lat/long, address_string, address_id, attribute[code]
(``attribute[code][]`` repeated for multivaluelist), email, device_id, account_id, first_name,
last_name, phone, description, media_url. Two extensions a jurisdiction may use:
``region_code`` (GB/T 2260, sharpens routing) and ``allow_publication`` (true: the requester
agrees that the request appears in public GET requests; default false, as 12345 practice asks
for consent).

The 12345 loop calls the requester back, so this jurisdiction requires ``phone``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import QueryDict
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from yiwang.core import pii
from yiwang.tickets.api.text import guess_type, subject_from
from yiwang.tickets.models import AttributeType, Category, Channel
from yiwang.tickets.open311.errors import Open311Error
from yiwang.tickets.selectors.open311 import service

_ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,50})\](\[\])?$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TRUE = {"true", "1", "yes", "on"}
MAX_ID = 100


@dataclass
class Submission:
    category: Category
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    account_id: str | None = None


def problem(parameter: str, message: Any) -> str:
    return f"{parameter}: {message}"


def _one(form: QueryDict, name: str, limit: int = 255) -> str:
    value = (form.get(name) or "").strip()
    if len(value) > limit:
        raise Open311Error(400, problem(name, _("内容过长")))
    return value


def requester_name(first: str, last: str) -> str:
    """李 + 明 → 李明 (family name first, no space); Ada + Lovelace → Ada Lovelace."""
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(p for p in (first, last) if p)


def _check_value(attribute, raw: list[str]) -> tuple[Any, Any]:
    """(the answer, None) or (None, what is wrong with it)."""
    kind = attribute.datatype
    keys = {str(v.get("key")) for v in attribute.values or []}
    if kind == AttributeType.MULTI:
        return (raw, None) if all(v in keys for v in raw) else (None, _("不是允许的取值"))
    value = raw[-1]
    if kind == AttributeType.SINGLE and value not in keys:
        return None, _("不是允许的取值")
    if kind == AttributeType.NUMBER:
        try:
            if not Decimal(value).is_finite():
                raise InvalidOperation
        except InvalidOperation:
            return None, _("应为数字")
    if kind == AttributeType.DATETIME and parse_datetime(value) is None:
        return None, _("时间格式不正确，应为 ISO 8601")
    if len(value) > 1000:
        return None, _("内容过长")
    return value, None


def attributes(category: Category, form: QueryDict) -> tuple[dict[str, Any], list[str]]:
    """Answers to the service definition's questions, checked; and the problems found."""
    given: dict[str, list[str]] = {}
    for key in form:
        match = _ATTRIBUTE.match(key)
        if match:
            values = [v.strip() for v in form.getlist(key) if v.strip()]
            given.setdefault(match.group(1), []).extend(values)
    known = {a.code: a for a in category.attributes.all()}
    answers, problems = {}, []
    for code in sorted(given.keys() - known.keys()):
        problems.append(problem(f"attribute[{code}]", _("该服务没有这个附加问题")))
    for code, attribute in known.items():
        raw = given.get(code) or []
        if not raw:
            if attribute.required and attribute.variable:
                problems.append(problem(f"attribute[{code}]", _("此字段为必填项")))
            continue
        value, issue = _check_value(attribute, raw)
        if issue is None:
            answers[code] = value
        else:
            problems.append(problem(f"attribute[{code}]", issue))
    return answers, problems


def _answers_text(category: Category, answers: dict[str, Any]) -> str:
    """The answers as readable lines, appended to the description so every screen shows them."""
    lines = []
    for attribute in category.attributes.all():
        if attribute.code not in answers:
            continue
        names = {str(v.get("key")): str(v.get("name")) for v in attribute.values or []}
        value = answers[attribute.code]
        values = value if isinstance(value, list) else [value]
        lines.append(f"{attribute.description}：{'、'.join(names.get(v, v) for v in values)}")
    return "\n".join(lines)


def parse(form: QueryDict) -> Submission:
    """Read and check the submission; every problem found is reported at once."""
    code = _one(form, "service_code", 32)
    category = service(code) if code else None
    if category is None:
        raise Open311Error(400, problem("service_code", _("服务代码不存在")))
    problems: list[str] = []
    lat, long = _one(form, "lat", 40), _one(form, "long", 40)
    address, address_id = _one(form, "address_string"), _one(form, "address_id", MAX_ID)
    if not ((lat and long) or address or address_id):
        problems.append(str(_("请提供位置：lat/long、address_string 或 address_id")))
    email = _one(form, "email", 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(problem("email", _("邮箱地址格式不正确")))
    media_url = _one(form, "media_url", 1000)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems.append(problem("media_url", _("应为 http 或 https 网址")))
    answers, attribute_problems = attributes(category, form)
    problems += attribute_problems
    if problems:
        raise Open311Error(400, *problems)
    description = _one(form, "description", 5000)
    answered = _answers_text(category, answers)
    if answered:
        description = f"{description}\n\n{answered}".strip()
    if not description:
        raise Open311Error(400, problem("description", _("请填写诉求内容")))
    first, last = _one(form, "first_name", 50), _one(form, "last_name", 50)
    extra = {
        "address_id": address_id or None,
        "media_url": media_url or None,
        "device_id": _one(form, "device_id", MAX_ID) or None,
        "account_id": _one(form, "account_id", MAX_ID) or None,
        "attributes": answers,
    }
    if email:
        extra["email_encrypted"] = pii.encrypt(email)
    values = {
        "channel": Channel.OPEN311,
        "ticket_type": guess_type(description),
        "subject": f"{category.name}：{subject_from(description, 60)}",
        "description": description,
        "category_code": category.code,
        "address": address,
        "latitude": lat or None,
        "longitude": long or None,
        "region_code": _one(form, "region_code", 12),
        "requester_name": requester_name(first, last)[:50],
        "requester_phone": _one(form, "phone", 20),
        "allow_publication": _one(form, "allow_publication", 10).lower() in _TRUE,
    }
    return Submission(category, values, {k: v for k, v in extra.items() if v}, extra["account_id"])


def parse_when(value: str, name: str) -> datetime | None:
    """start_date / end_date: ISO 8601 date-time (an offset is recommended; without one the
    jurisdiction's local time is meant) or a bare date."""
    from django.utils import timezone
    from django.utils.dateparse import parse_date

    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+")) if "T" in value else None
    if parsed is None:
        day = parse_date(value) if "T" not in value else None
        if day is None:
            raise Open311Error(400, problem(name, _("时间格式不正确，应为 ISO 8601")))
        parsed = datetime.combine(day, datetime.min.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed
