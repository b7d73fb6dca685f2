# ruff: noqa: E501 — Chinese guide text reads best one element per line
"""企业开办: the five items of company start-up and the bundle that joins them (一件事一次办).

After the name is declared, 市场监管局, 公安局, 税务局 and 人社局 work in parallel on one combined
form (process ``enterprise_startup``); the applicant fills it once and uploads nothing the
platform already holds.
"""

from __future__ import annotations

from yiwang.demo.catalog_items.common import (
    CREDIT_CODE,
    ID_CARD,
    ID_NUMBER,
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
    many,
    material,
)  # fmt: skip

ORG_FORMS = ("有限责任公司", "股份有限公司", "个人独资企业", "合伙企业")
SEAL_KINDS = ("企业法人公章", "财务专用章", "发票专用章", "合同专用章", "法定代表人名章")
INVOICES = ("增值税普通发票（电子）", "增值税专用发票（电子）", "全面数字化电子发票")

NAME = item(
    "SC-QR-001", "企业名称自主申报", "confirmation", "scjgj", audience="legal",
    statutory=1, promised=0, window="市场监管",
    summary="申请人通过名称申报系统自主查询、比对、选取企业名称，系统即时作出是否可用的提示，申报通过后生成名称自主申报告知书。",
    conditions="1. 拟设立企业的投资人或其委托的代理人；\n2. 名称由行政区划、字号、行业或者经营特点、组织形式依次组成；\n3. 不含《企业名称登记管理规定》禁止的内容，不与同一登记机关已登记的同行业企业名称相同。",
    process=["在线填写行政区划、字号、行业表述和组织形式", "系统自动比对禁限用字词和已登记名称", "确认名称并承诺名称真实合法", "生成名称自主申报告知书"],
    basis="《企业名称登记管理规定》（国务院令第734号）第十七条；《企业名称登记管理规定实施办法》（国家市场监督管理总局令第82号）。",
    result="名称自主申报告知书", certificate="name_approval", channels=("online", "mobile"),
    materials=[ID_CARD],
    schema=form(
        "企业名称自主申报",
        ("region", "行政区划", enum("示范市", "示范市明湖区", "示范市云山区", "示范市临江区", "示范市新城区"), True),
        ("trade_name", "字号", {"type": "string", "minLength": 2, "maxLength": 10}, True, "两个以上汉字"),
        ("industry", "行业表述", TEXT, True, "如：信息技术、餐饮管理"),
        ("org_form", "组织形式", enum(*ORG_FORMS), True),
        ("investor_name", "投资人姓名或名称", TEXT, True),
    ),
    questions=faq(
        ("申报的名称保留多久？", "名称自主申报通过后保留 30 天，期间可凭告知书办理设立登记。"),
        ("提示“近似名称”还能用吗？", "系统提示近似但不属于禁止情形的，申请人承诺后可以继续使用，并承担相应法律责任。"),
    ),
)  # fmt: skip

LICENCE_ITEM = item(
    "SC-XK-001", "企业设立登记（营业执照）", "licensing", "scjgj", audience="legal",
    statutory=15, promised=1, window="市场监管",
    summary="在本市设立有限责任公司、股份有限公司等企业，办理设立登记并领取营业执照；全程网办，电子营业执照与纸质执照具有同等法律效力。",
    conditions="1. 已通过企业名称自主申报；\n2. 有符合公司章程规定的全体股东认缴的出资额；\n3. 有公司住所，并有符合要求的法定代表人。",
    process=["申请人在线提交设立登记申请和材料", "登记机关审查材料（同步推送公安、税务、人社部门）", "作出准予登记决定", "核发电子营业执照，可选择免费邮寄纸质执照"],
    basis="《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第十九条。",
    result="营业执照", certificate="business_licence", process_key="", channels=("online", "window", "mail"),
    materials=[
        material("application", "公司登记（备案）申请书", description="系统根据申请信息自动生成，在线签名确认。"),
        material("articles", "公司章程", description="可使用平台提供的章程范本在线生成。"),
        material("name_notice", "名称自主申报告知书", certificate="name_approval"),
        material("investor_id", "股东主体资格证明", shared="居民身份证信息", description="自然人股东经实名认证后共享核验；法人股东提交营业执照。"),
        material("premises", "住所使用证明", accepts="pdf,jpg,png", description="自有房产提供不动产权证书，租赁的提供租赁合同；已纳入不动产登记信息的可共享核验。", shared="不动产登记信息"),
    ],
    schema=form(
        "企业设立登记",
        ("legal_representative", "法定代表人姓名", TEXT, True),
        ("legal_representative_id", "法定代表人身份证号码", ID_NUMBER, True),
        ("registered_capital", "注册资本（万元）", MONEY, True),
        ("address", "住所", TEXT, True),
        ("business_scope", "经营范围", LONG, True),
        ("investor_name", "股东（发起人）", TEXT, True),
    ),
    questions=faq(
        ("可以不去窗口吗？", "可以。全程网上办理，电子营业执照即时下载，纸质执照可免费邮寄。"),
        ("注册资本需要实缴吗？", "按照公司法规定，有限责任公司全体股东认缴的出资额应当按照公司章程的规定自公司成立之日起五年内缴足。"),
    ),
)  # fmt: skip

