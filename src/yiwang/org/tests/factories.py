"""Small builders for tests: a two-district city with staff in chosen roles."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from yiwang.accounts import services as accounts
from yiwang.org import services as org
from yiwang.org.models import Department, DepartmentKind, Level

_seq = itertools.count(1)


def department(
    name: str,
    *,
    parent: Department | None = None,
    level: int | None = None,
    kind: str = DepartmentKind.GOVERNMENT,
    region_code: str | None = None,
) -> Department:
    n = next(_seq)
    level = level or (parent.level + 1 if parent else Level.CITY)
    return org.department_create(
        actor=None,
        name=name,
        code=f"T{n:04d}",
        kind=kind,
        level=level,
        region_code=region_code or ("339900" if parent is None else f"3399{n % 100:02d}"),
        parent=parent,
    )


def staff(username: str, department: Department | None = None, *roles) -> object:
    user = accounts.staff_create(
        actor=None, username=username, password=None, display_name=username,
        password_hash="!unusable",
    )  # fmt: skip
    if department is not None:
        org.membership_add(actor=None, user=user, department=department, roles=roles)
    return user


@dataclass
class City:
    city: Department
    east: Department
    east_street: Department
    west: Department
    west_street: Department
    bureau: Department


def small_city() -> City:
    city = department("示范市人民政府")
    east = department("东城区人民政府", parent=city)
    east_street = department("东城区朝阳街道办事处", parent=east)
    west = department("西城区人民政府", parent=city)
    west_street = department("西城区和平街道办事处", parent=west)
    bureau = department("示范市水务局", parent=city, level=Level.CITY, kind=DepartmentKind.BUREAU)
    return City(city, east, east_street, west, west_street, bureau)
