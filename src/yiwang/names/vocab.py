"""The controlled vocabularies of an enterprise name: 行政区划, 行业表述 and 组织形式.

A name is 行政区划 + 字号 + 行业(或经营特点) + 组织形式 (企业名称登记管理规定, 国务院令第734号,
第六条). The industry expressions map to the 门类 of GB/T 4754 (国民经济行业分类): two names
are "in the same industry" when their expressions fall in the same 门类, so 信息技术 and
软件开发 are one industry while 餐饮管理 is another.

Regions are the deployment's own: ``YIWANG_NAMES_REGIONS`` (a list of names such as
"示范市", "示范市明湖区"), else the city- and district-level governments of the department
tree ("示范市明湖区人民政府" → "示范市明湖区"), else the demo city's.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# GB/T 4754-2017 门类 code -> label
INDUSTRY_SECTIONS: dict[str, str] = {
    "A": _("农、林、牧、渔业"),
    "C": _("制造业"),
    "D": _("电力、热力、燃气及水生产和供应业"),
    "E": _("建筑业"),
    "F": _("批发和零售业"),
    "G": _("交通运输、仓储和邮政业"),
    "H": _("住宿和餐饮业"),
    "I": _("信息传输、软件和信息技术服务业"),
    "K": _("房地产业"),
    "L": _("租赁和商务服务业"),
    "M": _("科学研究和技术服务业"),
    "N": _("水利、环境和公共设施管理业"),
    "O": _("居民服务、修理和其他服务业"),
    "P": _("教育"),
    "Q": _("卫生和社会工作"),
    "R": _("文化、体育和娱乐业"),
}

# 行业表述 -> 门类. The expressions people actually write; an expression names one 门类.
INDUSTRIES: dict[str, str] = {
    "农业发展": "A", "农业科技": "A", "生态农业": "A", "种植": "A", "养殖": "A", "渔业": "A",
    "机械制造": "C", "机械设备": "C", "电子": "C", "服装": "C", "服饰": "C", "食品": "C",
    "新材料": "C", "家具制造": "C", "印务": "C", "包装": "C", "汽车配件": "C", "模具": "C",
    "新能源": "D", "能源": "D", "电力": "D",
    "建筑工程": "E", "建设工程": "E", "装饰工程": "E", "市政工程": "E", "安装工程": "E",
    "商贸": "F", "贸易": "F", "电子商务": "F", "百货": "F", "医药": "F", "商行": "F",
    "物流": "G", "运输": "G", "仓储": "G", "快递": "G",
    "餐饮管理": "H", "餐饮": "H", "酒店管理": "H", "酒店": "H", "食品店": "H",
    "信息技术": "I", "软件开发": "I", "网络科技": "I", "信息科技": "I", "数据科技": "I",
    "软件": "I", "网络": "I", "通信": "I",
    "房地产开发": "K", "物业管理": "K", "房地产经纪": "K", "置业": "K",
    "企业管理咨询": "L", "企业管理": "L", "商务咨询": "L", "广告": "L", "人力资源": "L",
    "投资管理": "L", "会展服务": "L", "供应链管理": "L", "咨询": "L", "租赁": "L",
    "科技": "M", "生物科技": "M", "技术服务": "M", "工程设计": "M", "检测": "M",
    "环保科技": "M", "设计": "M",
    "园林绿化": "N", "环境治理": "N", "水务": "N",
    "家政服务": "O", "美容美发": "O", "汽车维修": "O", "洗涤": "O",
    "教育咨询": "P", "培训": "P", "职业培训": "P",
    "健康管理": "Q", "养老服务": "Q", "医疗": "Q",
    "文化传媒": "R", "文化传播": "R", "影视": "R", "体育发展": "R", "娱乐": "R",
}  # fmt: skip

# 组织形式, longest first where one ends another (股份有限公司 before 有限公司)
ORG_FORMS: tuple[str, ...] = (
    "合伙企业（有限合伙）",
    "合伙企业（普通合伙）",
    "农民专业合作社",
    "股份有限公司",
    "有限责任公司",
    "个人独资企业",
    "有限公司",
    "合伙企业",
    "分公司",
)

# the demo city's, when neither the setting nor the department tree says otherwise
DEFAULT_REGIONS: tuple[str, ...] = (
    "示范市", "示范市明湖区", "示范市云山区", "示范市临江区", "示范市新城区",
)  # fmt: skip

GOVERNMENT_SUFFIX = "人民政府"


def industry_section(expression: str) -> str:
    return INDUSTRIES.get(expression, "")


def industries_by_section() -> list[tuple[str, str, list[str]]]:
    """(门类 code, label, expressions) for the form's grouped choice list."""
    grouped: dict[str, list[str]] = {}
    for expression, section in INDUSTRIES.items():
        grouped.setdefault(section, []).append(expression)
    return [(code, str(label), grouped.get(code, [])) for code, label in INDUSTRY_SECTIONS.items()]


def regions() -> tuple[str, ...]:
    """The 行政区划 names a name in this jurisdiction may carry, longest first."""
    configured = getattr(settings, "YIWANG_NAMES_REGIONS", None)
    if configured:
        found = [str(r).strip() for r in configured if str(r).strip()]
    else:
        from yiwang.names.cache import cached_regions

        found = cached_regions(_regions_from_departments) or list(DEFAULT_REGIONS)
    return tuple(sorted(set(found), key=lambda r: (-len(r), r)))


def _regions_from_departments() -> list[str]:
    from yiwang.org.models import Department, DepartmentKind, Level

    names = Department.objects.filter(
        is_active=True,
        kind=DepartmentKind.GOVERNMENT,
        level__in=(Level.CITY, Level.DISTRICT),
        name__endswith=GOVERNMENT_SUFFIX,
    ).values_list("name", flat=True)
    return [n[: -len(GOVERNMENT_SUFFIX)] for n in names if len(n) > len(GOVERNMENT_SUFFIX)]


def short_region(region: str, known: tuple[str, ...] | None = None) -> str:
    """示范市明湖区 → 明湖区 (a district's own name); 示范市 → 示范市. ``known``: the region
    list already read (saves a query per call)."""
    for city in regions() if known is None else known:
        if region != city and region.startswith(city) and len(region) > len(city):
            return region[len(city) :]
    return region


def bare_region(region: str, known: tuple[str, ...] | None = None) -> str:
    """The name without its administrative type: 示范市 → 示范, 明湖区 → 明湖."""
    name = short_region(region, known)
    for suffix in ("自治县", "自治州", "新区", "市", "区", "县", "旗", "州", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
