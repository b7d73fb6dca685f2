"""Demo: the people and cases of 企业开办 — one approver account per department of the
joint process (政务服务局 accepts, 市场监管局, 公安局, 税务局 and 人社局 decide in parallel)
and a few applications of the demo enterprise in different states: waiting for 受理, in joint
review, sent back with a one-time notice, and completed with its e-certificates.

Runs after the demo city, the approval processes and the service catalogue (it needs the
departments, the ``enterprise_startup`` definition and the ``YJS-QYKB`` bundle). Idempotent:
a second run finds the approvers and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

APPROVERS = (
    # (username, department key in demo.city, display name)
    ("approver_zwfw", "zwfwj", "政务服务局综合窗口"),
    ("approver_scjg", "scjgj", "市场监管局审批员"),
    ("approver_ga", "gaj", "公安局审批员"),
    ("approver_tax", "tax", "税务局审批员"),
    ("approver_rs", "rsj", "人社局审批员"),
)
BUNDLE_CODE = "YJS-QYKB"
APPLICANT = "enterprise"
PASSWORD = "yiwang2025"
PARALLEL = {"business_licence": "scjgj", "seal_record": "gaj", "tax_registration": "tax",
            "social_insurance": "rsj"}  # fmt: skip


@dataclass
class JourneyResult:
    created: bool
    approvers: list[str] = field(default_factory=list)
    applications: dict[str, str] = field(default_factory=dict)  # number -> state

    def line(self) -> str:
        if not self.created:
            return "复用已有的审批演示账号和办件 / reusing the approval journey."
        states = "、".join(f"{n} {s}" for n, s in self.applications.items())
        return f"审批员 approvers: {', '.join(self.approvers)}; 企业开办办件: {states}."


def startup_form(trade_name: str) -> dict[str, Any]:
    """A complete 企业开办 一表制 answer for the demo enterprise."""
    return {
        "region": "示范市", "trade_name": trade_name, "industry": "信息技术",
        "org_form": "有限责任公司", "investor_name": "李青", "legal_rep_name": "李青",
        "legal_rep_id": "33990119850101002X", "registered_capital": 100,
        "address": "示范市明湖区创新路 8 号", "business_scope": "软件开发；信息技术咨询服务",
        "contact_phone": "13800000000", "seal_kinds": ["企业法人公章", "财务专用章"],
        "finance_contact": "王芳", "invoice_types": ["全面数字化电子发票"], "employees": 5,
    }  # fmt: skip


def approvers_ready() -> bool:
    from yiwang.accounts.models import User

    return User.objects.filter(username=APPROVERS[0][0]).exists()


def create_approvers() -> dict[str, Any]:
    """{department key: user}; each approver holds the handler role in its department."""
    from yiwang.accounts import services as accounts
    from yiwang.demo import city
    from yiwang.org import services as org
    from yiwang.org.models import Department, Role, Scope

    codes = {spec.key: spec.code for spec in city.departments()}
    password_hash = make_password(PASSWORD)
    made = {}
    for username, key, display in APPROVERS:
        department = Department.objects.get(code=codes[key])
        user = accounts.staff_create(actor=None, username=username, password=None,
                                     display_name=display, password_hash=password_hash)  # fmt: skip
        org.membership_add(actor=None, user=user, department=department, is_primary=True,
                           roles=[(Role.HANDLER, Scope.OWN)])  # fmt: skip
        made[key] = user
    return made


def _materials(applicant: Any, bundle: Any) -> dict[str, str]:
    """Upload once into the applicant's library whatever no certificate or shared data can
    stand in for; later applications reuse those files."""
    from yiwang.approvals.selectors.applicant import material_needs, material_offers
    from yiwang.approvals.services.materials import material_upload
    from yiwang.core.pdf import render_document

    choices = {}
    for offer in material_offers(user=applicant, needs=material_needs(bundle=bundle)):
        if offer.default:
            choices[offer.need.code] = offer.default
        elif offer.need.required:
            content = render_document(title=offer.need.name, paragraphs=["示范市演示材料。"])
            material = material_upload(
                actor=applicant, name=f"{offer.need.name}.pdf", content=content,
                material_code=offer.need.code, material_name=offer.need.name,
            )  # fmt: skip
            choices[offer.need.code] = f"file:{material.pk}"
    return choices


def _decide(application: Any, bpmn_id: str, user: Any, decision="approve", **extra) -> None:
    from yiwang.approvals.services.tasks import task_complete

    application.refresh_from_db()
    task = application.tasks.get(bpmn_id=bpmn_id, status="open")
    task_complete(actor=user, task=task, decision=decision,
                  opinion=extra.pop("opinion", "材料齐全，符合法定形式"),
                  expected_version=application.version, **extra)  # fmt: skip


def load_approvals_journey() -> JourneyResult:
    """Create the approvers and four 企业开办 applications (see the module docstring)."""
    from yiwang.accounts.models import User
    from yiwang.approvals.services.applications import application_submit
    from yiwang.catalog.selectors import bundle_get

    if approvers_ready():
        return JourneyResult(created=False)
    approvers = create_approvers()
    result = JourneyResult(created=True, approvers=[a[0] for a in APPROVERS])
    applicant = User.objects.filter(username=APPLICANT).first()
    if applicant is None:
        return result
    bundle = bundle_get(code=BUNDLE_CODE)

    def submit(trade_name: str):
        return application_submit(actor=applicant, bundle=bundle,
                                  form_data=startup_form(trade_name),
                                  materials=_materials(applicant, bundle))  # fmt: skip

    waiting = submit("青禾")
    result.applications[waiting.number] = "待受理"
    review = submit("云山")
    _decide(review, "accept", approvers["zwfwj"], "accept")
    _decide(review, "name_approval", approvers["scjgj"])
    _decide(review, "tax_registration", approvers["tax"])
    result.applications[review.number] = "并联审批中"
    returned = submit("临江")
    _decide(returned, "accept", approvers["zwfwj"], "return", opinion="请补正后重新提交",
            notice=[{"item": "住所使用证明", "reason": "租赁合同缺少出租方签章"},
                    {"item": "经营范围", "reason": "请按规范表述填写"}])  # fmt: skip
    result.applications[returned.number] = "待补正"
    done = submit("明湖")
    _decide(done, "accept", approvers["zwfwj"], "accept")
    _decide(done, "name_approval", approvers["scjgj"])
    for bpmn_id, key in PARALLEL.items():
        _decide(done, bpmn_id, approvers[key])
    result.applications[done.number] = "已办结"
    return result
