"""Demo content of 依申请公开: about 40 requests over last year and this one, and last year's
annual report of the whole government, drafted.

Every request goes through the real services under a simulated clock, so numbers, timelines,
due dates, audit and the annual report's figures are what the platform would hold: answered
with outcomes from most rows of the national table, corrected (补正) and answered, never
corrected (视为放弃, by the sweep's own step), extended with the head's approval (or refused),
third parties consulted, answered late, carried over the turn of the year, and — near today —
still open: waiting, in progress, due soon, overdue, awaiting correction, consulting, and an
extension waiting for approval.

Call ``load_requests()`` after the demo city (departments and staff; publications are
optional). Idempotent: a platform that already holds requests is left as it is. No SMS or
e-mail is queued for the fictitious applicants; staff hear only of the last week.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yiwang.accounts.models import UserKind
from yiwang.demo import identities
from yiwang.demo.city import CITY_NAME, CITY_REGION
from yiwang.demo.simulation import Clock, simulated_clock
from yiwang.disclosure import clock, notifications
from yiwang.disclosure.models.reports import AnnualReport
from yiwang.disclosure.models.requests import ApplicantType, DisclosureRequest, RequestChannel
from yiwang.disclosure.permissions_requests import APPROVE_EXTENSION, HANDLE
from yiwang.disclosure.selectors.reports import compute_figures, failed_checks
from yiwang.disclosure.services import reports
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.services.requests import ApplicantData, RequestData, request_submit
from yiwang.disclosure.services.requests_sweep import requests_sweep
from yiwang.notify.models import Delivery, DeliveryStatus
from yiwang.org.models import Department, DepartmentKind, Level, RoleGrant
from yiwang.org.permissions import can, is_platform_admin
from yiwang.search import corpus
from yiwang.workcal.workdays import add_working_days, next_working_day

SEED = 20250301
STAFF_NEWS = timedelta(days=7)
AT = time(10, 0)

# Closed stories: (kind, outcome). Outcomes cover most rows of the annual report's table.
CLOSED = [
    *(("answered", "disclose") for _ in range(6)),
    *(("answered", "partial") for _ in range(3)),
    ("answered", "withhold.third_party"), ("answered", "withhold.process"),
    ("answered", "withhold.internal"), ("answered", "withhold.state_secret"),
    ("answered", "unable.not_held"), ("answered", "unable.not_held"),
    ("answered", "unable.needs_creation"), ("answered", "not_processed.repeat"),
    ("answered", "not_processed.petition"), ("answered", "other.other"),
    ("corrected", "disclose"), ("corrected", "unable.unclear"), ("corrected", "partial"),
    ("withdrawn", ""), ("withdrawn", ""),
    ("extended", "disclose"), ("extended", "partial"), ("extension_refused", "disclose"),
    ("consulted", "partial"), ("consulted", "withhold.third_party"), ("consulted", "disclose"),
    ("late", "disclose"),
]  # fmt: skip
# Open stories near today: (kind, working days between filing and today)
OPEN = [
    ("submitted", 0), ("submitted", 1), ("processing", 5), ("processing", 18),
    ("overdue", 28), ("overdue", 35), ("awaiting_correction", 3), ("consulting", 6),
    ("extension_pending", 16),
]  # fmt: skip
SUBJECTS = (
    "{year}年{dept}作出的{topic}相关行政处罚决定书",
    "{dept}关于{district}{road}{topic}项目的审批文件及批复",
    "{district}{street}{topic}工作的实施方案和资金使用情况",
    "{dept}{year}年{topic}专项资金的分配明细",
    "{road}沿线{topic}的检查记录和整改通知",
    "{dept}制定{topic}相关规范性文件时征求意见的情况说明",
)


@dataclass(frozen=True)
class Desk:
    department: Department
    handler: Any
    head: Any  # approves extensions


@dataclass(frozen=True)
class Story:
    kind: str
    outcome: str
    filed: date  # the day the request arrived
    desk: Desk
    channel: str = RequestChannel.WEB


@dataclass
class Loaded:
    created: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    report: AnnualReport | None = None
    checks_pass: bool = False


def _desks() -> list[Desk]:
    """City bureaus and district governments with a handler and a head who approves."""
    departments = Department.objects.filter(
        is_active=True, level__in=[Level.CITY, Level.DISTRICT]
    ).exclude(kind__in=[DepartmentKind.CENTRE, DepartmentKind.ENTERPRISE])
    desks = []
    for department in departments.order_by("path"):
        grants = RoleGrant.objects.filter(
            membership__department=department, membership__is_active=True
        ).select_related("membership__user")
        people = list(dict.fromkeys(g.membership.user for g in grants.order_by("pk")))
        handler = next((u for u in people if can(u, HANDLE, department)), None)
        head = next(
            (u for u in people if u != handler and can(u, APPROVE_EXTENSION, department)), None
        )
        if handler is not None and head is not None:
            desks.append(Desk(department, handler, head))
    return desks


def _platform_admin():
    for grant in RoleGrant.objects.filter(membership__is_active=True).select_related(
        "membership__user"
    ):
        if is_platform_admin(grant.membership.user):
            return grant.membership.user
    return None


class _Run:
    """The simulated day, and the rule that a story stops at a step lying after today."""

    def __init__(self, sim: Clock, today: date) -> None:
        self.sim, self.today = sim, today

    def at(self, day: date) -> bool:
        if day > self.today:
            return False
        self.sim.moment = timezone.make_aware(datetime.combine(day, AT))
        return True


def _applicant(r: random.Random, unique: identities.Unique, citizens: list) -> tuple:
    """(ApplicantData, account or None): mostly people, some companies and organisations."""
    way = r.choice([("email", "email"), ("email", "email"), ("paper", "post"), ("paper", "pickup")])
    common = dict(provide_form=way[0], receive_way=way[1])
    street = f"{CITY_NAME}{r.choice(corpus.DISTRICTS)}{r.choice(corpus.ROADS)}{r.randint(1, 300)}号"
    kind = r.choices(
        [ApplicantType.NATURAL, ApplicantType.COMMERCIAL, ApplicantType.RESEARCH,
         ApplicantType.WELFARE, ApplicantType.LEGAL_SERVICE, ApplicantType.OTHER_ORG],
        weights=[12, 4, 1, 1, 2, 1],
    )[0]  # fmt: skip
    if kind == ApplicantType.NATURAL and citizens and r.random() < 0.3:
        user = r.choice(citizens)
        profile = user.citizen_profile
        data = ApplicantData(
            applicant_type=kind, name=profile.real_name, phone=user.phone, id_type="resident",
            id_number=profile.id_number, email=user.email or f"u{user.pk}@example.cn",
            address=street,
        )  # fmt: skip
        return data, user, common
    phone = unique(lambda: identities.mobile_number(r))
    email = f"gk{phone[-6:]}@example.cn"
    if kind == ApplicantType.NATURAL:
        born = identities.birth_date(r)
        female = r.random() < 0.5
        number = unique(
            lambda: identities.id_number(r, region_code=CITY_REGION, born=born, female=female)
        )
        data = ApplicantData(
            applicant_type=kind, name=identities.person_name(r), phone=phone,
            id_type="resident", id_number=number, email=email, address=street,
        )  # fmt: skip
        return data, None, common
    names = {
        ApplicantType.COMMERCIAL: identities.company_name(r, city=CITY_NAME),
        ApplicantType.RESEARCH: f"{CITY_NAME}{r.choice(('城市发展', '公共政策'))}研究院",
        ApplicantType.WELFARE: f"{CITY_NAME}{r.choice(('绿色家园', '助老'))}公益服务中心",
        ApplicantType.LEGAL_SERVICE: f"{r.choice(identities.TRADE_NAMES)}律师事务所",
        ApplicantType.OTHER_ORG: f"{r.choice(corpus.STREETS)}业主委员会",
    }  # fmt: skip
    data = ApplicantData(
        applicant_type=kind, name=names[kind], phone=phone,
        credit_code=unique(lambda: identities.credit_code(r, region_code=CITY_REGION)),
        legal_representative=identities.person_name(r), contact_name=identities.person_name(r),
        email=email, address=street,
    )  # fmt: skip
    return data, None, common


def _asking(r: random.Random, story: Story, common: dict) -> RequestData:
    dept = story.desk.department
    topic = r.choice(corpus.TOPICS)
    what = r.choice(SUBJECTS).format(
        year=story.filed.year - r.choice((0, 0, 1)), dept=dept.short_name or dept.name,
        topic=topic[0], district=r.choice(corpus.DISTRICTS), street=r.choice(corpus.STREETS),
        road=r.choice(corpus.ROADS),
    )  # fmt: skip
    return RequestData(
        department_id=dept.pk, description=f"申请公开{what}。", document_title="", **common
    )


def _file(run: _Run, r, story: Story, unique, citizens) -> DisclosureRequest | None:
    applicant, account, common = _applicant(r, unique, citizens)
    asking = _asking(r, story, common)
    if story.channel == RequestChannel.WEB:
        run.at(story.filed)
        return request_submit(actor=account, applicant=applicant, request=asking)
    # a letter: registered by the handler on the next working day, dated the day it arrived
    if not run.at(next_working_day(story.filed, include_self=False)):
        return None
    return request_submit(
        actor=story.desk.handler, applicant=applicant, request=asking,
        channel=story.channel, received_on=story.filed,
    )  # fmt: skip


def _live(run: _Run, r: random.Random, story: Story, req: DisclosureRequest) -> None:
    """Take one request through its story, up to today."""
    h, head, kind = story.desk.handler, story.desk.head, story.kind
    start = clock.receipt_day(req.submitted_on)

    def on(offset: int, base: date | None = None) -> bool:
        return run.at(add_working_days(base or start, offset))

    def answer(offset: int, base: date | None = None) -> None:
        if on(offset, base):
            handling.request_decide(actor=h, request=req, outcome=story.outcome)

    if kind == "submitted" or not on(1):
        return
    req = handling.request_accept(actor=h, request=req)
    if kind in ("answered", "late", "carried"):
        return answer({"late": 26, "carried": 15}.get(kind) or r.randint(2, 18))
    if kind in ("corrected", "withdrawn", "awaiting_correction"):
        if not on(2):
            return
        req = handling.request_ask_correction(
            actor=h, request=req, items="请写明所需信息的具体名称、文号或者形成时间。"
        )
        if kind == "withdrawn":
            day = req.correction_due_on + timedelta(days=1)  # the sweep of the next day
            if run.at(day):
                handling.request_treat_as_withdrawn(request=req, today=day)
        elif kind == "corrected" and on(4, req.correction_notice_on):
            text = f"所需信息为{req.submitted_on.year}年度的文件，形成于该年第二季度。"
            req = handling.request_correct(actor=None, request=req, text=text, tracked=True)
            answer(r.randint(5, 15), clock.receipt_day(req.corrected_on))
        return
    if kind in ("consulted", "consulting"):
        if not on(4):
            return
        party = identities.company_name(r, city=CITY_NAME)
        req = handling.request_consult_start(actor=h, request=req, kind="third_party", party=party)
        if kind == "consulted" and on(12):
            req = handling.request_consult_end(
                actor=h, request=req, opinion="第三方书面回复：涉及商业秘密的部分不同意公开。"
            )
            answer(22)
        return
    if kind.startswith("extension") or kind == "extended":
        if not on(15):
            return
        days = r.choice((10, 15, 20))
        req = handling.request_extension_ask(
            actor=h, request=req, days=days, reason="所需信息数量较大，需要调取档案并逐件审查。"
        )
        if kind == "extension_pending" or not on(16):
            return
        approve = kind == "extended"
        req = handling.request_extension_decide(actor=head, request=req, approve=approve)
        answer(28 if approve else 19)


def _stories(r: random.Random, desks: list[Desk], today: date) -> list[Story]:
    report_year = today.year - 1
    first, last = date(report_year, 1, 2), today - timedelta(days=75)
    span = (last - first).days
    stories = []
    for kind, outcome in CLOSED:
        filed = next_working_day(first + timedelta(days=r.randrange(span)), include_self=True)
        letter = r.random() < 0.15
        if letter:  # letters arrive on any day, a rest day too
            filed = first + timedelta(days=r.randrange(span))
        channel = RequestChannel.LETTER if letter else RequestChannel.WEB
        stories.append(Story(kind, outcome, filed, r.choice(desks), channel))
    # over the turn of the years: filed in late December, answered in January
    for year, outcome in ((report_year - 1, "disclose"), (report_year, "partial"),
                          (report_year, "disclose"), (report_year, "unable.not_held")):  # fmt: skip
        filed = next_working_day(date(year, 12, r.randint(18, 24)), include_self=True)
        stories.append(Story("carried", outcome, filed, r.choice(desks)))
    for kind, back in OPEN:
        stories.append(Story(kind, "", add_working_days(today, -back), r.choice(desks)))
    return sorted(stories, key=lambda s: s.filed)


@contextmanager
def _quiet(sim: Clock, now: datetime):
    """No SMS or e-mail for fictitious applicants; staff hear only of the last week."""
    mark = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tell_staff = notifications.tell_staff

    def tell_staff_recent(*args, **kwargs):
        if sim.moment is None or sim.moment >= now - STAFF_NEWS:
            tell_staff(*args, **kwargs)

    with (
        mock.patch("yiwang.notify.services.enqueue_delivery", lambda *a, **k: None),
        mock.patch.object(notifications, "tell_staff", tell_staff_recent),
    ):
        yield
    Delivery.objects.filter(pk__gt=mark, status=DeliveryStatus.QUEUED).delete()


def _draft_report(admin: Any, year: int) -> AnnualReport:
    """The whole government's report of ``year``: figures computed, narrative written."""
    report = reports.report_open(actor=admin, year=year, department=None)
    figures = compute_figures(year=year, department_id=None)
    req, active = figures["requests"], figures["active"]
    disclosed = req["results"]["disclose"]["total"] + req["results"]["partial"]["total"]
    overview = (
        f"{year}年，{CITY_NAME}坚持以公开为常态、不公开为例外，依托一网平台统一办理政府信息公开"
        f"申请。全年主动公开规范性文件 {active['normative']['issued']} 件；新收政府信息公开申请 "
        f"{req['new']['total']} 件，上年结转 {req['carried_in']['total']} 件，办结 "
        f"{req['results_total']['total']} 件，其中予以公开和部分公开 {disclosed} 件，结转下年度 "
        f"{req['carried_out']['total']} 件。所有申请均在平台登记并按工作日计算答复期限。"
    )
    return reports.report_update(
        actor=admin, report=report, expected_version=report.version,
        title=report.title, overview=overview,
        problems="个别申请答复超过法定期限；部分部门补正告知内容不够具体。"
        "改进措施：平台到期前提醒承办人员，统一补正告知书范本，纳入年度考核。",
        other_matters="本年度未收取信息处理费。",
        fee_amount="0",
        review_litigation={"review": {"upheld": 1, "pending": 1}, "litigation_direct": {}},
    )  # fmt: skip


