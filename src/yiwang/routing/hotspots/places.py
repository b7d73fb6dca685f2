"""Where a message is about, read from its text: district, town or street office, road and
compound (小区/村/学校 ...), and one normalised key for "the same place".

Chinese addresses nest from large to small (A市A5区劳动东路魅力之城小区), so the text is read
left to right: after each boundary (punctuation, a function word such as 在/反映/我们, or the
end of an earlier place unit) the shortest run of name characters followed by a place suffix
is one unit. Names the caller knows (district and street names of the city's departments, or
the demo's region names) are units of their own, so 示范市明湖区湖滨街道创业路 reads as
district 明湖区, street 湖滨街道, road 创业路.

The anonymised board data names districts A1区 ... A9区, counties A7县 and county-level cities
A9市: those are read as districts too. The result is plain data; bad input (empty, emoji,
100,000 characters) gives an empty place, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MAX_SCAN = 300  # of the detail: places are named early, later ones are usually comparisons
MAX_STEM = 8

_NAME = r"[\u4e00-\u9fffA-Za-z0-9]"
# longest first: 幼儿园 before 园, 大道 before 道-less forms, 新城 before 城
_COMPOUND_SUFFIXES = (
    "小区", "社区", "新村", "花园", "家园", "公寓", "新城", "商城", "广场", "大厦", "中心",
    "幼儿园", "小学", "中学", "大学", "学院", "学校", "医院", "市场", "公园", "车站", "高铁站",
    "地铁站", "机场", "码头", "工业园", "产业园", "村", "苑", "园", "城", "府", "湾", "庭",
    "里",
)  # fmt: skip
_ROAD_SUFFIXES = ("大道", "大街", "步行街", "高速", "隧道", "立交", "路", "街", "巷", "桥")
_TOWN_SUFFIXES = ("街道", "镇", "乡")
_SUFFIXES = tuple(
    sorted(_COMPOUND_SUFFIXES + _ROAD_SUFFIXES + _TOWN_SUFFIXES, key=len, reverse=True)
)
# a unit ending in one of these is not a place (这里, 农村, 跑路, 恳请政府 ...)
_FALSE_TAILS = tuple(
    """道路 马路 公路 思路 出路 线路 网路 沿路 走路 修路 过路 问路 上路 跑路 公交路 城市 县城 旧城
    进城 全城 城里 家里 夜里 公里 村里 这里 那里 哪里 心里 手里 区里 市里 县里 省里 屋里 店里
    楼里 院里 农村 乡村 城乡 校园 园区 城区 景区 乡镇 城镇 村镇 集镇 政府 一站 首站 网站 过桥
    搭桥 始发站 终点站 公交站 加油站""".split()
)
# generic words that are a place only with a name before them (医院 alone is not; 中医院 is)
_GENERIC = frozenset(
    """幼儿园 小学 中学 大学 学院 学校 医院 市场 公园 广场 中心 小区 社区 街道 大道 大街 步行街
    车站 高速 新村 花园 家园 公寓 新城 商城 大厦 工业园 产业园""".split()
)
# a place never starts before one of these: function words and the verbs that introduce it
_BOUNDARY_WORDS = tuple(
    """反映 投诉 举报 咨询 关于 请问 建议 希望 要求 请求 恳请 我们 你们 他们 每个 各个 所有 哪个
    一些 本人 业主 居民 市民 村民 附近 门口 旁边 周边 对面 里面 位于 家住 住在 地处 所在 这个
    那个 整个 一个 一座 一条 这条 那条 然后 即将 成为 听说 回复 就要 该 此 在 于 的 了 是 把
    被 给 到 从 与 及 或 我 你 他 她 内 去""".split()
)

# the board data's anonymised districts and county-level cities (A1区 ... A7县, A9市); other
# letters (K9县) stand for parts of names there, not for districts
_DISTRICT = re.compile(r"A\d{1,2}[区县市]")
_CITY = re.compile(r"A市")
_DATE_OR_NUMBER = re.compile(r"\d|.*\d[年月日号]")  # 205路 (a bus line), 018年4月9日街道
_SPLIT = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


@dataclass(frozen=True)
class Place:
    district: str = ""
    town: str = ""  # 街道 / 镇 / 乡
    road: str = ""
    compound: str = ""  # 小区、村、学校、市场 ... the finest unit

    @property
    def key(self) -> str:
        """The finest unit, without the generic tail (魅力之城小区 and 魅力之城 are one place)."""
        finest = self.compound or self.road or self.town
        return place_key(finest) if finest else ""

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.district, self.town, self.road, self.compound) if p)

    def __bool__(self) -> bool:
        return bool(self.district or self.town or self.road or self.compound)


_GENERIC_TAILS = ("小区", "社区", "家园", "花园", "新村")


def place_key(name: str) -> str:
    """One spelling for one place: 青青家园小区 → 青青家园, 魅力之城小区 → 魅力之城."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    for tail in ("小区", "社区"):
        if name.endswith(tail) and len(name) - len(tail) >= 2:
            name = name[: -len(tail)]
            break
    return name[:32]


