"""The shape of the demo city 示范市: its department tree and who works where.

示范市 is fictitious. Its region code 339900 is an unused prefecture code under province 33;
district codes extend it to 6 digits (339902 ...), street codes to 9 and community codes to 12,
in the manner of GB/T 2260 and GB/T 10114.
"""

from __future__ import annotations

from dataclasses import dataclass

from yiwang.org.models import DepartmentKind, Level, Role, Scope

CITY_NAME = "示范市"
CITY_REGION = "339900"
CITY_CODE = "339900"  # the city government's 机构代码; its presence means "demo loaded"
CITY_ADDRESS = "示范市人民大道1号"
PHONE_AREA = "0999"


@dataclass(frozen=True)
class DepartmentSpec:
    key: str
    name: str
    code: str
    kind: str
    level: int
    region_code: str
    parent: str | None
    short_name: str = ""
    accepts_tickets: bool = True
    address: str = ""


BUREAUS = [
    ("gaj", "示范市公安局", "公安局"),
    ("zjj", "示范市住房和城乡建设局", "住建局"),
    ("sthjj", "示范市生态环境局", "生态环境局"),
    ("scjgj", "示范市市场监督管理局", "市场监管局"),
    ("rsj", "示范市人力资源和社会保障局", "人社局"),
    ("jtysj", "示范市交通运输局", "交通运输局"),
    ("cgj", "示范市城市管理局", "城管局"),
    ("jyj", "示范市教育局", "教育局"),
    ("wjw", "示范市卫生健康委员会", "卫健委"),
    ("mzj", "示范市民政局", "民政局"),
    ("zrzyj", "示范市自然资源和规划局", "自然资源规划局"),
    ("swj", "示范市水务局", "水务局"),
    # 一网通办: the approval office and the bureaus of company start-up (企业开办)
    ("zwfwj", "示范市政务服务管理局", "政务服务局"),
    ("tax", "国家税务总局示范市税务局", "税务局"),
    ("ybj", "示范市医疗保障局", "医保局"),
]

ENTERPRISES = [
    ("water", "示范市自来水有限公司", "自来水公司"),
    ("power", "国网示范市供电公司", "供电公司"),
    ("gas", "示范市燃气有限公司", "燃气公司"),
]

# district -> streets -> communities
DISTRICTS = [
    (
        "明湖区",
        "339902",
        [("湖滨街道", ["湖滨社区", "柳岸社区"]), ("文昌街道", ["文昌社区", "书院社区"])],
    ),
    (
        "云山区",
        "339903",
        [("云峰街道", ["云峰社区", "松林社区"]), ("翠屏街道", ["翠屏社区"])],
    ),
    (
        "临江区",
        "339904",
        [("江岸街道", ["江岸社区", "码头社区"]), ("望江街道", ["望江社区"])],
    ),
    (
        "新城区",
        "339905",
        [("科创街道", ["科创社区", "创业社区"]), ("新华街道", ["新华社区", "和平社区"])],
    ),
]
DISTRICT_REGION_CODES = [code for _, code, _ in DISTRICTS]


def departments() -> list[DepartmentSpec]:
    """Every department, parents before children."""
    specs = [
        DepartmentSpec(
            "city", "示范市人民政府", CITY_CODE, DepartmentKind.GOVERNMENT, Level.CITY,
            CITY_REGION, None, short_name="市政府", accepts_tickets=False, address=CITY_ADDRESS,
        ),
        DepartmentSpec(
            "centre", "示范市12345政务服务便民热线中心", f"{CITY_CODE}-12345",
            DepartmentKind.CENTRE, Level.CITY, CITY_REGION, "city", short_name="12345热线中心",
            accepts_tickets=False, address="示范市市民中心3号楼",
        ),
    ]  # fmt: skip
    for n, (key, name, short) in enumerate(BUREAUS, start=1):
        specs.append(
            DepartmentSpec(
                key, name, f"{CITY_CODE}-B{n:02d}", DepartmentKind.BUREAU, Level.CITY,
                CITY_REGION, "city", short_name=short, address=f"示范市行政中心{n}号楼",
            )
        )  # fmt: skip
    for n, (key, name, short) in enumerate(ENTERPRISES, start=1):
        specs.append(
            DepartmentSpec(
                key, name, f"{CITY_CODE}-E{n:02d}", DepartmentKind.ENTERPRISE, Level.CITY,
                CITY_REGION, "city", short_name=short, address=f"示范市公用事业大道{n * 8}号",
            )
        )  # fmt: skip
    for district, d_code, streets in DISTRICTS:
        specs.append(
            DepartmentSpec(
                d_code, f"示范市{district}人民政府", d_code, DepartmentKind.GOVERNMENT,
                Level.DISTRICT, d_code, "city", short_name=district,
                address=f"示范市{district}政通路1号",
            )
        )  # fmt: skip
        for s, (street, communities) in enumerate(streets, start=1):
            s_code = f"{d_code}{s:03d}"
            specs.append(
                DepartmentSpec(
                    s_code, f"{district}{street}办事处", s_code, DepartmentKind.GOVERNMENT,
                    Level.STREET, s_code, d_code, short_name=street,
                )
            )  # fmt: skip
            for c, community in enumerate(communities, start=1):
                c_code = f"{s_code}{c:03d}"
                specs.append(
                    DepartmentSpec(
                        c_code, f"{street}{community}居民委员会", c_code,
                        DepartmentKind.COMMUNITY, Level.COMMUNITY, c_code, s_code,
                        short_name=community,
                    )
                )  # fmt: skip
    return specs


