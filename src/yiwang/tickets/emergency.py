"""Emergencies belong to 110/119/120/122, not to a 12345 ticket: spot them at intake so the
operator is prompted to transfer the call (and the web form tells the citizen)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Words that suggest a life, fire, crime or road emergency happening now. Deliberately broad:
# a prompt the operator dismisses costs seconds; a missed fire costs more.
EMERGENCY_WORDS: dict[str, tuple[object, tuple[str, ...]]] = {
    "119": (_("火警 119"), ("着火", "起火", "火灾", "失火", "冒烟", "浓烟", "爆炸", "燃气泄漏",
                         "煤气泄漏", "被困")),
    "120": (_("急救 120"), ("受伤", "流血", "昏迷", "晕倒", "休克", "心脏病", "呼吸困难", "中毒",
                         "抽搐", "急救", "不省人事", "摔伤")),
    "110": (_("报警 110"), ("抢劫", "打架", "斗殴", "持刀", "杀人", "绑架", "砍人", "正在偷",
                         "入室盗窃", "家暴", "跳楼", "轻生")),
    "122": (_("交通事故 122"), ("车祸", "交通事故", "撞车", "追尾", "撞人", "肇事逃逸")),
}  # fmt: skip


@dataclass(frozen=True)
class EmergencyHint:
    number: str
    service: object  # lazy label
    words: tuple[str, ...]


def detect_emergency(text: str) -> list[EmergencyHint]:
    text = text or ""
    hints = []
    for number, (label, words) in EMERGENCY_WORDS.items():
        found = tuple(w for w in words if w in text)
        if found:
            hints.append(EmergencyHint(number, label, found))
    return hints
