"""Outcomes of a disclosure request, exactly as the rows of the annual report's table
(国办公开办函〔2021〕30号, part 三 "本年度办理结果"), with the article of the 2019 regulation
(《中华人民共和国政府信息公开条例》) a written notice cites.

A request has exactly one outcome code; 部分公开 is counted only as 部分公开 ("区分处理的，只计
这一情形，不计其他情形"), so a partly disclosed request never also appears under 不予公开.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REGULATION = _("《中华人民共和国政府信息公开条例》")


@dataclass(frozen=True)
class Group:
    code: str
    label: Promise  # the row label of the annual report, with its ordinal
    title: Promise  # short name for menus and the request page


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str
    label: Promise  # the row label of the annual report (without its ordinal)
    legal_basis: Promise  # article(s) cited in the notice
    notice: Promise  # the default wording of the notice, edited by the handler
    answered: bool = True  # False: the request ends without an answer on the merits


GROUPS: tuple[Group, ...] = (
    Group("disclose", _("（一）予以公开"), _("予以公开")),
    Group(
        "partial",
        _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        _("部分公开"),
    ),
    Group("withhold", _("（三）不予公开"), _("不予公开")),
    Group("unable", _("（四）无法提供"), _("无法提供")),
    Group("not_processed", _("（五）不予处理"), _("不予处理")),
    Group("other", _("（六）其他处理"), _("其他处理")),
)

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclose",
        "disclose",
        _("予以公开"),
        _("第三十六条第（一）项、第（二）项"),
        _("经审查，您申请获取的政府信息属于可以公开的政府信息，现予以公开。"),
    ),
    Outcome(
        "partial",
        "partial",
        _("部分公开（区分处理的，只计这一情形，不计其他情形）"),
        _("第三十七条"),
        _(
            "经审查，您申请获取的信息中含有不应当公开的内容，但能够作区分处理，"
            "现向您提供可以公开的部分，不予公开的部分说明理由如下："
        ),
    ),
    Outcome(
        "withhold.state_secret",
        "withhold",
        _("1.属于国家秘密"),
        _("第十四条"),
        _("经审查，您申请获取的信息属于国家秘密，依法不予公开。"),
    ),
    Outcome(
        "withhold.law_prohibited",
        "withhold",
        _("2.其他法律行政法规禁止公开"),
        _("第十四条"),
        _("经审查，您申请获取的信息属于法律、行政法规禁止公开的信息，依法不予公开。"),
    ),
    Outcome(
        "withhold.three_safety",
        "withhold",
        _("3.危及“三安全一稳定”"),
        _("第十四条"),
        _(
            "经审查，您申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。"
        ),
    ),
    Outcome(
        "withhold.third_party",
        "withhold",
        _("4.保护第三方合法权益"),
        _("第十五条、第三十二条"),
        _(
            "经审查，您申请获取的信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害，依法不予公开。"
        ),
    ),
    Outcome(
        "withhold.internal",
        "withhold",
        _("5.属于三类内部事务信息"),
        _("第十六条第一款"),
        _("经审查，您申请获取的信息属于行政机关的内部事务信息，可以不予公开。"),
    ),
    Outcome(
        "withhold.process",
        "withhold",
        _("6.属于四类过程性信息"),
        _("第十六条第二款"),
        _(
            "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，可以不予公开。"
        ),
    ),
    Outcome(
        "withhold.enforcement_file",
        "withhold",
        _("7.属于行政执法案卷"),
        _("第十六条第二款"),
        _("经审查，您申请获取的信息属于行政执法案卷信息，可以不予公开。"),
    ),
    Outcome(
        "withhold.query",
        "withhold",
        _("8.属于行政查询事项"),
        _("第三十六条第（七）项"),
        _(
            "经审查，您申请获取的信息属于有关法律、行政法规对获取有特别规定的查询事项，请依照相关规定办理。"
        ),
    ),
    Outcome(
        "unable.not_held",
        "unable",
        _("1.本机关不掌握相关政府信息"),
        _("第三十六条第（四）项、第（五）项"),
        _("经检索，本机关没有制作或获取您申请的政府信息。"),
    ),
    Outcome(
        "unable.needs_creation",
        "unable",
        _("2.没有现成信息需要另行制作"),
        _("第三十八条"),
        _("经审查，您申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"),
    ),
    Outcome(
        "unable.unclear",
        "unable",
        _("3.补正后申请内容仍不明确"),
        _("第三十条"),
        _("经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息。"),
    ),
    Outcome(
        "not_processed.petition",
        "not_processed",
        _("1.信访举报投诉类申请"),
        _("第三十九条第一款"),
        _(
            "您的申请属于以政府信息公开申请形式进行信访、投诉、举报，不作为政府信息公开申请处理，请通过相应渠道提出。"
        ),
    ),
    Outcome(
        "not_processed.repeat",
        "not_processed",
        _("2.重复申请"),
        _("第三十六条第（六）项"),
        _("本机关已就您的同一申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。"),
    ),
    Outcome(
        "not_processed.publication",
        "not_processed",
        _("3.要求提供公开出版物"),
        _("第三十九条第二款"),
        _("您申请获取的是政府公报、报刊、书籍等公开出版物，请通过以下途径获取："),
    ),
    Outcome(
        "not_processed.mass",
        "not_processed",
        _("4.无正当理由大量反复申请"),
        _("第三十五条"),
        _("您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。"),
    ),
    Outcome(
        "not_processed.confirm",
        "not_processed",
        _("5.要求行政机关确认或重新出具已获取信息"),
        _("第三十九条"),
        _("您的申请要求本机关确认或重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"),
    ),
    Outcome(
        "other.no_correction",
        "other",
        _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        _("第三十条"),
        _("您未在补正期限内补正申请，视为放弃申请，本机关不再处理该政府信息公开申请。"),
        answered=False,
    ),
    Outcome(
        "other.no_fee",
        "other",
        _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        _("第四十二条"),
        _("您未在收费通知规定的期限内缴纳信息处理费，本机关不再处理该政府信息公开申请。"),
        answered=False,
    ),
    Outcome(
        "other.other",
        "other",
        _("3.其他"),
        _("第三十六条"),
        _("经审查，现就您的申请告知如下："),
    ),
)

BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}
GROUPS_BY_CODE: dict[str, Group] = {g.code: g for g in GROUPS}
CODES: tuple[str, ...] = tuple(o.code for o in OUTCOMES)

# the request that ends because the applicant did not correct it in time (the sweep's outcome)
NO_CORRECTION = "other.no_correction"


def get(code: str) -> Outcome:
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown outcome {code!r}") from None


def outcomes_in(group: str) -> tuple[Outcome, ...]:
    return tuple(o for o in OUTCOMES if o.group == group)


def group_of(code: str) -> Group:
    return GROUPS_BY_CODE[get(code).group]


def display(code: str) -> str:
    """A short human label: the group, and for grouped rows the reason (不予公开：属于国家秘密)."""
    outcome = get(code)
    group = GROUPS_BY_CODE[outcome.group]
    if outcome.code == outcome.group:
        return str(group.title)
    reason = str(outcome.label).split(".", 1)[-1]
    return f"{group.title}：{reason}"


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a <select> with <optgroup>s."""
    return [
        (str(g.title), [(o.code, display(o.code)) for o in outcomes_in(g.code)]) for g in GROUPS
    ]
