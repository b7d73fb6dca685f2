from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from yiwang.core.config import env_int
from yiwang.demo import content, loader, tickets_load


def print_logins(write, logins: list[loader.DemoLogin]) -> None:
    write(f"演示账号 Demo logins — 密码 password: {loader.DEMO_PASSWORD}")
    width = max(len(login.username) for login in logins)
    for login in logins:
        where = f"  {login.where}" if login.where else ""
        write(f"  {login.username:<{width}}  {login.label}{where}")


def refuse_production() -> None:
    # Hundreds of accounts sharing a published password have no place in a real city.
    if settings.PRODUCTION:
        raise CommandError(
            "the demo city is not for production (YIWANG_ENV=production) (生产环境不能载入示范数据)"
        )


def load_with_progress(*, verbosity: int) -> loader.LoadResult:
    if loader.is_loaded():
        return loader.load_demo_city()
    with tqdm(
        total=loader.planned_total(),
        desc="示范市 demo city",
        unit="项",
        file=sys.stderr,
        disable=True if verbosity < 1 else None,  # None: only on a terminal, not in logs
        leave=False,
    ) as bar:
        return loader.load_demo_city(progress=bar.update)


def demo_ticket_count() -> int:
    """YIWANG_DEMO_TICKETS: how many 12345 requests the demo makes (0: none)."""
    return max(0, env_int("YIWANG_DEMO_TICKETS", default=tickets_load.DEFAULT_COUNT))


def load_tickets_with_progress(
    *, verbosity: int, count: int | None = None
) -> tickets_load.TicketsLoadResult:
    """The 12345 catalogue, knowledge base and request history, once."""
    count = demo_ticket_count() if count is None else count
    if tickets_load.is_loaded():
        return tickets_load.TicketsLoadResult(created=False)
    with tqdm(
        total=count,
        desc="12345 诉求 requests",
        unit="件",
        file=sys.stderr,
        disable=True if verbosity < 1 else None,
        leave=False,
    ) as bar:
        return tickets_load.load_demo_tickets(count=count, progress=bar.update)


def describe_tickets(result: tickets_load.TicketsLoadResult) -> str:
    if not result.created:
        return "复用已有的 12345 示范数据 / reusing the 12345 demo data."
    return (
        f"12345 示范数据已载入 12345 demo data loaded: {result.categories} categories, "
        f"{result.knowledge} knowledge-base entries, {result.tickets} requests."
    )


class Command(BaseCommand):
    help = (
        "Load the demo city 示范市 (departments, staff in every role, citizens, enterprises) "
        "unless it is already there. 载入示范市演示数据（已载入则跳过）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--tickets",
            type=int,
            default=None,
            help="how many 12345 requests to make (default YIWANG_DEMO_TICKETS or 2000; 0: none)",
        )

    def handle(self, *args, **options) -> None:
        refuse_production()
        verbosity = options["verbosity"]
        result = load_with_progress(verbosity=verbosity)
        tickets = load_tickets_with_progress(verbosity=verbosity, count=options["tickets"])
        lines = content.load_demo_content()
        if verbosity < 1:
            return
        self.stdout.write(describe_tickets(tickets))
        for line in lines:
            self.stdout.write(line)
        if result.created:
            self.stdout.write(
                f"示范市已载入 demo city loaded: {result.departments} 个部门 departments, "
                f"{result.staff} 名工作人员 staff, {result.citizens} 名自然人 citizens, "
                f"{result.enterprises} 家法人 enterprises."
            )
        else:
            self.stdout.write("示范市已存在，未重复载入 / the demo city is already loaded.")
        print_logins(self.stdout.write, result.logins)