@lru_cache(maxsize=64)
def _known_pattern(known: tuple[str, ...]) -> re.Pattern | None:
    names = sorted({n for n in known if n and len(n) >= 2}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern:
    # the shortest stem (2..8 name characters) before the first suffix that can end a unit;
    # stems may not start with a boundary word (handled by splitting first)
    suffixes = "|".join(re.escape(s) for s in _SUFFIXES)
    return re.compile(rf"(?P<stem>{_NAME}{{2,{MAX_STEM}}}?)(?P<suffix>{suffixes})")


@lru_cache(maxsize=1)
def _boundary_pattern() -> re.Pattern:
    words = sorted(_BOUNDARY_WORDS, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _kind(suffix: str) -> str:
    if suffix in _TOWN_SUFFIXES:
        return "town"
    if suffix in _ROAD_SUFFIXES:
        return "road"
    return "compound"


def _units(chunk: str) -> list[tuple[str, str]]:
    """(kind, name) of each place unit in one run of name characters, left to right."""
    out: list[tuple[str, str]] = []
    pattern = _unit_pattern()
    pos = 0
    while pos < len(chunk):
        match = pattern.search(chunk, pos)
        if match is None:
            break
        name = match.group(0)
        end = match.end()
        # a compound named with a generic tail: 青青家园 + 小区, 魅力之城 + 小区
        for tail in _GENERIC_TAILS:
            if chunk.startswith(tail, end):
                name, end = name + tail, end + len(tail)
                break
        stem = match.group("stem")
        if name in _GENERIC or name.endswith(_FALSE_TAILS) or _DATE_OR_NUMBER.match(stem):
            pos = match.start() + 1
            continue
        out.append((_kind(match.group("suffix")), name))
        pos = end
    return out


def extract_place(text: str | None, *, subject: str = "", known: Iterable[str] = ()) -> Place:
    """The place a message is about: the first district, and the first town, road and
    compound named — in the subject first, then early in the text (a message names its own
    place before the others it compares with)."""
    found: dict[str, str] = {}
    known = tuple(known)
    for part in (subject, (text or "")[:MAX_SCAN]):
        if part:
            _read(unicodedata.normalize("NFKC", str(part)), known, found)
    return Place(
        district=found.get("district", ""),
        town=found.get("town", ""),
        road=found.get("road", ""),
        compound=found.get("compound", ""),
    )


def _read(text: str, known: tuple[str, ...], found: dict[str, str]) -> None:
    district = _DISTRICT.search(text)
    if district:
        found.setdefault("district", district.group(0))
    known_pattern = _known_pattern(known)
    marks = [_CITY, _DISTRICT] + ([known_pattern] if known_pattern else [])
    # known names and admin units are boundaries: a unit never spans them
    for pattern in marks:
        for match in pattern.finditer(text):
            name = match.group(0)
            if pattern is known_pattern:
                kind = "town" if name.endswith(_TOWN_SUFFIXES) else "district"
                if name.endswith(_ROAD_SUFFIXES) or name.endswith(_COMPOUND_SUFFIXES):
                    kind = "road" if name.endswith(_ROAD_SUFFIXES) else "compound"
                if name.endswith(("区", "县", "市")) and not name.endswith(("小区", "社区")):
                    kind = "district" if not name.endswith("市") else "city"
                if kind != "city":
                    found.setdefault(kind, name)
            text = text.replace(name, " ")
    text = _boundary_pattern().sub(" ", text)
    for chunk in _SPLIT.split(text):
        if len(chunk) < 3:
            continue
        for kind, name in _units(chunk):
            found.setdefault(kind, name)
        if "compound" in found and "road" in found and "town" in found:
            break
