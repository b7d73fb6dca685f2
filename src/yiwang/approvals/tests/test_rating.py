"""一事一评: one rating per finished application on the five shared levels; bad reviews go to
the lead department with a 5-working-day rectification deadline."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yiwang.approvals.models import ApplicationRating
from yiwang.approvals.services.rating import application_rate, rating_rectify
from yiwang.approvals.tests.applicant_support import bare_application, office
from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.core.rating import RatingLevel, is_bad
from yiwang.notify.models import Notification
from yiwang.workcal import workdays

pytestmark = pytest.mark.django_db


def test_the_levels_are_the_five_of_haochaping():
    assert [label for _v, label in RatingLevel.choices] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]  # fmt: skip
    assert [v for v in RatingLevel.values if is_bad(v)] == [2, 1]


def test_a_good_rating_once_and_only_by_the_applicant():
    o = office()
    app = bare_application(o, status="completed")
    with pytest.raises(PermissionDenied):
        application_rate(actor=o.citizen, application=app, level=5)
    rating = application_rate(actor=o.enterprise, application=app, level=5, comment="很快")
    assert not rating.is_bad and rating.department == o.bureau
    with pytest.raises(Conflict):
        application_rate(actor=o.enterprise, application=app, level=4)
    assert AuditRecord.objects.filter(action="approvals.application.rate").count() == 1


def test_an_unfinished_application_cannot_be_rated():
    o = office()
    app = bare_application(o, status="in_progress")
    with pytest.raises(Conflict):
        application_rate(actor=o.enterprise, application=app, level=5)


def test_bad_input_is_a_field_error():
    o = office()
    app = bare_application(o, status="completed")
    for level, comment in [(0, ""), ("x", ""), (6, ""), (1, ""), (5, "长" * 501)]:
        with pytest.raises(InvalidInput):
            application_rate(actor=o.enterprise, application=app, level=level, comment=comment)
    assert not ApplicationRating.objects.exists()


def test_a_bad_review_goes_to_the_department_with_a_deadline_and_is_rectified():
    o = office()
    app = bare_application(o, status="not_accepted")
    rating = application_rate(actor=o.enterprise, application=app, level=1, comment="没说清楚")
    assert rating.is_bad
    expected_day = workdays.add_working_days(timezone.localdate(), 5)
    assert timezone.localtime(rating.rectify_deadline).date() == expected_day
    told = set(Notification.objects.filter(event="approvals.bad_rating")
               .values_list("recipient", flat=True))  # fmt: skip
    assert told == {o.handler.pk, o.admin.pk}
    with pytest.raises(PermissionDenied):
        rating_rectify(actor=o.other_admin, rating=rating, note="已整改")
    done = rating_rectify(actor=o.handler, rating=rating, note="已电话说明并改进告知书")
    assert done.rectified_at is not None
    with pytest.raises(Conflict):
        rating_rectify(actor=o.handler, rating=rating, note="再次整改")
