"""The columns of each sheet: header, model field, and how a cell turns into a value."""

from __future__ import annotations

from dataclasses import dataclass

from yiwang.catalog.models import Audience, Channel, ItemLevel, ItemStatus, ItemType

ITEMS, MATERIALS, STEPS, FAQ = "事项", "材料", "特殊环节", "常见问题"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 16


ITEM_COLUMNS = (
    Column("code", "事项编码", 14),
    Column("name", "事项名称", 28),
    Column("item_type", "事项类型", 12),
    Column("department", "实施机构编码", 16),
    Column("department_name", "实施机构", 24),
    Column("level", "行使层级", 10),
    Column("audience", "服务对象", 12),
    Column("status", "状态", 8),
    Column("summary", "事项简介", 30),
    Column("statutory_limit_days", "法定办结时限（工作日）", 12),
    Column("promised_limit_days", "承诺办结时限（工作日）", 12),
    Column("fee", "收费标准（元）", 10),
    Column("fee_description", "收费说明", 20),
    Column("channels", "办理渠道", 20),
    Column("max_visits", "最多到现场次数", 10),
    Column("location", "办理地点", 24),
    Column("office_hours", "办理时间", 24),
    Column("consult_phone", "咨询电话", 14),
    Column("complaint_phone", "监督投诉电话", 14),
    Column("conditions", "申请条件", 40),
    Column("process", "办理流程", 40),
    Column("legal_basis", "设定依据", 40),
    Column("result_name", "办理结果", 16),
    Column("certificate_type", "出具证照类型", 16),
    Column("process_key", "审批流程标识", 16),
    Column("form_schema", "申请表单（JSON Schema）", 40),
)
MATERIAL_COLUMNS = (
    Column("item", "事项编码", 14),
    Column("code", "材料编码", 12),
    Column("name", "材料名称", 30),
    Column("required", "是否必需", 8),
    Column("original", "原件/复印件", 10),
    Column("copies", "份数", 6),
    Column("certificate_type", "可用电子证照", 16),
    Column("shared_data", "可用共享数据", 16),
    Column("accepts", "文件格式", 14),
    Column("description", "填报说明", 40),
)
STEP_COLUMNS = (
    Column("item", "事项编码", 14),
    Column("name", "环节名称", 20),
    Column("counts_toward_limit", "是否计入办结时限", 10),
    Column("max_days", "时限（工作日）", 10),
    Column("description", "说明", 40),
)
FAQ_COLUMNS = (
    Column("item", "事项编码", 14),
    Column("q", "问题", 40),
    Column("a", "解答", 60),
)
SHEETS = {ITEMS: ITEM_COLUMNS, MATERIALS: MATERIAL_COLUMNS, STEPS: STEP_COLUMNS, FAQ: FAQ_COLUMNS}


def labels(enum) -> dict[str, str]:
    """value → Chinese label (always Chinese: the file is a government form)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return {value: str(label) for value, label in enum.choices}


def reverse_labels(enum) -> dict[str, str]:
    """label or value → value, so a file may use either."""
    out = {value: value for value in enum.values}
    out.update({label: value for value, label in labels(enum).items()})
    return out


CHOICES = {
    "item_type": ItemType,
    "level": ItemLevel,
    "audience": Audience,
    "status": ItemStatus,
    "channels": Channel,
}
