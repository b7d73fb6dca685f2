"""Hotspots on plain rows: one matter at one place is one cluster, ranked by heat."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest

from yiwang.routing.cli import hotspots as cli
from yiwang.routing.hotspots import MessageRow, extract_place, find_hotspots
from yiwang.routing.hotspots.heat import heat_index

T0 = datetime(2019, 11, 1, 9, 0)
MIXER = [  # one matter, told by five people in their own words
    ("A2区丽景小区附近搅拌站噪音扰民", "A2区丽景小区旁边新建的搅拌站日夜施工，噪音和粉尘很大。"),
    (
        "丽景小区旁搅拌站粉尘污染严重",
        "丽景小区附近的搅拌站灰尘很大，窗户都不敢开，请环保部门处理。",
    ),
    ("投诉A2区丽景小区搅拌站扰民", "A2区丽景小区附近搅拌站夜间施工噪音扰民，严重影响睡眠。"),
    ("丽景小区搅拌站噪音太大", "丽景小区居民反映附近搅拌站噪音大、粉尘多，希望尽快搬迁。"),
    ("强烈要求搬迁丽景小区附近搅拌站", "A2区丽景小区周边的搅拌站噪音粉尘扰民已经半年了。"),
]
LAMPS = [
    ("A5区和平路路灯不亮", "A5区和平路从新华小区到菜市场一段路灯不亮，晚上很黑。"),
    ("和平路路灯坏了好几盏", "A5区和平路新华小区门口的路灯坏了好几盏，行人不安全。"),
]
OTHERS = [
    ("咨询公积金提取", "异地购房能否提取住房公积金？"),
    ("幼儿园收费问题", "A3区某幼儿园收取高额赞助费，是否合规？"),
    ("建议增开公交线路", "建议增开到高铁站的公交线路，方便市民出行。"),
]


def rows() -> list[MessageRow]:
    out = []
    for n, (subject, text) in enumerate(MIXER):
        out.append(MessageRow.of(id=f"m{n}", subject=subject, text=text, requester=f"u{n}",
                                 time=T0 + timedelta(days=n * 5), votes=3))  # fmt: skip
    # one message copied under another user id at the same minute: one message, two ids
    out.append(MessageRow.of(id="m0-copy", subject=MIXER[0][0], text=MIXER[0][1],
                             requester="u-copy", time=T0))  # fmt: skip
    for n, (subject, text) in enumerate(LAMPS):
        out.append(MessageRow.of(id=f"l{n}", subject=subject, text=text, requester=f"v{n}",
                                 time=T0 + timedelta(days=n)))  # fmt: skip
    for n, (subject, text) in enumerate(OTHERS):
        out.append(MessageRow.of(id=f"o{n}", subject=subject, text=text, requester=f"w{n}",
                                 time=T0 + timedelta(days=n), votes=1))  # fmt: skip
    return out


def test_one_matter_at_one_place_is_the_top_hotspot():
    report = find_hotspots(rows(), top=3)
    first, second = report.hotspots[:2]
    assert set(first.ids) == {"m0", "m0-copy", "m1", "m2", "m3", "m4"}
    assert first.messages == 5 and first.votes == 15
    assert "A2区" in first.place and "丽景" in first.place
    assert (first.start, first.end) == (T0, T0 + timedelta(days=20))
    assert first.representative_ids[0] in first.ids and "搅拌站" in first.keywords
    assert set(second.ids) == {"l0", "l1"} and "和平路" in second.place
    assert first.heat > second.heat > report.hotspots[2].heat
    assert report.rows == 11 and report.messages == 10


def test_the_window_and_growth():
    report = find_hotspots(rows(), start=T0 + timedelta(days=9), end=T0 + timedelta(days=21))
    assert set(report.hotspots[0].ids) == {"m2", "m3", "m4"}
    assert report.hotspots[0].growth > 0


def test_heat_counts_people_more_than_repeats_and_support_on_a_log_scale():
    five_people = heat_index(messages=5, requesters=5, votes=0, against=0, growth=0)
    one_person_five_times = heat_index(messages=5, requesters=1, votes=0, against=0, growth=0)
    many_votes = heat_index(messages=1, requesters=1, votes=1020, against=0, growth=0)
    assert five_people == 5 and one_person_five_times == 3 and many_votes == 17
    assert heat_index(messages=1, requesters=1, votes=5, against=9, growth=2) == 2


def test_places_from_text():
    place = extract_place("A市A5区劳动东路魅力之城小区临街门面油烟扰民")
    assert (place.district, place.road, place.compound) == ("A5区", "劳动东路", "魅力之城小区")
    assert place.key == "魅力之城"
    demo = extract_place("幸福路附近", subject="示范市明湖区湖滨街道创业新苑电梯故障",
                         known=("示范市", "明湖区", "湖滨街道"))  # fmt: skip
    assert (demo.district, demo.town, demo.compound) == ("明湖区", "湖滨街道", "创业新苑")
    assert not extract_place("我们这里的问题在哪里，请政府回复").key


@pytest.mark.parametrize("text", ["", "😀" * 50, "x" * 100_000, "\x00\ud800", None])
def test_bad_rows_never_raise(text):
    bad = [MessageRow.of(id=1, subject=text, text=text, votes="many", time="yesterday")] * 3
    report = find_hotspots(bad + rows()[:2], top=5, threshold=float("nan") if not text else 5)
    assert report.hotspots and isinstance(report.as_dict(), dict)
    assert find_hotspots([]).hotspots == []


def _write_sample(path: Path) -> None:
    lines = [
        json.dumps({"留言编号": r.id, "留言用户": r.requester, "留言主题": r.subject,
                    "留言时间": r.time.strftime("%Y/%m/%d %H:%M:%S"), "留言详情": r.text,
                    "点赞数": r.votes, "反对数": 0}, ensure_ascii=False)
        for r in rows()
    ]  # fmt: skip
    path.write_text("\n".join([*lines, "not json", "[1, 2]"]) + "\n", encoding="utf-8")


def test_cli_prints_the_top_hotspots_as_text_and_json(tmp_path):
    sample = tmp_path / "votes.jsonl"
    _write_sample(sample)
    out = StringIO()
    assert cli.run({"data": str(sample), "top": 2, "threshold": 0.3, "json": True}, out) == 0
    result = json.loads(out.getvalue())
    assert result["skipped_lines"] == 2 and len(result["hotspots"]) == 2
    top = result["hotspots"][0]
    assert {"rank", "heat", "place", "time_range", "title", "ids"} <= top.keys()
    assert top["time_range"] == ["2019-11-01 09:00:00", "2019-11-21 09:00:00"]
    text = StringIO()
    assert cli.run({"data": str(sample), "top": 1, "threshold": 0.3, "since": "2019-11-01",
                    "until": "2019-11-30"}, text) == 0  # fmt: skip
    assert (
        "#1  热度" in text.getvalue() and "丽景" in text.getvalue() and "#2" not in text.getvalue()
    )
    assert cli.run({"data": str(tmp_path / "missing.jsonl"), "top": 5, "threshold": 0.3}, out) == 1
    assert cli.run({"data": str(sample), "top": 5, "threshold": 0.3, "since": "soon"}, out) == 2


SHARED = Path(
    os.environ.get("YIWANG_SHARED_DIR", Path(__file__).resolve().parents[4] / ".." / "shared")
)
VOTES = SHARED / "data" / "messages-with-votes.jsonl"


def test_on_the_board_data_the_mixing_plant_is_one_hotspot():
    if not VOTES.is_file():
        pytest.skip("../shared/data not present")
    from yiwang.routing.hotspots import read_jsonl

    # the plant's messages among a thousand others (word weights need a city-sized corpus)
    subset = [
        r for n, r in enumerate(read_jsonl(VOTES)) if n < 1000 or "丽发新城" in r.subject + r.text
    ]
    report = find_hotspots(subset, top=1)
    top = report.hotspots[0]
    assert "丽发新城" in top.place and top.messages >= 30
    members = [r for r in subset if r.id in set(top.ids)]
    assert sum("搅拌" in r.subject + r.text for r in members) >= 0.95 * len(members)
