"""答复质量 in tickets: the staff ticket page shows the score and reasons, the sweep scores
replies once per reply text, and the statistics average it per lead department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.tickets.models import ReplyAssessment, Status, Ticket
from yiwang.tickets.selectors.stats import ticket_stats
from yiwang.tickets.services.reply_quality import reply_assessment_sweep
from yiwang.tickets.tests.factories import phone_request, world
from yiwang.tickets.tests.workbench_support import detail

pytestmark = pytest.mark.django_db

GOOD = (
    "您好！经现场核实，人民路88号门前人行道砖块松动属实。我局已安排施工队更换破损砖块，"
    "已于当日修复。根据《城市道路管理条例》，我们将加强巡查。如有疑问请致电 0731-12345678。"
)
POOR = "已收悉。"


def _replied(w, text: str, days: int = 2) -> Ticket:
    ticket = phone_request(w)
    received = timezone.now() - timedelta(days=days + 1)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=received, reply_text=text, replied_at=received + timedelta(days=days),
        lead_department=w.east, status=Status.CLOSED, closed_at=timezone.now(),
    )  # fmt: skip
    return Ticket.objects.get(pk=ticket.pk)


def test_the_staff_page_shows_the_reply_quality_with_reasons(client):
    w = world()
    ticket = _replied(w, GOOD)
    client.force_login(w.supervisor)
    page = client.get(detail(ticket)).content.decode()
    assessment = ReplyAssessment.objects.get(ticket=ticket)
    assert "答复质量" in page and f"{assessment.overall} 分" in page
    assert "包含核实情况" in page and assessment.department == w.east
    assert assessment.overall >= 80


def test_the_sweep_scores_each_reply_once_and_again_after_a_change():
    w = world()
    good, poor = _replied(w, GOOD), _replied(w, POOR)
    assert reply_assessment_sweep() == 2
    assert reply_assessment_sweep() == 0
    scores = {a.ticket_id: a.overall for a in ReplyAssessment.objects.all()}
    assert scores[good.pk] > scores[poor.pk]
    Ticket.objects.filter(pk=poor.pk).update(reply_text=GOOD, replied_at=timezone.now())
    assert reply_assessment_sweep() == 1
    assert ReplyAssessment.objects.get(ticket=poor).overall == scores[good.pk]


def test_statistics_average_reply_quality_per_lead_department():
    w = world()
    _replied(w, GOOD)
    _replied(w, POOR)
    reply_assessment_sweep()
    expected = sum(ReplyAssessment.objects.values_list("overall", flat=True)) / 2
    stats = ticket_stats(user=w.supervisor, start=timezone.localdate() - timedelta(days=5))
    row = next(d for d in stats.by_department if d.department_id == w.east.pk)
    assert row.reply_quality == round(expected, 1)


def test_the_worker_runs_the_reply_sweep_as_a_periodic_job():
    from yiwang.core import periodic

    periodic.autodiscover()
    job = {j.name: j for j in periodic.registered_jobs()}["tickets.reply_quality"]
    assert job.every_seconds == 300
    _replied(world(), GOOD)

    outcome = periodic.run_job(job, holder=periodic.new_holder())

    assert outcome.ok and outcome.result == 1
    assert ReplyAssessment.objects.count() == 1
