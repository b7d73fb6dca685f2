"""``yiwang search``: rebuild the index, try a query, show statistics, test segmentation."""

from __future__ import annotations

import sys
from html import unescape

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags
from tqdm import tqdm

from yiwang.search import dictionary, segment
from yiwang.search.backends import get_backend
from yiwang.search.models import SearchDocument
from yiwang.search.rebuilding import rebuild, stale_ids
from yiwang.search.searching import search
from yiwang.search.sources import registered_types


class Command(BaseCommand):
    help = "Full-text search tools 全文检索工具: rebuild, query, stats, segment."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", metavar="{rebuild,query,stats,segment}")
        sub.required = True
        p = sub.add_parser("rebuild", help="re-index every object of every (or one) type")
        p.add_argument("--type", dest="doc_type", help="only this document type")
        p.add_argument("--batch-size", type=int, default=500)
        p.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes that segment documents while this one writes (try 2 or more "
            "when the machine has idle cores)",
        )
        p.add_argument(
            "--stale",
            action="store_true",
            help="only rows segmented with an older dictionary",
        )
        p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
        p = sub.add_parser("query", help="search and print the hits")
        p.add_argument("text")
        p.add_argument("--type", dest="doc_type", action="append", help="document type(s)")
        p.add_argument("--department", type=int, action="append", help="department id(s)")
        p.add_argument("--limit", type=int, default=10)
        sub.add_parser("stats", help="documents per type, index size, dictionary")
        p = sub.add_parser("segment", help="print the terms of a text (index-time analysis)")
        p.add_argument("text")

    def handle(self, *args, **options):
        getattr(self, "do_" + options["subcommand"].replace("-", "_"))(**options)

    def do_rebuild(self, *, doc_type, batch_size, workers, stale, no_progress, verbosity, **_):
        types = [doc_type] if doc_type else registered_types()
        if doc_type and doc_type not in registered_types():
            raise CommandError(
                f"unknown document type {doc_type!r}; registered: "
                f"{', '.join(registered_types()) or '-'} (未注册的文档类型)"
            )
        if not types:
            self.stdout.write("no search sources are registered (尚无注册的检索来源)")
            return
        dictionary.reload()
        for name in types:
            bar = tqdm(
                desc=name,
                unit="doc",
                file=sys.stderr,
                disable=no_progress or verbosity < 1 or not self.stderr.isatty(),
                leave=False,
            )
            with bar:

                def total(n, bar=bar):
                    bar.total = n
                    bar.refresh()

                ids = stale_ids(name) if stale else None
                result = rebuild(
                    name,
                    batch_size=batch_size,
                    workers=workers,
                    progress=bar.update,
                    on_total=total,
                    object_ids=ids,
                )
            rate = result.indexed / result.seconds if result.seconds else 0
            self.stdout.write(
                f"{name}: {result.indexed} indexed, {result.removed} removed in "
                f"{result.seconds:.1f}s ({rate:.0f} docs/s) "
                f"(已索引 {result.indexed}，移除 {result.removed})"
            )

    def do_query(self, *, text, doc_type, department, limit, **_):
        results = search(text, doc_types=doc_type, department_ids=department, limit=limit)
        more = "" if results.total_exact else "+"
        self.stdout.write(
            f"{results.total}{more} hits (命中), mode {results.mode}, "
            f"terms: {' '.join(results.terms) or '-'}"
        )
        for n, hit in enumerate(results.hits, start=1):
            self.stdout.write(
                f"{n:>3}. [{hit.doc_type}:{hit.object_id}] {hit.title}  score {hit.score:.3f}"
            )
            self.stdout.write(f"     {strip_marks(hit.snippet)}")
            if hit.url:
                self.stdout.write(f"     {hit.url}")

    def do_stats(self, **_):
        current = segment.fingerprint()
        rows = (
            SearchDocument.objects.values("doc_type").annotate(n=Count("id")).order_by("doc_type")
        )
        registered = set(registered_types())
        total = 0
        self.stdout.write(f"backend: {get_backend().vendor}")
        for row in rows:
            name, n = row["doc_type"], row["n"]
            total += n
            old = SearchDocument.objects.filter(doc_type=name).exclude(dictionary=current)
            note = "" if name in registered else "  (no registered source 无注册来源)"
            self.stdout.write(f"  {name}: {n} documents, {old.count()} stale{note}")
        for name in sorted(registered - {r["doc_type"] for r in rows}):
            self.stdout.write(f"  {name}: 0 documents")
        self.stdout.write(f"documents (文档数): {total}")
        size = get_backend().size_bytes()
        if size is not None:
            self.stdout.write(f"size (索引大小): {size / 1_048_576:.1f} MiB")
        seg = dictionary.current()
        self.stdout.write(f"dictionary (词典): {seg.fingerprint}, {seg.words} user words")
        newest = SearchDocument.objects.order_by("-indexed_at").values("indexed_at").first()
        if newest:
            when = timezone.localtime(newest["indexed_at"]).isoformat(timespec="seconds")
            self.stdout.write(f"last indexed (最近索引): {when}")

    def do_segment(self, *, text, **_):
        analysis = segment.analyze(text)
        self.stdout.write(" ".join(analysis.terms))
        self.stdout.write(f"query terms (查询词): {' '.join(segment.query_terms(text))}")


def strip_marks(html: str) -> str:
    return unescape(strip_tags(html))
