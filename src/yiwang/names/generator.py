"""Realistic enterprise names for the demo register and the benchmark, written here.

字号 are drawn from the characters Chinese companies favour (prosperity, nature, virtue,
direction, colour), two to four characters long; industries and organisation forms follow a
plausible mix; regions are the jurisdiction's own, mostly first, sometimes in brackets. A
generated register never holds the same 字号 twice in one industry (门类), as a real one
would not, and no 字号 carries a prohibited or restricted word or a region's name.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from yiwang.names import vocab
from yiwang.names.parsing import AFTER_INDUSTRY, AFTER_TRADE_NAME, PREFIX, NameParts

TRADE_NAME_CHARACTERS = (
    "金银鑫鼎盛兴隆昌泰丰恒瑞祥福禄寿康宁安和顺达通汇聚源润泽博远航帆翔宇宙星辰"
    "日月光明辉煌耀阳春秋冬夏东南西北天地山川河海湖江泉林森木松柏竹梅兰菊荷桂"
    "华彩锦绣云霞虹蓝青翠红紫白玉珍宝晶石峰岭谷原野田园城邦家嘉美佳优卓越精诚"
    "信义仁德智慧慕思行知创新科立本原初心乐欣悦怡悠逸雅致尚品汉唐宋元明清易道"
    "龙凤麟鹏鹰鹤燕雁骏驰腾飞跃升朗晴霖雨雪风雷电灵秀奇妙真善千万百亿众合力"
)
INDUSTRY_WEIGHTS = {
    "科技": 12, "信息技术": 6, "网络科技": 5, "商贸": 10, "贸易": 6, "餐饮管理": 6,
    "建筑工程": 5, "装饰工程": 4, "企业管理咨询": 5, "文化传媒": 5, "物流": 4,
    "房地产开发": 2, "物业管理": 3, "生物科技": 3, "电子商务": 4, "机械设备": 3,
}  # fmt: skip
FORM_WEIGHTS = {
    "有限公司": 70, "有限责任公司": 12, "股份有限公司": 5, "个人独资企业": 4,
    "合伙企业（有限合伙）": 3, "合伙企业": 3, "分公司": 3,
}  # fmt: skip
LENGTH_WEIGHTS = {2: 50, 3: 35, 4: 15}


def _forbidden_fragments(regions: tuple[str, ...]) -> frozenset[str]:
    from yiwang.names.seed_words import WORDS

    fragments = {w for w, *_rest in WORDS}
    for region in regions:
        fragments.update(
            {region, vocab.short_region(region, regions), vocab.bare_region(region, regions)}
        )
    return frozenset(fragments)


def _contains_any(text: str, fragments: frozenset[str]) -> bool:
    n = len(text)
    return any(text[i:j] in fragments for i in range(n) for j in range(i + 1, n + 1))


def generate_names(
    count: int, *, seed: int = 2025, regions: tuple[str, ...] | None = None,
    since: datetime | None = None, unique: set[tuple[str, str]] | None = None,
) -> Iterator[tuple[NameParts, datetime]]:  # fmt: skip
    """``count`` (parts, registered_at) pairs. ``unique``: (字号, 门类) pairs already taken
    (and filled as names are made), so several calls share one register."""
    rng = random.Random(seed)
    regions = tuple(regions or vocab.regions())
    city = min(regions, key=len)
    districts = [r for r in regions if r != city] or [city]
    forbidden = _forbidden_fragments(regions)
    taken = unique if unique is not None else set()
    # flat lists to draw from: one rng.choice instead of a weighted choices() per name
    industries = [e for e, w in INDUSTRY_WEIGHTS.items() for _ in range(w)]
    forms = [f for f, w in FORM_WEIGHTS.items() for _ in range(w)]
    lengths = [n for n, w in LENGTH_WEIGHTS.items() for _ in range(w)]
    characters = tuple(TRADE_NAME_CHARACTERS)
    n_characters, draw = len(characters), rng.random
    since = since or timezone.now() - timedelta(days=365 * 20)
    span = max(1, int((timezone.now() - since).total_seconds()))
    made = 0
    while made < count:
        length = lengths[int(draw() * len(lengths))]
        trade_name = "".join([characters[int(draw() * n_characters)] for _ in range(length)])
        industry = industries[int(draw() * len(industries))]
        key = (trade_name, vocab.INDUSTRIES[industry])
        if key in taken:
            continue
        if trade_name in vocab.INDUSTRIES or _contains_any(trade_name, forbidden):
            continue
        taken.add(key)
        roll = rng.random()
        position = PREFIX if roll < 0.9 else AFTER_TRADE_NAME if roll < 0.97 else AFTER_INDUSTRY
        region = city if rng.random() < 0.6 else rng.choice(districts)
        form = rng.choice(forms)
        registered_at = since + timedelta(seconds=rng.randrange(span))
        made += 1
        yield NameParts(region, trade_name, industry, form, position), registered_at
