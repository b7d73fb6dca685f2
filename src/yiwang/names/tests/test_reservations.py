"""Reservations: a checked name is held 30 days, blocks the same 字号 in its industry, can
be registered or released, lapses; refusals and races are clear errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.names.checking import name_check
from yiwang.names.models import NameKey, NameStatus, RegisteredName
from yiwang.names.services import (
    name_register,
    name_release,
    name_reserve,
    reservations_expire,
    words_seed,
)
from yiwang.org.models import Role
from yiwang.org.tests.factories import department, staff

from .support import register

pytestmark = pytest.mark.django_db


def test_reserve_holds_the_name_for_thirty_days_and_blocks_the_industry():
    before = timezone.now()
    row = name_reserve(actor=None, name="示范市云帆科技有限公司", reference="SQ2025000001")
    assert row.status == NameStatus.RESERVED and row.trade_name_pinyin == "yun fan"
    assert (
        timedelta(days=29, hours=23) < row.reserved_until - before <= timedelta(days=30, minutes=1)
    )
    assert set(NameKey.objects.filter(name=row).values_list("key", flat=True)) == {"云帆"}
    assert AuditRecord.objects.filter(action="names.reserve").count() == 1
    assert name_check(name="示范市云帆信息科技有限公司").verdict == "warning"  # other 门类
    assert name_check(name="云帆（示范市）生物科技有限公司").verdict == "rejected"
    # the engine retrying the same approval gets the same reservation back
    again = name_reserve(actor=None, name="示范市云帆科技有限公司", reference="SQ2025000001")
    assert again.pk == row.pk and RegisteredName.objects.count() == 1


def test_reserve_refuses_rejected_and_restricted_names_with_the_reasons():
    words_seed(actor=None)
    register("示范市云帆科技有限公司")
    with pytest.raises(InvalidInput) as caught:
        name_reserve(actor=None, name="示范市云帆技术服务有限公司")
    assert caught.value.extra["verdict"] == "rejected"
    assert caught.value.field_errors[0].code == "same_trade_name_same_industry"
    with pytest.raises(InvalidInput) as caught:
        name_reserve(actor=None, name="示范市中华星河科技有限公司")
    assert caught.value.field_errors[0].code == "restricted_word"
    with pytest.raises(InvalidInput):
        name_reserve(actor=None, name="示范市云帆科技有限公司", days=0)


def test_two_holds_of_one_trade_name_in_one_industry_cannot_both_exist():
    name_reserve(actor=None, name="示范市云帆科技有限公司")
    with pytest.raises(IntegrityError):  # what a concurrent second reservation runs into
        RegisteredName.objects.create(
            full_name="示范市云帆生物科技有限公司", region="示范市", trade_name="云帆",
            trade_name_pinyin="yun fan", industry="生物科技", industry_section="M",
            org_form="有限公司", status=NameStatus.RESERVED,
            reserved_until=timezone.now() + timedelta(days=3),
        )  # fmt: skip


def test_a_lapsed_hold_frees_the_name_and_expires():
    old = name_reserve(actor=None, name="示范市云帆科技有限公司",
                       now=timezone.now() - timedelta(days=31))  # fmt: skip
    assert name_check(name="示范市云帆科技有限公司").verdict == "ok"
    fresh = name_reserve(actor=None, name="示范市云帆科技有限公司")  # retires the old hold
    old.refresh_from_db()
    assert old.status == NameStatus.EXPIRED and fresh.status == NameStatus.RESERVED
    assert reservations_expire(now=timezone.now() + timedelta(days=31)) == 1
    fresh.refresh_from_db()
    assert fresh.status == NameStatus.EXPIRED
    assert reservations_expire(now=timezone.now() + timedelta(days=31)) == 0


def test_register_and_release():
    row = name_reserve(actor=None, name="示范市云帆科技有限公司")
    registered = name_register(actor=None, reservation=row, expected_version=row.version)
    assert registered.status == NameStatus.REGISTERED and registered.registered_at
    with pytest.raises(Conflict):
        name_register(actor=None, reservation=row)
    other = name_reserve(actor=None, name="示范市星河餐饮管理有限公司")
    with pytest.raises(Conflict):
        name_release(actor=None, reservation=other, expected_version=other.version + 5)
    released = name_release(actor=None, reservation=other)
    assert released.status == NameStatus.RELEASED
    assert name_check(name="示范市星河餐饮管理有限公司").verdict == "ok"


def test_only_staff_handling_names_may_reserve():
    bureau = department("示范市市场监督管理局")
    handler = staff("n1handler", bureau, Role.HANDLER)
    operator = staff("n1operator", bureau, Role.OPERATOR)
    assert name_reserve(actor=handler, name="示范市云帆科技有限公司").status == "reserved"
    with pytest.raises(PermissionDenied):
        name_reserve(actor=operator, name="示范市星河科技有限公司")
