"""A project's self-assessment as scoring input: its rows and its scorecard.

One place maps the document model onto :mod:`perfrules.aggregate`, so the ``score``
command, the self-assessment ruleset and the reports all score a project the same way.
"""

from __future__ import annotations

from decimal import Decimal

from .aggregate import Scorecard, ScoreRow, scorecard
from .errors import DocumentError
from .model import Project
from .policy import PolicyLike

__all__ = ["claimed_total", "execution_claimed", "project_rows", "project_scorecard"]


def project_rows(project: Project, *, strict: bool = True) -> list[ScoreRow]:
    """The scoring rows of a project; a row without a weight is an error when ``strict``."""
    rows = []
    for indicator in project.indicators:
        if indicator.weight is None:
            if not strict:
                continue
            raise DocumentError(
                f"indicator {indicator.name!r} has no weight (分值 / 权重) to score against",
                location=str(indicator.locate("weight") or indicator.locate() or "<document>"),
                code="missing-weight",
                message_zh=f"指标“{indicator.name}”缺少分值（权重），无法评分",
            )
        locator = indicator.locate()
        rows.append(
            ScoreRow(
                name=indicator.name,
                target=indicator.target or (indicator.target_text or ""),
                actual=indicator.actual,
                weight=indicator.weight,
                tier=indicator.tier or "",
                category=indicator.category,
                claimed=indicator.claimed,
                locator=str(locator) if locator else None,
            )
        )
    return rows


def project_scorecard(
    project: Project, *, policy: PolicyLike = "mof-2020", strict: bool = True
) -> Scorecard:
    """Score a project's self-assessment rows, with its budget execution when present."""
    assessment = project.assessment
    unit = assessment.money_unit if assessment else "万元"
    budget = assessment.budget if assessment else None
    spent = assessment.spent if assessment else None
    return scorecard(
        project_rows(project, strict=strict),
        budget=None if budget is None else f"{budget}{unit}",
        spent=None if spent is None else f"{spent}{unit}",
        policy=policy,
    )


def claimed_total(project: Project) -> Decimal | None:
    """The document's own total: the 总分 row, else the claimed rows plus execution."""
    assessment = project.assessment
    if assessment is not None and assessment.total_claimed is not None:
        return assessment.total_claimed
    claims = [i.claimed for i in project.indicators]
    if not claims or any(c is None for c in claims):
        return None
    total = sum((c for c in claims if c is not None), Decimal(0))
    execution = execution_claimed(project)
    return total + execution if execution is not None else total


def execution_claimed(project: Project) -> Decimal | None:
    """The 得分 the document gives its 预算执行率 line (the 年度资金总额 row), if any."""
    row = project.assessment.fund_row("年度资金总额") if project.assessment else None
    return row.claimed if row else None
