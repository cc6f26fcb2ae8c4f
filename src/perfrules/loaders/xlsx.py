"""XLSX workbooks: 项目支出绩效自评表 and 绩效目标表, one project per sheet (or stacked).

Each sheet becomes a :class:`~.grid.Grid` (merged ranges filled, cells located as
``file!Sheet!B7``) read by :mod:`.tables`. Numbers keep the precision Excel displays
(``0.9058`` formatted as a percentage reads ``90.58%``). openpyxl is imported lazily: it
is the ``xlsx`` extra. A corrupt, truncated or over-large workbook is a
:class:`~perfrules.errors.DocumentError`, never an openpyxl traceback.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..errors import DocumentError
from ..model import Document, Locator
from .archive import check_zip, corrupt, missing_extra
from .assemble import assemble
from .grid import Grid, build_grid, column_letter
from .tables import read_projects
from .values import Notes

__all__ = ["MAX_CELLS", "cell_text", "load_xlsx"]

MAX_CELLS = 250_000
"""A sheet whose values span more cells than this is refused (``file-too-large``)."""


def load_xlsx(data: bytes, source: str) -> Document:
    """Load every sheet of an XLSX workbook that holds a project table."""
    try:
        import openpyxl
    except ImportError:
        raise missing_extra("xlsx", "openpyxl", source) from None
    check_zip(data, source, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        grids = [_grid(sheet, source) for sheet in workbook.worksheets]
    except DocumentError:
        raise
    except Exception as err:  # openpyxl raises anything at all on a mangled file
        raise corrupt("xlsx", source, f"{type(err).__name__}: {err}") from None

    notes = Notes()
    projects = []
    for grid in grids:
        projects.extend(read_projects(grid, notes))
    if not projects:
        raise DocumentError(
            "no sheet holds a project table (项目名称 / 一级指标 / 二级指标 / 三级指标 headers)",
            location=source,
            code="missing-headers",
            message_zh="没有任何工作表包含项目表"
            "（项目名称 / 一级指标 / 二级指标 / 三级指标 等表头）",
        )
    return assemble(source, projects, notes)


def _grid(sheet: Any, source: str) -> Grid:
    # The sheet's extent is taken from the cells that hold values: max_row / max_column
    # also count merely formatted cells, which real workbooks often have down to row 1048576.
    # openpyxl keeps its cells in the (long-stable) ``_cells`` mapping keyed by (row, col).
    cells = {
        (row - 1, col - 1): cell
        for (row, col), cell in getattr(sheet, "_cells", {}).items()
        if cell.value is not None
    }
    rows_n = max((r for r, _ in cells), default=-1) + 1
    cols_n = max((c for _, c in cells), default=-1) + 1
    if rows_n * cols_n > MAX_CELLS:
        raise DocumentError(
            f"sheet {sheet.title!r} spans {rows_n}×{cols_n} cells, above the limit of {MAX_CELLS}",
            location=f"{source}!{sheet.title}",
            code="file-too-large",
            message_zh=f"工作表“{sheet.title}”共 {rows_n}×{cols_n} 个单元格，超过上限 {MAX_CELLS}",
        )
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(top, min(merged.max_row, rows_n)):
            for c in range(left, min(merged.max_col, cols_n)):
                origin[(r, c)] = (top, left)
    texts = {pos: cell_text(cell.value, cell.number_format) for pos, cell in cells.items()}
    rows = []
    origins = []
    for r in range(rows_n):
        row_cells = []
        row_origins = []
        for c in range(cols_n):
            o = origin.get((r, c), (r, c))
            loc = Locator(source, sheet=sheet.title, cell=f"{column_letter(o[1])}{o[0] + 1}")
            row_cells.append((texts.get(o, ""), loc))
            row_origins.append(o)
        rows.append(row_cells)
        origins.append(row_origins)
    return build_grid(rows, Locator(source, sheet=sheet.title, cell="A1"), origins)


def cell_text(value: object, number_format: str = "General") -> str:
    """The text a reader sees in a cell: exact numbers, ``90.58%`` percentages, 年月日 dates."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(value)
        if "%" in (number_format or ""):
            return f"{_plain(number * 100)}%"
        return _plain(number)
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")
