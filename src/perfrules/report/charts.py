"""Charts as SVG text, written directly (no plotting library; see docs/decisions.md).

Three small charts are all a reviewer needs: points against weight per tier, the points
each row lost, and how many projects earned each grade. Each is a function from numbers to
an ``<svg>`` string that is deterministic (golden-testable), self-contained (colours as
attributes, text as text — it inherits the page's CJK font stack) and accessible (``role
="img"`` with a ``<title>`` and ``<desc>``). Every label is escaped: labels come from
documents, and documents are untrusted.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..errors import display_width
from .labels import number, percent
from .model import ProjectSection, ReviewReport

__all__ = [
    "COLOURS",
    "GRADE_COLOURS",
    "Bar",
    "columns",
    "grade_chart",
    "loss_bars",
    "loss_chart",
    "progress_bars",
    "tier_chart",
]

COLOURS: dict[str, str] = {
    "points": "#2e7d5b",
    "lost": "#e3a08f",
    "loss": "#c0432b",
    "axis": "#9aa3ad",
    "text": "#1f2933",
    "muted": "#5f6b76",
    "unscored": "#9aa3ad",
}
"""The palette: green for points, light red for the rest of a weight, red for losses."""

GRADE_COLOURS: tuple[str, ...] = ("#2e7d5b", "#2f6db3", "#c98a12", "#c0432b")
"""One colour per grade, best first; the last one is always the worst grade's."""

_WIDTH = 600
_FONT = 13
_ROW = 30
_BAR = 14
_PX_PER_COLUMN = 6.8  # display columns (CJK = 2) → pixels at 13px


@attrs.frozen
class Bar:
    """One bar: a label, a value, the maximum it is measured against, and the text shown."""

    label: str
    value: Decimal
    maximum: Decimal | None = None
    text: str = ""
    tooltip: str = ""
    colour: str | None = None


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _px(text: str) -> float:
    return display_width(text) * _PX_PER_COLUMN


def _fit(text: str, limit: float) -> str:
    """``text`` cut (with …) to fit ``limit`` pixels."""
    if _px(text) <= limit:
        return text
    out = ""
    for ch in text:
        if _px(out + ch + "…") > limit:
            break
        out += ch
    return out + "…"


def _open(ident: str, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} '
        f'{_n(height)}" width="{_WIDTH}" height="{_n(height)}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" font-size="{_FONT}">',
        f'<title id="{ident}-t">{_e(title)}</title>',
        f'<desc id="{ident}-d">{_e(description)}</desc>',
    ]


def _label_column(bars: Sequence[Bar]) -> float:
    return min(max((_px(b.label) for b in bars), default=0.0), 210.0) + 14


