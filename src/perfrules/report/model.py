"""The report model: what a report says, independent of how it is drawn.

:mod:`perfrules.report.gather` builds it from documents (load → check → score); the
renderers (:mod:`~perfrules.report.markdown`, :mod:`~perfrules.report.html`) only read it.
Everything here is a frozen attrs class holding the library's own results — findings,
scorecards, the document model — plus what a reader needs to see them *in context*: which
indicator row, goal or duty a finding points at.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..aggregate import RowScore, Scorecard
from ..model import Document, Duty, FundRow, Indicator, Project, Statement
from ..rules import Finding, Severity

__all__ = [
    "CardSummary",
    "DocumentSection",
    "GradeCount",
    "IndicatorRow",
    "ItemRow",
    "LoadFailure",
    "ProjectSection",
    "ReviewReport",
    "RulesetInfo",
    "SummaryRow",
    "worst",
]


def worst(findings: tuple[Finding, ...]) -> Severity | None:
    """The most severe severity among ``findings`` (None when there are none)."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=lambda s: s.rank)


@attrs.frozen
class IndicatorRow:
    """One indicator row (1-based ``number``, as findings count rows) with what concerns it."""

    number: int
    indicator: Indicator
    score: RowScore | None
    findings: tuple[Finding, ...] = ()

    @property
    def severity(self) -> Severity | None:
        return worst(self.findings)


@attrs.frozen
class ItemRow:
    """A goal, duty or fund row shown as context for the findings that point at it."""

    label: str
    item: Statement | Duty | FundRow
    findings: tuple[Finding, ...] = ()

    @property
    def severity(self) -> Severity | None:
        return worst(self.findings)


@attrs.frozen
class CardSummary:
    """A project's recomputed scorecard and the department's own claims beside it."""

    scorecard: Scorecard
    claimed_total: Decimal | None
    execution_claimed: Decimal | None
    money_unit: str

    @property
    def difference(self) -> Decimal | None:
        """``claimed - recomputed`` total, or None when the document claims no total."""
        return None if self.claimed_total is None else self.claimed_total - self.scorecard.total


@attrs.frozen
class ProjectSection:
    """One project: identity, its indicator rows in context, findings, and (if scored) a card.

    ``anchor`` is a stable id (``d1-p2``) for links within a page.
    """

    anchor: str
    project: Project
    department: str | None
    rows: tuple[IndicatorRow, ...]
    goals: tuple[ItemRow, ...]
    fund_rows: tuple[ItemRow, ...]
    findings: tuple[Finding, ...]
    card: CardSummary | None = None
    score_error: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


@attrs.frozen
class RulesetInfo:
    """Which ruleset produced the findings: id, version and content hash."""

    id: str
    version: str
    content_hash: str


@attrs.frozen
class DocumentSection:
    """A loaded document: its projects, document-level findings and flagged duties."""

    anchor: str
    source: str
    document: Document
    rulesets: tuple[RulesetInfo, ...]
    projects: tuple[ProjectSection, ...]
    findings: tuple[Finding, ...]
    duties: tuple[ItemRow, ...]

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        return self.findings + tuple(f for p in self.projects for f in p.findings)


@attrs.frozen
class LoadFailure:
    """A document of a folder that could not be loaded (the report goes on without it)."""

    anchor: str
    source: str
    code: str
    message: str
    message_zh: str


@attrs.frozen
class SummaryRow:
    """One line of the overview table: a project (or a document that failed to load)."""

    source: str
    anchor: str
    code: str | None
    name: str | None
    department: str | None
    total: Decimal | None
    max_points: Decimal | None
    grade: str | None
    claimed_total: Decimal | None
    errors: int
    warnings: int
    failed: bool = False


@attrs.frozen
class GradeCount:
    """How many projects earned ``grade`` (``grade`` None: projects that were not scored)."""

    grade: str | None
    count: int


@attrs.frozen
class ReviewReport:
    """A whole report: over one document or over a folder of documents."""

    target: str
    folder: bool
    policy_id: str
    rounding_zh: str
    rounding_en: str
    documents: tuple[DocumentSection | LoadFailure, ...]
    summary: tuple[SummaryRow, ...]
    grades: tuple[GradeCount, ...]

    @property
    def loaded(self) -> tuple[DocumentSection, ...]:
        return tuple(d for d in self.documents if isinstance(d, DocumentSection))

    @property
    def failures(self) -> tuple[LoadFailure, ...]:
        return tuple(d for d in self.documents if isinstance(d, LoadFailure))

    @property
    def errors(self) -> int:
        return sum(1 for d in self.loaded for f in d.all_findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.loaded for f in d.all_findings if f.severity is Severity.WARNING)
