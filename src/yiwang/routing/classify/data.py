"""Labelled examples from a JSONL file: one object per line with "text" and "label"."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

MAX_BAD_LINES_SHOWN = 5


class DataError(ValueError):
    """The file cannot be used for training or evaluation; the message says why (Chinese and
    English), with line numbers."""


@dataclass
class Examples:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # line numbers of unusable lines

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str, label: str) -> None:
        self.texts.append(text)
        self.labels.append(label)


def read_jsonl(path: str | Path, *, min_examples: int = 2) -> Examples:
    """Read "text"/"label" lines. Blank lines are ignored; a line that is not a JSON object
    with two non-empty strings is skipped and reported; no usable line at all is an error."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"找不到文件 / file not found: {path}") from None
    except OSError as error:
        raise DataError(f"无法读取文件 / cannot read {path}: {error}") from None
    examples = Examples()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    examples.skipped.append(number)
                    continue
                text = row.get("text") if isinstance(row, dict) else None
                label = row.get("label") if isinstance(row, dict) else None
                usable = isinstance(text, str) and isinstance(label, str)
                if usable and text.strip() and label.strip():
                    examples.add(text, label.strip())
                else:
                    examples.skipped.append(number)
        except UnicodeDecodeError:
            raise DataError(f"文件不是 UTF-8 编码 / not UTF-8: {path}") from None
    if len(examples) < min_examples:
        shown = ", ".join(map(str, examples.skipped[:MAX_BAD_LINES_SHOWN]))
        raise DataError(
            f"可用样本不足 {min_examples} 条（需要含 text 和 label 的 JSON 行）"
            f" / fewer than {min_examples} usable lines with text and label"
            + (f"; bad lines: {shown}" if shown else "")
        )
    return examples
