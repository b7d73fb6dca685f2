"""Items the city's list no longer carries, with the decisions that took them off: how 475
items became 255 (取消、搁置、下放、调整). Each: the item as it was, then its history."""

from __future__ import annotations

from datetime import date

from yiwang.demo.catalog_items.common import (
    ID_CARD,
    LICENCE,
    PHONE,
    TEXT,
    enum,
    form,
    item,
    material,
)  # fmt: skip

# (item values, [(date, to_status, reason, delegated_to key, successor code)])
RETIRED = [
    (
        item(
            "SC-XK-000",
            "企业名称预先核准",
            "licensing",
            "scjgj",
            audience="legal",
            statutory=5,
            promised=3,
            window="市场监管",
            summary="设立企业前向登记机关申请企业名称预先核准，取得企业名称预先核准通知书。",
            conditions="拟设立企业的全体投资人。",
            process=["提交申请", "审查", "核发名称预先核准通知书"],
            basis="原《企业名称登记管理规定》（1991年）第十七条。",
            result="企业名称预先核准通知书",
            materials=[ID_CARD, material("application", "企业名称预先核准申请书")],
        ),
        [
            (
                date(2020, 3, 2),
                "adjusted",
                "名称登记制度改革：企业名称预先核准调整为企业名称自主申报，由申请人自主选取、系统即时比对。",
                None,
                "SC-QR-001",
            )
        ],
    ),
    (
        item(
            "GA-XK-001",
            "公章刻制审批",
            "licensing",
            "gaj",
            audience="legal",
            statutory=10,
            promised=5,
            window="公安",
            summary="企业刻制公章须经公安机关审批。",
            conditions="已登记注册的单位。",
            process=["提交审批申请", "公安机关审批", "凭准刻证明到刻章企业刻制"],
            basis="原《印铸刻字业暂行管理规则》。",
            result="准予刻制公章决定",
            materials=[LICENCE, material("letter", "单位刻制公章申请函", original=True)],
        ),
        [
            (
                date(2017, 2, 6),
                "cancelled",
                "国务院决定取消公章刻制审批（国发〔2017〕7号），改为公章刻制备案，由刻章企业在线报送印章信息。",
                None,
                None,
            )
        ],
    ),
    (
        item(
            "RS-XK-003",
            "台港澳人员在内地就业许可",
            "licensing",
            "rsj",
            audience="both",
            statutory=10,
            promised=10,
            window="人社",
            summary="用人单位聘雇台湾、香港、澳门居民，须为其申请就业证。",
            conditions="聘雇台港澳人员的用人单位。",
            process=["用人单位申请", "人社部门审批", "核发台港澳人员就业证"],
            basis="原《台湾和香港、澳门居民在内地就业管理规定》。",
            result="台港澳人员就业证",
            materials=[
                LICENCE,
                material("contract", "劳动合同"),
                material("permit", "来往内地通行证"),
            ],
        ),
        [
            (
                date(2018, 7, 28),
                "cancelled",
                "国务院决定取消台港澳人员在内地就业许可（国发〔2018〕28号），台港澳人员凭居住证等有效证件办理就业登记。",
                None,
                None,
            )
        ],
    ),
    (
        item(
            "MZ-QT-003",
            "社会团体年度检查",
            "other_power",
            "mzj",
            audience="legal",
            statutory=30,
            promised=20,
            window="民政",
            summary="社会团体每年向登记管理机关报送年度检查材料，接受年度检查。",
            conditions="已登记的社会团体。",
            process=["报送年检报告书", "登记管理机关审查", "作出年检结论"],
            basis="《社会团体登记管理条例》第二十八条。",
            result="年度检查结论",
            materials=[material("report", "年度工作报告书"), material("audit", "财务审计报告")],
        ),
        [
            (
                date(2021, 6, 1),
                "suspended",
                "推行年度工作报告制度试点，年度检查暂停实施，待上位法修订后统一调整。",
                None,
                None,
            )
        ],
    ),
    (
        item(
            "CG-XK-003",
            "临时占用城市道路许可（支路及街巷）",
            "licensing",
            "cgj",
            audience="both",
            statutory=20,
            promised=5,
            window="城市管理",
            summary="因施工、集会等需要临时占用城市支路、街巷的，申请临时占用许可。",
            conditions="占用理由正当，有交通疏解方案。",
            process=["提交申请", "审查", "作出许可决定"],
            basis="《城市道路管理条例》第三十一条。",
            result="临时占用城市道路许可决定书",
            materials=[
                material("plan", "占用位置平面图和期限说明"),
                material("traffic", "交通疏解方案"),
            ],
        ),
        [
            (
                date(2022, 1, 1),
                "delegated",
                "按照“放管服”改革要求，支路及街巷的临时占用许可下放至区人民政府实施，就近办理。",
                "339902",
                None,
            )
        ],
    ),
    (
        item(
            "WJ-XK-003",
            "公共场所卫生许可",
            "licensing",
            "wjw",
            audience="legal",
            statutory=20,
            promised=10,
            window="卫健",
            summary="住宿、沐浴、美容美发等公共场所经营者开业前申请卫生许可证；实行告知承诺制的当场发证。",
            conditions="场所布局、卫生设施和从业人员健康管理符合国家卫生标准。",
            process=["提交申请和告知承诺书", "审查（告知承诺的当场办结）", "发证后监督检查"],
            basis="《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》。",
            result="公共场所卫生许可证",
            materials=[
                LICENCE,
                material("layout", "场所平面布局图"),
                material("commitment", "告知承诺书", original=True),
            ],
            schema=form(
                "公共场所卫生许可申请",
                ("company_name", "经营单位名称", TEXT, True),
                ("address", "经营场所", TEXT, True),
                (
                    "kind",
                    "场所类别",
                    enum("住宿场所", "沐浴场所", "美容美发场所", "游泳场所"),
                    True,
                ),
                ("phone", "联系电话", PHONE, True),
            ),
        ),
        [
            (
                date(2020, 2, 3),
                "suspended",
                "疫情防控期间暂停新办受理，已持证单位有效期顺延。",
                None,
                None,
            ),
            (
                date(2020, 5, 6),
                "active",
                "疫情防控转入常态化，恢复受理，实行告知承诺制。",
                None,
                None,
            ),
        ],
    ),
]
