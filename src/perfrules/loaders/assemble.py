"""Put a :class:`~perfrules.model.Document` together from what the readers found."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document, DocumentKind, Locator, Project
from .part1 import Part1
from .values import Notes

__all__ = ["assemble"]


def assemble(
    source: str, projects: Sequence[Project], notes: Notes, part1: Part1 | None = None
) -> Document:
    """The document: self-assessment if any project has one; department = the common one."""
    kind = (
        DocumentKind.SELF_ASSESSMENT
        if any(p.assessment is not None for p in projects)
        else DocumentKind.TARGET_TABLE
    )
    department, where = _common(projects)
    year = part1.year if part1 else None
    if year is None:
        year = next(
            (p.assessment.year for p in projects if p.assessment and p.assessment.year), None
        )
    locators: dict[str, Locator | None] = {"department": where}
    if part1 is not None:
        locators["summary"] = part1.summary_locator
    return Document(
        kind=kind,
        projects=tuple(projects),
        department=department,
        year=year,
        summary=part1.summary if part1 else None,
        overall_goals=part1.overall_goals if part1 else (),
        duties=part1.duties if part1 else (),
        measures=part1.measures if part1 else (),
        source=source,
        warnings=tuple(notes.items),
        locator=Locator(source),
        locators=locators,
    )


def _common(projects: Sequence[Project]) -> tuple[str | None, Locator | None]:
    """The 主管部门 (else implementing unit) shared by all projects, with where it was read."""
    for field in ("department", "unit"):
        values = {getattr(p, field) for p in projects}
        if len(values) == 1 and None not in values:
            return values.pop(), projects[0].locate(field)
    return None, None
