# ruff: noqa: E501 — Chinese guide text reads best one element per line
"""Items for people: household registration, employment and social security, birth, marriage,
disability benefits; and the 出生一件事 bundle (birth certificate, registering the newborn,
residents' medical insurance)."""

from __future__ import annotations

from yiwang.demo.catalog_items.common import (
    DATE,
    ID_CARD,
    ID_NUMBER,
    INT,
    LONG,
    PHONE,
    TEXT,
    enum,
    faq,
    form,
    item,
    material,
    step,
)  # fmt: skip

DISTRICTS = ("明湖区", "云山区", "临江区", "新城区")

HUKOU_IN = item(
    "GA-QR-002", "户籍迁入（投靠、人才引进）", "confirmation", "gaj", audience="person",
    statutory=20, promised=5, window="公安户政",
    summary="符合本市落户条件的人员（夫妻、父母子女投靠，人才引进，购房）申请将户口迁入本市；跨省迁移实行“一站式”办理，无需回迁出地开具准迁证。",
    conditions="1. 符合示范市户籍准入条件之一；\n2. 在本市有合法稳定住所；\n3. 迁出地户口状态正常。",
    process=["网上或窗口提交申请", "公安派出所受理审核", "市公安局审批", "迁入地直接办理落户，迁出地同步注销"],
    basis="《中华人民共和国户口登记条例》第十条、第十三条；《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）。",
    result="准予迁入，登记常住户口", visits=1,
    materials=[ID_CARD, material("hukou_book", "居民户口簿", original=True), material("relation", "亲属关系或人才认定证明", description="投靠的提供结婚证或出生医学证明，人才引进的提供学历证书或职称证书。"), material("housing", "合法稳定住所证明", shared="不动产登记信息")],
    schema=form("户籍迁入申请", ("applicant_name", "申请人姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("category", "迁入类别", enum("夫妻投靠", "父母投靠子女", "子女投靠父母", "人才引进", "购房落户"), True),
                ("address", "迁入地址", TEXT, True), ("phone", "联系电话", PHONE, True)),
    questions=faq(("跨省迁入还要回老家开准迁证吗？", "不需要。本市实行跨省户口迁移“一站式”办理，迁入地审批后由系统通知迁出地办理迁出。")),
)  # fmt: skip

RESIDENCE = item(
    "GA-GG-003", "居住证申领", "public_service", "gaj", audience="person",
    statutory=15, promised=10, window="公安户政",
    summary="离开常住户口所在地到本市居住半年以上，有合法稳定就业、住所或连续就读之一的，可申领居住证，享受本市基本公共服务和便利。",
    conditions="在本市居住半年以上，且符合合法稳定就业、合法稳定住所、连续就读条件之一。",
    process=["办理居住登记满半年后在线申领", "社区警务室或派出所受理", "公安机关制证", "本人领取或邮寄"],
    basis="《居住证暂行条例》（国务院令第663号）第二条、第九条、第十条。",
    result="示范市居住证", channels=("online", "window", "mail"), visits=1,
    materials=[ID_CARD, material("photo", "本人近期免冠彩色照片", accepts="jpg,png"), material("proof", "就业、住所或就读证明之一")],
    schema=form("居住证申领", ("applicant_name", "姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("address", "本市居住地址", TEXT, True), ("reason", "申领依据", enum("合法稳定就业", "合法稳定住所", "连续就读"), True),
                ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

FLEX = item(
    "RS-GG-001", "灵活就业人员就业登记", "public_service", "rsj", audience="person",
    statutory=5, promised=1, window="人社",
    summary="以个体经营、非全日制、新就业形态等方式灵活就业的人员办理就业登记，作为享受社保补贴等政策的依据。",
    conditions="法定劳动年龄内、在本市灵活就业的人员。",
    process=["在线填写就业登记信息", "人社部门审核", "登记办结"],
    basis="《就业服务与就业管理规定》（劳动和社会保障部令第28号）第六十二条。",
    result="就业登记信息", channels=("online", "mobile", "window"), materials=[ID_CARD],
    schema=form("灵活就业登记", ("applicant_name", "姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("work_type", "就业形式", enum("个体经营", "非全日制就业", "新就业形态（平台就业）", "其他灵活就业"), True),
                ("start_date", "就业开始日期", DATE, True), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

UNEMPLOYMENT = item(
    "RS-JF-001", "失业保险金申领", "payment", "rsj", audience="person",
    statutory=10, promised=3, window="人社",
    summary="参加失业保险、非因本人意愿中断就业且有求职要求的失业人员，可申领失业保险金，同时享受医疗保险待遇。",
    conditions="1. 失业前用人单位和本人已缴纳失业保险费满一年；\n2. 非因本人意愿中断就业；\n3. 已办理失业登记并有求职要求。",
    process=["在线申领（无需提供解除劳动合同证明，系统共享核验）", "经办机构审核", "按月发放至本人社保卡银行账户"],
    basis="《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条。",
    result="失业保险金按月发放", certificate="", channels=("online", "mobile", "window"),
    materials=[ID_CARD, material("termination", "解除或终止劳动关系证明", required=False, shared="用人单位参保变更信息", description="单位已办理减员的由系统共享核验。")],
    schema=form("失业保险金申领", ("applicant_name", "姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("last_employer", "原工作单位", TEXT, True), ("leave_date", "离职日期", DATE, True),
                ("bank_card", "社保卡金融账户", TEXT, True), ("phone", "联系电话", PHONE, True)),
    questions=faq(("能领多久？", "累计缴费满 1 年不足 5 年的，最长 12 个月；满 5 年不足 10 年的，最长 18 个月；10 年以上的，最长 24 个月。")),
)  # fmt: skip

MATERNITY = item(
    "YB-JF-001", "生育津贴申领", "payment", "ybj", audience="person",
    statutory=20, promised=10, window="医保",
    summary="参加生育保险的职工生育或实施计划生育手术后，按规定享受生育津贴；本市实行生育津贴直接发放至个人账户。",
    conditions="生育时用人单位已为其连续足额缴纳生育保险费。",
    process=["在线提交申请", "医保经办机构核定津贴天数和标准", "津贴发放至本人银行账户"],
    basis="《中华人民共和国社会保险法》第五十四条、第五十六条；《女职工劳动保护特别规定》第七条。",
    result="生育津贴核定发放", channels=("online", "mobile", "window"),
    materials=[ID_CARD, material("birth_cert", "出生医学证明", certificate="birth_certificate", description="本平台签发的出生医学证明自动调取。")],
    schema=form("生育津贴申领", ("applicant_name", "姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("birth_date", "分娩日期", DATE, True), ("birth_kind", "生育情况", enum("顺产", "剖宫产", "多胞胎生育", "流产"), True),
                ("bank_card", "收款银行账户", TEXT, True)),
)  # fmt: skip

PENSION_TRANSFER = item(
    "RS-GG-002", "职工基本养老保险关系转移接续", "public_service", "rsj", audience="person",
    statutory=30, promised=15, window="人社",
    summary="参保人员跨省、跨市流动就业的，基本养老保险关系随同转移，缴费年限累计计算；可通过国家社会保险公共服务平台在线申请。",
    conditions="已在原参保地参加职工基本养老保险，并在本市就业参保。",
    process=["向新参保地（本市）提出转入申请", "本市经办机构向转出地发出联系函", "转出地转移基金和参保信息", "本市接续并告知结果"],
    basis="《中华人民共和国社会保险法》第十九条；《城镇企业职工基本养老保险关系转移接续暂行办法》（国办发〔2009〕66号）。",
    result="养老保险关系转入", materials=[ID_CARD],
    steps=[step("转出地办理转出手续", 15, description="转出地经办机构审核、转移基金的时间不计入本市时限。")],
    schema=form("养老保险关系转入申请", ("applicant_name", "姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("from_region", "转出地", TEXT, True), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

BIRTH_CERT = item(
    "WJ-GG-001", "出生医学证明签发", "public_service", "wjw", audience="person",
    statutory=5, promised=1, window="卫健",
    summary="在本市助产机构出生的新生儿，由助产机构签发出生医学证明（电子证照同步生成），作为办理户口登记、医保参保的依据。",
    conditions="新生儿在本市具有助产技术服务资质的医疗机构出生。",
    process=["父母在线填报新生儿及父母信息", "助产机构核对出生信息", "签发出生医学证明（电子版即时生成）"],
    basis="《中华人民共和国母婴保健法》第二十三条；《国家卫生健康委关于做好出生医学证明管理工作的通知》。",
    result="出生医学证明", certificate="birth_certificate", channels=("online", "window"),
    materials=[ID_CARD, material("parent_id", "父亲（或母亲）居民身份证", shared="居民身份证信息"), material("marriage", "结婚证", required=False, shared="婚姻登记信息")],
    schema=form("出生医学证明申请", ("baby_name", "新生儿姓名", TEXT, True), ("baby_sex", "新生儿性别", enum("男", "女"), True),
                ("birth_date", "出生日期", DATE, True), ("hospital", "出生医院", TEXT, True),
                ("mother_name", "母亲姓名", TEXT, True), ("mother_id", "母亲公民身份号码", ID_NUMBER, True),
                ("father_name", "父亲姓名", TEXT, False), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

NEWBORN = item(
    "GA-QR-004", "新生儿入户登记", "confirmation", "gaj", audience="person",
    statutory=5, promised=1, window="公安户政",
    summary="新生儿随父亲或母亲在本市登记常住户口，凭电子出生医学证明网上办理，户口簿可邮寄。",
    conditions="新生儿父亲或母亲为本市常住户口。",
    process=["在线提交入户申请", "派出所审核", "登记户口并邮寄户口簿"],
    basis="《中华人民共和国户口登记条例》第七条。",
    result="常住户口登记", channels=("online", "window", "mail"),
    materials=[material("birth_cert", "出生医学证明", certificate="birth_certificate"), material("hukou_book", "父（母）居民户口簿", original=True)],
    schema=form("新生儿入户登记", ("baby_name", "新生儿姓名", TEXT, True), ("baby_sex", "新生儿性别", enum("男", "女"), True),
                ("birth_date", "出生日期", DATE, True), ("guardian_name", "随迁父（母）姓名", TEXT, True),
                ("guardian_id", "随迁父（母）公民身份号码", ID_NUMBER, True), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

RESIDENT_MEDICAL = item(
    "YB-QR-002", "城乡居民基本医疗保险参保登记", "confirmation", "ybj", audience="person",
    statutory=5, promised=1, window="医保",
    summary="未参加职工医保的城乡居民（含新生儿、学生、灵活就业以外人员）办理居民医保参保登记，新生儿出生当年参保即享待遇。",
    conditions="本市户籍或持有本市居住证，且未参加职工基本医疗保险。",
    process=["在线提交参保登记", "医保经办机构核验身份和参保状态", "办结，缴费后享受待遇"],
    basis="《中华人民共和国社会保险法》第二十五条；《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）。",
    result="居民医保参保登记", channels=("online", "mobile", "window"), materials=[ID_CARD],
    schema=form("居民医保参保登记", ("insured_name", "参保人姓名", TEXT, True), ("insured_birth_date", "出生日期", DATE, True),
                ("guardian_name", "监护人姓名", TEXT, False), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

MARRIAGE = item(
    "MZ-GG-001", "婚姻登记预约", "public_service", "mzj", audience="person",
    statutory=0, promised=0, window="婚姻登记",
    summary="办理结婚登记、离婚登记前在线预约登记日期和时段；本市实行婚姻登记“全省通办”，一方户籍在本省即可在本市办理。",
    conditions="男女双方符合《民法典》规定的结婚（离婚）条件。",
    process=["选择登记类型、登记机关和日期时段", "填写双方信息", "预约成功，按时到婚姻登记处办理"],
    basis="《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》（国务院令第387号）。",
    result="预约凭证", channels=("online", "mobile"), visits=1, materials=[ID_CARD],
    schema=form("婚姻登记预约", ("kind", "登记类型", enum("结婚登记", "离婚登记", "补领婚姻登记证"), True),
                ("district", "登记机关", enum(*DISTRICTS), True), ("date", "预约日期", DATE, True),
                ("party_a", "男方姓名", TEXT, True), ("party_b", "女方姓名", TEXT, True), ("phone", "联系电话", PHONE, True)),
    questions=faq(("520、七夕可以预约吗？", "可以。特殊日期婚姻登记处延长服务时间，名额以系统显示为准。")),
)  # fmt: skip

DISABILITY = item(
    "MZ-JF-001", "残疾人两项补贴（生活补贴、护理补贴）", "payment", "mzj", audience="person",
    statutory=20, promised=15, window="民政",
    summary="困难残疾人生活补贴和重度残疾人护理补贴，在线申请、街道初审、区县审核、按月发放，全程网办。",
    conditions="1. 持有第二代残疾人证；\n2. 生活补贴：低保家庭中的残疾人；护理补贴：残疾等级为一、二级且需长期照护的残疾人。",
    process=["本人或委托代理人在线申请", "街道（乡镇）受理初审", "区县残联、民政部门审核", "按月发放至本人社保卡"],
    basis="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）。",
    result="补贴核定发放", level="district", channels=("online", "window"),
    materials=[ID_CARD, material("disability_card", "中华人民共和国残疾人证", shared="残疾人证信息"), material("bank", "社保卡或银行账户信息")],
    steps=[step("入户核查", 5, counts=True, description="街道工作人员入户了解实际生活和照护情况。")],
    schema=form("残疾人两项补贴申请", ("applicant_name", "申请人姓名", TEXT, True), ("applicant_id", "公民身份号码", ID_NUMBER, True),
                ("subsidy", "申请补贴", enum("困难残疾人生活补贴", "重度残疾人护理补贴", "两项均申请"), True),
                ("street", "所在街道", TEXT, True), ("phone", "联系电话", PHONE, True),
                ("notes", "家庭情况说明", LONG, False)),
)  # fmt: skip

MEDICAL_REMOTE = item(
    "YB-GG-003", "异地就医备案", "public_service", "ybj", audience="person",
    statutory=5, promised=0, window="医保",
    summary="参保人员异地长期居住、临时外出就医的，办理备案后在就医地直接结算医疗费用；可在国家医保服务平台 App 自助办理。",
    conditions="本市基本医疗保险参保人员。",
    process=["在线填报备案信息", "系统即时审核", "备案成功后就医地直接结算"],
    basis="《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）。",
    result="异地就医备案", channels=("online", "mobile", "window"), materials=[ID_CARD],
    schema=form("异地就医备案", ("insured_name", "参保人姓名", TEXT, True), ("kind", "备案类型", enum("异地长期居住", "临时外出就医", "异地转诊"), True),
                ("place", "就医地", TEXT, True), ("start_date", "备案开始日期", DATE, True), ("phone", "联系电话", PHONE, True)),
)  # fmt: skip

ITEMS = [HUKOU_IN, RESIDENCE, FLEX, UNEMPLOYMENT, MATERNITY, PENSION_TRANSFER, BIRTH_CERT,
         NEWBORN, RESIDENT_MEDICAL, MARRIAGE, DISABILITY, MEDICAL_REMOTE]  # fmt: skip

BIRTH_SCHEMA = form(
    "出生一件事（一表制）",
    ("baby_name", "新生儿姓名", TEXT, True),
    ("baby_sex", "新生儿性别", enum("男", "女"), True),
    ("birth_date", "出生日期", DATE, True),
    ("hospital", "出生医院", TEXT, True),
    ("mother_name", "母亲姓名", TEXT, True),
    ("mother_id", "母亲公民身份号码", ID_NUMBER, True),
    ("father_name", "父亲姓名", TEXT, False),
    ("guardian_name", "随迁父（母）姓名", TEXT, True),
    ("guardian_id", "随迁父（母）公民身份号码", ID_NUMBER, True),
    ("phone", "联系电话", PHONE, True),
    ("household_size", "户内人口数", INT, False),
)  # fmt: skip

BIRTH_BUNDLE = {
    "code": "YJS-CS",
    "name": "出生一件事",
    "department": "wjw",
    "audience": "person",
    "description": "新生儿出生后，一次填报即可办理出生医学证明、户口登记和城乡居民医保参保，证件邮寄到家。",
    "item_codes": ["WJ-GG-001", "GA-QR-004", "YB-QR-002"],
    "form_schema": BIRTH_SCHEMA,
    "field_map": {"YB-QR-002": {"insured_name": "baby_name", "insured_birth_date": "birth_date"}},
    "process_key": "",
    "promised_limit_days": 3,
}
