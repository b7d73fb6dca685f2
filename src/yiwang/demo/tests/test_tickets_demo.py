"""The demo's 12345 data: a catalogue that routes like a city's, a knowledge base operators can
search, and a request history in every state, made through the services, real and repeatable."""

from collections import Counter
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from yiwang.accounts.models import User
from yiwang.audit.models import AuditRecord
from yiwang.demo import loader, tickets_load
from yiwang.notify.models import Delivery
from yiwang.org.models import Department
from yiwang.tickets import sla
from yiwang.tickets.models import (
    Category,
    CategoryAttribute,
    KnowledgeEntry,
    Rating,
    Status,
    Ticket,
    TicketEvent,
)
from yiwang.tickets.routing_rules import suggest_departments
from yiwang.tickets.selectors.knowledge import knowledge_search
from yiwang.workcal.workdays import is_working_day

pytestmark = pytest.mark.django_db
# a fixed "now" (a Friday afternoon after the 2026 National Day holiday) makes runs comparable
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def named(name: str) -> Department:
    return Department.objects.get(name=name)


def test_the_catalogue_routes_local_matters_to_districts_and_the_rest_to_bureaus():
    loader.load_demo_city()
    leaves, _entries = tickets_load.load_catalogue_and_knowledge()

    tops = set(Category.objects.filter(parent=None).values_list("name", flat=True))
    assert tops == {
        "城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生",
        "公共安全（非紧急）", "水电气", "民政", "市场监管", "政务服务",
    }  # fmt: skip
    road = leaves["CJ01"]
    assert suggest_departments(road, "339903001001")[0] == named("示范市云山区人民政府")
    assert suggest_departments(road, "339905")[0] == named("示范市新城区人民政府")
    assert suggest_departments(road, "")[0] == named("示范市住房和城乡建设局")
    assert suggest_departments(leaves["SD01"], "339902001")[0] == named("示范市自来水有限公司")
    assert suggest_departments(leaves["SD03"], "")[0] == named("国网示范市供电公司")
    assert suggest_departments(leaves["LD01"], "339904")[0] == named("示范市人力资源和社会保障局")
    lead, co = suggest_departments(leaves["HB02"], "339902002")
    assert lead == named("示范市明湖区人民政府") and co == [named("示范市生态环境局")]
    area = CategoryAttribute.objects.get(category=road, code="area")
    assert area.datatype == "singlevaluelist" and len(area.values) == 3
    assert sla.limits_for(ticket_type="consult", category_id=road.pk).handle_days == 1
    assert sla.limits_for(ticket_type="complaint", category_id=road.pk).handle_days == 5
    burst = sla.limits_for(ticket_type="help", category_id=leaves["SD01"].pk)
    assert burst == sla.Limits(Decimal("0.5"), 1)

    assert KnowledgeEntry.objects.count() >= 60
    operator = User.objects.get(username="operator")
    assert "公积金" in knowledge_search(user=operator, query="租房怎么提取公积金")[0].question
    assert "社保卡" in knowledge_search(user=operator, query="社保卡丢了")[0].question


def test_a_small_load_has_every_state_through_the_services_and_loads_once():
    loader.load_demo_city()

    result = tickets_load.load_demo_tickets(count=60, now=NOW)

    assert result.created and not result.skipped
    tickets = Ticket.objects.all()
    assert tickets.count() == 60
    assert set(tickets.values_list("status", flat=True)) == set(Status.values)
    # the history is spread over four months and told as it happened
    created = [timezone.localtime(t) for t in tickets.values_list("created_at", flat=True)]
    assert min(created) < datetime(2026, 8, 20, tzinfo=NOW.tzinfo) and max(created) < NOW
    assert not TicketEvent.objects.filter(created_at__gt=NOW).exists()
    for ticket in tickets:
        assert ticket.case_number[8:16] == timezone.localtime(ticket.created_at).strftime("%Y%m%d")
        times = list(ticket.events.order_by("pk").values_list("created_at", flat=True))
        assert times == sorted(times)
        if ticket.handle_deadline:
            assert is_working_day(timezone.localtime(ticket.handle_deadline).date())
    # every step went through the services: one audit record per timeline step
    steps = TicketEvent.objects.exclude(action="escalate").count()
    assert AuditRecord.objects.filter(action__startswith="tickets.ticket.").count() >= steps
    # the twists a demo should show
    actions = Counter(TicketEvent.objects.values_list("action", flat=True))
    assert actions["escalate"] and actions["transfer"] and actions["follow_up"]
    assert tickets.filter(sla_state="overdue", status__in=["pending_sign", "in_progress"]).exists()
    assert tickets.filter(supervised=True).exists()
    assert Rating.objects.filter(is_bad=True).exists()
    merged = tickets.get(status=Status.MERGED) if actions["merge"] == 1 else tickets.filter(
        status=Status.MERGED).first()  # fmt: skip
    assert merged.merged_into is not None and merged.merged_into.category == merged.category
    assert not Delivery.objects.exists()  # nothing sent to the fictitious people

    counts = (Ticket.objects.count(), AuditRecord.objects.count())
    again = tickets_load.load_demo_tickets(count=60, now=NOW)
    assert not again.created and (Ticket.objects.count(), AuditRecord.objects.count()) == counts


def test_the_history_is_the_same_on_every_load():
    loader.load_demo_city()

    def snapshot():
        return list(
            Ticket.objects.order_by("case_number").values_list(
                "case_number", "status", "channel", "ticket_type", "subject", "description",
                "category__code", "lead_department__code", "current_department__code",
                "sla_state", "created_at", "closed_at", "reopen_count",
            )
        )  # fmt: skip

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        tickets_load.load_demo_tickets(count=30, now=NOW)
        first = snapshot()
        raise Rollback
    assert not Ticket.objects.exists()

    tickets_load.load_demo_tickets(count=30, now=NOW)

    assert snapshot() == first


def test_demo_load_command_reports_the_12345_data_once(capsys, monkeypatch):
    monkeypatch.setenv("YIWANG_DEMO_ROUTING_MODEL", "0")  # ~20 s of training, tested in routing
    call_command("demo_load", tickets=12, verbosity=1)
    assert "12345 demo data loaded" in capsys.readouterr().out
    call_command("demo_load", verbosity=1)
    assert "reusing the 12345 demo data" in capsys.readouterr().out
    assert Ticket.objects.count() == 12
