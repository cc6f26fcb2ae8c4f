"""Words and number formats shared by the Markdown and HTML reports (Chinese and English).

One place, so that both renderers say the same thing the same way: ``99.35`` (points keep
the policy's two decimals), ``95.65%`` (rates), ``55.2万元`` (amounts in the document's unit).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..aggregate import Scorecard
from ..ast import Quantity
from ..judging import Verdict
from ..model import DocumentKind, Project
from ..printer import format_decimal, format_quantity
from ..rules import Finding, Severity
from ..units import YUAN

__all__ = [
    "KIND",
    "SEVERITY",
    "VERDICT",
    "amount",
    "bar",
    "execution_reason",
    "number",
    "percent",
    "project_title",
    "signed",
    "where",
    "yuan",
]

KIND: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.TARGET_TABLE: ("绩效目标表", "performance-target table"),
    DocumentKind.SELF_ASSESSMENT: ("绩效自评表", "self-assessment"),
}
"""Document kind → (Chinese, English)."""

VERDICT: dict[str, tuple[str, str]] = {
    Verdict.MET.value: ("达标", "met"),
    Verdict.PARTLY.value: ("部分达标", "partly met"),
    Verdict.MISSED.value: ("未达标", "missed"),
    Verdict.NOT_EVALUABLE.value: ("无法评价", "not evaluable"),
}
"""Verdict value → (Chinese, English)."""

SEVERITY: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("错误", "error"),
    Severity.WARNING: ("警告", "warning"),
    Severity.INFO: ("提示", "info"),
}
"""Severity → (Chinese, English)."""


def number(value: Decimal | None) -> str:
    """A weight or claimed score as written: ``15``, ``9.5``; ``—`` when absent."""
    return "—" if value is None else format_decimal(value)


def signed(value: Decimal) -> str:
    """A difference with its sign: ``+0.22``, ``−0.44``, ``0``."""
    if value == 0:
        return "0"
    text = format_decimal(abs(value))
    return f"+{text}" if value > 0 else f"−{text}"


def percent(rate: Decimal | None) -> str:
    """A rate (0.9565) as a percentage with up to two decimals (``95.65%``)."""
    if rate is None:
        return "—"
    return f"{format_decimal((rate * 100).quantize(Decimal('0.01'), ROUND_HALF_UP))}%"


def amount(value: Decimal | None, unit: str) -> str:
    """An amount in the document's unit: ``55.2万元``."""
    return "—" if value is None else f"{format_decimal(value)}{unit}"


def yuan(value: Decimal | None) -> str:
    """An amount held in 元 (as the scorecard holds them), printed canonically: ``52.8万元``."""
    return "—" if value is None else format_quantity(Quantity(value, YUAN))


def execution_reason(card: Scorecard) -> tuple[str, str]:
    """Why budget execution lost points, as the scorecard words it (zh, en)."""
    for loss in card.lost:
        if loss.tier is None and loss.where == "预算执行率":
            return loss.reason_zh, loss.reason_en
    return "", ""


def project_title(project: Project) -> str:
    """``name (code)``, whichever parts exist."""
    name = project.name or "(未命名项目 unnamed project)"
    return f"{name} ({project.code})" if project.code else name


def where(finding: Finding) -> str:
    """Where a finding points, in words: ``第7行 row 7``, ``goal 3``, ``年度资金总额``."""
    location = finding.location
    if location.row is not None:
        return f"第{location.row}行 row {location.row}"
    if location.item:
        return location.item
    if location.project or location.project_name:
        return "项目 project"
    return "文档 document"


def bar(value: Decimal, maximum: Decimal, width: int = 20) -> str:
    """A text bar for Markdown: ``█`` for the share of ``maximum`` reached, ``░`` for the rest."""
    if maximum <= 0:
        return "░" * width
    filled = int((value / maximum * width).quantize(Decimal(1), ROUND_HALF_UP))
    filled = min(max(filled, 0), width)
    return "█" * filled + "░" * (width - filled)
