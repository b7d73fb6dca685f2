"""The demo city's content beyond 12345: approval processes, the service catalogue,
disclosure publications and whatever later apps add — one ordered list of idempotent steps.

Each step runs after the demo city (it needs departments and staff), in the order below
(the catalogue names processes by key; the approvals journey needs both), and returns a short
line for the console; a step whose content is already there says so and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ContentStep:
    name: str
    run: Callable[[], str]


def _processes() -> str:
    from yiwang.demo.approvals_demo import load_approval_processes

    loaded = load_approval_processes()
    return "审批流程 approval processes: " + ", ".join(f"{k} v{v}" for k, v in loaded.items())


def _catalogue() -> str:
    from yiwang.demo.catalog_items import load_catalog

    result = load_catalog()
    if not result.created:
        return "复用已有的办事指南 / reusing the service catalogue."
    return (
        f"政务服务事项 service items: {result.items} active, {result.retired} retired, "
        f"{result.bundles} 一件事 bundles."
    )


def _publications() -> str:
    from yiwang.core.config import env_int
    from yiwang.demo.disclosure_publications import DEFAULT_COUNT, load_publications

    # YIWANG_DEMO_PUBLICATIONS: how many 主动公开 documents the demo publishes (0: none)
    created = load_publications(
        count=max(0, env_int("YIWANG_DEMO_PUBLICATIONS", default=DEFAULT_COUNT))
    )
    if not created:
        return "复用已有的主动公开信息 / reusing the disclosure publications."
    return f"主动公开 publications: {created}."


def _disclosure_requests() -> str:
    from yiwang.demo.disclosure_requests import load_requests

    loaded = load_requests()
    if not loaded.created:
        return "复用已有的依申请公开 / reusing the disclosure requests."
    check = "校验通过 check passes" if loaded.checks_pass else "校验未通过 CHECK FAILS"
    return (
        f"依申请公开 disclosure requests: {loaded.created}; "
        f"{loaded.report.year} 年度报告 annual report drafted ({check})."
    )


def _names() -> str:
    from yiwang.demo.names_demo import load_names

    result = load_names()
    if not result["names"]:
        return "复用已有的企业名称登记簿 / reusing the register of enterprise names."
    return (
        f"企业名称 enterprise names: {result['names']} registered, "
        f"{result['words']} 禁限用字词 restricted words."
    )


def _routing_model() -> str:
    # the 12345 classifier, from ../shared/data when present (YIWANG_DEMO_ROUTING_MODEL=0 skips)
    from yiwang.routing.classify.demo import load_demo_model

    return load_demo_model()


def _approvals_journey() -> str:
    from yiwang.demo.approvals_journey import load_approvals_journey

    return load_approvals_journey().line()


STEPS: tuple[ContentStep, ...] = (
    ContentStep("processes", _processes),
    ContentStep("catalogue", _catalogue),
    ContentStep("routing_model", _routing_model),
    ContentStep("names", _names),
    # approvers of the four 企业开办 departments and applications in every state
    ContentStep("approvals_journey", _approvals_journey),
    ContentStep("publications", _publications),
    ContentStep("disclosure_requests", _disclosure_requests),
)


def load_demo_content(*, only: set[str] | None = None) -> list[str]:
    """Run every step (or those named in ``only``); returns their console lines."""
    return [step.run() for step in STEPS if only is None or step.name in only]
