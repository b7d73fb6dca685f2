from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from yiwang.core.errors import NotFound
from yiwang.org import selectors, services
from yiwang.org.models import Department, DepartmentKind, Level
from yiwang.org.permissions import require

router = Router(tags=["org"])


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    level: int
    parent_id: int | None
    region_code: str
    contact_phone: str
    address: str
    accepts_tickets: bool
    is_active: bool


class DepartmentIn(Schema):
    name: str = Field(..., max_length=100)
    code: str = Field(..., max_length=32)
    kind: DepartmentKind
    level: Level
    region_code: str = Field(..., max_length=12)
    parent_id: int | None = None
    short_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    accepts_tickets: bool = True


class DepartmentPatch(Schema):
    name: str | None = Field(None, max_length=100)
    short_name: str | None = Field(None, max_length=50)
    region_code: str | None = Field(None, max_length=12)
    contact_phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)
    accepts_tickets: bool | None = None
    is_active: bool | None = None


def _visible(request, pk: int) -> Department:
    department = selectors.department_get(user=request.auth, pk=pk)
    if department is None:
        raise NotFound(_("部门不存在或不在您的数据范围内"))
    return department


@router.get("/departments", response=list[DepartmentOut], summary="Departments in your scope")
def list_departments(request, q: str = "", level: int | None = None, kind: str = ""):
    require(request.auth, "org.department.view")
    return list(selectors.department_list(user=request.auth, search=q, level=level, kind=kind))


@router.get("/departments/{pk}", response=DepartmentOut)
def get_department(request, pk: int):
    require(request.auth, "org.department.view")
    return _visible(request, pk)


@router.post("/departments", response={201: DepartmentOut})
def create_department(request, payload: DepartmentIn):
    parent = _visible(request, payload.parent_id) if payload.parent_id else None
    data = payload.dict(exclude={"parent_id"})
    department = services.department_create(actor=request.auth, parent=parent, **data)
    return Status(201, department)


@router.patch("/departments/{pk}", response=DepartmentOut)
def update_department(request, pk: int, payload: DepartmentPatch):
    department = _visible(request, pk)
    fields = payload.dict(exclude_unset=True)
    return services.department_update(actor=request.auth, department=department, **fields)
