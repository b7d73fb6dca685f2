"""Figures of 主动公开 for the annual report (国办公开办函〔2021〕30号, part 2).

规章 and 规范性文件: issued in the year (published in it), repealed in the year (validity
changed to 废止 or 失效 in it), and in force at the year's end. 行政许可/处罚/强制: the sum of
``decision_count`` of publications in catalogue nodes of that kind, published in the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, Sum

from yiwang.disclosure.models import DecisionKind, DocKind, Publication, Validity
from yiwang.disclosure.selectors.publications import PUBLIC_STATUSES


@dataclass(frozen=True)
class DocFigures:
    issued: int
    repealed: int
    in_force: int


@dataclass(frozen=True)
class PublicationFigures:
    year: int
    regulations: DocFigures  # 规章
    normative: DocFigures  # 规范性文件
    decisions: dict[str, int]  # DecisionKind value → decisions published in the year


def _doc_figures(rows, kind: str, year: int) -> DocFigures:
    rows = rows.filter(doc_kind=kind)
    end = dt.date(year, 12, 31)
    ended = Q(validity__in=[Validity.REPEALED, Validity.EXPIRED])
    return DocFigures(
        issued=rows.filter(published_at__year=year).count(),
        repealed=rows.filter(ended, validity_changed_on__year=year).count(),
        in_force=rows.filter(published_at__date__lte=end)
        .exclude(ended & Q(validity_changed_on__lte=end))
        .count(),
    )


def publication_figures(
    *, year: int, department_ids: Iterable[int] | None = None
) -> PublicationFigures:
    """The part-2 figures for a year, for some departments (None: the whole government)."""
    rows = Publication.objects.filter(status__in=PUBLIC_STATUSES)
    if department_ids is not None:
        rows = rows.filter(department_id__in=list(department_ids))
    decisions = {}
    for kind in (DecisionKind.LICENSE, DecisionKind.PENALTY, DecisionKind.ENFORCEMENT):
        total = rows.filter(catalogue__decision_kind=kind, published_at__year=year).aggregate(
            n=Sum("decision_count")
        )["n"]
        decisions[str(kind)] = total or 0
    return PublicationFigures(
        year=year,
        regulations=_doc_figures(rows, DocKind.REGULATION, year),
        normative=_doc_figures(rows, DocKind.NORMATIVE, year),
        decisions=decisions,
    )
