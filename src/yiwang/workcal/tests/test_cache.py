"""The per-process calendar cache: fast when nothing changes, never stale after an edit."""

from datetime import date

import pytest
from django.db import transaction
from django.db.models import F

from yiwang.workcal import services, workdays
from yiwang.workcal.models import CalendarRevision, SpecialDay

pytestmark = pytest.mark.django_db

SEPT_29 = date(2025, 9, 29)  # an ordinary Monday


def test_a_warm_cache_answers_without_the_database(django_assert_num_queries, settings):
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 60
    workdays.add_working_days(date(2025, 9, 30), 1)
    with django_assert_num_queries(0):
        for _ in range(100):
            assert workdays.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
            workdays.working_days_between(date(2025, 1, 1), date(2025, 12, 31))


def test_an_edit_is_seen_at_once_in_the_same_process(settings):
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 60
    assert workdays.is_working_day(SEPT_29)
    services.day_set(actor=None, day=SEPT_29, kind="holiday", name="临时休假")
    assert not workdays.is_working_day(SEPT_29)
    assert workdays.add_working_days(date(2025, 9, 26), 2) == date(2025, 9, 30)
    services.day_set(actor=None, day=SEPT_29, kind="clear")
    assert workdays.is_working_day(SEPT_29)


def test_commit_publishes_the_new_revision_to_the_django_cache(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    before = CalendarRevision.objects.get(pk=1).revision
    with django_capture_on_commit_callbacks(execute=True):
        services.day_set(actor=None, day=SEPT_29, kind="holiday")
    after = CalendarRevision.objects.get(pk=1).revision
    assert after == before + 1
    assert cache.get(workdays.CACHE_KEY) == after
    assert not workdays.is_working_day(SEPT_29)


def test_a_rolled_back_edit_leaves_no_trace_in_the_cache(settings):
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 60
    assert workdays.is_working_day(SEPT_29)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.day_set(actor=None, day=SEPT_29, kind="holiday")
        assert not workdays.is_working_day(SEPT_29)
        raise Abort
    assert workdays.is_working_day(SEPT_29)


def _edit_from_another_process():
    """What another worker's committed edit looks like from here: new rows, new revision."""
    SpecialDay.objects.create(date=SEPT_29, kind="holiday", name="x", source="admin")
    CalendarRevision.objects.filter(pk=1).update(revision=F("revision") + 1)


def test_another_process_edit_is_seen_after_the_check_interval(settings):
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 60
    assert workdays.is_working_day(SEPT_29)
    _edit_from_another_process()
    assert workdays.is_working_day(SEPT_29), "within the interval the cached year is used"
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 0
    assert not workdays.is_working_day(SEPT_29)


def test_with_a_shared_cache_the_revision_is_read_from_the_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.YIWANG_WORKCAL_CHECK_SECONDS = 0
    from django.core.cache import caches

    assert workdays.is_working_day(SEPT_29)
    assert caches["default"].get(workdays.CACHE_KEY) is not None
    SpecialDay.objects.create(date=SEPT_29, kind="holiday", name="x", source="admin")
    assert workdays.is_working_day(SEPT_29), "the revision in the cache has not moved"
    caches["default"].incr(workdays.CACHE_KEY)  # another process published its edit
    assert not workdays.is_working_day(SEPT_29)
