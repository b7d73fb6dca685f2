"""Builders for ticket tests: a small city with a catalogue, staff in every role, requests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from yiwang.accounts import services as accounts
from yiwang.org.models import Department, DepartmentKind, Level, Role, Scope
from yiwang.org.tests.factories import department, staff
from yiwang.tickets.models import Category, Channel, Ticket, TicketType
from yiwang.tickets.services import catalogue, ticket_create

_seq = itertools.count(1)


@dataclass
class World:
    city: Department
    centre: Department
    east: Department
    east_street: Department
    west: Department
    water: Department
    road: Category
    noise: Category
    water_cat: Category
    operator: object
    dispatcher: object
    east_handler: object
    street_handler: object
    west_handler: object
    water_handler: object
    supervisor: object
    citizen: object


def world() -> World:
    n = next(_seq)
    city = department("示范市人民政府", region_code="339900")
    centre = department("12345热线中心", parent=city, level=Level.CITY, kind=DepartmentKind.CENTRE)
    east = department("东城区人民政府", parent=city, region_code="339901")
    east_street = department("东城区朝阳街道", parent=east, region_code="339901001")
    west = department("西城区人民政府", parent=city, region_code="339902")
    water = department(
        "示范市自来水公司", parent=city, level=Level.CITY, kind=DepartmentKind.ENTERPRISE
    )
    road = catalogue.category_create(actor=None, code=f"ROAD{n}", name="道路破损")
    noise = catalogue.category_create(actor=None, code=f"NOISE{n}", name="噪声扰民")
    water_cat = catalogue.category_create(actor=None, code=f"WATER{n}", name="停水")
    catalogue.dispatch_rule_set(
        actor=None, category=road, lead_department=east, region_prefix="339901"
    )
    catalogue.dispatch_rule_set(
        actor=None, category=road, lead_department=west, region_prefix="339902"
    )
    catalogue.dispatch_rule_set(actor=None, category=water_cat, lead_department=water)
    citizen = accounts.citizen_register(
        username=f"citizen{n}", password=None, password_hash="!x", real_name="王小明",
        id_number=_id(n), phone=f"139{n:08d}",
    )  # fmt: skip
    return World(
        city,
        centre,
        east,
        east_street,
        west,
        water,
        road,
        noise,
        water_cat,
        operator=staff(f"operator{n}", centre, Role.OPERATOR),
        dispatcher=staff(f"dispatcher{n}", centre, Role.DISPATCHER),
        east_handler=staff(f"east{n}", east, Role.HANDLER),
        street_handler=staff(f"street{n}", east_street, Role.HANDLER),
        west_handler=staff(f"west{n}", west, Role.HANDLER),
        water_handler=staff(f"water{n}", water, Role.HANDLER),
        supervisor=staff(f"sup{n}", city, (Role.SUPERVISOR, Scope.SUBTREE)),
        citizen=citizen,
    )


def _id(n: int) -> str:
    from yiwang.accounts.validators import id_number_check_digit

    first = f"33990119800101{n % 1000:03d}"
    return first + id_number_check_digit(first)


def phone_request(w: World, **overrides) -> Ticket:
    values = dict(
        actor=w.operator, channel=Channel.PHONE, ticket_type=TicketType.COMPLAINT,
        subject="人民路人行道破损", description="人民路 88 号门前人行道砖块松动，老人容易绊倒。",
        category_code=w.road.code, region_code="339901001", address="东城区人民路88号",
        requester_name="李先生", requester_phone="13800001111",
    )  # fmt: skip
    values.update(overrides)
    return ticket_create(**values).ticket


def citizen_request(w: World, **overrides) -> Ticket:
    values = dict(
        actor=w.citizen, requester=w.citizen, channel=Channel.WEB,
        ticket_type=TicketType.HELP, subject="小区停水",
        description="幸福小区从早上开始停水，没有通知。",
        category_code=w.water_cat.code,
    )  # fmt: skip
    values.update(overrides)
    return ticket_create(**values).ticket
