import pytest

from yiwang.org.models import Role
from yiwang.org.tests.factories import department, staff
from yiwang.workcal import workdays


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts from a cold per-process calendar cache, as a new worker would."""
    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture
def city(db):
    return department("示范市人民政府")


@pytest.fixture
def platform_admin(city):
    return staff("cal-admin", city, Role.PLATFORM_ADMIN)


@pytest.fixture
def handler(city):
    return staff("cal-handler", city, Role.HANDLER)