SEAL = item(
    "GA-BA-001", "公章刻制备案", "other_power", "gaj", audience="legal",
    statutory=1, promised=0, window="公安",
    summary="新设立企业刻制公章后向公安机关备案；企业开办“一件事”中公章刻制费用由政府承担，刻制后免费寄递。",
    conditions="已依法取得营业执照的企业。",
    process=["提交刻章备案信息并选择刻章企业", "公安机关备案", "刻章企业刻制印章", "免费寄递或窗口领取"],
    basis="《印铸刻字业暂行管理规则》；《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）。",
    result="印章备案信息", certificate="seal_record", channels=("online", "window", "mail"),
    fee="0", fee_description="企业开办首套印章（公章、财务专用章、发票专用章）由财政承担，不向企业收费",
    materials=[LICENCE, material("seal_application", "印章刻制备案表", description="系统自动生成。"), ID_CARD],
    schema=form(
        "公章刻制备案",
        ("legal_representative", "法定代表人姓名", TEXT, True),
        ("seal_kinds", "印章种类", many(*SEAL_KINDS), True),
        ("applicant_phone", "联系电话", PHONE, True),
    ),
)  # fmt: skip

TAX = item(
    "SW-QR-001", "涉税信息确认（新办纳税人套餐）", "confirmation", "tax", audience="legal",
    statutory=1, promised=0, window="税务",
    summary="新办企业确认登记信息、财务会计制度、税种认定，并一并办理发票票种核定和首次申领（新办纳税人“套餐式”服务）。",
    conditions="已领取营业执照的新办企业。",
    process=["确认市场监管部门共享的登记信息", "补充财务负责人、会计制度等涉税信息", "核定票种并申领发票", "即时办结"],
    basis="《中华人民共和国税收征收管理法》第十五条；《税务登记管理办法》（国家税务总局令第7号）。",
    result="涉税信息确认结果", certificate="tax_registration", channels=("online", "window"),
    materials=[LICENCE, material("finance_id", "财务负责人身份证件", shared="居民身份证信息")],
    schema=form(
        "新办纳税人涉税信息确认",
        ("legal_representative", "法定代表人姓名", TEXT, True),
        ("finance_contact_name", "财务负责人", TEXT, True),
        ("finance_contact_phone", "财务负责人手机号", PHONE, True),
        ("invoice_types", "申领发票种类", many(*INVOICES), True),
    ),
)  # fmt: skip

SOCIAL = item(
    "RS-QR-001", "单位社会保险登记", "confirmation", "rsj", audience="legal",
    statutory=15, promised=1, window="人社",
    summary="用人单位自成立之日起三十日内申请办理社会保险登记，登记后为职工办理参保。",
    conditions="依法设立的用人单位。",
    process=["提交单位社会保险登记信息", "社保经办机构审核", "生成单位社会保险登记编号", "为职工办理参保"],
    basis="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》。",
    result="社会保险登记信息", certificate="social_insurance",
    materials=[LICENCE, material("bank", "单位银行开户信息", required=False, description="可在开户后补充。")],
    schema=form(
        "单位社会保险登记",
        ("insured_count", "参保职工人数", INT, True),
        ("contact_phone", "单位联系人手机号", PHONE, True),
        ("bank_account", "缴费银行账号", TEXT, False),
    ),
)  # fmt: skip

