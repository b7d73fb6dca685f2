# ruff: noqa: E501 — Chinese guide text reads best one element per line
"""Licences and registrations for enterprises and organisations: food, construction, transport,
environment, water, roads, advertising, schools, associations, planning, clinics."""

from __future__ import annotations

from yiwang.demo.catalog_items.common import (
    CREDIT_CODE,
    DATE,
    ID_CARD,
    INT,
    LICENCE,
    LONG,
    MONEY,
    PHONE,
    TEXT,
    enum,
    faq,
    form,
    item,
    material,
    step,
)  # fmt: skip


def _company(title: str, *fields: tuple) -> dict:
    """A legal person's application: who applies, then the item's own fields."""
    return form(
        title,
        ("company_name", "申请单位名称", TEXT, True),
        ("credit_code", "统一社会信用代码", CREDIT_CODE, True),
        ("contact_name", "联系人", TEXT, True),
        ("contact_phone", "联系电话", PHONE, True),
        *fields,
    )


SOLE_TRADER = item(
    "SC-XK-004", "个体工商户登记", "licensing", "scjgj", audience="person",
    statutory=15, promised=1, window="市场监管", level="district",
    summary="有经营能力的公民从事工商业经营，申请个体工商户设立登记；名称可以不使用，材料齐全的当场办结。",
    conditions="有经营能力的自然人，有固定的经营场所。",
    process=["在线提交登记申请", "登记机关审查", "核发营业执照"],
    basis="《促进个体工商户发展条例》第八条；《中华人民共和国市场主体登记管理条例》。",
    result="营业执照", certificate="business_licence", channels=("online", "window", "mobile"),
    materials=[ID_CARD, material("premises", "经营场所使用证明", shared="不动产登记信息")],
    schema=form("个体工商户设立登记", ("operator_name", "经营者姓名", TEXT, True), ("shop_name", "个体户名称", TEXT, False),
                ("address", "经营场所", TEXT, True), ("business_scope", "经营范围", LONG, True), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

FOOD = item(
    "SC-XK-002", "食品经营许可", "licensing", "scjgj", audience="legal",
    statutory=20, promised=10, window="市场监管",
    summary="在本市从事食品销售和餐饮服务活动，应当依法取得食品经营许可；仅销售预包装食品的实行备案管理。",
    conditions="1. 具有与经营的食品品种、数量相适应的经营场所；\n2. 具有相应的设备或者设施和食品安全管理人员；\n3. 具有保证食品安全的规章制度和合理的设备布局、工艺流程。",
    process=["提交申请和材料", "受理审查", "现场核查（必要时）", "作出许可决定并发证"],
    basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）。",
    result="食品经营许可证",
    materials=[LICENCE, material("application", "食品经营许可申请书"), material("layout", "经营设施空间布局和操作流程图", accepts="pdf,jpg,png"),
               material("rules", "食品安全自查、从业人员健康管理等制度目录"), material("manager", "食品安全管理人员名单及培训考核证明")],
    steps=[step("现场核查", 5, counts=True, description="对经营场所、设施设备进行现场核查，计入办结时限。")],
    schema=_company("食品经营许可申请", ("address", "经营场所", TEXT, True),
                    ("categories", "经营项目", enum("食品销售", "餐饮服务", "单位食堂"), True), ("area", "经营面积（平方米）", MONEY, True)),
    questions=faq(("网上能办吗？", "可以全程网上申请；需要现场核查的，核查人员会提前电话预约。"), ("许可证有效期多久？", "食品经营许可证有效期为 5 年。")),
)  # fmt: skip

CONSTRUCTION = item(
    "ZJ-XK-001", "建筑工程施工许可", "licensing", "zjj", audience="legal",
    statutory=7, promised=3, window="工程建设",
    summary="工程投资额在 100 万元以上或建筑面积在 500 平方米以上的房屋建筑和市政基础设施工程，开工前申领施工许可证。",
    conditions="1. 已办理用地批准手续和建设工程规划许可证；\n2. 已确定施工企业；\n3. 有满足施工需要的资金安排、施工图纸及技术资料。",
    process=["在工程建设项目审批管理系统提交申请", "住建部门审查", "核发施工许可证（电子证照）"],
    basis="《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）。",
    result="建筑工程施工许可证",
    materials=[LICENCE, material("planning_permit", "建设工程规划许可证", certificate="planning_permit"), material("contract", "施工合同"),
               material("funds", "建设资金已落实承诺书"), material("drawings", "施工图设计文件审查合格书", shared="施工图联审系统")],
    schema=_company("建筑工程施工许可申请", ("project_name", "工程名称", TEXT, True), ("project_address", "建设地址", TEXT, True),
                    ("investment", "合同价格（万元）", MONEY, True), ("floor_area", "建筑面积（平方米）", MONEY, True),
                    ("start_date", "计划开工日期", DATE, True)),
)  # fmt: skip

TRANSPORT = item(
    "JT-XK-001", "道路货物运输经营许可", "licensing", "jtysj", audience="legal",
    statutory=20, promised=5, window="交通运输",
    summary="从事道路普通货物运输经营（使用总质量 4500 千克以下普通货运车辆的除外），申请道路运输经营许可证。",
    conditions="1. 有与其经营业务相适应并经检测合格的车辆；\n2. 有符合规定条件的驾驶人员；\n3. 有健全的安全生产管理制度。",
    process=["提交申请", "审查车辆和驾驶员信息", "作出许可决定", "核发道路运输经营许可证和车辆营运证"],
    basis="《中华人民共和国道路运输条例》第二十一条、第二十四条；《道路货物运输及站场管理规定》。",
    result="道路运输经营许可证",
    materials=[LICENCE, material("vehicles", "拟投入车辆情况及行驶证", shared="机动车登记信息"),
               material("drivers", "驾驶人员从业资格证", shared="从业资格信息"), material("safety", "安全生产管理制度文本")],
    schema=_company("道路货物运输经营申请", ("vehicle_count", "拟投入车辆数", INT, True),
                    ("scope", "经营范围", enum("普通货运", "货物专用运输", "大型物件运输"), True)),
)  # fmt: skip

POLLUTION = item(
    "ST-XK-001", "排污许可", "licensing", "sthjj", audience="legal",
    statutory=20, promised=15, window="生态环境",
    summary="实行排污许可重点管理和简化管理的企业事业单位，在排放污染物前申请取得排污许可证，按证排污。",
    conditions="1. 依法取得建设项目环境影响评价文件审批意见或备案；\n2. 污染物排放符合国家和地方排放标准及总量控制要求；\n3. 有自行监测方案。",
    process=["全国排污许可证管理信息平台填报", "信息公开（不少于 5 日）", "受理审查（重点管理的组织技术评估）", "核发排污许可证"],
    basis="《排污许可管理条例》（国务院令第736号）第七条至第十五条。",
    result="排污许可证",
    materials=[LICENCE, material("eia", "环境影响评价审批文件", certificate="eia_approval"), material("monitoring", "自行监测方案"),
               material("commitment", "守法承诺书", original=True)],
    steps=[step("申请前信息公开", 5, description="在平台公开申请信息，期间不计入时限。"),
           step("技术评估（专家评审）", 20, description="重点管理单位由技术机构组织评估，不计入时限。")],
    schema=_company("排污许可申请", ("facility_address", "生产经营场所地址", TEXT, True),
                    ("management", "管理类别", enum("重点管理", "简化管理"), True), ("industry", "行业类别", TEXT, True)),
)  # fmt: skip

WATER = item(
    "SW-XK-001", "取水许可", "licensing", "swj", audience="legal",
    statutory=45, promised=20, window="水务",
    summary="直接从江河、湖泊或者地下取用水资源的单位和个人，申请领取取水许可证；生活少量取水等情形除外。",
    conditions="1. 取水符合水资源规划和用水总量控制要求；\n2. 已编制建设项目水资源论证报告。",
    process=["提交取水申请", "受理审查", "组织专家评审水资源论证报告", "作出许可决定"],
    basis="《中华人民共和国水法》第四十八条；《取水许可和水资源费征收管理条例》（国务院令第460号）。",
    result="取水许可证（电子证照）",
    fee="0", fee_description="许可本身不收费；取水后按规定缴纳水资源税",
    materials=[LICENCE, material("application", "取水许可申请书"), material("demonstration", "建设项目水资源论证报告书"),
               material("third_party", "与第三者利害关系的相关说明", required=False)],
    steps=[step("专家评审", 20, description="水资源论证报告专家评审，不计入办结时限。"), step("听证", 20, description="涉及重大利害关系的依申请或依职权组织听证，不计入时限。")],
    schema=_company("取水许可申请", ("source", "水源类型", enum("地表水", "地下水"), True),
                    ("annual_volume", "年取水量（万立方米）", MONEY, True), ("purpose", "取水用途", TEXT, True)),
)  # fmt: skip

ROAD_DIG = item(
    "CG-XK-001", "城市道路挖掘许可", "licensing", "cgj", audience="both",
    statutory=20, promised=5, window="城市管理",
    summary="因工程建设需要挖掘城市道路的，持批准文件和有关资料申请挖掘许可，并按规定缴纳道路挖掘修复费。",
    conditions="1. 挖掘理由充分，施工方案可行；\n2. 新建、扩建、改建的城市道路交付使用后 5 年内、大修后 3 年内原则上不得挖掘。",
    process=["提交挖掘申请", "城管部门会同公安交管部门审查", "作出许可决定", "施工并按期恢复路面"],
    basis="《城市道路管理条例》第三十三条。",
    result="城市道路挖掘许可决定书", fee="0", fee_description="许可不收费；道路挖掘修复费按《示范市城市道路挖掘修复费标准》另行缴纳",
    materials=[material("plan", "挖掘施工方案及平面图"), material("traffic", "交通疏解方案"), material("approval", "规划或建设批准文件")],
    schema=_company("城市道路挖掘申请", ("road", "挖掘道路及路段", TEXT, True), ("area", "挖掘面积（平方米）", MONEY, True),
                    ("start_date", "开始日期", DATE, True), ("end_date", "结束日期", DATE, True)),
)  # fmt: skip

ADVERT = item(
    "CG-XK-002", "户外广告设施设置许可", "licensing", "cgj", audience="both",
    statutory=20, promised=5, window="城市管理",
    summary="在城市建筑物、构筑物和公共场地设置户外广告设施的，应当取得设置许可；门头招牌实行告知承诺。",
    conditions="符合示范市户外广告设施设置规划和技术规范，设施安全可靠。",
    process=["提交申请", "审查（大型设施组织专家论证和公示）", "作出许可决定"],
    basis="《中华人民共和国广告法》第四十一条；《城市市容和环境卫生管理条例》第十一条。",
    result="户外广告设施设置许可决定书",
    materials=[LICENCE, material("design", "设施设计效果图和结构图"), material("consent", "场地产权人同意设置证明"),
               material("safety", "大型设施安全检测报告", required=False)],
    steps=[step("公示", 7, description="大型户外广告设施在设置地点公示，不计入办结时限。")],
    schema=_company("户外广告设施设置申请", ("location", "设置地点", TEXT, True), ("size", "设施面积（平方米）", MONEY, True),
                    ("period", "设置期限（月）", INT, True)),
)  # fmt: skip

PRIVATE_SCHOOL = item(
    "JY-XK-001", "民办学校设立审批", "licensing", "jyj", audience="legal",
    statutory=60, promised=30, window="教育",
    summary="举办实施学历教育、学前教育的民办学校，经筹设后申请正式设立，取得办学许可证。",
    conditions="1. 举办者具备法定资格；\n2. 有规范的学校名称、章程和决策机构；\n3. 有符合要求的教师、校舍、设施和办学经费。",
    process=["提交设立申请", "材料审查", "组织专家评审和实地考察", "作出批准决定并颁发办学许可证"],
    basis="《中华人民共和国民办教育促进法》第十二条、第十八条；《中华人民共和国民办教育促进法实施条例》。",
    result="民办学校办学许可证",
    materials=[material("application", "设立申请报告"), material("charter", "学校章程、首届决策机构组成人员名单"),
               material("funding", "办学资金来源和数额证明"), material("campus", "校舍产权或租赁证明", shared="不动产登记信息"),
               material("principal", "拟任校长及教师资格证明")],
    steps=[step("专家评审", 20, description="组织专家对办学条件进行评审，不计入办结时限。"), step("实地考察", 10, counts=True)],
    schema=_company("民办学校设立申请", ("school_name", "拟设学校名称", TEXT, True),
                    ("level", "办学层次", enum("幼儿园", "小学", "初级中学", "高级中学"), True), ("capacity", "计划招生规模（人）", INT, True)),
)  # fmt: skip

ASSOCIATION = item(
    "MZ-XK-002", "社会团体成立登记", "licensing", "mzj", audience="legal",
    statutory=60, promised=20, window="民政",
    summary="成立社会团体，经业务主管单位审查同意（行业协会商会等直接登记）后，向登记管理机关申请成立登记。",
    conditions="1. 有 50 个以上的个人会员或者 30 个以上的单位会员；\n2. 有规范的名称和相应的组织机构、固定的住所；\n3. 有合法的资产和经费来源。",
    process=["提交成立登记申请", "登记管理机关审查", "核准登记并发放社会团体法人登记证书"],
    basis="《社会团体登记管理条例》第十条、第十二条。",
    result="社会团体法人登记证书",
    materials=[material("application", "成立登记申请书"), material("charter", "章程草案"), material("members", "会员名册"),
               material("capital", "验资报告"), material("premises", "住所使用证明", shared="不动产登记信息")],
    steps=[step("公示", 7, description="拟登记事项公示，不计入时限。")],
    schema=_company("社会团体成立登记", ("association_name", "社会团体名称", TEXT, True), ("members", "会员数量", INT, True),
                    ("funds", "活动资金（万元）", MONEY, True)),
)  # fmt: skip

LAND_PLANNING = item(
    "ZR-XK-001", "建设用地规划许可", "licensing", "zrzyj", audience="legal",
    statutory=20, promised=10, window="工程建设",
    summary="以出让方式取得国有土地使用权的建设项目，签订出让合同后申领建设用地规划许可证；与用地批准合并办理。",
    conditions="已签订国有建设用地使用权出让合同，项目已批准、核准或备案。",
    process=["提交申请", "审查规划条件落实情况", "核发建设用地规划许可证"],
    basis="《中华人民共和国城乡规划法》第三十八条；《中华人民共和国土地管理法》。",
    result="建设用地规划许可证", certificate="planning_permit",
    materials=[LICENCE, material("land_contract", "国有建设用地使用权出让合同"), material("project_approval", "项目批准、核准或备案文件", shared="投资项目在线审批监管平台")],
    schema=_company("建设用地规划许可申请", ("project_name", "项目名称", TEXT, True), ("land_area", "用地面积（平方米）", MONEY, True)),
)  # fmt: skip

CLINIC = item(
    "WJ-XK-002", "医疗机构执业登记", "licensing", "wjw", audience="legal",
    statutory=45, promised=20, window="卫健",
    summary="设置诊所、门诊部等医疗机构，执业前申请执业登记，取得医疗机构执业许可证；诊所实行备案管理的除外。",
    conditions="1. 符合医疗机构基本标准；\n2. 有适合的名称、组织机构和场所；\n3. 有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员。",
    process=["提交执业登记申请", "材料审查", "现场审核", "核准登记并发证"],
    basis="《医疗机构管理条例》第十五条至第二十一条。",
    result="医疗机构执业许可证",
    materials=[LICENCE, material("premises", "房屋产权证明或使用证明", shared="不动产登记信息"), material("equipment", "医疗设备清单"),
               material("staff", "卫生技术人员名录及执业证书", shared="医师执业注册信息"), material("rules", "规章制度")],
    steps=[step("现场审核", 10, counts=True, description="卫生健康部门对场所、设备和人员进行现场审核。")],
    schema=_company("医疗机构执业登记", ("clinic_name", "医疗机构名称", TEXT, True),
                    ("kind", "类别", enum("门诊部", "诊所", "医院"), True), ("beds", "床位数", INT, False)),
)  # fmt: skip

ITEMS = [SOLE_TRADER, FOOD, CONSTRUCTION, TRANSPORT, POLLUTION, WATER, ROAD_DIG, ADVERT,
         PRIVATE_SCHOOL, ASSOCIATION, LAND_PLANNING, CLINIC]  # fmt: skip
