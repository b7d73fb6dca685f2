"""``yiwang audit verify``: check the audit chain from the first record to the head."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from yiwang.audit.models import HEAD_PK, AuditRecord, ChainHead
from yiwang.audit.services import chain_verify_and_record

# 网络安全法 Art. 21: network logs are kept for at least six months. The platform never deletes
# audit records, so this is a fact to report, not a setting.
RETENTION_DAYS = 180


class Command(BaseCommand):
    help = "Audit log tools. verify: check the SM3 hash chain (exit 0 intact, 1 broken)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", metavar="{verify}")
        sub.required = True
        verify = sub.add_parser(
            "verify",
            help="verify the whole hash chain; name the first bad record",
            description="Verify the audit hash chain. Exit 0 when intact, 1 otherwise.",
        )
        verify.add_argument(
            "--no-progress", action="store_true", help="never show the progress bar"
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            self.verify(show_progress=not options["no_progress"])

    def verify(self, *, show_progress: bool) -> None:
        head = ChainHead.objects.filter(pk=HEAD_PK).values("seq", "hash").first()
        bar = tqdm(
            total=head["seq"] if head else None,
            unit="rec",
            desc="verify",
            file=sys.stderr,
            disable=not (show_progress and self.stderr.isatty()),
        )
        with bar:
            result = chain_verify_and_record(progress=bar.update)

        if result.ok:
            self.stdout.write(f"审计链完整，共 {result.count} 条记录")
            self.stdout.write(f"audit chain intact: {result.count} records")
            if head:
                # An operator who writes this down elsewhere can later prove that the tail was
                # not cut off and the head rewound, which no in-database check can show.
                self.stdout.write(f"head: seq {head['seq']} hash {head['hash']}")
            self.write_retention()
            return

        where = f"seq {result.first_bad_seq}" if result.first_bad_seq else "chain head"
        if result.first_bad_id is not None:
            where += f" (id {result.first_bad_id})"
        self.stderr.write(f"审计链校验失败：{where}：{result.reason_zh}")
        self.stderr.write(f"audit chain BROKEN at {where}: {result.reason_en}")
        self.stderr.write(f"{result.count} records verified before the first bad one")
        sys.exit(1)

    def write_retention(self) -> None:
        oldest = AuditRecord.objects.order_by("seq").values("seq", "created_at").first()
        if oldest is None:
            self.stdout.write("retention: no records yet (保存期限：尚无记录)")
            return
        days = (timezone.now() - oldest["created_at"]).days
        since = timezone.localtime(oldest["created_at"]).date().isoformat()
        self.stdout.write(
            f"retention: kept since {since} ({days} days); 网络安全法第二十一条 requires at least "
            f"{RETENTION_DAYS} days; the platform never deletes audit records "
            f"(保存期限：自 {since} 起已保存 {days} 天，平台不删除审计记录)"
        )
