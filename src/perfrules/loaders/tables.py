"""Read project tables out of a :class:`~.grid.Grid`, finding every block by its label.

One reader serves all formats: the tab-indented tables of Word-extracted text, XLSX
sheets, CSV files and DOCX tables. Blocks are found by their labels, never by position:
项目名称 / 项目编码 / 主管部门 / 实施单位, the target table's 预算数 row and
资金支出计划, the self-assessment's fund block (年初预算数 / 全年预算数 / 全年执行数 …)
and 预期目标 / 实际完成情况, then the indicator table. A grid holding several projects
one under the other is cut where each new 项目名称 begins. Any non-empty row that no block
claimed becomes a warning.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal

import attrs

from ..model import (
    Budget,
    Checkpoint,
    FundRow,
    FundSource,
    Locator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
)
from .grid import Grid, GridCell, norm
from .indicator_table import Header, find_header, read_indicator_table
from .values import Notes, parse_amount, parse_percent
from .vocabulary import FUND_COLUMNS, FUND_NAMES, LABELS

__all__ = ["read_projects", "split_statements"]

_UNIT_LINE = re.compile(r"^\d{6}\D")
_MONEY_UNIT = re.compile(r"(?:单位[:：]\s*|[(（])(万元|千元|亿元|元)")
_YEAR = re.compile(r"(\d{4})\s*年度")
_PREAMBLE = re.compile(
    r"绩效自评表|绩效目标表|^[(（]?\s*\d{4}\s*年度?\s*[)）]?$|^单位[:：]|^\d{6}\D|填报单位"
)
_TITLE = re.compile(r"绩效自评表|绩效目标表|^[(（]?\s*\d{4}\s*年度?\s*[)）]?$|^单位[:：]\s*\S*元$")
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.、．)）](?!\d)\s*")
_INLINE_BREAK = re.compile(r"(?<=[。；;])\s*(?=\d{1,3}\s*[.、．](?!\d))")


def split_statements(text: str, cell: GridCell) -> tuple[Statement, ...]:
    """Numbered sentences of a goal cell (``1.…`` ``2.…``); unnumbered lines stand alone.

    A line without a number continues the numbered sentence before it.
    """
    found: list[tuple[int | None, str, int]] = []
    for offset, line in enumerate(text.split("\n")):
        for part in _INLINE_BREAK.split(line):
            part = part.strip()
            if not part:
                continue
            match = _NUMBERED.match(part)
            if match:
                found.append((int(match.group(1)), part[match.end() :], offset))
            elif found and found[-1][0] is not None:
                number, body, first = found[-1]
                found[-1] = (number, body + part, first)
            else:
                found.append((None, part, offset))
    return tuple(
        Statement(number, body, locator=cell.line_locator(offset)) for number, body, offset in found
    )


def _label_at(grid: Grid, rows: range, key: str) -> tuple[int, int] | None:
    for row in rows:
        for col, cell in grid.distinct(row):
            if LABELS.get(norm(cell.text)) == key:
                return row, col
    return None


def _value_right(grid: Grid, at: tuple[int, int] | None) -> GridCell | None:
    if at is None:
        return None
    found = grid.right_of(*at)
    return found[1] if found is not None and found[1].text else None


class _SegmentReader:
    """Reads one project (or one flat table of projects) from rows ``[start, stop)``."""

    def __init__(self, grid: Grid, start: int, stop: int, notes: Notes) -> None:
        self.grid, self.start, self.stop, self.notes = grid, start, stop, notes
        self.used: set[int] = set()
        self.header: Header | None = find_header(grid, start, stop)
        self.head = range(start, self.header.row if self.header else stop)

    def label(self, key: str) -> tuple[int, int] | None:
        found = _label_at(self.grid, self.head, key)
        if found is not None:
            self.used.add(found[0])
        return found

    def value(self, key: str) -> GridCell | None:
        return _value_right(self.grid, self.label(key))

    def read(self) -> list[Project]:
        g = self.grid
        unit_cell = self._unit_line()
        money_unit = self._money_unit()
        year = self._year()
        name, code = self.value("project_name"), self.value("project_code")
        department, unit = self.value("department"), self.value("unit")
        unit = unit or unit_cell
        assessment = self._fund_block(money_unit, year)
        budget, fund_use = (None, None) if assessment else self._budget(money_unit)
        if assessment is not None and assessment.fund_rows:
            budget = _budget_of(assessment)
        plan = self._spending_plan()
        goals_at = self.label("goals")
        goals: tuple[Statement, ...] = ()
        if goals_at is not None:
            cell = _value_right(g, goals_at) or self._below(goals_at)
            goals = split_statements(cell.text, cell) if cell is not None else ()
        expected, outcome = self._text_of_label("expected"), self._text_of_label("outcome")
        if self.label("overall_goal") is not None and assessment is None:
            assessment = SelfAssessment(year=year, money_unit=money_unit)
        if assessment is not None and (expected or outcome):
            locs = assessment.locators.as_dict()
            locs.update(
                {
                    k: c.locator
                    for k, c in (("expected_goals", expected), ("actual_outcome", outcome))
                    if c
                }
            )
            assessment = attrs.evolve(
                assessment,
                expected_goals=expected.text if expected else None,
                actual_outcome=outcome.text if outcome else None,
                locators=locs,
            )
        self._titles()

        table = None
        if self.header is not None:
            table = read_indicator_table(g, self.header, self.notes, self.stop)
            self.used |= table.used_rows
            if self.header.is_self_assessment and assessment is None:
                assessment = SelfAssessment(year=year, money_unit=money_unit)
            if assessment is not None:
                locs = assessment.locators.as_dict()
                locs.update({f"total_{k}": v for k, v in table.total_locators.items()})
                assessment = attrs.evolve(
                    assessment,
                    total_weight=table.total_weight,
                    total_claimed=table.total_claimed,
                    locators=locs,
                )
        if not any((name, code, self.header, budget, assessment, plan, goals)):
            return []
        self._warn_unused()

        locators = {
            "name": name.locator if name else None,
            "code": code.locator if code else None,
            "unit": unit.locator if unit else None,
            "department": department.locator if department else None,
            "fund_use": fund_use.locator if fund_use else None,
            "goals": goals[0].locator if goals else None,
        }
        start_loc = g.rows[self.start][0].locator if g.rows[self.start] else g.where
        groups = table.groups if table is not None else ()
        if len(groups) <= 1:
            rows = groups[0] if groups else None
            return [
                Project(
                    name=name.text if name else (rows.name if rows else None),
                    code=code.text if code else (rows.code if rows else None),
                    unit=unit.text if unit else None,
                    department=department.text if department else None,
                    budget=budget,
                    fund_use=fund_use.text if fund_use else None,
                    spending_plan=plan,
                    goals=goals,
                    indicators=rows.indicators if rows else (),
                    tier_weights=rows.tier_weights if rows else (),
                    assessment=assessment,
                    locator=start_loc,
                    locators=locators,
                )
            ]
        # a flat table of several projects: the head (if any) is shared, amounts are not
        flat_assessment = (
            SelfAssessment(year=year, money_unit=money_unit)
            if self.header is not None and self.header.is_self_assessment
            else None
        )
        return [
            Project(
                name=rows.name,
                code=rows.code,
                unit=unit.text if unit else None,
                department=department.text if department else None,
                indicators=rows.indicators,
                tier_weights=rows.tier_weights,
                assessment=flat_assessment,
                locator=rows.locator,
            )
            for rows in groups
        ]

    # -- identity -------------------------------------------------------------------------

    def _unit_line(self) -> GridCell | None:
        for row in self.head:
            for _, cell in self.grid.distinct(row):
                if _UNIT_LINE.match(cell.text) and len(cell.text) > 6:
                    self.used.add(row)
                    return cell
        return None

    def _money_unit(self) -> str:
        for row in self.head:
            for _, cell in self.grid.distinct(row):
                match = _MONEY_UNIT.search(unicodedata.normalize("NFKC", cell.text))
                if match and ("单位" in cell.text or "资金" in cell.text):
                    return match.group(1)
        return "万元"

    def _year(self) -> int | None:
        for row in self.head:
            for _, cell in self.grid.distinct(row):
                match = _YEAR.search(unicodedata.normalize("NFKC", cell.text))
                if match:
                    return int(match.group(1))
        return None

    def _titles(self) -> None:
        for row in self.head:
            texts = self.grid.row_texts(row)
            if texts and all(_TITLE.search(unicodedata.normalize("NFKC", t)) for t in texts):
                self.used.add(row)

    def _below(self, at: tuple[int, int]) -> GridCell | None:
        found = self.grid.below(*at)
        if found is None or found[0] >= self.head.stop or not found[1].text:
            return None
        self.used.add(found[0])
        return found[1]

    def _text_of_label(self, key: str) -> GridCell | None:
        """The text a label introduces: to its right, or (when that is a label) below it."""
        at = self.label(key)
        if at is None:
            return None
        right = _value_right(self.grid, at)
        if right is not None and not LABELS.get(norm(right.text)):
            return right
        return self._below(at)

    # -- money ----------------------------------------------------------------------------

    def _budget(self, unit: str) -> tuple[Budget | None, GridCell | None]:
        g = self.grid
        at = self.label("budget_total")
        if at is None:
            return None, self.value("fund_use")
        total_cell = _value_right(g, at)
        total = (
            parse_amount(
                total_cell.text, total_cell.locator, "预算数 (budget)", "预算数", suffixes=(unit,)
            )
            if total_cell
            else None
        )
        sources = []
        for row in (at[0], at[0] + 1):
            if row >= self.head.stop:
                continue
            for col, cell in g.distinct(row):
                fund = FUND_NAMES.get(norm(cell.text))
                if fund is None or fund == "年度资金总额":
                    continue
                self.used.add(row)
                value = _value_right(g, (row, col))
                amount = (
                    parse_amount(
                        value.text, value.locator, f"{fund} amount", fund, suffixes=(unit,)
                    )
                    if value
                    else None
                )
                sources.append(
                    FundSource(
                        _source_name(cell.text),
                        amount,
                        locator=cell.locator,
                        locators={"amount": value.locator if value else None},
                    )
                )
        label = g.cell(*at)
        budget = Budget(
            total,
            tuple(sources),
            unit,
            locator=label.locator if label else None,
            locators={"total": total_cell.locator if total_cell else None},
        )
        return budget, self.value("fund_use") or self._fund_use_below()

    def _fund_use_below(self) -> GridCell | None:
        at = self.label("budget_block")
        if at is None:
            return None
        g = self.grid
        label = g.cell(*at)
        for row in range(at[0] + 1, min(at[0] + 3, self.head.stop)):
            here = g.cell(row, at[1])
            if here is not None and here.text and label is not None and here.origin != label.origin:
                return None
            for col, cell in g.distinct(row):
                if col <= at[1] or not cell.text:
                    continue
                if LABELS.get(norm(cell.text)) or FUND_NAMES.get(norm(cell.text)):
                    break
                self.used.add(row)
                return cell
        return None

    def _fund_block(self, unit: str, year: int | None) -> SelfAssessment | None:
        g = self.grid
        for row in self.head:
            columns = {}
            for col, cell in g.distinct(row):
                field = FUND_COLUMNS.get(norm(cell.text))
                if field is not None and field not in columns:
                    columns[field] = col
            if {"annual_budget", "spent"} <= columns.keys() or (
                len(columns) >= 3 and ("annual_budget" in columns or "spent" in columns)
            ):
                self.used.add(row)
                return self._fund_rows(row, columns, unit, year)
        return None

    def _fund_rows(
        self, header: int, columns: dict[str, int], unit: str, year: int | None
    ) -> SelfAssessment:
        g = self.grid
        first = min(columns.values())
        rows = []
        for row in range(header + 1, self.head.stop):
            label = next(
                (
                    cell
                    for col, cell in g.distinct(row)
                    if col < first and FUND_NAMES.get(norm(cell.text))
                ),
                None,
            )
            if label is None:
                break
            self.used.add(row)
            values: dict[str, Decimal | None] = {}
            locators: dict[str, Locator | None] = {}
            for field, col in columns.items():
                cell = g.cell(row, col)
                if cell is None or not cell.text:
                    values[field] = None
                    continue
                what = f"{field.replace('_', ' ')} of {label.text}"
                if field == "execution_rate":
                    values[field] = parse_percent(
                        cell.text, cell.locator, what, f"{label.text}执行率"
                    )
                else:
                    values[field] = parse_amount(
                        cell.text, cell.locator, what, label.text, suffixes=("分", unit)
                    )
                locators[field] = cell.locator
            rows.append(
                FundRow(
                    FUND_NAMES[norm(label.text)],
                    label.text,
                    locator=label.locator,
                    locators=locators,
                    **values,
                )
            )
        where = g.cell(header, first)
        return SelfAssessment(
            year=year,
            money_unit=unit,
            fund_rows=tuple(rows),
            locator=where.locator if where else None,
        )

    # -- plan -----------------------------------------------------------------------------

    def _spending_plan(self) -> SpendingPlan | None:
        g = self.grid
        at = self.label("spending_plan")
        if at is None:
            return None
        row, col = at
        labels = [(c, cell) for c, cell in g.distinct(row) if c > col and cell.text]
        checkpoints = []
        for c, label in labels:
            value = g.cell(row + 1, c)
            percent = None
            if value is not None and value.text and value.origin != label.origin:
                percent = parse_percent(
                    value.text, value.locator, f"spending at {label.text}", label.text
                )
                self.used.add(row + 1)
            else:
                self.notes.warn(
                    "missing-value",
                    f"no percentage under spending-plan checkpoint {label.text!r}",
                    f"资金支出计划“{label.text}”下缺少百分比",
                    label.locator,
                )
            checkpoints.append(
                Checkpoint(
                    label.text,
                    percent,
                    locator=label.locator,
                    locators={
                        "percent": value.locator
                        if value is not None and percent is not None
                        else None
                    },
                )
            )
        cell = g.cell(row, col)
        return SpendingPlan(tuple(checkpoints), locator=cell.locator if cell else None)

    def _warn_unused(self) -> None:
        for row in range(self.start, self.stop):
            if row in self.used:
                continue
            texts = self.grid.row_texts(row)
            if texts:
                shown = " | ".join(texts)
                if len(shown) > 60:
                    shown = shown[:57] + "…"
                self.notes.warn(
                    "ignored-row",
                    f"row not part of any recognised block, ignored: {shown}",
                    f"该行不属于任何可识别的表格区域，已忽略：{shown}",
                    self.grid.rows[row][0].locator,
                )


def _source_name(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).strip()
    return re.sub(r"^其中[:：]?\s*", "", text)


def _budget_of(assessment: SelfAssessment) -> Budget:
    total = assessment.fund_row("年度资金总额")
    sources = tuple(
        FundSource(
            row.name,
            row.annual_budget,
            locator=row.locator,
            locators={"amount": row.locators.get("annual_budget")},
        )
        for row in assessment.fund_rows
        if row.name != "年度资金总额"
    )
    return Budget(
        total.annual_budget if total else None,
        sources,
        assessment.money_unit,
        locator=total.locator if total else assessment.locator,
        locators={"total": total.locators.get("annual_budget") if total else None},
    )


def _segment_starts(grid: Grid) -> list[int]:
    starts: list[int] = []
    for row in range(len(grid)):
        names = [norm(cell.text) for _, cell in grid.distinct(row)]
        if "项目名称" in names and find_header(grid, row, row + 1) is None:
            start = row
            while start - 1 >= (starts[-1] + 1 if starts else 0):
                texts = grid.row_texts(start - 1)
                if texts and not all(
                    _PREAMBLE.search(unicodedata.normalize("NFKC", t))
                    or LABELS.get(norm(t)) == "project_code"
                    for t in texts
                ):
                    break
                start -= 1
            starts.append(start)
    return starts


def read_projects(grid: Grid, notes: Notes) -> list[Project]:
    """Every project in ``grid``: one per 项目名称 block, or one per 项目编码 of a flat table."""
    if not grid.rows:
        return []
    starts = _segment_starts(grid) or [0]
    starts[0] = 0
    bounds = [*starts, len(grid)]
    projects: list[Project] = []
    for start, stop in itertools.pairwise(bounds):
        found = _SegmentReader(grid, start, stop, notes).read()
        if not found and any(grid.row_texts(r) for r in range(start, stop)):
            where = grid.rows[start][0].locator if grid.rows[start] else grid.where
            notes.warn(
                "ignored-table",
                "no project table recognised here (no 项目名称, budget or indicator header): "
                "ignored",
                "此处未识别出项目表（无项目名称、预算或指标表头），已忽略",
                where,
            )
        projects.extend(found)
    return projects
