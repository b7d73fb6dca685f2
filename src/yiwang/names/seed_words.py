"""The starting list of 禁用字词 and 限用字词, written for this project from the rules of
企业名称登记管理规定 (国务院令第734号, 2020) and its implementation measures. Admins extend
and correct it on the workbench; seeding never overwrites their edits."""

from __future__ import annotations

from yiwang.names.models import WordCategory as C
from yiwang.names.models import WordKind as K

RULES = "《企业名称登记管理规定》第十一条"
NATIONAL_RULE = "《企业名称登记管理规定》第十二条"
FINANCIAL_RULE = "金融管理法律法规：金融业务须经金融管理部门批准"

_NATIONAL = "冠以该字词须报国务院批准；在名称中间使用的，只能作为行业限定语"
_ORGAN = "不得使用或者变相使用党政军机关、群团组织名称及其简称、特定称谓"
_FOREIGN = "不得使用外国国家（地区）、国际组织名称及其通用简称、特定称谓"
_CRIME = "不得含有淫秽、色情、赌博、迷信、恐怖、暴力的内容"
_DIGNITY = "不得损害国家尊严或者利益"
_DISCRIMINATION = "不得含有民族、种族、宗教、性别歧视的内容"
_MORALS = "不得违背公序良俗或者可能有其他不良影响"
_MISLEADING = "不得含有可能使公众受骗或者产生误解的内容"
_FINANCIAL = "名称含有该字词的，须取得金融管理部门的业务许可"

# (word, kind, category, reason, basis)
WORDS: tuple[tuple[str, str, str, str, str], ...] = (
    *((w, K.RESTRICTED, C.NATIONAL, _NATIONAL, NATIONAL_RULE)
      for w in ("中国", "中华", "中央", "全国", "国家")),
    *((w, K.PROHIBITED, C.ORGAN, _ORGAN, RULES)
      for w in ("共产党", "国务院", "人民政府", "政府", "人大", "政协", "法院", "检察院",
                "公安", "纪委", "监委", "解放军", "武警", "部队", "军区", "共青团", "妇联")),
    *((w, K.PROHIBITED, C.FOREIGN, _FOREIGN, RULES)
      for w in ("联合国", "欧盟", "北约", "世贸组织", "红十字")),
    *((w, K.PROHIBITED, C.CRIME, _CRIME, RULES)
      for w in ("黑社会", "赌场", "博彩", "色情", "淫秽", "恐怖", "毒品", "暴力", "算命", "占卜")),
    *((w, K.PROHIBITED, C.DIGNITY, _DIGNITY, RULES) for w in ("汉奸", "卖国", "辱华", "皇军")),
    *((w, K.PROHIBITED, C.DISCRIMINATION, _DISCRIMINATION, RULES) for w in ("蛮夷", "洋鬼子")),
    *((w, K.PROHIBITED, C.MORALS, _MORALS, RULES) for w in ("二奶", "情妇")),
    *((w, K.PROHIBITED, C.MISLEADING, _MISLEADING, RULES)
      for w in ("特供", "专供", "驰名", "国家级")),
    *((w, K.RESTRICTED, C.FINANCIAL, _FINANCIAL, FINANCIAL_RULE)
      for w in ("银行", "保险", "证券", "期货", "基金", "信托", "金融", "理财", "支付",
                "小额贷款", "融资担保", "典当", "交易所", "财富管理")),
)  # fmt: skip
