"""`yiwang routing reply-quality --data messages-with-replies.jsonl [--json]`: score every
reply, print the distribution and the 10 best and 10 worst (message id, scores, reasons —
never the long texts).

Lines carry 留言编号, 留言主题, 留言详情, 留言时间, 答复意见, 答复时间 (the board's export);
the English keys id, subject, text, asked_at, reply, replied_at are read too."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from yiwang.routing.replies import distribution, document_frequencies, score_reply
from yiwang.routing.replies.scoring import DEFAULT_LIMIT_DAYS

FIELDS = {
    "id": ("留言编号", "id"),
    "subject": ("留言主题", "subject"),
    "text": ("留言详情", "text"),
    "asked_at": ("留言时间", "asked_at"),
    "reply": ("答复意见", "reply"),
    "replied_at": ("答复时间", "replied_at"),
}
TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
                "%Y/%m/%d")  # fmt: skip


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="留言与答复 JSONL / messages with replies")
    parser.add_argument("--top", type=int, default=10, help="列出最好与最差各 N 条（默认 10）")
    parser.add_argument(
        "--limit-days", type=int, default=DEFAULT_LIMIT_DAYS, help="答复时限（工作日）"
    )
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")


def _field(row: dict, name: str) -> Any:
    for key in FIELDS[name]:
        if key in row:
            return row[key]
    return None


def parse_time(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _read(path: Path) -> tuple[list[dict], int]:
    rows, bad = [], 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if not isinstance(row, dict) or not isinstance(_field(row, "reply"), str):
                bad += 1
                continue
            rows.append(row)
    return rows, bad


def _entry(row: dict, score) -> dict:
    return {"id": _field(row, "id"), **score.as_dict()}


def run(options: dict[str, Any], out) -> int:
    path = Path(options["data"])
    try:
        rows, bad = _read(path)
    except (OSError, UnicodeDecodeError) as error:
        out.write(f"无法读取文件 / cannot read {path}: {error}\n")
        return 1
    if not rows:
        out.write("文件中没有含答复的留言 / no messages with replies in the file\n")
        return 1
    messages = [f"{_field(r, 'subject') or ''} {_field(r, 'text') or ''}" for r in rows]
    print(f"[reply-quality] {len(rows)} replies; ranking key terms", file=sys.stderr)
    idf = document_frequencies(messages)
    scored = []
    for row in rows:
        score = score_reply(
            message=_field(row, "text") or "",
            subject=_field(row, "subject") or "",
            reply=_field(row, "reply"),
            asked_at=parse_time(_field(row, "asked_at")),
            replied_at=parse_time(_field(row, "replied_at")),
            limit_days=options["limit_days"],
            idf=idf,
        )
        scored.append((row, score))
    ranked = sorted(scored, key=lambda pair: pair[1].overall)
    top = max(0, options["top"])
    result = {
        "distribution": distribution([s for _r, s in scored]),
        "best": [_entry(r, s) for r, s in reversed(ranked[-top:])] if top else [],
        "worst": [_entry(r, s) for r, s in ranked[:top]],
        "skipped_lines": bad,
    }
    if options.get("json"):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    _print_text(result, out)
    return 0


def _print_text(result: dict, out) -> None:
    d = result["distribution"]
    lines = [
        f"答复 {d['count']} 条；综合得分 平均 {d['overall_mean']}，中位数 {d['overall_median']}，"
        f"P10 {d['overall_p10']}，P90 {d['overall_p90']}",
        f"相关性 {d['relevance_mean']}，完整性 {d['completeness_mean']}，及时性 "
        f"{d['timeliness_mean']}（用时中位数 {d['working_days_median']} 个工作日）",
        "分布 / histogram: " + "  ".join(f"{k}:{v}" for k, v in d["histogram"].items()),
        "要素出现比例 / elements: "
        + "  ".join(f"{k} {v:.0%}" for k, v in d["element_share"].items()),
    ]
    for title, rows in (
        ("最好的答复 / best", result["best"]),
        ("最差的答复 / worst", result["worst"]),
    ):
        lines += ["", title]
        for e in rows:
            lines.append(
                f"  #{e['id']}  {e['overall']}分（相关 {e['relevance']} 完整 {e['completeness']}"
                f" 及时 {e['timeliness']}）：{'；'.join(e['reasons'])}"
            )
    out.write("\n".join(lines) + "\n")