MEDICAL = item(
    "YB-QR-001", "单位医疗保险参保登记", "confirmation", "ybj", audience="legal",
    statutory=15, promised=1, window="医保",
    summary="用人单位办理职工基本医疗保险和生育保险参保登记。",
    conditions="已办理社会保险登记的用人单位。",
    process=["提交参保登记信息", "医保经办机构审核", "办结并告知参保结果"],
    basis="《中华人民共和国社会保险法》第二十三条；《医疗保障基金使用监督管理条例》。",
    result="医疗保险参保登记信息", materials=[LICENCE],
    schema=form("单位医疗保险参保登记", ("insured_count", "参保职工人数", INT, True),
                ("contact_phone", "单位联系人手机号", PHONE, True)),
)  # fmt: skip

INVOICE = item(
    "SW-XK-002", "增值税专用发票最高开票限额审批", "licensing", "tax", audience="legal",
    statutory=20, promised=5, window="税务",
    summary="纳税人申请增值税专用发票（含税控系统开具）最高开票限额，单份限额十万元及以下的即时办结。",
    conditions="已办理涉税信息确认的增值税一般纳税人或小规模纳税人。",
    process=["提交限额申请", "税务机关审核（必要时实地核查）", "作出准予或不予许可决定"],
    basis="《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件第236项。",
    result="准予税务行政许可决定书", materials=[LICENCE, material("limit_application", "税务行政许可申请表")],
    schema=form("最高开票限额申请", ("taxpayer_code", "纳税人识别号", CREDIT_CODE, True),
                ("limit", "申请最高开票限额", enum("一万元", "十万元", "一百万元"), True)),
    steps=[{"name": "实地核查", "max_days": 5, "counts_toward_limit": True, "description": "申请一百万元限额的，税务机关实地核查经营情况。"}],
)  # fmt: skip

ITEMS = [NAME, LICENCE_ITEM, SEAL, TAX, SOCIAL, MEDICAL, INVOICE]

# the combined form (一表制) of 企业开办: each answer fills every item that needs it
STARTUP_SCHEMA = form(
    "企业开办一件事（一表制）",
    ("region", "行政区划", enum("示范市", "示范市明湖区", "示范市云山区", "示范市临江区", "示范市新城区"), True),
    ("trade_name", "字号", {"type": "string", "minLength": 2, "maxLength": 10}, True),
    ("industry", "行业表述", TEXT, True),
    ("org_form", "组织形式", enum(*ORG_FORMS), True),
    ("investor_name", "股东（投资人）姓名或名称", TEXT, True),
    ("legal_rep_name", "法定代表人姓名", TEXT, True),
    ("legal_rep_id", "法定代表人身份证号码", ID_NUMBER, True),
    ("registered_capital", "注册资本（万元）", MONEY, True),
    ("address", "住所", TEXT, True),
    ("business_scope", "经营范围", LONG, True),
    ("contact_phone", "联系电话", PHONE, True),
    ("seal_kinds", "刻制印章种类", many(*SEAL_KINDS), True),
    ("finance_contact", "财务负责人", TEXT, True),
    ("invoice_types", "申领发票种类", many(*INVOICES), True),
    ("employees", "参保职工人数", INT, True),
    ("bank_account", "缴费银行账号", TEXT, False),
)  # fmt: skip

# item fields whose names differ from the combined form's (the rest share a name)
STARTUP_FIELD_MAP = {
    "SC-XK-001": {"legal_representative": "legal_rep_name", "legal_representative_id": "legal_rep_id"},
    "GA-BA-001": {"legal_representative": "legal_rep_name", "applicant_phone": "contact_phone"},
    "SW-QR-001": {"legal_representative": "legal_rep_name", "finance_contact_name": "finance_contact",
                  "finance_contact_phone": "contact_phone"},
    "RS-QR-001": {"insured_count": "employees"},
}  # fmt: skip

STARTUP_BUNDLE = {
    "code": "YJS-QYKB",
    "name": "企业开办一件事",
    "department": "zwfwj",
    "audience": "legal",
    "description": (
        "一次填报、一窗受理、并联办理：名称自主申报通过后，营业执照、公章刻制、涉税信息确认和"
        "发票申领、单位社保登记由市场监管局、公安局、税务局、人社局同时办理，"
        "1 个工作日内办结，全程免费，可申请帮办代办。"
    ),
    "item_codes": ["SC-QR-001", "SC-XK-001", "GA-BA-001", "SW-QR-001", "RS-QR-001"],
    "form_schema": STARTUP_SCHEMA,
    "field_map": STARTUP_FIELD_MAP,
    "process_key": "enterprise_startup",
    "promised_limit_days": 1,
}
