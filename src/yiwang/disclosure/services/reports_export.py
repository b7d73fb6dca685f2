"""The annual report as DOCX (python-docx) and PDF (``yiwang.core.pdf``); the HTML page uses
the same tables (``report_tables``), so the three faces never disagree."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.core.pdf import PdfDocument, chinese_date
from yiwang.disclosure.models.reports import AnnualReport
from yiwang.disclosure.selectors import reports as selectors


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Any]]
    widths: tuple[float, ...] | None = None


def _fee(value: Any) -> str:
    amount = Decimal(str(value or 0))
    return f"{amount.normalize():f}" if amount else "0"


def active_tables(report: AnnualReport, figures: dict[str, Any]) -> list[Table]:
    active = figures["active"]
    docs = Table(
        [_("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数")],
        [
            [_("规章"), *(active["regulation"][k] for k in ("issued", "repealed", "in_force"))],
            [
                _("行政规范性文件"),
                *(active["normative"][k] for k in ("issued", "repealed", "in_force")),
            ],
        ],
        (58, 36, 36, 36),
    )
    licence = Table(
        [_("信息内容"), _("本年处理决定数量")], [[_("行政许可"), active["license"]]], (58, 108)
    )
    penalty = Table(
        [_("信息内容"), _("本年处理决定数量")],
        [[_("行政处罚"), active["penalty"]], [_("行政强制"), active["enforcement"]]],
        (58, 108),
    )
    fee = Table(
        [_("信息内容"), _("本年收费金额（单位：万元）")],
        [[_("行政事业性收费"), _fee(report.fee_amount)]],
        (58, 108),
    )
    return [docs, licence, penalty, fee]


def request_table(figures: dict[str, Any]) -> Table:
    rows = []
    for kind, label, values in selectors.rows_for(figures):
        cells = [values[c] for c in selectors.COLUMNS] if values else [""] * len(selectors.COLUMNS)
        rows.append([("\u3000" if kind == "sub" else "") + label, *cells])
    corner = _("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    return Table([corner, *selectors.column_labels()], rows, (54, *([16] * 7)))


def review_table(report: AnnualReport) -> Table:
    table = selectors.review_table(report.review_litigation)
    labels = {
        "review": _("行政复议"),
        "litigation_direct": _("行政诉讼（未经复议直接起诉）"),
        "litigation_after_review": _("行政诉讼（复议后起诉）"),
    }
    header = [_("类别"), _("结果维持"), _("结果纠正"), _("其他结果"), _("尚未审结"), _("总计")]
    rows = [
        [labels[block], *(table[block][k] for k in (*selectors.REVIEW_KEYS, "total"))]
        for block in selectors.REVIEW_BLOCKS
    ]
    return Table(header, rows, (56, 22, 22, 22, 22, 22))


def section_titles() -> dict[str, str]:
    return {
        "one": _("一、总体情况"),
        "two": _("二、主动公开政府信息情况"),
        "three": _("三、收到和处理政府信息公开申请情况"),
        "four": _("四、政府信息公开行政复议、行政诉讼情况"),
        "five": _("五、存在的主要问题及改进情况"),
        "six": _("六、其他需要报告的事项"),
    }


def _check_lines(figures: dict[str, Any]) -> list[str]:
    labels = dict(zip(selectors.COLUMNS, selectors.column_labels(), strict=True))
    return [
        _(
            "{column}：新收与上年结转 {received} 件，办理结果与结转下年度 {accounted} 件，不一致"
        ).format(column=labels[c["column"]], received=c["received"], accounted=c["accounted"])
        for c in selectors.failed_checks(figures)
    ]


def _issuer(report: AnnualReport) -> str:
    return report.department.name if report.department else _("全市政府")


def report_pdf(report: AnnualReport) -> bytes:
    figures = selectors.report_figures(report)
    titles = section_titles()
    doc = PdfDocument(title=report.title, author=_issuer(report), footer=report.title)
    doc.heading(titles["one"])
    doc.paragraph(report.overview or _("（未填写）"), indent=True)
    doc.heading(titles["two"])
    for table in active_tables(report, figures):
        doc.table(table.header, table.rows, col_widths=table.widths)
    doc.heading(titles["three"])
    table = request_table(figures)
    doc.table(table.header, table.rows, col_widths=table.widths, font_size=8.5)
    for line in _check_lines(figures):
        doc.paragraph(line)
    doc.heading(titles["four"])
    table = review_table(report)
    doc.table(table.header, table.rows, col_widths=table.widths)
    doc.heading(titles["five"])
    doc.paragraph(report.problems or _("（未填写）"), indent=True)
    doc.heading(titles["six"])
    doc.paragraph(report.other_matters or _("（未填写）"), indent=True)
    signed = timezone.localdate(report.published_at) if report.published_at else None
    doc.signature([_issuer(report)], on=signed)
    return doc.to_bytes()


def report_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    figures = selectors.report_figures(report)
    titles = section_titles()
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = document.add_heading(report.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def paragraphs(text: str) -> None:
        for block in [b.strip() for b in (text or _("（未填写）")).split("\n") if b.strip()]:
            document.add_paragraph(block).paragraph_format.first_line_indent = Pt(24)

    def grid(table: Table) -> None:
        out = document.add_table(rows=1, cols=len(table.header))
        out.style = "Table Grid"
        for cell, text in zip(out.rows[0].cells, table.header, strict=True):
            cell.text = str(text)
        for values in table.rows:
            cells = out.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = str(value)
        document.add_paragraph()

    document.add_heading(titles["one"], level=1)
    paragraphs(report.overview)
    document.add_heading(titles["two"], level=1)
    for table in active_tables(report, figures):
        grid(table)
    document.add_heading(titles["three"], level=1)
    grid(request_table(figures))
    for line in _check_lines(figures):
        document.add_paragraph(line)
    document.add_heading(titles["four"], level=1)
    grid(review_table(report))
    document.add_heading(titles["five"], level=1)
    paragraphs(report.problems)
    document.add_heading(titles["six"], level=1)
    paragraphs(report.other_matters)
    closing = document.add_paragraph(_issuer(report))
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if report.published_at:
        dated = document.add_paragraph(chinese_date(timezone.localdate(report.published_at)))
        dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
