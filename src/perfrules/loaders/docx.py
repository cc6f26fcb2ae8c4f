"""DOCX documents: Part 1 paragraphs and the project tables (target tables or self-assessments).

The body is walked in order. Paragraphs before the first project title or table are
Part 1 (:mod:`.part1`); paragraphs between tables (titles such as
``项目支出绩效自评表`` / ``（2021年度）``) are put on top of the next table's grid, so the
table reader finds the year and reports anything else it cannot place. Merged cells
(gridSpan, vMerge) are filled as in XLSX; cells are located as ``file#table2!B7``,
paragraphs as ``file#p14``. python-docx is imported lazily: it is the ``docx`` extra.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..errors import DocumentError
from ..model import Document, Locator
from .archive import check_zip, corrupt, missing_extra
from .assemble import assemble
from .grid import Grid, build_grid, column_letter
from .part1 import read_part1
from .tables import read_projects
from .values import Notes

__all__ = ["load_docx"]

_TABLE_TITLE = re.compile(r"绩效目标表|绩效自评表")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def load_docx(data: bytes, source: str) -> Document:
    """Load a DOCX document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise missing_extra("docx", "python-docx", source) from None
    check_zip(data, source, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, Any]] = []
        for element in document.element.body.iterchildren():
            if element.tag == f"{_W}p":
                blocks.append(("p", Paragraph(element, document).text))
            elif element.tag == f"{_W}tbl":
                blocks.append(("t", Table(element, document)))
        notes = Notes()
        part1_lines: list[tuple[str, Locator]] = []
        pending: list[tuple[str, Locator]] = []
        grids: list[Grid] = []
        paragraph = table_no = 0
        in_part1 = True
        for kind, block in blocks:
            if kind == "p":
                paragraph += 1
                text = str(block).strip()
                if not text:
                    continue
                loc = Locator(source, paragraph=paragraph)
                if in_part1 and _TABLE_TITLE.search(text):
                    in_part1 = False
                (part1_lines if in_part1 else pending).append((text, loc))
            else:
                in_part1 = False
                table_no += 1
                grids.append(_grid(block, source, table_no, pending))
                pending = []
    except DocumentError:
        raise
    except Exception as err:  # python-docx / lxml raise anything at all on a mangled file
        raise corrupt("docx", source, f"{type(err).__name__}: {err}") from None

    for text, loc in pending:
        notes.warn(
            "ignored-paragraph",
            f"paragraph after the last table, ignored: {text[:40]}",
            f"最后一个表格之后的段落，已忽略：{text[:40]}",
            loc,
        )
    part1 = read_part1(part1_lines, notes)
    projects = []
    for grid in grids:
        projects.extend(read_projects(grid, notes))
    if not projects and not part1.duties and part1.summary is None:
        raise DocumentError(
            "no project table and no Part 1 found in the document",
            location=source,
            code="missing-headers",
            message_zh="文档中未找到项目表，也未找到第一部分",
        )
    return assemble(source, projects, notes, part1)


def _grid(table: Any, source: str, number: int, titles: list[tuple[str, Locator]]) -> Grid:
    rows: list[list[tuple[str, Locator]]] = [[title] for title in titles]
    origins: list[list[tuple[int, int]]] = [[(r, 0)] for r in range(len(titles))]
    # keyed by the <w:tc> element itself: the dict keeps each proxy alive, so lxml hands
    # back the same object for a cell repeated by gridSpan / vMerge (id() could be reused)
    first_seen: dict[Any, tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        row_cells: list[tuple[str, Locator]] = []
        row_origins: list[tuple[int, int]] = []
        for c, cell in enumerate(row.cells):
            origin = first_seen.setdefault(cell._tc, (r, c))
            loc = Locator(source, table=number, cell=f"{column_letter(origin[1])}{origin[0] + 1}")
            row_cells.append((cell.text, loc))
            row_origins.append((origin[0] + len(titles), origin[1]))
        rows.append(row_cells)
        origins.append(row_origins)
    return build_grid(rows, Locator(source, table=number, cell="A1"), origins)
