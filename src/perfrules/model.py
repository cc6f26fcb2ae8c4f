"""The document model: what a 绩效目标表 or 绩效自评表 says, and where it says it.

Every object is a frozen attrs class. Amounts, percentages, weights and scores are exact
:class:`~decimal.Decimal` values, kept in the unit the document writes them in (the
budget's ``unit``, usually 万元; percentages as percent numbers, ``25.00`` for 25%).

Each object carries ``locator`` (where it starts) and ``locators`` (one
:class:`Locator` per field that came from the source), so that a finding about, say, an
indicator's weight points at the very cell or line it was read from. Locators,
warnings and the source path are kept out of equality: the same table loaded from XLSX,
CSV or DOCX compares equal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import StrEnum

import attrs

from .ast import Node

__all__ = [
    "Budget",
    "Checkpoint",
    "Document",
    "DocumentKind",
    "DocumentWarning",
    "Duty",
    "FieldLocators",
    "FundRow",
    "FundSource",
    "Indicator",
    "Locator",
    "Project",
    "SelfAssessment",
    "SpendingPlan",
    "Statement",
    "TargetError",
    "TierWeight",
]


@attrs.frozen
class Locator:
    """Where a value was read: a file plus a line, a sheet cell, a DOCX table cell or paragraph.

    Printed forms: ``file:12`` (text, CSV; ``file:12:3`` with a column), ``file!Sheet1!B7``
    (XLSX), ``file#table2!B7`` (DOCX table cell), ``file#p14`` (DOCX paragraph), ``file``.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    table: int | None = None
    cell: str | None = None
    paragraph: int | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            head = self.file
            if self.sheet is not None:
                head += f"!{self.sheet}"
            if self.table is not None:
                head += f"#table{self.table}"
            return f"{head}!{self.cell}"
        if self.paragraph is not None:
            return f"{self.file}#p{self.paragraph}"
        if self.line is not None:
            tail = f":{self.column}" if self.column is not None else ""
            return f"{self.file}:{self.line}{tail}"
        return self.file


@attrs.frozen
class FieldLocators:
    """An immutable, hashable mapping of field name → :class:`Locator`."""

    pairs: tuple[tuple[str, Locator], ...] = ()

    @classmethod
    def of(cls, mapping: Mapping[str, Locator | None] | FieldLocators) -> FieldLocators:
        """Build from a mapping, dropping ``None`` values."""
        if isinstance(mapping, FieldLocators):
            return mapping
        return cls(tuple((k, v) for k, v in mapping.items() if v is not None))

    def get(self, name: str) -> Locator | None:
        for key, value in self.pairs:
            if key == name:
                return value
        return None

    def __getitem__(self, name: str) -> Locator:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self.pairs)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def as_dict(self) -> dict[str, Locator]:
        return dict(self.pairs)


def _to_locators(value: Mapping[str, Locator | None] | FieldLocators) -> FieldLocators:
    return FieldLocators.of(value)


@attrs.frozen
class _Located:
    """Base of model objects: ``locator`` (the object) and ``locators`` (its fields)."""

    locator: Locator | None = attrs.field(default=None, eq=False, kw_only=True, repr=False)
    locators: FieldLocators = attrs.field(
        factory=FieldLocators, converter=_to_locators, eq=False, kw_only=True, repr=False
    )

    def locate(self, name: str | None = None) -> Locator | None:
        """The locator of field ``name``, falling back to the object's own locator."""
        if name is not None:
            found = self.locators.get(name)
            if found is not None:
                return found
        return self.locator


class DocumentKind(StrEnum):
    """What a document is: a target table filed with a budget or a year-end self-assessment."""

    TARGET_TABLE = "target-table"
    SELF_ASSESSMENT = "self-assessment"


@attrs.frozen
class DocumentWarning:
    """Something the loader skipped or could not fully understand; nothing is dropped silently."""

    code: str
    message: str
    message_zh: str
    locator: Locator | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        where = f"{self.locator}: " if self.locator is not None else ""
        return f"{where}[{self.code}] {self.message}"


@attrs.frozen
class Statement(_Located):
    """A numbered sentence: a project goal (``1.为进一步…``), a 一是… goal, a （一）… measure.

    ``text`` is the sentence without its numbering; ``number`` the number (``None`` if the
    document did not number it).
    """

    number: int | None
    text: str


@attrs.frozen
class Duty(_Located):
    """A department duty of Part 1 (职责名称 / 职责描述 / 绩效目标 / 绩效指标 / 绩效描述)."""

    number: int | None
    name: str
    description: str | None = None
    goal: str | None = None
    indicator: str | None = None
    performance_description: str | None = None


@attrs.frozen
class FundSource(_Located):
    """One source of a budget: 财政资金, 其他资金, 上年结转资金 … (amount in the budget's unit)."""

    name: str
    amount: Decimal | None


@attrs.frozen
class Budget(_Located):
    """预算数 and its sources (预算数 = 财政资金 + 其他资金 in a well-formed table)."""

    total: Decimal | None
    sources: tuple[FundSource, ...] = ()
    unit: str = "万元"

    def sources_total(self) -> Decimal:
        """The sum of the sources' amounts (missing amounts count as zero)."""
        return sum((s.amount for s in self.sources if s.amount is not None), Decimal(0))


