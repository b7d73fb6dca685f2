"""The catalogue workbook: export, edit, import back; bad rows are all reported, nothing kept."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from yiwang.catalog.excel.reader import ImportRejected
from yiwang.catalog.excel.writer import export_workbook
from yiwang.catalog.models import ServiceItem
from yiwang.catalog.selectors import items_for_export
from yiwang.catalog.services.imports import catalog_import
from yiwang.catalog.tests.factories import food_item, world

pytestmark = pytest.mark.django_db


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(sheet, header: str) -> int:
    return [c.value for c in sheet[1]].index(header) + 1


def test_export_then_import_is_a_round_trip_and_edits_apply():
    w = world()
    item = food_item(w, code="SC-XK-900")
    data = export_workbook(items_for_export())
    book = _book(data)
    assert book.sheetnames == ["事项", "材料", "特殊环节", "常见问题"]
    assert book["事项"].cell(2, 2).value == "食品经营许可"
    assert book["材料"].max_row == 3 and book["特殊环节"].max_row == 2

    unchanged = catalog_import(actor=w.market_admin, data=data)
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 1)

    items = book["事项"]
    items.cell(2, _column(items, "承诺办结时限（工作日）")).value = 7
    items.append(["SC-XK-901", "食品经营许可延续", "行政许可", item.department.code, "", "市级",
                  "法人", "在用", "", 20, 10, 0, "", "网上办理、窗口办理", 0])  # fmt: skip
    book["材料"].append(["SC-XK-901", "licence", "营业执照", "是", "复印件", 1, "business_licence"])
    result = catalog_import(actor=w.market_admin, data=_save(book))
    assert (result.created, result.updated) == (1, 1)
    item.refresh_from_db()
    assert item.promised_limit_days == 7 and item.version == 2
    assert item.materials.count() == 2  # the lists came back as they were exported
    new = ServiceItem.objects.get(code="SC-XK-901")
    assert new.channels == ["online", "window"] and new.audience == "legal"
    assert new.materials.get().certificate_type == "business_licence"
    assert new.special_steps.count() == 0


def test_every_bad_row_is_reported_and_nothing_is_imported():
    w = world()
    food_item(w, code="SC-XK-900")
    book = _book(export_workbook(items_for_export()))
    items = book["事项"]
    items.cell(2, _column(items, "事项类型")).value = "行政审判"
    items.cell(2, _column(items, "承诺办结时限（工作日）")).value = 99
    items.cell(2, _column(items, "申请表单（JSON Schema）")).value = "{not json"
    items.cell(2, _column(items, "状态")).value = "已取消"
    items.append(["SC-XK-902", "", "行政许可", "NO-SUCH-DEPT", "", "市级", "法人", "", "",
                  "十天", 5])  # fmt: skip
    book["材料"].append(["SC-XK-999", "x", "不在事项表中的材料"])
    book["材料"].append(["SC-XK-900", "licence", "重复编码", "也许"])
    with pytest.raises(ImportRejected) as exc:
        catalog_import(actor=w.market_admin, data=_save(book))
    rows = {(e.sheet, e.row, e.column): str(e.message) for e in exc.value.row_errors}
    assert rows[("事项", 2, "事项类型")] == "事项类型无效"
    assert rows[("事项", 2, "承诺办结时限（工作日）")] == "承诺办结时限不能长于法定办结时限"
    assert rows[("事项", 2, "申请表单（JSON Schema）")] == "不是有效的 JSON"
    assert rows[("事项", 2, "状态")].startswith("导入不改变事项状态")
    assert rows[("事项", 3, "事项名称")] == "请填写事项名称"
    assert rows[("事项", 3, "实施机构编码")].startswith("找不到该实施机构")
    assert "0 到 365" in rows[("事项", 3, "法定办结时限（工作日）")]
    assert rows[("材料", 4, "事项编码")] == "事项编码不在“事项”工作表中"
    assert "重复" in rows[("材料", 5, "材料编码")]
    assert rows[("材料", 5, "是否必需")] == "是否必需应为“是”或“否”"
    assert ServiceItem.objects.count() == 1
    assert "第 3 行" in exc.value.report() and exc.value.extra["rows"]


def test_admins_import_only_into_their_own_departments():
    w = world()
    food_item(w, code="SC-XK-900")
    data = export_workbook(items_for_export())
    with pytest.raises(ImportRejected) as exc:
        catalog_import(actor=w.police_admin, data=data)
    assert str(exc.value.row_errors[0].message) == "无权维护该实施机构的事项"


def test_files_that_are_not_workbooks_are_refused_clearly():
    w = world()
    for data, message in ((b"code,name\n", "请上传 Excel .xlsx 文件"),
                          (b"PK\x03\x04broken", "无法读取 Excel 文件")):  # fmt: skip
        with pytest.raises(ImportRejected) as exc:
            catalog_import(actor=w.market_admin, data=data)
        assert message in str(exc.value.row_errors[0].message)


def test_management_command_round_trip(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    w = world()
    food_item(w, code="SC-XK-900")
    path = tmp_path / "catalog.xlsx"
    call_command("catalog", "export", str(path))
    assert "1 项" in capsys.readouterr().out
    call_command("catalog", "import", str(path))
    assert "未变 1 项" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    book = _book(path.read_bytes())
    book["事项"].cell(2, 2).value = ""
    bad.write_bytes(_save(book))
    with pytest.raises(CommandError) as exc:
        call_command("catalog", "import", str(bad))
    assert exc.value.returncode == 2
    assert "事项 第 2 行 [事项名称]" in capsys.readouterr().err
