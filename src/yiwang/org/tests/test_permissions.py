import pytest

from yiwang.core.errors import NotAuthenticated, PermissionDenied
from yiwang.org import selectors
from yiwang.org.models import Department, Role, Scope
from yiwang.org.permissions import can, register_action, require, scope_queryset
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db

register_action("test.case.view", roles={Role.HANDLER, Role.SUPERVISOR, Role.PLATFORM_ADMIN})


class Case:
    """Stands in for any department-owned object (a ticket, an application...)."""

    def __init__(self, department, owner_id=None):
        self.department_id = department.pk
        self._owner = owner_id

    def permission_owner_id(self):
        return self._owner


@pytest.fixture
def city():
    return small_city()


def test_handler_in_one_district_cannot_see_another_districts_data(city):
    east_handler = staff("east-handler", city.east, Role.HANDLER)
    assert can(east_handler, "test.case.view", Case(city.east))
    assert not can(east_handler, "test.case.view", Case(city.west))
    assert not can(east_handler, "test.case.view", Case(city.east_street))  # OWN scope only
    with pytest.raises(PermissionDenied):
        require(east_handler, "test.case.view", Case(city.west))


def test_supervisor_sees_department_and_descendants(city):
    sup = staff("east-sup", city.east, Role.SUPERVISOR)
    assert can(sup, "test.case.view", Case(city.east))
    assert can(sup, "test.case.view", Case(city.east_street))
    assert not can(sup, "test.case.view", Case(city.west_street))
    assert not can(sup, "test.case.view", Case(city.city))


def test_scope_all_and_platform_admin(city):
    wide = staff("wide", city.city, (Role.HANDLER, Scope.ALL))
    admin = staff("admin", city.city, Role.PLATFORM_ADMIN)
    for dept in (city.east_street, city.west, city.bureau):
        assert can(wide, "test.case.view", Case(dept))
        assert can(admin, "test.case.view", Case(dept))


def test_role_not_listed_for_action_is_refused(city):
    operator = staff("operator1", city.east, Role.OPERATOR)
    assert not can(operator, "test.case.view", Case(city.east))


def test_person_in_two_departments_reaches_both(city):
    person = staff("two-hats", city.east, Role.HANDLER)
    from yiwang.org import services

    services.membership_add(actor=None, user=person, department=city.bureau, roles=[Role.HANDLER])
    assert can(person, "test.case.view", Case(city.east))
    assert can(person, "test.case.view", Case(city.bureau))
    assert not can(person, "test.case.view", Case(city.west))


def test_owner_rule_and_anonymous(city):
    from django.contrib.auth.models import AnonymousUser

    register_action("test.own.view", roles={Role.PLATFORM_ADMIN}, owner=True)
    citizen = staff("someone")  # no membership
    assert can(citizen, "test.own.view", Case(city.east, owner_id=citizen.pk))
    assert not can(citizen, "test.own.view", Case(city.east, owner_id=citizen.pk + 1))
    assert not can(AnonymousUser(), "test.case.view", Case(city.east))
    with pytest.raises(NotAuthenticated):
        require(AnonymousUser(), "test.case.view", Case(city.east))


def test_unknown_action_is_a_programming_error(city):
    with pytest.raises(ValueError):
        can(staff("someone-x", city.east, Role.HANDLER), "no.such.action")


def test_scope_queryset_lists_only_visible_departments(city):
    east_handler = staff("east-h", city.east, Role.HANDLER)
    east_sup = staff("east-s", city.east, Role.SUPERVISOR)
    qs = Department.objects.all()
    assert set(scope_queryset(east_handler, "test.case.view", qs, department_field="self")) == {
        city.east
    }
    assert set(scope_queryset(east_sup, "test.case.view", qs, department_field="self")) == {
        city.east,
        city.east_street,
    }
    # the department list a handler sees in the workbench and the API
    names = {d.name for d in selectors.department_list(user=east_handler)}
    assert names == {"东城区人民政府"}


def test_deactivated_membership_loses_access(city):
    from yiwang.org import services
    from yiwang.org.models import Membership

    handler = staff("leaver", city.east, Role.HANDLER)
    assert can(handler, "test.case.view", Case(city.east))
    services.membership_end(actor=None, membership=Membership.objects.get(user=handler))
    fresh = type(handler).objects.get(pk=handler.pk)  # grants are cached per request/user object
    assert not can(fresh, "test.case.view", Case(city.east))
