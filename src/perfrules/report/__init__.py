"""Reports people read: Markdown and self-contained HTML over a document or a folder.

``build_report(path)`` gathers (load → check → score) into a
:class:`~perfrules.report.model.ReviewReport`; :func:`render_markdown` and
:func:`render_html` draw it. For a target table a report shows the findings of each project
beside the rows they point at; for a self-assessment, a score card per project (points
against weight per tier, the points each row lost, claimed against recomputed, grade,
explanations); over a folder, a sortable summary and the distribution of grades.
"""

from __future__ import annotations

from .gather import build_report
from .html import render_html
from .markdown import render_markdown
from .model import ReviewReport

__all__ = ["FORMATS", "ReviewReport", "build_report", "render", "render_html", "render_markdown"]

FORMATS = ("html", "markdown")
"""The report formats :func:`render` knows."""


def render(report: ReviewReport, fmt: str) -> str:
    """``report`` as ``"html"`` or ``"markdown"`` text."""
    if fmt == "html":
        return render_html(report)
    if fmt == "markdown":
        return render_markdown(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
