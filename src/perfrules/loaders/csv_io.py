"""CSV files: a self-assessment or target sheet saved as CSV, or a flat indicator table.

Both shapes are read by :mod:`.tables` through a :class:`~.grid.Grid`: a sheet saved as
CSV keeps its label blocks (merged cells become blanks, carried down by the reader); a
flat table is just the indicator header followed by rows, optionally with 项目编码 /
项目名称 columns for several projects. Headers may be the official Chinese ones or the
English aliases of :mod:`.vocabulary`. Encoding: UTF-8 (with or without BOM), else
GBK/GB18030; the delimiter (comma, tab, semicolon) is sniffed.
"""

from __future__ import annotations

import csv
import io

from ..errors import DocumentError
from ..model import Document, Locator
from .assemble import assemble
from .encoding import decode
from .grid import build_grid
from .tables import read_projects
from .values import Notes

__all__ = ["load_csv"]


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        return csv.excel


def load_csv(data: bytes, source: str) -> Document:
    """Load a CSV document."""
    text, _ = decode(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            rows.append(
                [(v, Locator(source, line=line, column=c + 1)) for c, v in enumerate(values)]
            )
    except csv.Error as err:
        raise DocumentError(
            f"malformed CSV: {err}",
            location=f"{source}:{line}",
            code="bad-csv",
            message_zh=f"CSV 格式错误：{err}",
        ) from None
    notes = Notes()
    projects = read_projects(build_grid(rows, Locator(source)), notes)
    if not projects or not any(p.indicators or p.assessment or p.budget for p in projects):
        raise DocumentError(
            "no indicator table found: expected a header row with 一级指标 / 二级指标 / 三级指标 "
            "(or tier / category / name) and 年度指标值 / 实际完成值 / 分值 / 得分",
            location=source,
            code="missing-headers",
            message_zh="未找到指标表：缺少包含 一级指标 / 二级指标 / 三级指标 及 "
            "年度指标值 / 实际完成值 / 分值 / 得分 的表头行",
        )
    return assemble(source, projects, notes)
