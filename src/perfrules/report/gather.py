"""Gather a report: load each document, check it against its rulesets, score it, and place
every finding next to the row, goal or duty it points at.

A single document that cannot be loaded is bad input (the error propagates). In a folder,
one unreadable file must not cost the reviewer the other 199: it becomes a
:class:`~perfrules.report.model.LoadFailure` listed in the summary, and the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import attrs

from ..aggregate import RowScore
from ..assessment import claimed_total, project_scorecard
from ..errors import DocumentError, PerfrulesError
from ..folder import discover
from ..loaders import load
from ..model import Document, DocumentKind, Project
from ..policy import Policy, PolicyLike, resolve_policy
from ..progress import progress
from ..rules import Finding, Ruleset, builtin_rulesets, check_document
from .model import (
    CardSummary,
    DocumentSection,
    GradeCount,
    IndicatorRow,
    ItemRow,
    LoadFailure,
    ProjectSection,
    ReviewReport,
    RulesetInfo,
    SummaryRow,
)

__all__ = ["build_report", "document_section"]

_DEFAULT_RULESETS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.TARGET_TABLE: ("target-table",),
    DocumentKind.SELF_ASSESSMENT: ("target-table", "self-assessment"),
}


def build_report(
    target: str | os.PathLike[str],
    *,
    policy: PolicyLike = "mof-2020",
    rulesets: Sequence[Ruleset] | None = None,
    quiet: bool = True,
) -> ReviewReport:
    """The report over a document or over every document of a folder.

    ``rulesets`` replaces the defaults (``target-table``, plus ``self-assessment`` for a
    self-assessment). Over a folder a progress bar is drawn on standard error when it is
    a terminal and ``quiet`` is false.
    """
    rules = resolve_policy(policy)
    available = builtin_rulesets() if rulesets is None else {}
    path = Path(target)
    folder = path.is_dir()
    sections: list[DocumentSection | LoadFailure] = []
    if folder:
        paths = discover(path)
        if not paths:
            raise DocumentError(
                "the folder holds no documents (.txt .json .csv .xlsx .docx)",
                location=os.fspath(target),
                code="empty-folder",
                message_zh="文件夹中没有可读取的文档（.txt .json .csv .xlsx .docx）",
            )
        with progress(len(paths), label="report", quiet=quiet) as bar:
            for i, item in enumerate(paths, start=1):
                try:
                    document = load(item)
                except DocumentError as err:
                    sections.append(
                        LoadFailure(f"d{i}", os.fspath(item), err.code, str(err), err.message_zh)
                    )
                else:
                    chosen = _rulesets_for(document, rulesets, available)
                    section = document_section(document, f"d{i}", chosen, rules)
                    sections.append(attrs.evolve(section, source=os.fspath(item)))
                bar.advance()
    else:
        document = load(path)
        chosen = _rulesets_for(document, rulesets, available)
        section = document_section(document, "d1", chosen, rules)
        sections.append(attrs.evolve(section, source=os.fspath(target)))
    summary = tuple(_summary(sections))
    return ReviewReport(
        target=os.fspath(target),
        folder=folder,
        policy_id=rules.id,
        rounding_zh=rules.rounding_zh,
        rounding_en=rules.rounding_en,
        documents=tuple(sections),
        summary=summary,
        grades=_grades(summary, rules),
    )


def _rulesets_for(
    document: Document, chosen: Sequence[Ruleset] | None, available: dict[str, Ruleset]
) -> list[Ruleset]:
    if chosen is not None:
        return list(chosen)
    return [available[i] for i in _DEFAULT_RULESETS[document.kind] if i in available]


def document_section(
    document: Document, anchor: str, rulesets: Sequence[Ruleset], policy: Policy
) -> DocumentSection:
    """Check and (for a self-assessment) score one loaded document."""
    reports = check_document(document, rulesets)
    findings = [f for r in reports for f in r.findings]
    placed: set[int] = set()
    projects = []
    for j, project in enumerate(document.projects, start=1):
        mine = [k for k, f in enumerate(findings) if k not in placed and _belongs(f, project)]
        placed.update(mine)
        section = _project_section(
            document, project, f"{anchor}-p{j}", tuple(findings[k] for k in mine), policy
        )
        projects.append(section)
    rest = tuple(f for k, f in enumerate(findings) if k not in placed)
    duties = tuple(
        ItemRow(
            f"duty {duty.number or i}",
            duty,
            tuple(f for f in rest if f.location.item == f"duty {duty.number or i} {duty.name}"),
        )
        for i, duty in enumerate(document.duties, start=1)
    )
    return DocumentSection(
        anchor=anchor,
        source=document.source,
        document=document,
        rulesets=tuple(RulesetInfo(r.ruleset, r.version, r.content_hash) for r in reports),
        projects=tuple(projects),
        findings=rest,
        duties=duties if any(d.findings for d in duties) else (),
    )


def _belongs(finding: Finding, project: Project) -> bool:
    where = finding.location
    if where.project is None and where.project_name is None:
        return False
    return (where.project, where.project_name) == (project.code, project.name)


def _project_section(
    document: Document,
    project: Project,
    anchor: str,
    findings: tuple[Finding, ...],
    policy: Policy,
) -> ProjectSection:
    card: CardSummary | None = None
    score_error: str | None = None
    scores: dict[int, RowScore] = {}
    if document.kind is DocumentKind.SELF_ASSESSMENT:
        try:
            scorecard = project_scorecard(project, policy=policy, strict=False)
        except PerfrulesError as err:  # e.g. a negative weight: shown, not fatal
            score_error = f"{err.message_zh} / {err.message}"
        else:
            weighted = [i for i, ind in enumerate(project.indicators) if ind.weight is not None]
            scores = dict(zip(weighted, scorecard.rows, strict=True))
            assessment = project.assessment
            execution = assessment.fund_row("年度资金总额") if assessment else None
            card = CardSummary(
                scorecard,
                claimed_total(project),
                execution.claimed if execution else None,
                assessment.money_unit if assessment else "万元",
            )
    rows = tuple(
        IndicatorRow(
            n,
            indicator,
            scores.get(n - 1),
            tuple(f for f in findings if f.location.row == n),
        )
        for n, indicator in enumerate(project.indicators, start=1)
    )
    goals = tuple(
        ItemRow(
            f"goal {goal.number or g}",
            goal,
            tuple(f for f in findings if f.location.item == f"goal {goal.number or g}"),
        )
        for g, goal in enumerate(project.goals, start=1)
    )
    fund_rows = tuple(
        ItemRow(row.name, row, tuple(f for f in findings if f.location.item == row.name))
        for row in (project.assessment.fund_rows if project.assessment else ())
    )
    return ProjectSection(
        anchor=anchor,
        project=project,
        department=project.department or document.department,
        rows=rows,
        goals=goals,
        fund_rows=fund_rows,
        findings=findings,
        card=card,
        score_error=score_error,
    )


def _summary(sections: Sequence[DocumentSection | LoadFailure]) -> list[SummaryRow]:
    rows = []
    for section in sections:
        if isinstance(section, LoadFailure):
            rows.append(
                SummaryRow(
                    section.source,
                    section.anchor,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    0,
                    0,
                    failed=True,
                )
            )
            continue
        for p in section.projects:
            card = p.card
            rows.append(
                SummaryRow(
                    source=section.source,
                    anchor=p.anchor,
                    code=p.project.code,
                    name=p.project.name,
                    department=p.department,
                    total=card.scorecard.total if card else None,
                    max_points=card.scorecard.max_points if card else None,
                    grade=card.scorecard.grade if card else None,
                    claimed_total=card.claimed_total if card else None,
                    errors=p.errors,
                    warnings=p.warnings,
                )
            )
    return rows


def _grades(summary: Sequence[SummaryRow], policy: Policy) -> tuple[GradeCount, ...]:
    counts = [
        GradeCount(g.name, sum(1 for r in summary if r.grade == g.name)) for g in policy.grades
    ]
    unscored = sum(1 for r in summary if r.grade is None and not r.failed)
    if unscored:
        counts.append(GradeCount(None, unscored))
    return tuple(counts)
