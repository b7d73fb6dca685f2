"""Load the demo city through the platform's own services, so audit and encryption apply.

One transaction: a failed load leaves nothing behind, and a loaded city is recognised by its
city government's code, so a second run reuses the data instead of duplicating it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from yiwang.accounts import services as accounts
from yiwang.demo import city, identities
from yiwang.org import services as org
from yiwang.org.models import Department, Level, Role

SEED = 20251001
DEMO_PASSWORD = "yiwang2025"

ROLE_LABELS = {
    "citizen": "自然人 citizen",
    "enterprise": "法人 enterprise",
    Role.OPERATOR: "话务员 operator",
    Role.DISPATCHER: "派单员 dispatcher",
    Role.HANDLER: "承办人 handler",
    Role.SUPERVISOR: "督办员 supervisor",
    Role.DEPARTMENT_ADMIN: "部门管理员 department admin",
    Role.PLATFORM_ADMIN: "平台管理员 platform admin",
}
USERNAME_PREFIX = {
    Role.OPERATOR: "operator",
    Role.DISPATCHER: "dispatcher",
    Role.HANDLER: "handler",
    Role.SUPERVISOR: "supervisor",
    Role.DEPARTMENT_ADMIN: "deptadmin",
    Role.PLATFORM_ADMIN: "admin",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str  # a key of ROLE_LABELS
    username: str
    where: str  # the department, or "" for citizens and enterprises

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass
class LoadResult:
    created: bool
    departments: int = 0
    positions: int = 0
    staff: int = 0
    citizens: int = 0
    enterprises: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def is_loaded() -> bool:
    return Department.objects.filter(code=city.CITY_CODE).exists()


def demo_logins() -> list[DemoLogin]:
    """The demo logins, one per role, in the order a visitor would try them."""
    names = {spec.key: spec.name for spec in city.departments()}
    logins = [DemoLogin("citizen", "citizen", ""), DemoLogin("enterprise", "enterprise", "")]
    for role in (
        Role.OPERATOR, Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR,
        Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN,
    ):  # fmt: skip
        username, department = city.DEMO_STAFF[role]
        logins.append(DemoLogin(role, username, names[department]))
    return logins


def planned_total() -> int:
    specs = city.departments()
    staff = sum(s.count for s in city.staff_plan(specs))
    return len(specs) + staff + city.CITIZENS + city.ENTERPRISE_ACCOUNTS


def load_demo_city(*, progress=None) -> LoadResult:
    """Create the demo city unless it is there. ``progress(n)`` is called as items are made."""
    if is_loaded():
        return LoadResult(created=False, logins=demo_logins())
    tick = progress or (lambda n=1: None)
    rng = random.Random(SEED)
    # Hashing is the slow part of making accounts; every demo account shares one password.
    password_hash = make_password(DEMO_PASSWORD)
    result = LoadResult(created=True, logins=demo_logins())
    phones = identities.Unique()  # one pool: a phone number signs in exactly one account
    with transaction.atomic():
        departments = _load_departments(result, tick)
        _load_staff(rng, phones, departments, password_hash, result, tick)
        _load_citizens(rng, phones, password_hash, result, tick)
        _load_enterprises(rng, phones, password_hash, result, tick)
    return result


def _load_departments(result: LoadResult, tick) -> dict[str, Department]:
    made: dict[str, Department] = {}
    for n, spec in enumerate(city.departments()):
        made[spec.key] = org.department_create(
            actor=None,
            name=spec.name,
            code=spec.code,
            kind=spec.kind,
            level=spec.level,
            region_code=spec.region_code,
            parent=made[spec.parent] if spec.parent else None,
            accepts_tickets=spec.accepts_tickets,
            sort_order=n,
            short_name=spec.short_name,
            contact_phone=f"{city.PHONE_AREA}-{88000000 + n * 1111}",
            address=spec.address or f"{city.CITY_NAME}{spec.short_name or spec.name}",
        )
        result.departments += 1
        tick(1)
    return made


def _load_staff(rng, phones, departments, password_hash, result: LoadResult, tick) -> None:
    specs = city.departments()
    counters = dict.fromkeys(USERNAME_PREFIX, 0)
    positions: dict[tuple[str, str], object] = {}
    demo = {(dept, role): name for role, (name, dept) in city.DEMO_STAFF.items()}
    second_handlers = []
    for group in city.staff_plan(specs):
        department = departments[group.department]
        position = positions.get((group.department, group.position))
        if position is None:
            position = org.position_create(actor=None, department=department, name=group.position)
            positions[(group.department, group.position)] = position
            result.positions += 1
        for i in range(group.count):
            username = demo.pop((group.department, group.role), None) if i == 0 else None
            if username is None:
                counters[group.role] += 1
                username = f"{USERNAME_PREFIX[group.role]}{counters[group.role]:03d}"
            user = accounts.staff_create(
                actor=None,
                username=username,
                password=None,
                password_hash=password_hash,
                display_name=identities.person_name(rng),
                phone=phones(lambda: identities.mobile_number(rng)),
                email=f"{username}@demo.yiwang.example",
            )
            org.membership_add(
                actor=None,
                user=user,
                department=department,
                position=position,
                is_primary=True,
                roles=[(group.role, group.scope)],
            )
            if department.level == Level.STREET and i == 1:
                second_handlers.append((user, department))
            result.staff += 1
            tick(1)
    # One person, several departments: a street's second handler also serves as the grid
    # worker of the street's first community.
    for user, street in second_handlers:
        community = street.children.order_by("code").first()
        if community is not None:
            org.membership_add(
                actor=None, user=user, department=community, roles=[(Role.HANDLER, "own")]
            )


def _load_citizens(rng, phones, password_hash, result: LoadResult, tick) -> None:
    ids = identities.Unique()
    for n in range(city.CITIZENS):
        female = rng.random() < 0.5
        born = identities.birth_date(rng)
        region = rng.choice(city.DISTRICT_REGION_CODES)
        accounts.citizen_register(
            username="citizen" if n == 0 else f"citizen{n:03d}",
            password=None,
            password_hash=password_hash,
            real_name=identities.person_name(rng),
            id_number=ids(
                lambda r=region, b=born, f=female: identities.id_number(
                    rng, region_code=r, born=b, female=f
                )
            ),
            phone=phones(lambda: identities.mobile_number(rng)),
        )
        result.citizens += 1
        tick(1)


def _load_enterprises(rng, phones, password_hash, result: LoadResult, tick) -> None:
    names, codes = identities.Unique(), identities.Unique()
    for n in range(city.ENTERPRISE_ACCOUNTS):
        region = rng.choice(city.DISTRICT_REGION_CODES)
        accounts.enterprise_register(
            username="enterprise" if n == 0 else f"enterprise{n:03d}",
            password=None,
            password_hash=password_hash,
            name=names(lambda: identities.company_name(rng, city=city.CITY_NAME)),
            credit_code=codes(lambda r=region: identities.credit_code(rng, region_code=r)),
            legal_representative=identities.person_name(rng),
            phone=phones(lambda: identities.mobile_number(rng)),
        )
        result.enterprises += 1
        tick(1)
