"""Demo content of 主动公开: about 300 publications of the demo city's departments.

Each one goes through the real workflow — a department's handler drafts it, a second person
(a supervisor or the department admin) passes the 保密审查, and it is published at a date
over the last years — so 索引号, history and audit are what a real catalogue would have. The
words are the project's own, built from the vocabulary of ``yiwang.search.corpus``.

Call ``load_publications()`` after the demo city exists (it needs its departments and staff);
it is idempotent: a city that already has publications is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.disclosure.models import CatalogueNode, Publication
from yiwang.disclosure.selectors.publications import DOC_TYPE
from yiwang.disclosure.services import publications as svc
from yiwang.org.models import Department, DepartmentKind, Level, RoleGrant
from yiwang.org.permissions import can
from yiwang.search import corpus
from yiwang.search import service as search

SEED = 20251001
DEFAULT_COUNT = 300

# catalogue code → weight; 重点领域 is split over its children by topic
CATALOGUE_WEIGHTS = {
    "jgzn": 2, "zcwj": 10, "ghjh": 4, "xzxk": 5, "xzcf": 5, "xzqz": 2, "czzj-ys": 2,
    "czzj-js": 2, "rsxx": 3, "zdly": 10, "zcjd": 5, "qt": 2,
}  # fmt: skip
# corpus topic → 重点领域 child and 主题分类
TOPIC_FIELDS = {
    "义务教育招生": ("zdly-jy", "science"), "城乡居民医疗保险": ("zdly-yl", "health"),
    "大气污染防治": ("zdly-hb", "urban"), "水污染防治": ("zdly-hb", "urban"),
    "食品安全": ("zdly-sp", "market"), "安全生产": ("zdly-aq", "market"),
    "养老服务": ("zdly-jz", "civil"), "老旧小区改造": ("zdly-zf", "urban"),
    "住房公积金": ("zdly-zf", "urban"), "就业创业": ("zdly-jz", "labour"),
    "优化营商环境": ("zdly-aq", "economy"), "垃圾分类": ("zdly-hb", "urban"),
}  # fmt: skip
DECISIONS = {"xzxk": "行政许可", "xzcf": "行政处罚", "xzqz": "行政强制"}


@dataclass(frozen=True)
class Desk:
    """Who drafts, reviews and publishes for a department."""

    department: Department
    writer: Any
    reviewer: Any


def _desks() -> list[Desk]:
    """Departments of the demo city that have a writer and a second person to review."""
    departments = Department.objects.filter(
        is_active=True, level__in=[Level.CITY, Level.DISTRICT]
    ).exclude(kind__in=[DepartmentKind.CENTRE, DepartmentKind.ENTERPRISE])
    desks = []
    for department in departments.order_by("path"):
        people = []
        grants = RoleGrant.objects.filter(
            membership__department=department, membership__is_active=True
        ).select_related("membership__user")
        for grant in grants.order_by("membership__user_id"):
            if grant.membership.user not in people:
                people.append(grant.membership.user)
        writer = next(
            (u for u in people if can(u, "disclosure.publication.edit", department)), None
        )
        reviewer = next(
            (
                u
                for u in people
                if u != writer
                and can(u, "disclosure.publication.review", department)
                and can(u, "disclosure.publication.publish", department)
            ),
            None,
        )
        if writer is not None and reviewer is not None:
            desks.append(Desk(department, writer, reviewer))
    return desks


def _paragraphs(r: random.Random, topic: tuple[str, str, str]) -> list[str]:
    out = []
    for _ in range(r.randint(2, 4)):
        word = r.choice(topic)
        out.append(
            f"{r.choice(corpus.ACTIONS)}{word}{r.choice(corpus.OBJECTS)}，"
            f"{r.choice(corpus.ACTIONS)}{r.choice(corpus.OBJECTS)}，{r.choice(corpus.GOALS)}。"
        )
    if r.random() < 0.5:
        out.append(
            f"{r.choice(corpus.DISTRICTS)}{r.choice(corpus.STREETS)}要结合"
            f"{r.choice(corpus.ROADS)}沿线实际，于{r.randint(3, 12)}月底前完成{topic[1]}摸底。"
        )
    return out


def _policy_body(r, topic, kind: str, number: str, department: str, when: dt.date) -> str:
    parts = [f"<p>{r.choice(corpus.OPENINGS)}</p>"]
    parts.append(
        f"<p>为贯彻落实{r.choice(corpus.BASES)}，{r.choice(corpus.GOALS)}，经研究，现将"
        f"《{corpus.CITY}{topic[0]}{kind}》（{number}）印发给你们，请认真贯彻执行。</p>"
    )
    for n, section in enumerate(r.sample(corpus.SECTIONS, r.randint(2, 4)), start=1):
        parts.append(f"<h2>{'一二三四五'[n - 1]}、{section}</h2>")
        parts += [f"<p>{p}</p>" for p in _paragraphs(r, topic)]
    parts.append(f"<p>本{kind[-2:]}自{when.year}年{when.month}月{when.day}日起施行。</p>")
    parts.append(f"<p>{department}<br>{when.year}年{when.month}月{when.day}日</p>")
    return "".join(parts)


def _decision_body(r, title: str, count: int, department: str) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{r.choice(corpus.DISTRICTS)}{r.choice(corpus.ROADS)}"
        f"{r.randint(1, 300)}号经营户</td><td>{r.choice(('准予', '不予', '变更'))}</td></tr>"
        for n in range(1, min(count, 5) + 1)
    )
    return (
        f"<p>根据《中华人民共和国政府信息公开条例》，现将{title}（共 {count} 件）公示如下。</p>"
        f"<table><thead><tr><th>序号</th><th>相对人</th><th>决定</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p>{department}</p>"
    )


def _one(r: random.Random, desk: Desk, code: str, when: dt.datetime, policies: list) -> dict:
    """The fields of one publication in catalogue node ``code``."""
    topic = r.choice(corpus.TOPICS)
    name = desk.department.name
    year = when.year
    short = (desk.department.short_name or name)[:2]
    number = f"{corpus.CITY_SHORT}{short}〔{year}〕{r.randint(1, 180)}号"
    written = (when - dt.timedelta(days=r.randint(2, 20))).date()
    fields: dict[str, Any] = {"topic": r.choice(["general", "economy", "urban", "civil"])}
    if code == "zdly":
        code, fields["topic"] = TOPIC_FIELDS.get(topic[0], ("zdly-aq", "market"))
    if code in DECISIONS:
        count = r.randint(5, 260)
        quarter = (when.month - 1) // 3 + 1
        title = f"{name}{year}年第{quarter}季度{DECISIONS[code]}决定公示"
        body = _decision_body(r, title, count, name)
        fields.update(doc_kind="other", decision_count=count)
    elif code == "zcjd" and policies:
        policy = r.choice(policies)
        title = f"《{policy.title.removeprefix('关于印发').removesuffix('的通知')}》政策解读"
        body = "".join(
            f"<h2>{'一二三'[n]}、{heading}</h2><p>{p}</p>"
            for n, (heading, p) in enumerate(
                zip(("出台背景", "主要内容", "办理方式"), _paragraphs(r, topic), strict=False)
            )
        )
        fields.update(doc_kind="interpretation", interprets=policy)
    elif code in ("zcwj", "ghjh") or code.startswith("zdly-"):
        kind = r.choice(corpus.DOC_KINDS)
        title = f"关于印发《{corpus.CITY}{topic[0]}{kind}》的通知"
        body = _policy_body(r, topic, kind, number, name, written)
        is_rule = desk.department.kind == DepartmentKind.GOVERNMENT and r.random() < 0.15
        fields.update(
            doc_kind="regulation" if is_rule else ("normative" if code == "zcwj" else "other"),
            document_number=number, written_on=written, keywords=f"{topic[0]} {topic[1]}",
        )  # fmt: skip
        if r.random() < 0.3:
            fields["effective_until"] = written + dt.timedelta(days=365 * r.choice((2, 3, 5)))
    elif code in ("czzj-ys", "czzj-js"):
        title = f"{name}{year}年部门{'预算' if code == 'czzj-ys' else '决算'}公开"
        body = (
            f"<p>{name}{year}年收支总预算{r.randint(2000, 90000)}万元。</p>"
            "<table><tr><th>项目</th><th>金额（万元）</th></tr>"
            f"<tr><td>一般公共预算拨款</td><td>{r.randint(1000, 50000)}</td></tr>"
            f"<tr><td>政府性基金</td><td>{r.randint(0, 9000)}</td></tr></table>"
        )
    elif code == "rsxx":
        title = f"{name}{year}年公开招聘工作人员拟聘用人员公示"
        body = f"<p>经考试、考察和体检，拟聘用以下人员，公示期 5 个工作日。</p><p>{name}</p>"
    elif code == "jgzn":
        title = f"{name}主要职责和内设机构"
        body = "".join(f"<p>{p}</p>" for p in _paragraphs(r, topic))
    else:
        title = f"{name}关于{topic[1]}有关事项的公告"
        body = "".join(f"<p>{p}</p>" for p in _paragraphs(r, topic))
    return {"title": title[:200], "body_html": body, "code": code, **fields}


def load_publications(
    *, count: int = DEFAULT_COUNT, seed: int = SEED, now: dt.datetime | None = None
) -> int:
    """Create and publish ``count`` publications; returns how many were created (0 when the
    city already has publications or has no departments with staff yet)."""
    if Publication.objects.exists():
        return 0
    desks = _desks()
    if not desks:
        return 0
    r = random.Random(seed)
    now = now or timezone.now()
    nodes = {n.code: n for n in CatalogueNode.objects.filter(is_active=True)}
    codes, weights = zip(*CATALOGUE_WEIGHTS.items(), strict=True)
    span = int(dt.timedelta(days=3 * 365).total_seconds())
    moments = sorted(now - dt.timedelta(seconds=r.randrange(span)) for _ in range(count))
    policies: list[Publication] = []
    created: list[int] = []
    with transaction.atomic():
        for when in moments:
            desk = r.choice(desks)
            values = _one(r, desk, r.choices(codes, weights)[0], when, policies)
            values["catalogue"] = nodes[values.pop("code")]
            p = svc.publication_create(actor=desk.writer, department=desk.department, **values)
            p = svc.publication_submit(actor=desk.writer, publication=p, expected_version=None)
            p = svc.publication_review(
                actor=desk.reviewer, publication=p, approve=True, expected_version=None,
                opinion="经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。",
            )  # fmt: skip
            p = svc.publication_publish(
                actor=desk.reviewer, publication=p, expected_version=None, published_at=when
            )
            if p.doc_kind in ("normative", "regulation"):
                policies.append(p)
            created.append(p.pk)
        # a few older policies were repealed since
        today = timezone.localdate(now)
        svc.publications_expire_due(today=today)  # generated 有效期 that ended already
        for p in r.sample(policies, len(policies) // 10):
            desk = next(d for d in desks if d.department.pk == p.department_id)
            p.refresh_from_db()
            if p.status != "published":
                continue
            published_on = timezone.localdate(p.published_at)
            svc.publication_set_validity(
                actor=desk.reviewer, publication=p, validity="repealed",
                changed_on=min(today, published_on + dt.timedelta(days=r.randint(30, 600))),
                expected_version=None,
            )  # fmt: skip
        # Indexed now rather than through one queued task per write: the demo is searchable
        # as soon as it is loaded (the queued tasks find the same documents and change nothing).
        search.index_many(DOC_TYPE, created)
    return len(created)
