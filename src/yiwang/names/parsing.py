"""Split a proposed enterprise name into 行政区划 + 字号 + 行业 + 组织形式, or check four parts.

The forms a name may take (企业名称登记管理规定实施办法): the region first
("示范市云帆科技有限公司"), or in brackets after the 字号 ("云帆（示范市）科技有限公司") or after
the industry ("云帆科技（示范市）有限公司"). A district's name carries its city's
("示范市明湖区", not "明湖区"). The 字号 is 2 to 10 规范汉字; letters, digits and symbols are
not allowed anywhere. Every malformed part gets its own Chinese message, on its own field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.names import vocab

MAX_NAME_CHARS = 50
TRADE_NAME_MIN, TRADE_NAME_MAX = 2, 10
# CJK unified ideographs (basic block and extension A) and the full-width brackets
_ALLOWED = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf（）]")
_BRACKETED = re.compile(r"（([^（）]*)）")

PREFIX, AFTER_TRADE_NAME, AFTER_INDUSTRY = "prefix", "after_trade_name", "after_industry"


@dataclass(frozen=True)
class NameParts:
    region: str
    trade_name: str
    industry: str
    org_form: str
    region_position: str = PREFIX

    @property
    def full_name(self) -> str:
        bracketed = f"（{self.region}）"
        if self.region_position == AFTER_TRADE_NAME:
            return f"{self.trade_name}{bracketed}{self.industry}{self.org_form}"
        if self.region_position == AFTER_INDUSTRY:
            return f"{self.trade_name}{self.industry}{bracketed}{self.org_form}"
        return f"{self.region}{self.trade_name}{self.industry}{self.org_form}"

    @property
    def industry_section(self) -> str:
        return vocab.industry_section(self.industry)

    def as_dict(self) -> dict[str, str]:
        return {
            "full_name": self.full_name,
            "region": self.region,
            "trade_name": self.trade_name,
            "industry": self.industry,
            "industry_section": self.industry_section,
            "org_form": self.org_form,
            "region_position": self.region_position,
        }


def normalise(text: str) -> str:
    """Drop whitespace; half-width brackets become the full-width ones names use."""
    text = "".join(str(text or "").split())
    return text.replace("(", "（").replace(")", "）")


def _rejected(errors: list[FieldError]) -> InvalidInput:
    return InvalidInput(_("名称不符合“行政区划＋字号＋行业＋组织形式”的结构"), field_errors=errors)


def _check_characters(text: str, field: str) -> FieldError | None:
    if len(text) > MAX_NAME_CHARS:
        return FieldError(
            field,
            format_lazy(_("名称不能超过 {limit} 个字"), limit=MAX_NAME_CHARS),
            "too_long",
        )
    bad = []
    for ch in text:
        if not _ALLOWED.fullmatch(ch) and ch not in bad:
            bad.append(ch)
    if bad:
        shown = "、".join(f"“{ch}”" for ch in bad[:3])
        return FieldError(
            field,
            format_lazy(
                _("名称只能使用规范汉字，不能含有外文字母、数字、符号或表情（发现 {chars}）"),
                chars=shown,
            ),
            "not_chinese",
        )
    return None


def _trade_name_error(trade_name: str) -> FieldError | None:
    if not trade_name:
        return FieldError("trade_name", _("缺少字号"), "required")
    if not TRADE_NAME_MIN <= len(trade_name) <= TRADE_NAME_MAX:
        return FieldError(
            "trade_name",
            format_lazy(
                _("字号应为 {low} 到 {high} 个汉字（“{value}”为 {n} 个）"),
                low=TRADE_NAME_MIN, high=TRADE_NAME_MAX, value=trade_name, n=len(trade_name),
            ),
            "length",
        )  # fmt: skip
    if "（" in trade_name or "）" in trade_name:
        return FieldError("trade_name", _("字号中不能含有括号"), "brackets")
    return None


def _split_org_form(text: str) -> tuple[str, str]:
    for form in sorted(vocab.ORG_FORMS, key=len, reverse=True):
        if text.endswith(form):
            return text[: -len(form)], form
    return text, ""


def _split_region(
    text: str, regions: tuple[str, ...]
) -> tuple[str, str, str, str, FieldError | None]:
    """(region, position, before, after, error); before/after: the text either side of a
    bracketed region (after is "" when the region came first or last)."""
    for region in regions:
        if text.startswith(region):
            return region, PREFIX, text[len(region) :], "", None
    match = _BRACKETED.search(text)
    if match:
        inner = match.group(1)
        before, after = text[: match.start()], text[match.end() :]
        if inner in regions:
            position = AFTER_INDUSTRY if not after else AFTER_TRADE_NAME
            return inner, position, before, after, None
        return "", "", before + after, "", FieldError(
            "region",
            format_lazy(
                _("括号中的“{value}”不是本登记机关辖区内的行政区划（可用：{regions}）"),
                value=inner, regions="、".join(sorted(regions, key=len)),
            ),
            "unknown_region",
        )  # fmt: skip
    for region in regions:
        district = vocab.short_region(region, regions)
        if district != region and text.startswith(district):
            return "", "", text[len(district) :], "", FieldError(
                "region",
                format_lazy(_("区名称前应冠以所属市名称，应写作“{region}”"), region=region),
                "district_without_city",
            )  # fmt: skip
    return "", "", text, "", FieldError(
        "region",
        format_lazy(
            _("名称应以行政区划开头（如“{example}”），或将行政区划加括号放在字号之后"),
            example=min(regions, key=len) if regions else "示范市",
        ),
        "required",
    )  # fmt: skip


def _split_industry(body: str) -> tuple[str, str]:
    """(字号, 行业): the longest industry expression ending the body that still leaves a
    字号 of legal length; failing that, the longest at all."""
    found = sorted((e for e in vocab.INDUSTRIES if body.endswith(e)), key=len, reverse=True)
    for expression in found:
        if len(body) - len(expression) >= TRADE_NAME_MIN:
            return body[: -len(expression)], expression
    if found:
        return body[: -len(found[0])], found[0]
    return body, ""


def _industry_error(body: str) -> FieldError:
    if not body:
        return FieldError("industry", _("缺少行业表述"), "required")
    return FieldError(
        "industry",
        format_lazy(
            _("无法识别“{value}”中的行业表述，请使用行业表述列表中的用语（如科技、信息技术、餐饮管理、商贸、建筑工程）"),
            value=body,
        ),
        "unknown_industry",
    )  # fmt: skip


def parse_name(text: str) -> NameParts:
    """A full proposed name → its four parts, or ``InvalidInput`` naming each bad part."""
    name = normalise(text)
    if not name:
        raise _rejected([FieldError("name", _("请输入拟申报的企业名称"), "required")])
    problem = _check_characters(name, "name")
    if problem:
        raise _rejected([problem])
    errors: list[FieldError] = []
    rest, org_form = _split_org_form(name)
    if not org_form:
        errors.append(FieldError(
            "org_form",
            format_lazy(_("名称应以组织形式结尾，如{examples}"),
                        examples="、".join(f"“{f}”" for f in vocab.ORG_FORMS[3:7])),
            "required",
        ))  # fmt: skip
    region, position, before, after, region_error = _split_region(rest, vocab.regions())
    if region_error:
        errors.append(region_error)
    if position == AFTER_TRADE_NAME:
        trade_name, industry, body = before, after, before + after
        if industry not in vocab.INDUSTRIES:
            errors.append(_industry_error(industry))
            industry = ""
    else:
        body = before
        if "（" in body or "）" in body:
            errors.append(FieldError(
                "name", _("名称中的括号只能用来标注行政区划或合伙企业类型"), "brackets"
            ))  # fmt: skip
            body = body.replace("（", "").replace("）", "")
        trade_name, industry = _split_industry(body)
        if not industry:
            errors.append(_industry_error(body))
    # without an industry the 字号 cannot be told from the rest, so it is judged only when
    # the split worked, the region brackets marked it, or nothing at all was given
    if industry or position == AFTER_TRADE_NAME or not body:
        trade_error = _trade_name_error(trade_name)
        if trade_error:
            errors.append(trade_error)
    if errors:
        raise _rejected(errors)
    return NameParts(region, trade_name, industry, org_form, position or PREFIX)


def build_name(
    *, region: str, trade_name: str, industry: str, org_form: str, region_position: str = PREFIX
) -> NameParts:
    """Four parts from a form → ``NameParts``, or ``InvalidInput`` naming each bad part."""
    region, trade_name = normalise(region), normalise(trade_name)
    industry, org_form = normalise(industry), normalise(org_form)
    errors: list[FieldError] = []
    allowed = vocab.regions()
    if not region:
        errors.append(FieldError("region", _("请选择行政区划"), "required"))
    elif region not in allowed:
        errors.append(FieldError(
            "region",
            format_lazy(_("“{value}”不是本登记机关辖区内的行政区划（可用：{regions}）"),
                        value=region, regions="、".join(sorted(allowed, key=len))),
            "unknown_region",
        ))  # fmt: skip
    char_error = _check_characters(trade_name, "trade_name") if trade_name else None
    trade_error = char_error or _trade_name_error(trade_name)
    if trade_error:
        errors.append(trade_error)
    if not industry:
        errors.append(FieldError("industry", _("请选择行业表述"), "required"))
    elif industry not in vocab.INDUSTRIES:
        errors.append(FieldError(
            "industry",
            format_lazy(_("“{value}”不在行业表述列表中"), value=industry[:20]),
            "unknown_industry",
        ))  # fmt: skip
    if not org_form:
        errors.append(FieldError("org_form", _("请选择组织形式"), "required"))
    elif org_form not in vocab.ORG_FORMS:
        errors.append(FieldError(
            "org_form",
            format_lazy(_("“{value}”不是可用的组织形式"), value=org_form[:20]),
            "unknown_org_form",
        ))  # fmt: skip
    if region_position not in (PREFIX, AFTER_TRADE_NAME, AFTER_INDUSTRY):
        errors.append(FieldError("region_position", _("行政区划的位置无效"), "invalid"))
    if errors:
        raise _rejected(errors)
    return NameParts(region, trade_name, industry, org_form, region_position)


def parts_from_form(form_data: dict) -> NameParts:
    """The catalogue's 名称自主申报 form (region, trade_name, industry, org_form) → parts."""
    return build_name(
        region=str(form_data.get("region") or ""),
        trade_name=str(form_data.get("trade_name") or ""),
        industry=str(form_data.get("industry") or ""),
        org_form=str(form_data.get("org_form") or ""),
    )
