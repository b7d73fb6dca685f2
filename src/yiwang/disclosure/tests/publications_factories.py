"""Builders for publication tests: a city with a bureau, its writers, reviewer and publisher."""

from __future__ import annotations

import datetime as dt
import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.test import TestCase
from django.utils import timezone

from yiwang.disclosure.models import CatalogueNode, Publication
from yiwang.disclosure.services import publications as svc
from yiwang.org.models import Department, DepartmentKind, Level, Role, Scope
from yiwang.org.tests.factories import department, staff

_seq = itertools.count(1)


@dataclass
class Office:
    city: Department
    bureau: Department
    other: Department
    writer: Any
    second_writer: Any
    reviewer: Any
    publisher: Any
    other_writer: Any
    admin: Any


def office() -> Office:
    n = next(_seq)
    city = department("示范市人民政府")
    bureau = department("示范市教育局", parent=city, level=Level.CITY, kind=DepartmentKind.BUREAU)
    other = department(
        "示范市生态环境局", parent=city, level=Level.CITY, kind=DepartmentKind.BUREAU
    )
    return Office(
        city=city,
        bureau=bureau,
        other=other,
        writer=staff(f"pubwriter{n}", bureau, Role.HANDLER),
        second_writer=staff(f"pubwriter2_{n}", bureau, Role.HANDLER),
        reviewer=staff(f"pubreviewer{n}", bureau, (Role.SUPERVISOR, Scope.OWN)),
        publisher=staff(f"pubadmin{n}", bureau, (Role.DEPARTMENT_ADMIN, Scope.OWN)),
        other_writer=staff(f"otherwriter{n}", other, Role.HANDLER),
        admin=staff(f"platform{n}", city, (Role.PLATFORM_ADMIN, Scope.ALL)),
    )


@contextmanager
def committed():
    """Run what the services queue for after the commit (search indexing) at the block's end,
    as a real commit would; tests otherwise run inside one transaction that never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def node(code: str = "zcwj") -> CatalogueNode:
    try:
        return CatalogueNode.objects.get(code=code)
    except CatalogueNode.DoesNotExist:
        # a browser test's flush removes what migration 0001 seeded for later tests
        from yiwang.disclosure.services.publications_catalogue import catalogue_seed

        catalogue_seed()
        return CatalogueNode.objects.get(code=code)


def draft(o: Office, **values: Any) -> Publication:
    fields = dict(
        title="示范市关于进一步做好义务教育阶段招生入学工作的通知",
        body_html="<p>各区教育局：为做好2025年义务教育招生工作，现将有关事项通知如下。</p>",
        catalogue=node(), topic="science", doc_kind="normative",
        document_number="示教发〔2025〕12号", written_on=dt.date(2025, 3, 1),
        keywords="招生 入学",
    )  # fmt: skip
    fields.update(values)
    return svc.publication_create(actor=o.writer, department=o.bureau, **fields)


def published(o: Office, *, when: dt.datetime | None = None, **values: Any) -> Publication:
    """A draft taken through review and publication by the right people."""
    with committed():
        p = draft(o, **values)
        p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
        p = svc.publication_review(
            actor=o.reviewer, publication=p, approve=True, expected_version=p.version
        )
        return svc.publication_publish(
            actor=o.publisher, publication=p, expected_version=p.version,
            published_at=when or timezone.now(),
        )  # fmt: skip
