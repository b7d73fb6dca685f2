"""Generated government publications for the search benchmark (``yiwang bench search``).

Written for yiwang: titles, 发文字号 and bodies are put together from templates and small
vocabularies of departments, places, policy areas and actions, so that a million documents
have the shape of a real disclosure catalogue — many common words (通知, 工作, 管理), a long
tail of rare ones (a street, a project), dates over ten years, eleven catalogue categories.
Deterministic: document ``i`` of seed ``s`` is always the same text, whichever process or
chunk generates it, so a worker pool can generate its share alone.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

CITY = "示范市"
CITY_SHORT = "示"

# (short name for 发文字号, full name)
DEPARTMENTS = (
    ("政", "示范市人民政府"), ("政办", "示范市人民政府办公室"), ("发改", "示范市发展和改革委员会"),
    ("教", "示范市教育局"), ("科", "示范市科学技术局"), ("工信", "示范市经济和信息化局"),
    ("公", "示范市公安局"), ("民", "示范市民政局"), ("司", "示范市司法局"), ("财", "示范市财政局"),
    ("人社", "示范市人力资源和社会保障局"), ("自然资源", "示范市自然资源和规划局"),
    ("环", "示范市生态环境局"), ("建", "示范市住房和城乡建设局"), ("交", "示范市交通运输局"),
    ("水", "示范市水务局"), ("农", "示范市农业农村局"), ("商", "示范市商务局"),
    ("文旅", "示范市文化广电旅游局"), ("卫健", "示范市卫生健康委员会"),
    ("退役", "示范市退役军人事务局"), ("应急", "示范市应急管理局"), ("审计", "示范市审计局"),
    ("市监", "示范市市场监督管理局"), ("体", "示范市体育局"), ("统", "示范市统计局"),
    ("医保", "示范市医疗保障局"), ("城管", "示范市城市管理局"), ("政务", "示范市政务服务管理局"),
    ("数据", "示范市大数据发展管理局"), ("信访", "示范市信访局"), ("机关", "示范市机关事务管理局"),
    ("明政", "示范市明湖区人民政府"), ("云政", "示范市云山区人民政府"),
    ("临政", "示范市临江区人民政府"), ("新政", "示范市新城区人民政府"),
)  # fmt: skip

DISTRICTS = ("明湖区", "云山区", "临江区", "新城区")
STREETS = ("湖滨街道", "文昌街道", "云峰街道", "翠屏街道", "江岸街道", "望江街道", "科创街道",
           "新华街道", "柳岸镇", "松林镇", "白石乡", "青溪镇")  # fmt: skip
ROADS = ("人民大道", "解放路", "中山路", "建设路", "湖滨路", "文昌路", "云峰路", "江岸路", "望江路",
         "科创大道", "新华路", "和平路", "书院街", "码头街", "柳岸路", "松林路")  # fmt: skip

# The eleven catalogue categories of a disclosure catalogue (code, name).
CATEGORIES = (
    ("jgzn", "机构职能"), ("zcwj", "政策文件"), ("ghjh", "规划计划"), ("xzxk", "行政许可"),
    ("xzcf", "行政处罚"), ("xzqz", "行政强制"), ("czzj", "财政资金"), ("rsxx", "人事信息"),
    ("zdly", "重点领域"), ("gsgg", "公示公告"), ("tjxx", "统计信息"),
)  # fmt: skip

# Policy areas: the topic, what is done in it, and a project of it.
TOPICS = (
    ("优化营商环境", "企业开办", "一网通办改革"), ("住房公积金", "公积金贷款", "租房提取"),
    ("老旧小区改造", "加装电梯", "雨污分流"), ("垃圾分类", "生活垃圾", "厨余垃圾处理"),
    ("城乡居民医疗保险", "门诊报销", "异地就医结算"), ("义务教育招生", "学区划分", "课后服务"),
    ("养老服务", "居家养老", "社区食堂"), ("安全生产", "隐患排查", "危险化学品"),
    ("大气污染防治", "扬尘治理", "机动车尾气"), ("水污染防治", "河长制", "黑臭水体整治"),
    ("食品安全", "校园食品", "餐饮油烟"), ("就业创业", "创业担保贷款", "职业技能培训"),
    ("乡村振兴", "高标准农田", "农村人居环境"), ("交通拥堵治理", "公交优先", "停车设施"),
    ("防汛防台", "应急预案", "排涝设施"), ("文物保护", "历史文化街区", "非遗传承"),
    ("政府采购", "公开招标", "采购意向"), ("财政预算", "部门预算", "三公经费"),
    ("社会救助", "最低生活保障", "临时救助"), ("退役军人服务", "优待证", "安置就业"),
    ("全民健身", "体育场馆", "健身步道"), ("数字政府", "政务数据共享", "电子证照"),
    ("公共卫生", "疫苗接种", "基层医疗"), ("市场监管", "双随机一公开", "价格监督检查"),
    ("消防安全", "高层建筑消防", "电动自行车充电"), ("不动产登记", "交房即交证", "抵押登记"),
    ("人才引进", "高层次人才", "人才公寓"), ("招商引资", "重点项目", "产业园区"),
    ("燃气安全", "燃气管道", "瓶装液化气"), ("物业管理", "业主委员会", "维修资金"),
)  # fmt: skip

DOC_KINDS = ("管理办法", "实施细则", "实施方案", "工作方案", "行动计划", "暂行规定",
             "实施意见", "工作要点", "考核办法", "指导意见")  # fmt: skip
GOALS = ("提升群众满意度", "推动高质量发展", "提高办事效率", "规范管理秩序",
         "保障群众合法权益", "加强统筹协调", "防范化解风险", "改善人居环境", "激发市场活力",
         "提升治理能力")  # fmt: skip
BASES = ("《中华人民共和国政府信息公开条例》", "《优化营商环境条例》", "国务院有关文件精神",
         "省委省政府决策部署", "市委市政府工作要求", "《中华人民共和国安全生产法》",
         "《中华人民共和国行政许可法》", "《社会救助暂行办法》")  # fmt: skip
SECTIONS = ("总体要求", "工作目标", "主要任务", "实施步骤", "保障措施", "工作要求",
            "职责分工", "监督检查", "附则")  # fmt: skip
ACTIONS = ("建立健全", "全面推行", "进一步完善", "加快推进", "严格落实", "统筹推进", "持续深化",
           "积极探索", "切实加强", "大力推广")  # fmt: skip
OBJECTS = ("工作机制", "责任体系", "服务标准", "信息公开", "数据共享", "考核评价", "监督检查",
           "应急处置", "宣传引导", "资金保障", "队伍建设", "联动机制")  # fmt: skip
OPENINGS = ("各区人民政府，市政府各部门、各直属机构：", "各有关单位：",
            "各街道办事处、各乡镇人民政府：", "市直各有关部门：")  # fmt: skip

START = datetime(2016, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 10 * 365 * 24 * 60  # ten years of publications
CHUNK = 1000


@dataclass(frozen=True)
class Publication:
    object_id: str
    title: str
    body: str
    department: int  # 1-based index into DEPARTMENTS (the bench's department ids)
    category: str
    kind: str
    year: int
    published_at: datetime


def _title(r: random.Random, topic, kind: str, year: int, department: str) -> str:
    place = r.choice(DISTRICTS) + r.choice(STREETS)
    match r.randrange(8):
        case 0 | 1:
            return f"关于印发《{CITY}{topic[0]}{kind}》的通知"
        case 2:
            return f"关于做好{year}年{topic[0]}工作的通知"
        case 3:
            return f"{department}关于{place}{topic[2]}项目的批复"
        case 4:
            return f"关于公布{year}年度{topic[1]}名单的公告"
        case 5:
            return f"{department}{year}年{topic[0]}工作总结"
        case 6:
            return f"关于开展{topic[1]}专项整治行动的通知"
        case _:
            return f"关于{r.choice(ROADS)}{topic[2]}工程{r.choice(('批前', '批后', '竣工'))}的公示"


def _paragraph(r: random.Random, topic) -> str:
    words = (topic[0], topic[1], topic[2])
    sentences = []
    for _ in range(r.randint(3, 5)):
        sentences.append(
            f"{r.choice(ACTIONS)}{r.choice(words)}{r.choice(OBJECTS)}，"
            f"{r.choice(ACTIONS)}{r.choice(OBJECTS)}，{r.choice(GOALS)}"
        )
    if r.random() < 0.5:
        sentences.append(
            f"{r.choice(DISTRICTS)}{r.choice(STREETS)}要结合{r.choice(ROADS)}沿线实际，"
            f"于{r.randint(3, 12)}月底前完成{topic[1]}摸底"
        )
    return "。".join(sentences) + "。"


def _body(r: random.Random, topic, kind: str, number: str, department: str, when: datetime):
    parts = [
        r.choice(OPENINGS),
        f"为贯彻落实{r.choice(BASES)}，{r.choice(GOALS)}，经研究，现将《{CITY}{topic[0]}{kind}》"
        f"（{number}）印发给你们，请结合实际认真贯彻执行。",
    ]
    for n, section in enumerate(r.sample(SECTIONS, r.randint(2, 4)), start=1):
        parts.append(f"{'一二三四五'[n - 1]}、{section}")
        parts.append(_paragraph(r, topic))
    parts.append(
        f"本{kind[-2:]}自{when.year}年{when.month}月{when.day}日起施行，由{department}负责解释。"
        f"联系电话：0999-{r.randint(6000000, 8999999)}。"
    )
    parts.append(f"{department}\n{when.year}年{when.month}月{when.day}日")
    return "\n".join(parts)


def publication(seed: int, i: int, r: random.Random) -> Publication:
    dept = r.randrange(len(DEPARTMENTS))
    short, department = DEPARTMENTS[dept]
    topic = r.choice(TOPICS)
    kind = r.choice(DOC_KINDS)
    when = START + timedelta(minutes=r.randrange(SPAN_MINUTES))
    number = f"{CITY_SHORT}{short}〔{when.year}〕{r.randint(1, 180)}号"
    category = r.choice(CATEGORIES)[0]
    return Publication(
        object_id=str(i),
        title=_title(r, topic, kind, when.year, department),
        body=_body(r, topic, kind, number, department, when),
        department=dept + 1,
        category=category,
        kind=kind,
        year=when.year,
        published_at=when,
    )


def generate(n: int, *, seed: int = 1, start: int = 0) -> Iterator[Publication]:
    """Documents ``start`` .. ``start + n - 1`` of this seed. Each chunk of ``CHUNK`` ids has
    its own random stream, so any range gives the same documents as the whole run does."""
    i = start
    end = start + n
    while i < end:
        chunk = i // CHUNK
        r = random.Random(seed * 1_000_003 + chunk)
        first = chunk * CHUNK
        for j in range(first, min(first + CHUNK, end)):
            doc = publication(seed, j, r)  # drawn even when skipped: the stream stays the same
            if j >= i:
                yield doc
        i = min(first + CHUNK, end)
