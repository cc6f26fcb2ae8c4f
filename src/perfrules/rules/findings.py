"""Findings are data: which rule, how severe, what it says (zh/en), where, with what values."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

__all__ = ["Finding", "Location", "Report", "Severity"]


class Severity(StrEnum):
    """How much a finding matters; ``error`` makes ``perfrules check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@attrs.frozen
class Location:
    """Where a finding points: the project (项目编码), the row, and the source locator."""

    project: str | None = None
    project_name: str | None = None
    row: int | None = None
    indicator: str | None = None
    item: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def __str__(self) -> str:
        parts = []
        if self.project:
            parts.append(self.project)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.indicator:
            parts.append(self.indicator)
        if self.item:
            parts.append(self.item)
        where = " · ".join(parts) if parts else "document"
        return f"{where} ({self.source})" if self.source else where


@attrs.frozen
class Finding:
    """One violated rule at one place."""

    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    location: Location
    ruleset: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message_zh,
            "message_en": self.message_en,
            "location": self.location.to_dict(),
            "ruleset": self.ruleset,
            "values": dict(self.values),
        }


@attrs.frozen
class Report:
    """The findings of one ruleset over one document, with the ruleset's identity."""

    ruleset: str
    version: str
    content_hash: str
    source: str
    findings: tuple[Finding, ...]
    seconds_by_rule: tuple[tuple[str, float], ...] = attrs.field(default=(), eq=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ruleset": {"id": self.ruleset, "version": self.version, "hash": self.content_hash},
            "findings": [f.to_dict() for f in self.findings],
        }
