from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from yiwang.accounts.models import CitizenProfile, EnterpriseProfile, User, UserKind
from yiwang.accounts.validators import is_valid_credit_code, is_valid_id_number
from yiwang.audit.models import AuditRecord
from yiwang.demo import city, loader
from yiwang.org.models import Department, DepartmentKind, Level, Membership, Role, RoleGrant
from yiwang.org.permissions import scope_queryset

pytestmark = pytest.mark.django_db


def test_demo_city_has_the_expected_people_and_departments_with_valid_identities():
    result = loader.load_demo_city()

    assert result.created
    assert Department.objects.count() == len(city.departments()) >= 40
    by_level = Counter(Department.objects.values_list("level", flat=True))
    assert by_level[Level.DISTRICT] == 4 and by_level[Level.STREET] >= 8
    assert by_level[Level.COMMUNITY] >= 10
    kinds = Counter(Department.objects.values_list("kind", flat=True))
    assert (
        kinds[DepartmentKind.BUREAU] == len(city.BUREAUS) and kinds[DepartmentKind.ENTERPRISE] == 3
    )
    assert kinds[DepartmentKind.CENTRE] == 1

    assert 100 <= User.objects.filter(kind=UserKind.STAFF).count() <= 150
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)
    assert CitizenProfile.objects.count() == 200
    assert EnterpriseProfile.objects.count() == 50
    assert all(is_valid_id_number(p.id_number) for p in CitizenProfile.objects.all())
    assert all(is_valid_credit_code(p.credit_code) for p in EnterpriseProfile.objects.all())
    phones = list(User.objects.exclude(phone_index="").values_list("phone_index", flat=True))
    assert len(phones) == len(set(phones)) >= 350  # a phone signs in one account only

    # made through the services: audited
    assert AuditRecord.objects.filter(action="accounts.citizen.register").count() == 200
    assert AuditRecord.objects.filter(action="org.department.create").count() == len(
        city.departments()
    )
    # one person, several departments
    assert Membership.objects.values("user").distinct().count() < Membership.objects.count()


def test_every_demo_login_signs_in_with_the_demo_password_and_has_its_role():
    loader.load_demo_city()

    for login in loader.demo_logins():
        user = User.objects.get(username=login.username)
        assert user.check_password(loader.DEMO_PASSWORD), login.username
        if login.role in Role.values:
            assert RoleGrant.objects.filter(membership__user=user, role=login.role).exists()
            assert user.memberships.get(is_primary=True).department.name == login.where
    assert User.objects.get(username="citizen").kind == UserKind.CITIZEN
    assert User.objects.get(username="enterprise").kind == UserKind.ENTERPRISE


def test_demo_handler_sees_its_street_office_but_not_another_district():
    loader.load_demo_city()
    handler = User.objects.get(username="handler")

    visible = scope_queryset(
        handler, "org.department.view", Department.objects.all(), department_field="self"
    )

    names = set(visible.values_list("name", flat=True))
    assert "明湖区湖滨街道办事处" in names
    assert not any(name.startswith("云山区") for name in names)


def test_loading_twice_reuses_the_city_instead_of_duplicating_it(capsys, monkeypatch):
    monkeypatch.setenv("YIWANG_DEMO_TICKETS", "0")  # the 12345 history has its own tests
    monkeypatch.setenv("YIWANG_DEMO_ROUTING_MODEL", "0")  # ~20 s of training, tested in routing
    call_command("demo_load", verbosity=0)
    counts = (User.objects.count(), Department.objects.count(), AuditRecord.objects.count())

    call_command("demo_load", verbosity=1)

    assert (User.objects.count(), Department.objects.count(), AuditRecord.objects.count()) == (
        counts
    )
    out = capsys.readouterr().out
    assert "已存在" in out
    assert loader.DEMO_PASSWORD in out and "dispatcher" in out


def test_the_demo_city_is_the_same_on_every_load():
    def snapshot():
        people = CitizenProfile.objects.order_by("user__username")
        firms = EnterpriseProfile.objects.order_by("user__username")
        return (
            [(p.user.username, p.real_name, p.id_number, p.user.phone) for p in people],
            [(f.user.username, f.name, f.credit_code) for f in firms],
            list(User.objects.order_by("username").values_list("username", "display_name")),
        )

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        loader.load_demo_city()
        first = snapshot()
        raise Rollback
    assert not loader.is_loaded()

    loader.load_demo_city()

    assert snapshot() == first
