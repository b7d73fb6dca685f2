"""`yiwang routing hotspots --data messages-with-votes.jsonl [--top 5] [--json]`: the top
hotspots of a message file — heat, place, time range, description and message ids.

Lines carry the board's fields (留言编号, 留言用户, 留言主题, 留言时间, 留言详情, 点赞数, 反对数)
or plain ones (id, requester, subject, time, text, votes, against, place). A line that is not
a JSON object is skipped and counted."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from yiwang.routing.hotspots import find_hotspots, read_jsonl
from yiwang.routing.hotspots.cluster import DEFAULT_THRESHOLD
from yiwang.routing.hotspots.rows import parse_time

MAX_IDS_SHOWN = 20


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="留言 JSONL / messages (JSONL)")
    parser.add_argument("--top", type=int, default=5, help="列出前 N 个热点（默认 5）")
    parser.add_argument("--since", default="", help="起始时间 / from (2019-11-01)")
    parser.add_argument("--until", default="", help="截止时间 / to (2019-12-31)")
    parser.add_argument(
        "--window-days", type=int, default=0,
        help="只看最后 N 天（相对最新一条留言）/ only the last N days of the data",
    )  # fmt: skip
    parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD,
        help=f"相似度阈值 / similarity threshold ({DEFAULT_THRESHOLD})",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")


def run(options: dict[str, Any], out) -> int:
    path = Path(options["data"])
    if not path.is_file():
        out.write(f"找不到文件 / no such file: {path}\n")
        return 1
    skipped: list[int] = []
    since, until = parse_time(options.get("since")), parse_time(options.get("until"))
    if (options.get("since") and since is None) or (options.get("until") and until is None):
        out.write("时间格式应为 2019-11-01 / dates look like 2019-11-01\n")
        return 2
    if until is not None and until.hour == until.minute == 0:
        until = until.replace(hour=23, minute=59, second=59)  # a date means the whole day
    try:
        rows = list(read_jsonl(path, skipped=skipped))
    except (OSError, UnicodeDecodeError) as error:
        out.write(f"无法读取文件 / cannot read {path}: {error}\n")
        return 1
    if not rows:
        out.write("文件中没有留言 / no messages in the file\n")
        return 1
    print(f"[hotspots] {len(rows)} messages; clustering", file=sys.stderr)
    report = find_hotspots(
        rows, top=max(1, options["top"]), start=since, end=until,
        window_days=options.get("window_days") or None, threshold=options["threshold"],
    )  # fmt: skip
    result = report.as_dict() | {"skipped_lines": len(skipped)}
    if options.get("json"):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    out.write(_text(result) + "\n")
    return 0


def _text(result: dict) -> str:
    start, end = result["window"]
    lines = [
        f"{result['rows']} 条留言（合并重复转录后 {result['messages']} 条），"
        f"{result['clusters']} 个问题簇；时间 {(start or '—')[:10]} 至 {(end or '—')[:10]}",
    ]
    if result["skipped_lines"]:
        lines.append(f"跳过无法解析的行 {result['skipped_lines']} 行")
    for h in result["hotspots"]:
        first, last = h["time_range"]
        ids = h["ids"][:MAX_IDS_SHOWN]
        more = len(h["ids"]) - len(ids)
        lines += [
            "",
            f"#{h['rank']}  热度 {h['heat']}  {h['title']}",
            f"    地点：{h['place'] or '—'}",
            f"    时间：{(first or '—')[:16]} 至 {(last or '—')[:16]}",
            f"    留言 {h['messages']} 条，{h['requesters']} 人，点赞 {h['votes']}，反对 "
            f"{h['against']}，增长 {h['growth']}；关键词：{'、'.join(h['keywords'])}",
            f"    留言编号：{', '.join(ids)}" + (f" 等 {len(h['ids'])} 条" if more > 0 else ""),
        ]
    return "\n".join(lines)