def _legend(y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    out, x = [], 0.0
    for colour, text in items:
        out.append(f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="11" height="11" fill="{colour}"/>')
        out.append(
            f'<text x="{_n(x + 16)}" y="{_n(y)}" fill="{COLOURS["muted"]}">{_e(text)}</text>'
        )
        x += 16 + _px(text) + 18
    return out


def progress_bars(bars: Sequence[Bar], *, ident: str, title: str, description: str) -> str:
    """Horizontal bars of ``value`` out of ``maximum`` (points in green, the rest in red)."""
    left = _label_column(bars)
    right = 110.0
    span = _WIDTH - left - right
    top = 26.0
    height = top + _ROW * len(bars) + 6
    scale = max((b.maximum or b.value for b in bars), default=Decimal(0))
    out = _open(ident, height, title, description)
    out += _legend(13, [(COLOURS["points"], "得分 points"), (COLOURS["lost"], "失分 lost")])
    for i, b in enumerate(bars):
        y = top + i * _ROW
        mid = y + _ROW / 2
        maximum = b.maximum if b.maximum is not None else b.value
        full = float(maximum / scale) * span if scale > 0 else 0.0
        got = float(min(b.value, maximum) / scale) * span if scale > 0 else 0.0
        out.append(f"<g><title>{_e(b.tooltip or b.label)}</title>")
        out.append(
            f'<text x="{_n(left - 10)}" y="{_n(mid + 4)}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{_e(_fit(b.label, left - 14))}</text>'
        )
        if full > got:
            out.append(
                f'<rect x="{_n(left)}" y="{_n(mid - _BAR / 2)}" width="{_n(full)}" '
                f'height="{_BAR}" rx="2" fill="{COLOURS["lost"]}"/>'
            )
        if got > 0:
            out.append(
                f'<rect x="{_n(left)}" y="{_n(mid - _BAR / 2)}" width="{_n(got)}" '
                f'height="{_BAR}" rx="2" fill="{b.colour or COLOURS["points"]}"/>'
            )
        out.append(
            f'<text x="{_n(left + full + 8)}" y="{_n(mid + 4)}" '
            f'fill="{COLOURS["text"]}">{_e(b.text)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def loss_bars(bars: Sequence[Bar], *, ident: str, title: str, description: str) -> str:
    """Horizontal bars of lost points, longest first as given, scaled to the largest."""
    left = _label_column(bars)
    span = _WIDTH - left - 70
    top = 8.0
    height = top + _ROW * len(bars) + 6
    scale = max((b.value for b in bars), default=Decimal(0))
    out = _open(ident, height, title, description)
    for i, b in enumerate(bars):
        mid = top + i * _ROW + _ROW / 2
        width = max(float(b.value / scale) * span, 2.0) if scale > 0 else 0.0
        out.append(f"<g><title>{_e(b.tooltip or b.label)}</title>")
        out.append(
            f'<text x="{_n(left - 10)}" y="{_n(mid + 4)}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{_e(_fit(b.label, left - 14))}</text>'
        )
        out.append(
            f'<rect x="{_n(left)}" y="{_n(mid - _BAR / 2)}" width="{_n(width)}" '
            f'height="{_BAR}" rx="2" fill="{b.colour or COLOURS["loss"]}"/>'
        )
        out.append(
            f'<text x="{_n(left + width + 8)}" y="{_n(mid + 4)}" '
            f'fill="{COLOURS["loss"]}">{_e(b.text)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def columns(bars: Sequence[Bar], *, ident: str, title: str, description: str) -> str:
    """Vertical columns (counts), one per bar, with the value above and the label below."""
    height, base, top = 220.0, 180.0, 24.0
    slot = min(110.0, (_WIDTH - 40) / max(len(bars), 1))
    scale = max((b.value for b in bars), default=Decimal(0))
    out = _open(ident, height, title, description)
    out.append(
        f'<line x1="20" y1="{_n(base)}" x2="{_n(20 + slot * len(bars))}" y2="{_n(base)}" '
        f'stroke="{COLOURS["axis"]}"/>'
    )
    for i, b in enumerate(bars):
        x = 20 + i * slot + slot * 0.2
        w = slot * 0.6
        h = float(b.value / scale) * (base - top) if scale > 0 else 0.0
        out.append(f"<g><title>{_e(b.tooltip or b.label)}</title>")
        if h > 0:
            out.append(
                f'<rect x="{_n(x)}" y="{_n(base - h)}" width="{_n(w)}" height="{_n(h)}" '
                f'rx="2" fill="{b.colour or COLOURS["points"]}"/>'
            )
        out.append(
            f'<text x="{_n(x + w / 2)}" y="{_n(base - h - 6)}" text-anchor="middle" '
            f'fill="{COLOURS["text"]}" font-weight="600">{_e(b.text)}</text>'
        )
        out.append(
            f'<text x="{_n(x + w / 2)}" y="{_n(base + 20)}" text-anchor="middle" '
            f'fill="{COLOURS["text"]}">{_e(_fit(b.label, slot - 4))}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


# -- charts of the report ------------------------------------------------------------------


def tier_chart(section: ProjectSection) -> str | None:
    """Points against weight for each tier (一级指标, with 预算执行率) of a scored project."""
    card = section.card
    if card is None:
        return None
    bars = [
        Bar(
            t.tier,
            t.points,
            t.row_weight,
            f"{t.points} / {number(t.row_weight)}",
            f"{t.tier}：得分 {t.points} / 分值 {number(t.row_weight)}；"
            f"points {t.points} of {number(t.row_weight)}",
        )
        for t in card.scorecard.tiers
        if t.row_weight > 0 or t.points > 0
    ]
    if not bars:
        return None
    return progress_bars(
        bars,
        ident=f"{section.anchor}-tiers",
        title="各一级指标得分与分值 Points against weight by tier",
        description="; ".join(f"{b.label} {b.text}" for b in bars),
    )


def _row_losses(section: ProjectSection) -> list[tuple[Decimal, int, Bar]]:
    card = section.card
    assert card is not None
    found = []
    for row in section.rows:
        score = row.score
        if score is None or not score.counted or score.score.lost <= 0:
            continue
        lost = score.score.lost
        found.append(
            (
                lost,
                row.number,
                Bar(
                    f"{row.number}. {row.indicator.name}",
                    lost,
                    text=f"−{lost}",
                    tooltip=f"{score.score.explanation_zh} / {score.score.explanation_en}",
                ),
            )
        )
    execution = card.scorecard.execution
    if execution is not None and execution.lost > 0:
        found.append(
            (
                execution.lost,
                0,
                Bar(
                    "预算执行率",
                    execution.lost,
                    text=f"−{execution.lost}",
                    tooltip=f"执行率 execution rate {percent(execution.rate)}",
                ),
            )
        )
    found.sort(key=lambda item: (-item[0], item[1]))
    return found


def loss_chart(section: ProjectSection, *, limit: int = 12) -> str | None:
    """The points each row lost (largest first, at most ``limit`` rows); None if none lost."""
    if section.card is None:
        return None
    found = _row_losses(section)
    if not found:
        return None
    bars = [bar for _, _, bar in found[:limit]]
    more = len(found) - len(bars)
    description = "; ".join(f"{b.label} {b.text}" for b in bars)
    if more:
        description += f"; 另有{more}行 and {more} more rows"
    return loss_bars(
        bars,
        ident=f"{section.anchor}-lost",
        title="各行失分 Points lost by row",
        description=description,
    )


def grade_chart(report: ReviewReport) -> str:
    """How many projects earned each grade (and how many were not scored)."""
    palette = GRADE_COLOURS
    bars = []
    named = [g for g in report.grades if g.grade is not None]
    for i, g in enumerate(report.grades):
        if g.grade is None:
            label, colour = "未评分", COLOURS["unscored"]
        else:
            label = g.grade
            colour = palette[min(i, len(palette) - 1)] if i < len(named) - 1 else palette[-1]
        bars.append(
            Bar(
                label,
                Decimal(g.count),
                text=str(g.count),
                tooltip=f"{label}: {g.count}" if g.grade else f"未评分 not scored: {g.count}",
                colour=colour,
            )
        )
    return columns(
        bars,
        ident="grades",
        title="等级分布 Distribution of grades",
        description="; ".join(f"{b.label} {b.text}" for b in bars),
    )
