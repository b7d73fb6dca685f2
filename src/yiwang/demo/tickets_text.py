"""Text for the demo's 12345 requests, written for the fictitious 示范市: places, and how a
request is written from a problem of its category (the problems are in ``tickets_issues``).

A request is put together from an opener that fits its channel (an operator writes
"来电人反映：", a citizen online writes in the first person), a problem of its category with
the place filled in, how long it has lasted, and a closing that fits its type. ``compose``
does that with a seeded ``random.Random``: the same seed writes the same requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from yiwang.demo import city
from yiwang.demo.tickets_issues import ISSUES, TYPE_LETTERS

# --- places ---------------------------------------------------------------------------------
# community region code suffix → (roads, residential compounds, landmarks)
PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "339902001001": (("湖滨路", "明湖大道"), ("湖畔花园", "湖滨公寓"), ("明湖公园", "湖滨小学")),
    "339902001002": (("柳岸街", "望湖路"), ("柳岸新村", "明湖壹号"), ("柳岸菜市场",)),
    "339902002001": (("文昌路", "学府街"), ("文昌苑", "学府名邸"), ("文昌市场", "市第三中学")),
    "339902002002": (("书院街", "明湖大道"), ("书香门第小区", "书院里"), ("书院广场",)),
    "339903001001": (("云峰路", "云山北路"), ("云峰家园", "云山名都"), ("云山公园", "云峰小学")),
    "339903001002": (("松林路", "云山北路"), ("松林雅苑", "松涛小区"), ("松林菜市场",)),
    "339903002001": (
        ("翠屏大道", "青石路"),
        ("翠屏山庄", "青石苑"),
        ("翠屏山登山口", "区人民医院"),
    ),
    "339904001001": (("滨江路", "临江大道"), ("江岸人家", "滨江华府"), ("滨江公园",)),
    "339904001002": (("码头街", "滨江路"), ("码头新村", "船厂宿舍"), ("老码头夜市",)),
    "339904002001": (("望江路", "临江大道"), ("望江花园", "临江府"), ("望江楼", "临江中学")),
    "339905001001": (
        ("科创大道", "智谷路"),
        ("科创公寓", "智谷人才公寓"),
        ("科创园", "软件园地铁站"),
    ),
    "339905001002": (("创业路", "科创大道"), ("创业新苑", "未来城"), ("创业广场",)),
    "339905002001": (("新华路", "人民大道"), ("新华小区", "新华商住楼"), ("新华商场",)),
    "339905002002": (
        ("和平街", "人民大道"),
        ("和平里", "和平家园"),
        ("和平菜市场", "新城实验小学"),
    ),
}
SHOP_WORDS = ("老街", "好再来", "川味", "湘里", "阿福", "鑫源", "百味", "顺发", "惠民", "乐购")
SHOP_KINDS = ("烧烤店", "火锅店", "小吃店", "面馆", "超市", "便利店", "理发店", "健身房", "洗车店")
HOSPITALS = ("示范市第一人民医院", "示范市中医院", "示范市妇幼保健院", "区人民医院")
SCHOOL_KINDS = ("实验小学", "第二小学", "中学", "幼儿园")


@dataclass(frozen=True)
class Place:
    district: str  # 明湖区
    street: str  # 湖滨街道
    community: str  # 湖滨社区
    region_code: str  # 12 digits
    roads: tuple[str, ...]
    compounds: tuple[str, ...]
    landmarks: tuple[str, ...]


def places() -> list[Place]:
    out = []
    for district, d_code, streets in city.DISTRICTS:
        for s, (street, communities) in enumerate(streets, start=1):
            for c, community in enumerate(communities, start=1):
                code = f"{d_code}{s:03d}{c:03d}"
                roads, compounds, landmarks = PLACES[code]
                out.append(Place(district, street, community, code, roads, compounds, landmarks))
    return out


# Generic problems for a type a category has no own text for.
GENERIC = {
    "consult": ("咨询{leaf}相关政策", "想了解{leaf}方面的政策规定和办理流程"),
    "help": ("{xq}{leaf}问题求助", "{xq}遇到{leaf}方面的困难，自己解决不了"),
    "complaint": ("{xq}{leaf}问题", "{xq}附近{leaf}方面的问题一直没有解决"),
    "report": ("举报{leaf}违规问题", "{road}一带存在{leaf}方面的违规行为"),
    "suggestion": ("关于{leaf}的建议", "针对{leaf}工作提一点建议，希望进一步改进服务"),
    "praise": ("表扬{leaf}工作人员", "在办理{leaf}相关事项时，工作人员认真负责，热情周到"),
}

OPENERS = {
    "phone": ("来电人反映：", "市民来电反映，", "来电人称，", "来电人反映："),
    "web": ("", "", "我是{xq}的居民，", "本人住在{district}{street}，"),
    "sms": ("市民短信反映：",),
    "email": ("市民来信（电子邮件）反映：",),
    "letter": ("来信反映：",),
    "visit": ("来访人反映：",),
    "upper": ("省12345平台转办：市民反映，",),
    "open311": ("",),
    "api": ("",),
}
DURATIONS = ("", "", "已经持续{n}天了，", "从上周开始就这样，", "这个月已经是第{n}次了，",
             "已经有一个多月了，")  # fmt: skip
CLOSINGS = {
    "consult": ("请告知具体政策。", "想了解需要准备哪些材料。", "请给予解答。"),
    "help": ("请帮忙协调解决。", "希望尽快派人来看看。", "家里有老人孩子，很着急，请尽快处理。"),
    "complaint": ("希望有关部门尽快处理。", "请相关部门核实处理并给予答复。",
                  "之前反映过，至今没有解决，请督促处理。", "严重影响居民生活，望尽快解决。"),
    "report": ("请有关部门依法查处。", "希望核实后严肃处理。", "请尽快核查。"),
    "suggestion": ("建议有关部门研究考虑。", "希望能予以采纳。"),
    "praise": ("特此表扬，希望转达感谢。", "对工作人员表示衷心感谢。"),
}  # fmt: skip


@dataclass(frozen=True)
class Request:
    subject: str
    description: str
    address: str
    ticket_type: str


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def values_for(rng: random.Random, place: Place, leaf_name: str) -> dict[str, str]:
    from yiwang.demo import identities

    return {
        "road": rng.choice(place.roads),
        "xq": rng.choice(place.compounds),
        "spot": rng.choice(place.landmarks),
        "shop": rng.choice(SHOP_WORDS) + rng.choice(SHOP_KINDS),
        "n": str(rng.randint(2, 9)),
        "bus": f"{rng.randint(1, 86)}路",
        "school": place.district + rng.choice(SCHOOL_KINDS),
        "hospital": rng.choice(HOSPITALS),
        "company": identities.company_name(rng, city="示范市"),
        "district": place.district,
        "street": place.street,
        "leaf": leaf_name,
    }


def issue_types(code: str) -> set[str]:
    """The request types a category has its own text for."""
    return {TYPE_LETTERS[letter] for types, _s, _c in ISSUES.get(code, ()) for letter in types}


def compose(
    rng: random.Random, *, code: str, leaf_name: str, ticket_type: str, channel: str,
    place: Place, values: dict[str, str] | None = None,
) -> Request:  # fmt: skip
    """One request of category ``code`` and type ``ticket_type``, as ``channel`` writes it.
    ``values`` fixes the details (a repeat complaint about the same place and thing)."""
    values = values or values_for(rng, place, leaf_name)
    fitting = [(s, c) for types, s, c in ISSUES.get(code, ()) if
               any(TYPE_LETTERS[t] == ticket_type for t in types)]  # fmt: skip
    subject, core = rng.choice(fitting) if fitting else GENERIC[ticket_type]
    opener = rng.choice(OPENERS.get(channel, ("",)))
    duration = rng.choice(DURATIONS) if ticket_type in ("complaint", "help") else ""
    closing = rng.choice(CLOSINGS[ticket_type])
    description = f"{opener}{core}，{duration}{closing}"
    description = _fill(description, values).replace("，，", "，")
    address = f"示范市{place.district}{place.street}{values['road']}"
    if "{xq}" in core:
        address = f"示范市{place.district}{place.street}{values['xq']}"
    return Request(_fill(subject, values), description, address, ticket_type)
