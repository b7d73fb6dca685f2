"""The catalogue as an Excel workbook: sheets 事项, 材料, 特殊环节 and 常见问题.

``export_workbook()`` writes what ``parse_workbook()`` reads back, so a department can export,
edit in a spreadsheet and import again (``yiwang catalog export/import``, workbench page).
"""
