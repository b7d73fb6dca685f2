"""Plausible, fictitious identities for the demo city: names, resident ID numbers, unified
social credit codes and mobile numbers, all with valid check characters.

Region codes come from the demo city's own fictitious prefecture (3399xx), so a generated
ID number or credit code cannot be a real person's or company's. Everything is drawn from a
seeded ``random.Random`` passed in by the caller: the same seed gives the same city.
"""

from __future__ import annotations

import datetime as dt
import random

from yiwang.accounts.validators import (
    USCC_CHARSET,
    credit_code_check_char,
    id_number_check_digit,
    organization_code_check_char,
)

# Common surnames, most frequent first (weights roughly follow their share of the population).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文斌宇浩然子轩梓涵欣怡雨萱"
    "思远佳琪嘉怡俊杰晨阳海燕玉兰淑珍立新红梅晓东春生秋菊冬梅建华德明永红丽华国庆卫东振华宏伟"
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 175 176 177 178 180 181 182 183 185 186 187 188 189 191 198 199"
)

TRADE_NAMES = _words(
    "明远 恒通 华盛 鑫达 宏图 瑞丰 佳禾 正泰 博雅 康源 润泽 金桥 新航 嘉德 天行 安信 "
    "聚力 锦程 星辰 同创 青禾 卓越 广源 汇通 远景 和兴 智联 湖光 云岭 江汇"
)
INDUSTRIES = _words(
    "科技有限公司 商贸有限公司 建筑工程有限公司 餐饮管理有限公司 物流有限公司 食品有限公司 "
    "医药连锁有限公司 环保科技有限公司 文化传媒有限公司 物业管理有限公司 教育咨询有限公司 "
    "汽车服务有限公司"
)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES[:40]) if rng.random() < 0.8 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def birth_date(rng: random.Random, *, oldest: int = 1945, youngest: int = 2006) -> dt.date:
    start = dt.date(oldest, 1, 1)
    span = (dt.date(youngest, 12, 31) - start).days
    return start + dt.timedelta(days=rng.randrange(span + 1))


def id_number(rng: random.Random, *, region_code: str, born: dt.date, female: bool) -> str:
    """An 18-digit resident ID (GB 11643): region, birth date, sequence (odd for men), check."""
    sequence = rng.randrange(1, 500) * 2 - (0 if female else 1)
    first17 = f"{region_code}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_digit(first17)


def credit_code(rng: random.Random, *, region_code: str) -> str:
    """An 18-character unified social credit code (GB 32100) for a company (登记管理部门 9,
    类别 1), embedding a GB 11714 organisation code with its own check character."""
    # New-style organisation codes start with MA; the rest avoids letters USCC forbids.
    body = "MA" + "".join(rng.choice(USCC_CHARSET) for _ in range(6))
    first17 = f"91{region_code}{body}{organization_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)


def mobile_number(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


class Unique:
    """Draw again until a value is new: ID numbers, phones and company names must not repeat."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, draw) -> str:
        for _ in range(1000):
            value = draw()
            if value not in self.seen:
                self.seen.add(value)
                return value
        raise RuntimeError("could not draw a unique value")  # pragma: no cover


def company_name(rng: random.Random, *, city: str) -> str:
    return f"{city}{rng.choice(TRADE_NAMES)}{rng.choice(INDUSTRIES)}"
