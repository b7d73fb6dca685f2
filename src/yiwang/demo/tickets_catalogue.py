# ruff: noqa: E501 — Chinese data reads best one entry per line
"""The dispatch catalogue of 示范市's 12345 hotline: categories, Open311 attributes, dispatch
rules and time limits, built through ``yiwang.tickets.services.catalogue``.

The top level carries the seven classes of the public message-board data the routing model
is trained on (城乡建设, 环境保护, 交通运输, 教育文体, 劳动和社会保障, 商贸旅游, 卫生计生) plus the
other classes a city hotline needs. Category codes are the Open311 ``service_code``s.

Routing: a matter of one place (a broken pavement, a restaurant's fumes) goes to the district
government of the region it is in — one rule per district, by region prefix — with a
city-wide rule to the competent bureau for requests without a region; a city-wide matter
(wages, social insurance, buses) goes to its bureau; water, power and gas to the companies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yiwang.demo import city
from yiwang.org.models import Department
from yiwang.tickets.models import AttributeType, Category, TicketType
from yiwang.tickets.services import catalogue

LOCAL = "local"  # one rule per district government, by region prefix
CATALOGUE_MARKER = "CJ"  # the first top-level code: its presence means "catalogue loaded"


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    lead: str  # department key (city.py), or LOCAL
    fallback: str = ""  # for LOCAL: the bureau taking requests without a region
    co: tuple[str, ...] = ()
    keywords: str = ""
    # typical request types, as weights (咨询 求助 投诉 举报 建议 表扬)
    types: tuple[int, int, int, int, int, int] = (1, 2, 6, 1, 1, 0)


@dataclass(frozen=True)
class Branch:
    code: str
    name: str
    leaves: tuple[Leaf, ...] = field(default_factory=tuple)


L = Leaf
TREE: tuple[Branch, ...] = (
    Branch("CJ", "城乡建设", (
        L("CJ01", "道路破损", LOCAL, "zjj", keywords="路面 坑洼 人行道 塌陷", types=(0, 3, 6, 0, 1, 0)),
        L("CJ02", "违章建筑", LOCAL, "cgj", ("zrzyj",), "违建 私搭乱建 加层", (1, 0, 3, 6, 0, 0)),
        L("CJ03", "物业管理", LOCAL, "zjj", ("zjj",), "物业 电梯 物业费", (2, 2, 7, 0, 1, 1)),
        L("CJ04", "老旧小区改造", LOCAL, "zjj", ("zjj",), "加装电梯 管网 改造", (4, 1, 2, 0, 3, 0)),
        L("CJ05", "房屋质量", "zjj", keywords="渗水 开裂 交房", types=(1, 1, 7, 0, 0, 0)),
        L("CJ06", "市政设施", LOCAL, "cgj", keywords="路灯 井盖 护栏", types=(0, 4, 5, 0, 1, 0)),
        L("CJ07", "市容环卫", LOCAL, "cgj", keywords="垃圾 清运 公厕", types=(1, 2, 6, 0, 1, 1)),
        L("CJ08", "占道经营", LOCAL, "cgj", keywords="摊贩 占道 夜市", types=(0, 0, 6, 3, 1, 0)),
        L("CJ09", "园林绿化", LOCAL, "cgj", keywords="树木 绿地 修剪", types=(0, 3, 3, 0, 3, 1)),
        L("CJ10", "房产交易", "zjj", co=("zrzyj",), keywords="网签 预售 备案", types=(6, 1, 3, 0, 0, 0)),
    )),
    Branch("HB", "环境保护", (
        L("HB01", "噪声污染", "sthjj", co=("gaj",), keywords="噪音 施工 夜间", types=(0, 1, 8, 1, 0, 0)),
        L("HB02", "餐饮油烟", LOCAL, "sthjj", ("sthjj",), "油烟 饭店 排烟", (0, 0, 8, 1, 1, 0)),
        L("HB03", "废气异味", "sthjj", keywords="异味 臭味 焚烧", types=(0, 0, 6, 3, 0, 0)),
        L("HB04", "水体污染", "sthjj", co=("swj",), keywords="河道 排污 黑臭", types=(0, 0, 5, 4, 1, 0)),
        L("HB05", "工地扬尘", "zjj", co=("sthjj",), keywords="扬尘 渣土 工地", types=(0, 0, 7, 2, 1, 0)),
    )),
    Branch("JT", "交通运输", (
        L("JT01", "公交服务", "jtysj", keywords="公交 线路 班次 站点", types=(3, 0, 4, 0, 4, 2)),
        L("JT02", "出租车网约车", "jtysj", keywords="出租车 拒载 绕路", types=(1, 1, 8, 1, 0, 1)),
        L("JT03", "交通设施", "gaj", co=("jtysj",), keywords="红绿灯 信号灯 标线", types=(0, 2, 3, 0, 5, 0)),
        L("JT04", "停车管理", "gaj", keywords="停车 乱停 车位", types=(1, 1, 6, 1, 2, 0)),
        L("JT05", "道路拥堵", "gaj", keywords="拥堵 堵车 高峰", types=(0, 0, 4, 0, 6, 0)),
    )),
    Branch("JY", "教育文体", (
        L("JY01", "入学招生", "jyj", keywords="入学 学位 划片 转学", types=(8, 1, 2, 0, 1, 0)),
        L("JY02", "校外培训", "jyj", co=("scjgj",), keywords="培训 退费 补课", types=(2, 0, 6, 3, 0, 0)),
        L("JY03", "学校管理", "jyj", keywords="收费 食堂 校服", types=(2, 0, 6, 1, 2, 1)),
        L("JY04", "文体设施", LOCAL, "jyj", keywords="健身器材 球场 图书馆", types=(2, 2, 3, 0, 4, 1)),
    )),
    Branch("LD", "劳动和社会保障", (
        L("LD01", "拖欠工资", "rsj", keywords="欠薪 工资 农民工", types=(1, 3, 7, 1, 0, 0)),
        L("LD02", "社会保险", "rsj", keywords="社保 缴费 社保卡", types=(7, 2, 2, 0, 0, 0)),
        L("LD03", "劳动关系", "rsj", keywords="劳动合同 加班 辞退", types=(4, 1, 5, 0, 0, 0)),
        L("LD04", "就业创业", "rsj", keywords="失业金 招聘 创业贷款", types=(7, 2, 0, 0, 1, 0)),
        L("LD05", "养老保险", "rsj", keywords="养老金 退休 待遇", types=(8, 1, 1, 0, 0, 0)),
    )),
    Branch("SM", "商贸旅游", (
        L("SM01", "消费纠纷", "scjgj", keywords="退货 退款 售后", types=(1, 1, 8, 0, 0, 0)),
        L("SM02", "旅游服务", "scjgj", co=("jtysj",), keywords="景区 导游 旅行社", types=(2, 0, 6, 0, 1, 1)),
        L("SM03", "预付卡", "scjgj", keywords="预付卡 会员卡 跑路", types=(1, 1, 8, 0, 0, 0)),
        L("SM04", "商场市场", "scjgj", keywords="超市 菜市场 缺斤短两", types=(0, 0, 6, 2, 1, 1)),
    )),
    Branch("WS", "卫生计生", (
        L("WS01", "医疗服务", "wjw", keywords="医院 挂号 服务态度", types=(3, 1, 5, 0, 1, 2)),
        L("WS02", "医疗保障", "rsj", co=("wjw",), keywords="医保 报销 异地就医", types=(8, 1, 1, 0, 0, 0)),
        L("WS03", "生育服务", "wjw", keywords="生育登记 出生证明 产假", types=(8, 1, 0, 0, 1, 0)),
        L("WS04", "疫苗接种", "wjw", keywords="疫苗 接种 预约", types=(7, 1, 1, 0, 1, 0)),
    )),
    Branch("GA", "公共安全（非紧急）", (
        L("GA01", "治安隐患", "gaj", keywords="治安 盗窃 可疑", types=(1, 2, 3, 4, 0, 0)),
        L("GA02", "户籍证件", "gaj", keywords="户口 身份证 居住证 落户", types=(9, 1, 0, 0, 0, 0)),
        L("GA03", "消防隐患", "gaj", keywords="消防通道 堵塞 灭火器", types=(0, 1, 3, 5, 1, 0)),
        L("GA04", "电动车充电", LOCAL, "gaj", ("gaj",), "飞线充电 楼道 电瓶车", (0, 1, 4, 4, 1, 0)),
    )),
    Branch("SD", "水电气", (
        L("SD01", "停水", "water", keywords="停水 没水 水管 爆管", types=(1, 8, 2, 0, 0, 0)),
        L("SD02", "水质水压", "water", co=("swj",), keywords="水压 水质 黄水", types=(1, 5, 4, 0, 0, 0)),
        L("SD03", "停电", "power", keywords="停电 跳闸 电压", types=(1, 8, 2, 0, 0, 0)),
        L("SD04", "燃气", "gas", keywords="燃气 天然气 开通 安检", types=(3, 5, 2, 0, 0, 0)),
    )),
    Branch("MZ", "民政", (
        L("MZ01", "社会救助", LOCAL, "mzj", ("mzj",), "低保 困难 救助", (6, 4, 1, 0, 0, 0)),
        L("MZ02", "养老服务", "mzj", keywords="养老院 居家养老 高龄津贴", types=(6, 2, 2, 0, 1, 1)),
        L("MZ03", "婚姻登记", "mzj", keywords="结婚 离婚 登记", types=(9, 0, 1, 0, 0, 0)),
        L("MZ04", "殡葬服务", "mzj", keywords="殡葬 墓地 祭扫", types=(6, 1, 2, 0, 1, 0)),
    )),
    Branch("SC", "市场监管", (
        L("SC01", "食品安全", "scjgj", keywords="过期 变质 卫生", types=(1, 0, 5, 5, 0, 0)),
        L("SC02", "价格收费", "scjgj", keywords="乱收费 价格 明码标价", types=(1, 0, 6, 3, 0, 0)),
        L("SC03", "产品质量", "scjgj", keywords="质量 假冒 三无", types=(1, 0, 6, 3, 0, 0)),
        L("SC04", "无证经营", LOCAL, "scjgj", ("scjgj",), "无证 黑作坊", (0, 0, 3, 7, 0, 0)),
    )),
    Branch("ZW", "政务服务", (
        L("ZW01", "办事指引", LOCAL, "mzj", keywords="怎么办 材料 流程", types=(9, 1, 0, 0, 1, 0)),
        L("ZW02", "住房公积金", "zjj", keywords="公积金 提取 贷款", types=(9, 1, 1, 0, 0, 0)),
        L("ZW03", "不动产登记", "zrzyj", keywords="房产证 过户 不动产", types=(8, 1, 2, 0, 0, 0)),
        L("ZW04", "企业开办", "scjgj", keywords="营业执照 注册 个体户", types=(9, 1, 1, 0, 0, 0)),
        L("ZW05", "窗口服务", LOCAL, "mzj", keywords="态度 排队 窗口", types=(0, 0, 6, 0, 2, 3)),
    )),
)  # fmt: skip

TYPE_ORDER = (
    TicketType.CONSULT, TicketType.HELP, TicketType.COMPLAINT, TicketType.REPORT,
    TicketType.SUGGESTION, TicketType.PRAISE,
)  # fmt: skip

# Open311 attributes (service definitions) for a few leaves: (code, datatype, question,
# required, [(key, name)]).
ATTRIBUTES = {
    "CJ01": [
        ("area", AttributeType.SINGLE, "破损面积", True,
         [("s", "1 平方米以下"), ("m", "1 至 5 平方米"), ("l", "5 平方米以上")]),
        ("blocking", AttributeType.SINGLE, "是否影响通行", False, [("yes", "是"), ("no", "否")]),
    ],
    "HB01": [
        ("period", AttributeType.MULTI, "噪声出现的时段", False,
         [("day", "白天"), ("evening", "22 点前的夜间"), ("night", "22 点至次日 6 点")]),
    ],
    "SD01": [("households", AttributeType.NUMBER, "受影响的大约户数", False, [])],
    "CJ02": [
        ("stage", AttributeType.SINGLE, "建筑状态", True, [("building", "正在施工"), ("done", "已建成")]),
    ],
    "LD01": [
        ("workers", AttributeType.NUMBER, "涉及人数", True, []),
        ("amount", AttributeType.NUMBER, "拖欠金额（元）", False, []),
    ],
}  # fmt: skip

# Time limits (local practice, configurable in the admin): sign within 2 working hours;
# answer a consultation in 1 working day, help in 3, complaints in 5, reports and
# suggestions in 10, praise in 3. Burst pipes, power cuts and gas are repaired at once
# (sign in 30 minutes, 1 day); fire hazards in 3 days; illegal building needs investigation
# and hearing (15 days).
TYPE_LIMITS = {
    "": (Decimal("2"), 5),
    TicketType.CONSULT: (Decimal("2"), 1),
    TicketType.HELP: (Decimal("2"), 3),
    TicketType.COMPLAINT: (Decimal("2"), 5),
    TicketType.REPORT: (Decimal("2"), 10),
    TicketType.SUGGESTION: (Decimal("2"), 10),
    TicketType.PRAISE: (Decimal("2"), 3),
}
CATEGORY_LIMITS = {
    "SD01": (Decimal("0.5"), 1),
    "SD03": (Decimal("0.5"), 1),
    "SD04": (Decimal("0.5"), 1),
    "GA03": (Decimal("1"), 3),
    "CJ02": (Decimal("2"), 15),
}


def leaves() -> list[Leaf]:
    return [leaf for branch in TREE for leaf in branch.leaves]


def is_loaded() -> bool:
    return Category.objects.filter(code=CATALOGUE_MARKER).exists()


def department_map() -> dict[str, Department]:
    """city.py keys → the loaded departments."""
    codes = {spec.key: spec.code for spec in city.departments()}
    by_code = Department.objects.in_bulk(list(codes.values()), field_name="code")
    return {key: by_code[code] for key, code in codes.items() if code in by_code}


def load_catalogue(*, tick=lambda n=1: None) -> dict[str, Category]:
    """Create the tree, attributes, rules and limits; returns leaves by code."""
    departments = department_map()
    made: dict[str, Category] = {}
    for b, branch in enumerate(TREE):
        parent = catalogue.category_create(
            actor=None, code=branch.code, name=branch.name, sort_order=b
        )
        for n, leaf in enumerate(branch.leaves):
            made[leaf.code] = catalogue.category_create(
                actor=None, code=leaf.code, name=leaf.name, parent=parent,
                keywords=leaf.keywords, sort_order=n,
            )  # fmt: skip
            _rules(made[leaf.code], leaf, departments)
            tick(1)
    for code, attributes in ATTRIBUTES.items():
        for order, (key, datatype, question, required, values) in enumerate(attributes):
            catalogue.category_attribute_add(
                actor=None, category=made[code], code=key, datatype=datatype,
                description=question, required=required, values=values, order=order,
            )  # fmt: skip
    for ticket_type, (hours, days) in TYPE_LIMITS.items():
        catalogue.sla_policy_set(
            actor=None, ticket_type=ticket_type, sign_limit_hours=hours, handle_limit_days=days
        )
    for code, (hours, days) in CATEGORY_LIMITS.items():
        catalogue.sla_policy_set(
            actor=None, category=made[code], sign_limit_hours=hours, handle_limit_days=days
        )
    return made


def _rules(category: Category, leaf: Leaf, departments: dict[str, Department]) -> None:
    co = [departments[k] for k in leaf.co]
    if leaf.lead == LOCAL:
        for district in city.DISTRICT_REGION_CODES:
            catalogue.dispatch_rule_set(
                actor=None, category=category, lead_department=departments[district],
                co_departments=co, region_prefix=district,
            )  # fmt: skip
        catalogue.dispatch_rule_set(
            actor=None, category=category, lead_department=departments[leaf.fallback]
        )
    else:
        catalogue.dispatch_rule_set(
            actor=None, category=category, lead_department=departments[leaf.lead],
            co_departments=co,
        )  # fmt: skip
