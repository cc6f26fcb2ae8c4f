"""The Word-extracted text layout of a 绩效目标表 document (the corpus document's layout).

Word's "save as text" writes each table cell on its own line behind a tab, rows separated
by blank lines, a merged cell as an empty ``\\t`` line, and multi-paragraph cells as
further lines without the tab. Headings keep their TOC field codes
(``一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1``), which are dropped here.

Layout: Part 1 (department goals, duties, measures; see :mod:`.part1`) and Part 2, one
table per project under a heading ``1.镇街纪检组织建设绩效目标表``. Each table becomes a
:class:`~.grid.Grid` whose cells are located by file line, and is read by :mod:`.tables`.
"""

from __future__ import annotations

import re

from ..errors import DocumentError
from ..model import Document, Locator
from .assemble import assemble
from .encoding import decode
from .grid import build_grid
from .part1 import read_part1
from .tables import read_projects
from .values import Notes

__all__ = ["load_text"]

_FIELD_CODE = re.compile(r"\s+(?:TC|TOC|PAGEREF|HYPERLINK)\s.*$")
_PROJECT_HEADING = re.compile(r"^\s*\d+\s*[.、．]\s*\S.*(?:绩效目标表|绩效自评表)\s*$")


def _strip_field_code(line: str) -> str:
    return _FIELD_CODE.sub("", line) if "\\" in line else line


def load_text(data: bytes, source: str) -> Document:
    """Load a Word-extracted text document (UTF-8 or GBK)."""
    text, _ = decode(data, source)
    lines = [
        _strip_field_code(line)
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    notes = Notes()
    # (first line of the table's block, first line of its rows): headings are not rows
    blocks = [
        (i, i + 1)
        for i, line in enumerate(lines)
        if not line.startswith("\t") and _PROJECT_HEADING.match(line)
    ]
    first_tab = next((i for i, line in enumerate(lines) if line.startswith("\t")), None)
    if not blocks and first_tab is not None:
        blocks = [(first_tab, first_tab)]
    part1_end = blocks[0][0] if blocks else len(lines)
    part1_lines = [
        (line.strip(), Locator(source, line=i + 1))
        for i, line in enumerate(lines[:part1_end])
        if line.strip()
    ]
    part1 = read_part1(part1_lines, notes)

    projects = []
    for n, (block, start) in enumerate(blocks):
        stop = blocks[n + 1][0] if n + 1 < len(blocks) else len(lines)
        rows = _rows(lines, start, stop, source, notes)
        grid = build_grid(rows, Locator(source, line=block + 1))
        projects.extend(read_projects(grid, notes))

    if not projects and not part1.duties and part1.summary is None:
        raise DocumentError(
            "no Part 1 and no project table found: not a 绩效目标表 text layout",
            location=source,
            code="unrecognised-layout",
            message_zh="未找到第一部分或项目绩效目标表：不是可识别的绩效目标表文本格式",
        )
    return assemble(source, projects, notes, part1)


def _rows(
    lines: list[str], start: int, stop: int, source: str, notes: Notes
) -> list[list[tuple[str, Locator]]]:
    """Table rows of ``lines[start:stop]``: tab lines are cells, blank lines end rows.

    A line without a tab continues the cell above it; after a blank line it is not part
    of the table (a page number, a stray note) and is reported as ignored.
    """
    rows: list[list[tuple[str, Locator]]] = []
    current: list[tuple[str, Locator]] = []
    after_blank = True
    for i in range(start, stop):
        line = lines[i]
        if line.startswith("\t"):
            current.append((line[1:], Locator(source, line=i + 1)))
            after_blank = False
        elif not line.strip():
            if current:
                rows.append(current)
                current = []
            after_blank = True
        elif current and not after_blank:
            text, loc = current[-1]
            current[-1] = (f"{text}\n{line}", loc)
        else:
            notes.warn(
                "ignored-line",
                f"line outside the table cells, ignored: {line.strip()[:40]!r}",
                f"表格单元格之外的行，已忽略：“{line.strip()[:40]}”",
                Locator(source, line=i + 1),
            )
    if current:
        rows.append(current)
    return rows
