"""Test-suite wiring shared by every app: the PostgreSQL guard, the ``postgres`` marker, and a
few generic fixtures for tests that run ``yiwang`` in a subprocess.

Settings: ``yiwang.settings_test`` (pyproject). ``DATABASE_URL=postgres://...`` runs the same
suite on PostgreSQL; pytest-django creates ``test_<name>`` (``test_<name>_gw0`` ... per xdist
worker) through the server's ``postgres`` database.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent
_PG_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
_pg_unreachable: str | None = None


def _database_url() -> str:
    return os.environ.get("DATABASE_URL", "").strip()


def _is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme.split("+")[0] in _PG_SCHEMES


def _postgres_problem(url: str) -> str | None:
    """None when the server answers; otherwise why not, in one line."""
    import psycopg

    parts = urlsplit(url)
    try:
        # The maintenance database: the named one need not exist, Django creates test_<name>.
        with psycopg.connect(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            user=unquote(parts.username or "") or None,
            password=unquote(parts.password or "") or None,
            dbname="postgres",
            connect_timeout=5,
        ):
            return None
    except psycopg.Error as exc:
        return " ".join(str(exc).split())


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    global _pg_unreachable
    url = _database_url()
    if not url or not _is_postgres_url(url):
        return
    problem = _postgres_problem(url)
    if problem is None:
        return
    redacted = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)
    message = (
        f"PostgreSQL is not reachable at DATABASE_URL={redacted}: {problem} (无法连接 PostgreSQL)"
    )
    if _ci() and not hasattr(config, "workerinput"):
        # Under CI a missing database must fail the run, never pass as a sea of skips.
        pytest.exit(f"CI=true: {message}", returncode=3)
    _pg_unreachable = message
    if not hasattr(config, "workerinput"):
        print(f"\nWARNING: {message}; every test will be skipped.\n", file=sys.stderr)


def _using_postgres() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _pg_unreachable is not None:
        skip_all = pytest.mark.skip(reason=_pg_unreachable)
        for item in items:
            item.add_marker(skip_all)
        return
    if not _using_postgres():
        skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(skip_pg)


# --- generic fixtures -------------------------------------------------------------------------


@pytest.fixture
def yiwang_data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder (YIWANG_DATA_DIR) for one test."""
    path = tmp_path / "yiwang-data"
    path.mkdir()
    return path


@pytest.fixture
def cli_env(yiwang_data_dir: Path) -> dict[str, str]:
    """A minimal environment for running ``yiwang`` in a subprocess: development settings,
    its own data folder, and none of the caller's YIWANG_* / database variables."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["YIWANG_DATA_DIR"] = str(yiwang_data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def yiwang_cmd() -> list[str]:
    """The ``yiwang`` command as argv, bound to the interpreter running the tests."""
    return [sys.executable, "-m", "yiwang"]


@pytest.fixture
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def test_output_dir() -> Path:
    """Where tests leave artefacts worth looking at (screenshots ...): ./test-output."""
    path = Path(os.environ.get("YIWANG_TEST_OUTPUT", REPO_ROOT / "test-output"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _calendar_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live_server, browser journeys) start from a flushed database that
    lost the holidays the migration seeded; load them again so deadlines stay realistic."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server"} & names
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if not transactional and marker is None and "db" not in names:
        return
    # A test after a transactional one in the same process also finds the flushed database:
    # seed it inside that test too (rolled back with it), or its deadlines skip no holiday.
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import transaction

    from yiwang.workcal import seed, workdays
    from yiwang.workcal.models import CalendarYear, SpecialDay, WorkSchedule

    if SpecialDay.objects.exists():
        return
    # What migration 0002 does: install-time data, so (like the migration) no audit record.
    with transaction.atomic():
        seed.apply_seed(special_day_model=SpecialDay, calendar_year_model=CalendarYear)
        if not WorkSchedule.objects.filter(is_active=True).exists():
            WorkSchedule.objects.create(is_active=True)
        workdays.note_edit()


@pytest.fixture(autouse=True)
def _no_routing_model_unless_the_test_trains_one(tmp_path_factory, monkeypatch):
    """Every test starts without a current classifier: a model left in the process's data
    folder by another test would route (and auto-dispatch) this test's tickets. Tests that
    need one point YIWANG_ROUTING_MODEL_DIR at their own folder after this."""
    # A fresh folder per test, not one per session: ``demo_load`` trains and activates the
    # demo model in whatever folder this names, and a shared one handed it to later tests.
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_DIR", str(tmp_path_factory.mktemp("no-routing-model")))
