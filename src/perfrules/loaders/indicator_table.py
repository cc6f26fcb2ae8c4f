"""Read an indicator table (一级指标 / 二级指标 / 三级指标 / …) out of a grid.

The header row is found by its labels, columns may come in any order, a second header
row may split 年度指标值 into 指标性质 | 指标值 | 度量单位, and 一级 / 二级 are carried
down over blank or merged cells. Placeholder rows of the official template (``指标2：``,
``……``, ``/ / /``, rows without a name) are skipped with one warning each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal

import attrs

from ..model import Indicator, Locator, TierWeight
from ..taxonomy import normalize_category, normalize_tier
from .grid import Grid, GridCell, norm
from .values import Notes, is_placeholder, parse_amount, parse_target
from .vocabulary import INDICATOR_COLUMNS, OPERATOR_WORDS, TERMINATORS, TOTAL_ROW

__all__ = ["Header", "IndicatorTable", "compose_target_text", "find_header", "read_indicator_table"]

_SUB_HEADER_FIELDS = frozenset({"target_op", "target_unit"})
_SELF_ASSESSMENT_FIELDS = frozenset({"actual", "weight", "claimed", "deviation_reason"})
_CONTENT_FIELDS = (
    "name",
    "description",
    "target",
    "target_op",
    "target_unit",
    "basis",
    "actual",
    "weight",
    "claimed",
    "deviation_reason",
)
_OPERATOR_START = tuple("≥≤<>=＞＜≧≦＝")


@attrs.frozen
class Header:
    """Where the header is (``row``, last header ``end`` row) and field → column."""

    row: int
    end: int
    columns: dict[str, int] = attrs.field(hash=False)

    @property
    def is_self_assessment(self) -> bool:
        return bool(_SELF_ASSESSMENT_FIELDS & self.columns.keys())


@attrs.frozen
class ProjectRows:
    """The indicators of one project (several when the table has a 项目编码 column)."""

    code: str | None
    name: str | None
    indicators: tuple[Indicator, ...]
    tier_weights: tuple[TierWeight, ...]
    locator: Locator | None


@attrs.frozen
class IndicatorTable:
    """What :func:`read_indicator_table` found, and the rows it consumed."""

    groups: tuple[ProjectRows, ...]
    total_weight: Decimal | None
    total_claimed: Decimal | None
    total_locators: dict[str, Locator] = attrs.field(hash=False)
    used_rows: frozenset[int]


def _map_row(grid: Grid, row: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for col, cell in grid.distinct(row):
        field = INDICATOR_COLUMNS.get(norm(cell.text))
        if field is not None and field not in columns:
            columns[field] = col
    return columns


def find_header(grid: Grid, start: int = 0, stop: int | None = None) -> Header | None:
    """The first indicator header in rows ``[start, stop)``: 三级指标 plus two more columns."""
    stop = len(grid) if stop is None else stop
    for row in range(start, stop):
        columns = _map_row(grid, row)
        if "name" not in columns or len(columns.keys() - {"project_code", "project_name"}) < 3:
            continue
        end = row
        sub = _map_row(grid, row + 1)
        if row + 1 < stop and _SUB_HEADER_FIELDS & sub.keys():
            end = row + 1
            for field, col in sub.items():
                here, above = grid.cell(row + 1, col), grid.cell(row, col)
                if here is not None and above is not None and here.origin == above.origin:
                    continue  # a header merged down over both rows, already mapped
                columns = {f: c for f, c in columns.items() if c != col}
                columns[field] = col
        return Header(row, end, columns)
    return None


class _Carry:
    """The 一级 / 二级 in force, carried down over blank cells."""

    def __init__(self) -> None:
        self.tier: tuple[str | None, str | None, Locator | None] = (None, None, None)
        self.category: tuple[str | None, str | None, Locator | None] = (None, None, None)
        self.weights: list[TierWeight] = []
        self._weighted: set[tuple[int, int]] = set()

    def update(self, tier_cell: GridCell | None, category_cell: GridCell | None) -> None:
        if tier_cell is not None and tier_cell.text:
            canonical, weight = normalize_tier(tier_cell.text)
            tier = canonical or tier_cell.text
            if tier != self.tier[0]:
                self.category = (None, None, None)
            self.tier = (tier, tier_cell.text, tier_cell.locator)
            if weight is not None and tier_cell.origin not in self._weighted:
                self._weighted.add(tier_cell.origin)
                self.weights.append(TierWeight(tier, weight, locator=tier_cell.locator))
        if category_cell is not None and category_cell.text:
            text = category_cell.text
            self.category = (normalize_category(text) or text, text, category_cell.locator)


def _text(cells: dict[str, GridCell], field: str) -> str | None:
    cell = cells.get(field)
    return cell.text if cell is not None and cell.text else None


def compose_target_text(cells: dict[str, GridCell]) -> str | None:
    """The 指标值 of a row, put back together when 指标性质 | 指标值 | 度量单位 are split."""
    value = _text(cells, "target")
    if value is None:
        return None
    if "target_op" not in cells and "target_unit" not in cells:
        return value
    op_raw = unicodedata.normalize("NFKC", _text(cells, "target_op") or "").strip()
    op = OPERATOR_WORDS.get(op_raw, op_raw)
    if value.startswith(_OPERATOR_START):
        op = ""
    unit = _text(cells, "target_unit") or ""
    if is_placeholder(unit) or value.endswith(unit):
        unit = ""
    return f"{op}{value}{unit}"


def _is_footer(texts: Iterable[str]) -> bool:
    for text in texts:
        n = unicodedata.normalize("NFKC", text).strip()
        return n.startswith(TERMINATORS) or "绩效自评表" in n or "绩效目标表" in n
    return False


def read_indicator_table(grid: Grid, header: Header, notes: Notes, stop: int) -> IndicatorTable:
    """Read rows after ``header`` up to a totals row, a footer, or row ``stop``."""
    cols = header.columns
    carry = _Carry()
    groups: dict[tuple[str | None, str | None], list[Indicator]] = {}
    group_locators: dict[tuple[str | None, str | None], Locator] = {}
    project_key: tuple[str | None, str | None] = (None, None)
    used = set(range(header.row, header.end + 1))
    pending_empty: list[int] = []
    totals: dict[str, Decimal | None] = {"weight": None, "claimed": None}
    total_locators: dict[str, Locator] = {}

    for row in range(header.end + 1, stop):
        texts = grid.row_texts(row)
        cells = {f: c for f, col in cols.items() if (c := grid.cell(row, col)) is not None}
        if any(norm(t) in TOTAL_ROW for t in texts[:2]):
            used.add(row)
            for field in ("weight", "claimed"):
                cell = cells.get(field)
                if cell is not None:
                    totals[field] = parse_amount(
                        cell.text, cell.locator, f"total {field}", "总分", suffixes=("分",)
                    )
                    total_locators[field] = cell.locator
            break
        if _is_footer(texts):
            break
        content = [f for f in _CONTENT_FIELDS if _text(cells, f)]
        fresh_tier = any(
            (c := cells.get(f)) is not None and c.text and c.origin[0] == row
            for f in ("tier", "category")
        )
        if not content and not fresh_tier:
            if texts:  # only merged-down labels: part of the table, nothing to read
                used.add(row)
            else:
                pending_empty.append(row)
            continue
        used.add(row)
        for empty in pending_empty:
            notes.warn(
                "empty-row",
                "empty row inside the indicator table skipped",
                "指标表中的空行已跳过",
                grid.rows[empty][0].locator if grid.rows[empty] else grid.where,
            )
            used.add(empty)
        pending_empty.clear()
        if "project_code" in cells or "project_name" in cells:
            code, name = _text(cells, "project_code"), _text(cells, "project_name")
            if code or name:
                if (code, name) != project_key:
                    carry = _Carry() if project_key != (None, None) else carry
                project_key = (code, name)
        carry.update(cells.get("tier"), cells.get("category"))
        name_cell = cells.get("name")
        name = _text(cells, "name")
        if name is None or is_placeholder(name):
            where = name_cell.locator if name_cell is not None else grid.rows[row][0].locator
            shown = name or ""
            notes.warn(
                "placeholder-row",
                f"placeholder row skipped (indicator name {shown!r})",
                f"占位行已跳过（三级指标为“{shown}”）",
                where,
            )
            continue
        indicator = _indicator(cells, carry, notes, name)
        groups.setdefault(project_key, []).append(indicator)
        if project_key not in group_locators and indicator.locator is not None:
            group_locators[project_key] = indicator.locator

    return IndicatorTable(
        groups=tuple(
            ProjectRows(
                code,
                name,
                tuple(items),
                tuple(carry.weights) if len(groups) == 1 else (),
                group_locators.get((code, name)),
            )
            for (code, name), items in groups.items()
        ),
        total_weight=totals["weight"],
        total_claimed=totals["claimed"],
        total_locators=total_locators,
        used_rows=frozenset(used),
    )


def _indicator(cells: dict[str, GridCell], carry: _Carry, notes: Notes, name: str) -> Indicator:
    locators: dict[str, Locator | None] = {f: c.locator for f, c in cells.items() if c.text}
    locators["tier"], locators["category"] = carry.tier[2], carry.category[2]
    target_text = compose_target_text(cells)
    if target_text is not None and "target" in cells:
        locators["target"] = cells["target"].locator
    target, error, parser_notes = parse_target(target_text)
    for note in parser_notes:
        notes.warn("target-note", note, note, locators.get("target"))
    weight = claimed = None
    if (cell := cells.get("weight")) is not None:
        weight = parse_amount(
            cell.text, cell.locator, "weight (分值)", "分值", suffixes=("分", "%")
        )
    if (cell := cells.get("claimed")) is not None:
        claimed = parse_amount(cell.text, cell.locator, "score (得分)", "得分", suffixes=("分",))
    name_cell = cells["name"]
    return Indicator(
        name=name,
        tier=carry.tier[0],
        category=carry.category[0],
        description=_text(cells, "description"),
        target_text=target_text,
        target=target,
        target_error=error,
        basis=_text(cells, "basis"),
        actual=_text(cells, "actual"),
        weight=weight,
        claimed=claimed,
        deviation_reason=_text(cells, "deviation_reason"),
        tier_text=carry.tier[1],
        category_text=carry.category[1],
        locator=name_cell.locator,
        locators={k: v for k, v in locators.items() if k not in ("project_code", "project_name")},
    )
