"""Builders of people for the shell's tests: valid identity numbers and users in every kind."""

from __future__ import annotations

import itertools

from yiwang.accounts import services as accounts
from yiwang.accounts.validators import (
    credit_code_check_char,
    id_number_check_digit,
    organization_code_check_char,
)
from yiwang.org import services as org
from yiwang.org.models import Department, DepartmentKind, Level, Role

PASSWORD = "Zheng-Wu-2025!"
_seq = itertools.count(1)


def id_number(serial: int = 123) -> str:
    """A valid 18-digit resident ID (Beijing Dongcheng, born 1990-01-01)."""
    first17 = f"11010119900101{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def credit_code(serial: int = 1) -> str:
    """A valid unified social credit code with a valid embedded organisation code."""
    org8 = f"{10000000 + serial:08d}"
    first17 = "91110101" + org8 + organization_code_check_char(org8)
    return first17 + credit_code_check_char(first17)


def phone(serial: int | None = None) -> str:
    return f"139{(serial if serial is not None else next(_seq)) % 100_000_000:08d}"


def citizen(username: str = "zhangsan", *, serial: int = 123, mobile: str | None = None):
    return accounts.citizen_register(
        username=username,
        password=PASSWORD,
        real_name="张三",
        id_number=id_number(serial),
        phone=mobile or phone(serial),
    )


def department(name: str = "示范市东城区人民政府") -> Department:
    n = next(_seq)
    return org.department_create(
        actor=None,
        name=name,
        code=f"SHELL{n:04d}",
        kind=DepartmentKind.GOVERNMENT,
        level=Level.DISTRICT,
        region_code="339901",
    )


def handler(username: str = "handler1", *, dept: Department | None = None, mobile: str = ""):
    """A staff member in a department holding the handler role."""
    user = accounts.staff_create(
        actor=None, username=username, password=PASSWORD, display_name="李承办", phone=mobile
    )
    org.membership_add(actor=None, user=user, department=dept or department(), roles=[Role.HANDLER])
    return user
