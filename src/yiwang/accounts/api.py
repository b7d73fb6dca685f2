from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema, Status

from yiwang.accounts import selectors, services

router = Router(tags=["accounts"])


class CitizenIn(Schema):
    username: str = Field(..., max_length=64)
    password: str = Field(..., max_length=128)
    real_name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=40)
    phone: str = Field(..., max_length=20)
    email: str = Field("", max_length=254)


class EnterpriseIn(Schema):
    username: str = Field(..., max_length=64)
    password: str = Field(..., max_length=128)
    name: str = Field(..., max_length=200)
    credit_code: str = Field(..., max_length=40)
    legal_representative: str = Field(..., max_length=50)
    phone: str = Field(..., max_length=20)
    email: str = Field("", max_length=254)


class CreatedOut(Schema):
    id: int
    username: str
    kind: str


class MeOut(Schema):
    id: int
    username: str
    kind: str
    personal: dict[str, Any]


class ApiKeyIn(Schema):
    name: str = Field(..., max_length=100)


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    key: str = Field(..., description="Shown once; store it safely.")


@router.post("/citizens", auth=None, response={201: CreatedOut}, summary="Register a citizen")
def register_citizen(request, payload: CitizenIn):
    user = services.citizen_register(**payload.dict())
    return Status(201, user)


@router.post(
    "/enterprises", auth=None, response={201: CreatedOut}, summary="Register an enterprise"
)
def register_enterprise(request, payload: EnterpriseIn):
    user = services.enterprise_register(**payload.dict())
    return Status(201, user)


@router.get("/me", response=MeOut, summary="Who am I (personal data masked)")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "kind": user.kind,
        "personal": selectors.user_pii_for(user, user),
    }


@router.post("/me/reveal", response=dict[str, str], summary="My personal data in full (audited)")
def reveal_me(request):
    return services.pii_reveal(viewer=request.auth, user=request.auth)


@router.post("/apikeys", response={201: ApiKeyOut}, summary="Create an API key (platform admin)")
def create_apikey(request, payload: ApiKeyIn):
    api_key, key = services.apikey_create(actor=request.auth, name=payload.name)
    return Status(
        201, {"id": api_key.pk, "name": api_key.name, "prefix": api_key.prefix, "key": key}
    )
