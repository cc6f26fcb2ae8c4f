"""A table as every loader sees it: rows of cells, each with its text and locator.

XLSX sheets, DOCX tables, CSV files and the tab-indented tables of Word-extracted text all
become a :class:`Grid`, so that one reader (:mod:`.tables`) finds blocks by their labels
in all of them. A merged cell is filled into every position it covers, all sharing one
``origin``; readers use the origin to tell "the next cell to the right" from "more of
the same merged cell".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

import attrs

from ..model import Locator
from ..taxonomy import canonical_text

__all__ = ["Grid", "GridCell", "column_letter", "norm"]


@attrs.frozen
class GridCell:
    """One cell: stripped ``text``, where it came from, and the origin of its merged range."""

    text: str
    locator: Locator
    origin: tuple[int, int]

    def line_locator(self, offset: int) -> Locator:
        """The locator of line ``offset`` of a multi-line cell (text files only)."""
        loc = self.locator
        if loc.line is None or offset == 0:
            return loc
        return attrs.evolve(loc, line=loc.line + offset, column=None)


@attrs.frozen
class Grid:
    """Rows of cells (rows may differ in length). ``where`` names the grid in messages."""

    rows: tuple[tuple[GridCell, ...], ...]
    where: Locator

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, row: int, col: int) -> GridCell | None:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        found = self.cell(row, col)
        return found.text if found else ""

    def norm(self, row: int, col: int) -> str:
        return norm(self.text(row, col))

    def distinct(self, row: int) -> Iterator[tuple[int, GridCell]]:
        """The cells of ``row``, one per merged range (its first column)."""
        seen: set[tuple[int, int]] = set()
        for col, cell in enumerate(self.rows[row] if 0 <= row < len(self.rows) else ()):
            if cell.origin not in seen:
                seen.add(cell.origin)
                yield col, cell

    def right_of(self, row: int, col: int) -> tuple[int, GridCell] | None:
        """The first cell right of ``(row, col)`` that is not part of the same merged cell."""
        here = self.cell(row, col)
        if here is None:
            return None
        for c in range(col + 1, len(self.rows[row])):
            if self.rows[row][c].origin != here.origin:
                return c, self.rows[row][c]
        return None

    def below(self, row: int, col: int) -> tuple[int, GridCell] | None:
        """The first cell below ``(row, col)`` that is not part of the same merged cell."""
        here = self.cell(row, col)
        if here is None:
            return None
        for r in range(row + 1, len(self.rows)):
            found = self.cell(r, col)
            if found is not None and found.origin != here.origin:
                return r, found
        return None

    def row_is_empty(self, row: int) -> bool:
        return all(not cell.text for cell in self.rows[row])

    def row_texts(self, row: int) -> list[str]:
        return [cell.text for _, cell in self.distinct(row) if cell.text]

    def slice(self, start: int, stop: int) -> Grid:
        return Grid(self.rows[start:stop], self.where)


def build_grid(
    rows: Sequence[Sequence[tuple[str, Locator]]],
    where: Locator,
    origins: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> Grid:
    """A grid from ``(text, locator)`` rows; ``origins`` gives merged ranges (default: none)."""
    built = []
    for r, row in enumerate(rows):
        cells = []
        for c, (text, loc) in enumerate(row):
            origin = origins[r][c] if origins is not None else (r, c)
            cells.append(GridCell(clean(text), loc, origin))
        built.append(tuple(cells))
    return Grid(tuple(built), where)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Cell text without control characters and outer whitespace (line breaks kept inside)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def norm(text: str) -> str:
    """A label for lookups: canonical text, lower-case, no brackets' content or separators.

    ``年度指标值（A）`` → ``年度指标值``, ``权重(%)`` → ``权重``, ``Deviation Reason`` →
    ``deviationreason``.
    """
    text = canonical_text(text).lower()
    text = re.sub(r"\([^)]*\)$", "", text)
    text = text.replace("_", "").replace("-", "")
    return unicodedata.normalize("NFC", text)


def column_letter(col: int) -> str:
    """Spreadsheet column name of 0-based ``col`` (0 → ``A``, 27 → ``AB``)."""
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(ord("A") + rem) + name
    return name