@dataclass(frozen=True)
class StaffSpec:
    department: str  # DepartmentSpec.key
    position: str
    role: str
    scope: str
    count: int


# Demo logins: one per role, each the first person of a staff group below. The handler sits in
# a street office so the demo shows data scopes: it sees its own office, not other districts.
DEMO_STAFF = {
    Role.OPERATOR: ("operator", "centre"),
    Role.DISPATCHER: ("dispatcher", "centre"),
    Role.HANDLER: ("handler", "339902001"),
    Role.SUPERVISOR: ("supervisor", "city"),
    Role.DEPARTMENT_ADMIN: ("deptadmin", "339902"),
    Role.PLATFORM_ADMIN: ("admin", "city"),
}


def staff_plan(specs: list[DepartmentSpec]) -> list[StaffSpec]:
    plan = [
        StaffSpec("city", "平台管理岗", Role.PLATFORM_ADMIN, Scope.ALL, 2),
        StaffSpec("city", "督查岗", Role.SUPERVISOR, Scope.SUBTREE, 3),
        StaffSpec("centre", "话务岗", Role.OPERATOR, Scope.ALL, 12),
        StaffSpec("centre", "派单岗", Role.DISPATCHER, Scope.ALL, 6),
        StaffSpec("centre", "系统管理岗", Role.DEPARTMENT_ADMIN, Scope.SUBTREE, 1),
    ]
    for n, (key, _, _) in enumerate(BUREAUS):
        plan.append(StaffSpec(key, "承办岗", Role.HANDLER, Scope.OWN, 2))
        plan.append(StaffSpec(key, "系统管理岗", Role.DEPARTMENT_ADMIN, Scope.SUBTREE, 1))
        if n < 4:  # the busiest bureaus keep their own 督办
            plan.append(StaffSpec(key, "督查岗", Role.SUPERVISOR, Scope.SUBTREE, 1))
    for key, _, _ in ENTERPRISES:
        plan.append(StaffSpec(key, "客服承办岗", Role.HANDLER, Scope.OWN, 2))
        plan.append(StaffSpec(key, "系统管理岗", Role.DEPARTMENT_ADMIN, Scope.SUBTREE, 1))
    for spec in specs:
        if spec.level == Level.DISTRICT:
            # The district admin comes first so the demo login `deptadmin` is a district's.
            plan.append(StaffSpec(spec.key, "系统管理岗", Role.DEPARTMENT_ADMIN, Scope.SUBTREE, 1))
            plan.append(StaffSpec(spec.key, "承办岗", Role.HANDLER, Scope.OWN, 2))
            plan.append(StaffSpec(spec.key, "督查岗", Role.SUPERVISOR, Scope.SUBTREE, 1))
        elif spec.level == Level.STREET:
            plan.append(StaffSpec(spec.key, "承办岗", Role.HANDLER, Scope.OWN, 2))
        elif spec.level == Level.COMMUNITY:
            plan.append(StaffSpec(spec.key, "网格员", Role.HANDLER, Scope.OWN, 1))
    return plan


CITIZENS = 200
ENTERPRISE_ACCOUNTS = 50
