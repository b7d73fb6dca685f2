"""REST API of the names app at /api/v1/names.

``POST /check`` is public (no key, no session): a full name, or the four parts. Staff with
``names.reserve`` hold a checked name with ``POST /reservations``.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema, Status

from yiwang.names import services, vocab
from yiwang.names.cache import active_words
from yiwang.names.checking import name_check
from yiwang.names.parsing import PREFIX, build_name

router = Router(tags=["names"])


class CheckIn(Schema):
    name: str = Field("", max_length=200, description="the full proposed name; or the parts:")
    region: str = Field("", max_length=40)
    trade_name: str = Field("", max_length=40, description="字号, 2-10 Chinese characters")
    industry: str = Field("", max_length=40)
    org_form: str = Field("", max_length=40)
    region_position: str = Field(PREFIX, description="prefix | after_trade_name | after_industry")


class ReserveIn(CheckIn):
    reference: str = Field("", max_length=40, description="the application number, if any")
    days: int | None = Field(None, description="hold in calendar days (default 30)")


def _parts(body: CheckIn):
    if body.name.strip() or not any((body.region, body.trade_name, body.industry, body.org_form)):
        return None
    return build_name(region=body.region, trade_name=body.trade_name, industry=body.industry,
                      org_form=body.org_form, region_position=body.region_position)  # fmt: skip


@router.post("/check", auth=None, response=dict, summary="Check a proposed enterprise name")
def check(request, body: CheckIn) -> dict[str, Any]:
    parts = _parts(body)
    return name_check(name=body.name, parts=parts).as_dict()


@router.get("/vocabulary", auth=None, response=dict, summary="Regions, industries and forms")
def vocabulary(request) -> dict[str, Any]:
    return {
        "regions": sorted(vocab.regions(), key=len),
        "industries": [{"section": code, "label": label, "expressions": expressions}
                       for code, label, expressions in vocab.industries_by_section()],
        "org_forms": list(vocab.ORG_FORMS),
    }  # fmt: skip


@router.get("/words", auth=None, response=list[dict], summary="Active prohibited/restricted words")
def words(request) -> list[dict[str, str]]:
    return [w._asdict() for w in active_words()]


@router.post("/reservations", response={201: dict}, summary="Reserve a checked name (staff)")
def reserve(request, body: ReserveIn):
    row = services.name_reserve(
        actor=request.auth, name=body.name, parts=_parts(body), reference=body.reference,
        days=body.days,
    )  # fmt: skip
    return Status(201, {
        "id": row.pk, "full_name": row.full_name, "status": row.status,
        "reserved_until": row.reserved_until.isoformat(), "reference": row.reference,
        "version": row.version,
    })  # fmt: skip
