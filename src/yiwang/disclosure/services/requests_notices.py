"""Written notices (告知书) of a request as PDF, through ``yiwang.core.pdf``.

Three kinds: the answer (答复告知书, one per outcome with its legal basis), the correction
notice (补正告知书) and the extension notice (延期答复告知书). A notice exists only once its
step has happened; asking for another is ``NotFound``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from yiwang.core.errors import NotFound
from yiwang.core.pdf import PdfDocument
from yiwang.disclosure import outcomes
from yiwang.disclosure.models.requests import DisclosureRequest, ExtensionState

KINDS = ("answer", "correction", "extension")


def available_notices(request: DisclosureRequest) -> list[str]:
    kinds = []
    if request.correction_notice_on:
        kinds.append("correction")
    if request.extension_state == ExtensionState.APPROVED:
        kinds.append("extension")
    if request.outcome:
        kinds.append("answer")
    return kinds


def notice_title(kind: str) -> str:
    return {
        "answer": _("政府信息公开申请答复告知书"),
        "correction": _("政府信息公开申请补正告知书"),
        "extension": _("政府信息公开申请延期答复告知书"),
    }[kind]


def _remedy() -> str:
    return _(
        "如对本告知不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
        "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
    )


def notice_pdf(request: DisclosureRequest, kind: str, *, tracking_url: str = "") -> bytes:
    if kind not in KINDS or kind not in available_notices(request):
        raise NotFound(_("该告知书不存在"))
    department = request.department.name
    doc = PdfDocument(
        title=notice_title(kind),
        subtitle=_("申请编号：{number}").format(number=request.number),
        author=department,
        footer=department,
    )
    doc.paragraph(_("{name}：").format(name=request.name))
    received = request.submitted_on
    intro = _(
        "本机关于{date}收到您（单位）提出的政府信息公开申请，申请获取的信息为：{what}"
    ).format(date=f"{received.year}年{received.month}月{received.day}日", what=request.description)
    doc.paragraph(intro, indent=True)
    if kind == "correction":
        due = request.correction_due_on
        doc.paragraph(
            _(
                "经审查，您的申请内容不明确，根据{law}第三十条的规定，请您对以下事项作出补正："
            ).format(law=outcomes.REGULATION),
            indent=True,
        )
        doc.paragraph(request.correction_items, indent=True)
        doc.paragraph(
            _(
                "请于{date}前补正。答复期限自本机关收到补正的申请之日起计算；"
                "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            ).format(date=f"{due.year}年{due.month}月{due.day}日"),
            indent=True,
        )
        signed = request.correction_notice_on
    elif kind == "extension":
        due = request.due_on
        doc.paragraph(
            _(
                "因{reason}，经本机关政府信息公开工作机构负责人同意，根据{law}第三十三条第二款的"
                "规定，答复期限延长{days}个工作日，本机关将于{date}前作出答复。"
            ).format(
                reason=request.extension_reason.rstrip("。"),
                law=outcomes.REGULATION,
                days=request.extension_days,
                date=f"{due.year}年{due.month}月{due.day}日" if due else "",
            ),
            indent=True,
        )
        signed = request.extension_decided_on
    else:
        doc.key_values(
            [
                (_("办理结果"), outcomes.display(request.outcome)),
                (_("法律依据"), request.legal_basis),
            ]
        )
        doc.paragraph(request.notice_text, indent=True)
        closing = _("根据{basis}的规定，特此告知。").format(basis=request.legal_basis)
        doc.paragraph(closing, indent=True)
        doc.paragraph(_remedy(), indent=True)
        signed = request.decided_on
    doc.signature([department], on=signed)
    if tracking_url:
        doc.qr(tracking_url, caption=_("扫码查询申请办理情况"))
    return doc.to_bytes()
