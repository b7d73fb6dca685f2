"""答复质量: score an official reply against the message it answers.

Three parts, 0–100 each, and an overall score with the reasons a reviewer reads (Chinese):

- **relevance** (相关性, weight 0.4): does the reply talk about the matter? The message's key
  terms — its content words of two or more characters, the rarest first when document
  frequencies are known (``idf``), else the longest — are looked up in the reply's normalised
  text (substring, so a word the reply's sentences cut differently still counts). Covering
  half of them is full marks: a reply names the place and the problem, not every word.
- **completeness** (完整性, weight 0.4): the four elements reviewers look for in a 12345 reply
  — facts found (经核实/经调查…), measures taken (已责成/已安排/整改…), the basis (根据《…》,
  依据…条例/法/办法/规定), a contact (电话/联系方式/a phone number) — 25 points each. A reply
  that refuses without substance (不属于…职权范围, 无效信件) loses 40; a very short one loses 20.
- **timeliness** (及时性, weight 0.2): working days from message to reply
  (``yiwang.workcal.workdays.working_days_between``): full marks within a third of the time
  limit (default 15 working days), 60 at the limit, 0 at four times the limit. Unknown times
  leave it out and the other two weights are scaled up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yiwang.routing.segment import normalise, tokens

WEIGHTS = {"relevance": 0.4, "completeness": 0.4, "timeliness": 0.2}
DEFAULT_LIMIT_DAYS = 15
KEY_TERMS = 8
FULL_COVERAGE = 0.5
SHORT_REPLY = 30
MAX_TEXT = 20000

# Words every message and every reply share: they say nothing about the matter.
GENERIC = frozenset(
    "您好 你好 来信 留言 收悉 问题 反映 情况 请求 希望 相关 部门 领导 市民 网友 谢谢 感谢"
    " 我们 你们 他们 现在 目前 已经 没有 一个 这个 那个 什么 怎么 为什么 如何 是否 可以 能否"
    " 请问 咨询 投诉 建议 要求 解决 处理 回复 答复 关注 支持 工作 进行 有关 问题".split()
)


def _any(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives))


ELEMENTS = (
    ("facts", _any(
        r"经(?:核实|调查|查|了解|核查|现场|实地)", r"核查", r"调查了解", r"现场(?:查看|勘查|核实)",
        r"实地(?:查看|走访|勘查)", r"情况如下", r"了解到", r"查明",
    )),
    ("measures", _any(
        r"已(?:责成|安排|要求|督促|协调|完成|对|将|组织|派|约谈|下达|整改|处理|解决|修复|清理)",
        r"责令", r"整改", r"将于", r"下一步", r"立即", r"限期", r"拟于", r"正在", r"加快", r"落实",
    )),
    ("basis", _any(
        r"根据《", r"依据", r"按照《", r"依照",
        r"《[^》]{1,40}(?:条例|法|办法|规定|细则|意见|通知)》",
        r"(?:条例|法律|法规|规定|政策)(?:规定|要求|明确)",
    )),
    ("contact", _any(
        r"电话", r"联系方式", r"联系人", r"热线", r"来电", r"\d{3,4}-\d{7,8}", r"\d{7,}",
    )),
)  # fmt: skip
ELEMENT_NAMES = {
    "facts": gettext_noop("核实情况"),
    "measures": gettext_noop("处理措施"),
    "basis": gettext_noop("政策法规依据"),
    "contact": gettext_noop("联系方式"),
}
EVASIVE = re.compile(
    r"不属于.{0,20}(?:职权|职责|受理)范围|无效信件|不再进入处理程序|不予受理|请向.{0,20}反映"
)


@dataclass(frozen=True)
class ReplyScore:
    overall: int
    relevance: int
    completeness: int
    timeliness: int | None
    working_days: int | None
    reasons: list[str] = field(default_factory=list)
    elements: dict[str, bool] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "overall": self.overall,
            "relevance": self.relevance,
            "completeness": self.completeness,
            "timeliness": self.timeliness,
            "working_days": self.working_days,
            "elements": self.elements,
            "reasons": self.reasons,
        }


def _content_word(token: str) -> bool:
    han = sum(1 for ch in token if "\u4e00" <= ch <= "\u9fff")
    return token not in GENERIC and (han >= 2 or (han == 0 and len(token) >= 4))


def key_terms(
    message: str, *, subject: str = "", idf: Mapping[str, float] | None = None
) -> list[str]:
    """The message's content words that name its matter, most telling first: by tf-idf when
    document frequencies are known (a word seen in only one message is more likely a typo or
    a flourish than the matter, so rarity counts no more than that of a word seen twice),
    else by frequency and length. Words of the subject (the writer's own summary) count
    double."""
    weight: dict[str, float] = {}
    for boost, text in ((2.0, subject), (1.0, message)):
        for token in tokens((text or "")[:MAX_TEXT]):
            if _content_word(token):
                weight[token] = weight.get(token, 0.0) + boost
    if idf:
        cap = _second_rarest(idf)
        ranked = sorted(weight, key=lambda t: (-weight[t] * min(idf.get(t, cap), cap), -len(t)))
    else:
        ranked = sorted(weight, key=lambda t: (-weight[t], -len(t)))
    return ranked[:KEY_TERMS]


def _second_rarest(idf: Mapping[str, float]) -> float:
    """The idf of a word seen in two documents: the cap on rarity."""
    values = set(idf.values())
    top = max(values)
    below = [v for v in values if v < top]
    return max(below) if below else top


def _relevance(message, subject, reply_text, idf) -> tuple[int, list[str], list[str]]:
    terms = key_terms(message, subject=subject, idf=idf)
    if not terms:
        return 50, [], []  # nothing to check against: neither good nor bad
    found = [t for t in terms if t in reply_text]
    coverage = len(found) / len(terms)
    return round(100 * min(1.0, coverage / FULL_COVERAGE)), found, terms


def _as_date(value: date | datetime | None) -> date | None:
    """The local calendar day (working days are counted in the city's time zone)."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def timeliness_score(days: int, limit_days: int = DEFAULT_LIMIT_DAYS) -> int:
    limit = max(1, limit_days)
    if days <= limit / 3:
        return 100
    if days <= limit:
        return round(100 - 40 * (days - limit / 3) / (limit - limit / 3))
    return max(0, round(60 - 60 * (days - limit) / (3 * limit)))


def score_reply(
    *,
    message: str,
    reply: str,
    subject: str = "",
    asked_at: date | datetime | None = None,
    replied_at: date | datetime | None = None,
    limit_days: int = DEFAULT_LIMIT_DAYS,
    idf: Mapping[str, float] | None = None,
) -> ReplyScore:
    """Score ``reply`` as an answer to ``message``. Never raises on odd text."""
    message = message if isinstance(message, str) else ""
    subject = subject if isinstance(subject, str) else ""
    reply = reply if isinstance(reply, str) else ""
    reply_text = normalise(reply[:MAX_TEXT])
    reasons: list[str] = []
    if not reply_text:
        return ReplyScore(0, 0, 0, None, None, [_("没有答复内容")], {})

    relevance, found, terms = _relevance(message, subject, reply_text, idf)
    if terms:
        if found:
            reasons.append(
                _("回应了留言要点 %(found)d/%(total)d：%(words)s")
                % {"found": len(found), "total": len(terms), "words": "、".join(found[:5])}
            )
        else:
            reasons.append(_("未回应留言要点（如 %(words)s）") % {"words": "、".join(terms[:3])})

    elements = {name: bool(pattern.search(reply_text)) for name, pattern in ELEMENTS}
    completeness = 25 * sum(elements.values())
    present = [_(ELEMENT_NAMES[n]) for n, ok in elements.items() if ok]
    missing = [_(ELEMENT_NAMES[n]) for n, ok in elements.items() if not ok]
    if present:
        reasons.append(_("包含%(items)s") % {"items": "、".join(present)})
    if missing:
        reasons.append(_("缺少%(items)s") % {"items": "、".join(missing)})
    if EVASIVE.search(reply_text):
        completeness = max(0, completeness - 40)
        reasons.append(_("以不属职权范围等理由未作实质答复"))
    if len(reply_text) < SHORT_REPLY:
        completeness = max(0, completeness - 20)
        reasons.append(_("答复过于简短"))

    days = timeliness = None
    start, end = _as_date(asked_at), _as_date(replied_at)
    if start is not None and end is not None:
        from yiwang.workcal.workdays import working_days_between

        days = max(0, working_days_between(start, end))
        timeliness = timeliness_score(days, limit_days)
        if days > limit_days:
            reasons.append(
                _("用时 %(days)d 个工作日，超过 %(limit)d 个工作日时限")
                % {"days": days, "limit": limit_days}
            )
        else:
            reasons.append(_("用时 %(days)d 个工作日") % {"days": days})

    parts = {"relevance": relevance, "completeness": completeness, "timeliness": timeliness}
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    overall = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None) / weight
    return ReplyScore(
        overall=math.floor(overall + 0.5),
        relevance=relevance,
        completeness=completeness,
        timeliness=timeliness,
        working_days=days,
        reasons=reasons,
        elements=elements,
    )