def load_requests(*, now: datetime | None = None, seed: int = SEED) -> Loaded:
    """Create the requests and draft last year's report; nothing when requests exist already
    or the city has no department with a handler and a head."""
    if DisclosureRequest.objects.exists():
        return Loaded()
    desks = _desks()
    admin = _platform_admin()
    if not desks or admin is None:
        return Loaded()
    now = now or timezone.now()
    today = timezone.localdate(now)
    r = random.Random(seed)
    citizens = list(
        get_user_model()
        .objects.filter(kind=UserKind.CITIZEN, is_active=True)
        .select_related("citizen_profile")
        .order_by("pk")[:50]
    )
    citizens = [u for u in citizens if hasattr(u, "citizen_profile")]
    unique = identities.Unique()
    result = Loaded()
    with simulated_clock() as sim, _quiet(sim, now), transaction.atomic():
        run = _Run(sim, today)
        for story in _stories(r, desks, today):
            req = _file(run, r, story, unique, citizens)
            if req is None:
                continue
            result.created += 1
            _live(run, r, story, req)
        sim.moment = now
        requests_sweep(today=today)  # due-soon and overdue states as of today
        result.report = _draft_report(admin, today.year - 1)
    result.checks_pass = not failed_checks(compute_figures(year=today.year - 1, department_id=None))
    for status in DisclosureRequest.objects.values_list("status", flat=True):
        result.statuses[status] = result.statuses.get(status, 0) + 1
    return result
