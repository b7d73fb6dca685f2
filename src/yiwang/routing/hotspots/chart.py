"""A line chart of hotspot trends drawn on the server as SVG: no JavaScript, and the same
numbers in a table below it. Lines differ in dash pattern and marker as well as colour, so
they can be told apart without colour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yiwang.routing.hotspots.heat import Hotspot, buckets

COLOURS = ("#1f5fa8", "#c0392b", "#1e8449", "#b9770e", "#6c3483", "#117a65")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    values: list[int]
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    buckets: list[date]
    lines: list[Line]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, date]]
    y_max: int

    @property
    def rows(self) -> list[tuple[date, list[int]]]:
        """The table under the chart: one row per bucket, one column per line."""
        return [(b, [line.values[i] for line in self.lines]) for i, b in enumerate(self.buckets)]


def trend_chart(
    hotspots: list[Hotspot], *, start: date, end: date, size: str, lines: int = 5,
    width: int = 720, height: int = 260,
) -> Chart:  # fmt: skip
    left, top, right, bottom = 40, 12, 28, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    axis = buckets(start, end, size) or [start]
    index = {b: i for i, b in enumerate(axis)}
    shown = []
    for n, hotspot in enumerate(hotspots[:lines]):
        values = [0] * len(axis)
        for bucket, count in hotspot.trend:
            if bucket in index:
                values[index[bucket]] += count
        shown.append(Line(f"#{hotspot.rank} {hotspot.title[:24]}", COLOURS[n % len(COLOURS)],
                          DASHES[n % len(DASHES)], MARKERS[n % len(MARKERS)], values))  # fmt: skip
    y_max = max([1] + [v for line in shown for v in line.values])
    step = plot_width / max(len(axis) - 1, 1)

    def y_of(value: int) -> float:
        return top + plot_height - value / y_max * plot_height

    for line in shown:
        line.points = [(left + i * step, y_of(v)) for i, v in enumerate(line.values)]
    tick_values = sorted({0, y_max // 2, y_max})
    every = max(1, len(axis) // 6)
    return Chart(
        width=width, height=height, left=left, top=top, plot_width=plot_width,
        plot_height=plot_height, buckets=axis, lines=shown,
        y_ticks=[(y_of(v), v) for v in tick_values],
        x_ticks=[(left + i * step, b) for i, b in enumerate(axis) if i % every == 0],
        y_max=y_max,
    )  # fmt: skip