@attrs.frozen
class Checkpoint(_Located):
    """A point of the spending plan: ``label`` as written (``3月底``), cumulative ``percent``."""

    label: str
    percent: Decimal | None


@attrs.frozen
class SpendingPlan(_Located):
    """资金支出计划: cumulative percentages at checkpoints, in document order."""

    checkpoints: tuple[Checkpoint, ...] = ()


@attrs.frozen
class TargetError:
    """Why a target text could not be parsed (the :class:`IndicatorSyntaxError` as data)."""

    code: str
    message: str
    message_zh: str
    column: int | None = None


@attrs.frozen
class Indicator(_Located):
    """One row of an indicator table.

    ``tier`` and ``category`` are canonical taxonomy names when known (else the text as
    written); ``tier_text`` / ``category_text`` keep what the cell said (for a carried-down
    value: the cell it was carried from) and, being spelling, are kept out of equality.
    ``target`` is the parsed ``target_text``, or ``None`` with ``target_error`` set when it
    could not be parsed. The self-assessment fields (``actual``, ``weight``, ``claimed``,
    ``deviation_reason``) are ``None`` in a target table.
    """

    name: str
    tier: str | None = None
    category: str | None = None
    description: str | None = None
    target_text: str | None = None
    target: Node | None = None
    target_error: TargetError | None = None
    basis: str | None = None
    actual: str | None = None
    weight: Decimal | None = None
    claimed: Decimal | None = None
    deviation_reason: str | None = None
    tier_text: str | None = attrs.field(default=None, eq=False)
    category_text: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class TierWeight(_Located):
    """A weight written in a tier cell (``产出指标（70分）``)."""

    tier: str
    weight: Decimal


@attrs.frozen
class FundRow(_Located):
    """A fund line of a self-assessment (年度资金总额, 财政拨款, 上年结转, 其他资金).

    ``name`` is canonical, ``label`` as written (spelling: kept out of equality). Amounts
    are in the assessment's ``money_unit``; ``execution_rate`` is the percent number the
    document states (90.58 for 90.58%); ``weight`` and ``claimed`` are the 分值 and 得分 of
    the execution line.
    """

    name: str
    label: str = attrs.field(eq=False)
    initial_budget: Decimal | None = None
    annual_budget: Decimal | None = None
    spent: Decimal | None = None
    weight: Decimal | None = None
    execution_rate: Decimal | None = None
    claimed: Decimal | None = None


@attrs.frozen
class SelfAssessment(_Located):
    """The self-assessment part of a project: fund rows, goals vs outcome, the totals row."""

    year: int | None = None
    money_unit: str = "万元"
    fund_rows: tuple[FundRow, ...] = ()
    expected_goals: str | None = None
    actual_outcome: str | None = None
    total_weight: Decimal | None = None
    total_claimed: Decimal | None = None

    def fund_row(self, name: str) -> FundRow | None:
        """The fund row with canonical ``name`` (``年度资金总额`` …), if present."""
        return next((row for row in self.fund_rows if row.name == name), None)

    @property
    def budget(self) -> Decimal | None:
        """全年预算数 of the 年度资金总额 row."""
        total = self.fund_row("年度资金总额")
        return total.annual_budget if total else None

    @property
    def spent(self) -> Decimal | None:
        """全年执行数 of the 年度资金总额 row."""
        total = self.fund_row("年度资金总额")
        return total.spent if total else None


@attrs.frozen
class Project(_Located):
    """One project table: identity, budget, spending plan, goals and indicators.

    ``unit`` is the implementing unit as written (``222001中国共产党…本级``),
    ``department`` the 主管部门 when the table names one. ``assessment`` is set for
    a self-assessment.
    """

    name: str | None
    code: str | None = None
    unit: str | None = None
    department: str | None = None
    budget: Budget | None = None
    fund_use: str | None = None
    spending_plan: SpendingPlan | None = None
    goals: tuple[Statement, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    tier_weights: tuple[TierWeight, ...] = ()
    assessment: SelfAssessment | None = None

    @property
    def label(self) -> str:
        """A human name for the project: ``code name``, whichever parts exist."""
        parts = [p for p in (self.code, self.name) if p]
        return " ".join(parts) if parts else "(unnamed project)"


@attrs.frozen
class Document(_Located):
    """A loaded document: Part 1 (department goals, duties, measures) and the projects.

    ``warnings`` lists everything the loader skipped or could not fully read.
    """

    kind: DocumentKind
    projects: tuple[Project, ...] = ()
    department: str | None = None
    year: int | None = None
    summary: str | None = None
    overall_goals: tuple[Statement, ...] = ()
    duties: tuple[Duty, ...] = ()
    measures: tuple[Statement, ...] = ()
    source: str = attrs.field(default="", eq=False)
    warnings: tuple[DocumentWarning, ...] = attrs.field(default=(), eq=False)

    def project(self, code: str) -> Project | None:
        """The project with 项目编码 ``code``, if any."""
        return next((p for p in self.projects if p.code == code), None)
