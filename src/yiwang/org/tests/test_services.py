import pytest

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.org import services
from yiwang.org.models import Department, DepartmentKind, Level, Membership, Role, Scope
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db


def test_tree_paths_and_move_keep_descendants_in_step():
    city = small_city()
    assert city.east_street.path == f"{city.city.path}{city.east.pk}/{city.east_street.pk}/"
    services.department_move(actor=None, department=city.east, new_parent=city.west)
    street = Department.objects.get(pk=city.east_street.pk)
    assert street.path.startswith(Department.objects.get(pk=city.west.pk).path)
    assert street.depth == 3


def test_move_under_own_descendant_is_refused():
    city = small_city()
    with pytest.raises(InvalidInput) as exc:
        services.department_move(actor=None, department=city.east, new_parent=city.east_street)
    assert exc.value.field_errors[0].code == "cycle"


def test_invalid_department_fields_are_all_reported():
    with pytest.raises(InvalidInput) as exc:
        services.department_create(
            actor=None, name="", code="!", kind="nope", level=9, region_code="12ab"
        )
    fields = {e.field for e in exc.value.field_errors}
    assert fields == {"name", "code", "kind", "level", "region_code"}


def test_department_admin_manages_only_own_subtree_and_cannot_escalate():
    city = small_city()
    admin = staff("east-admin", city.east, Role.DEPARTMENT_ADMIN)
    created = services.department_create(
        actor=admin, name="东城区新街道", code="EAST-NEW", kind=DepartmentKind.GOVERNMENT,
        level=Level.STREET, region_code="339901009", parent=city.east,
    )  # fmt: skip
    assert created.parent_id == city.east.pk
    with pytest.raises(PermissionDenied):
        services.department_create(
            actor=admin, name="西城区新街道", code="WEST-NEW", kind=DepartmentKind.GOVERNMENT,
            level=Level.STREET, region_code="339902009", parent=city.west,
        )  # fmt: skip
    worker = staff("worker", city.east, Role.HANDLER)
    membership = Membership.objects.get(user=worker)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=admin, membership=membership, role=Role.PLATFORM_ADMIN)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=admin, membership=membership, role=Role.HANDLER, scope=Scope.ALL)
    grant = services.role_grant(actor=admin, membership=membership, role=Role.SUPERVISOR)
    assert grant.scope == Scope.SUBTREE


def test_citizens_cannot_join_departments():
    from yiwang.accounts.services import citizen_register

    city = small_city()
    citizen = citizen_register(
        username="zhangsan", password="Strong-pass-2026", real_name="张三",
        id_number="11010519491231002X", phone="13812345678",
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.membership_add(actor=None, user=citizen, department=city.east)


def test_first_membership_becomes_primary():
    city = small_city()
    person = staff("person-p", city.east, Role.HANDLER)
    services.membership_add(actor=None, user=person, department=city.bureau)
    primary = Membership.objects.filter(user=person, is_primary=True)
    assert [m.department_id for m in primary] == [city.east.pk]
