"""``perfrules score FILE``: re-score a self-assessment (绩效自评表) and show every lost point.

Each project of the document is scored with :func:`perfrules.aggregate.scorecard`: row
points, tier subtotals, budget execution, total, grade, the department's claimed scores
against the recomputed ones, and why each point was lost. Output is text (aligned for a
terminal, CJK-aware), Markdown or JSON (decimals as strings; one project as an object,
several as ``{"projects": [...]}``). Several files, a folder, or ``--workers`` / ``--dask`` /
``--output`` switch to folder mode (:mod:`.stream`): one JSON record per document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..aggregate import Scorecard
from ..assessment import claimed_total, execution_claimed, project_scorecard
from ..errors import DocumentError, display_width
from ..loaders import load
from ..model import Document, DocumentKind, Project
from ..policy import PolicyLike, resolve_policy
from ..printer import format_decimal
from ..runner import ScoreTask
from .stream import add_stream_arguments, run_stream, stream_mode

HELP = "re-score a self-assessment (绩效自评表) and explain every lost point / 复核自评得分"

_VERDICT_ZH = {"met": "达标", "partly": "部分达标", "missed": "未达标", "not_evaluable": "无法评价"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE|DIR",
        help="self-assessment: .xlsx .csv .docx .json (several, or a folder: folder mode)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        help="output format for one file (default: text)",
    )
    parser.add_argument(
        "--policy",
        default="mof-2020",
        metavar="NAME|PATH",
        help="scoring policy: a built-in name or a TOML file (default: mof-2020)",
    )
    add_stream_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if stream_mode(args, args.files, several=True):
        return run_stream(args, args.files, ScoreTask(resolve_policy(args.policy)))
    document = load(args.files[0])
    cards = score_document(document, policy=args.policy)
    if args.format == "json":
        records = [card_record(project, card) for project, card in cards]
        payload = records[0] if len(records) == 1 else {"projects": records}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        render = render_markdown if args.format == "markdown" else render_text
        sys.stdout.write(render(document, cards))
    return 0


# -- scoring --------------------------------------------------------------------------------

Card = tuple[Project, Scorecard]


def score_document(document: Document, *, policy: PolicyLike = "mof-2020") -> list[Card]:
    """``(project, scorecard)`` for every project of a self-assessment."""
    if document.kind is not DocumentKind.SELF_ASSESSMENT:
        raise DocumentError(
            "not a self-assessment: no 实际完成值 / 分值 / 得分 columns or fund block found",
            location=document.source,
            code="not-self-assessment",
            message_zh="不是绩效自评表：未找到 实际完成值 / 分值 / 得分 列或项目资金区域",
        )
    return [(project, project_scorecard(project, policy=policy)) for project in document.projects]


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format_decimal(value)


def _rate(rate: Decimal | None) -> str | None:
    return None if rate is None else str(rate.quantize(Decimal("0.0001"), ROUND_HALF_UP))


def _percent(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{_fmt((rate * 100).quantize(Decimal('0.01'), ROUND_HALF_UP))}%"


# -- JSON -----------------------------------------------------------------------------------


def card_record(project: Project, card: Scorecard) -> dict[str, object]:
    """The JSON record of one project's scorecard (decimals as strings)."""
    execution = card.execution
    claimed = claimed_total(project)
    return {
        "project": {"code": project.code, "name": project.name},
        "policy": card.policy_id,
        "rounding": card.rounding_en,
        "total": str(card.total),
        "max_points": str(card.max_points),
        "grade": card.grade,
        "claimed_total": None if claimed is None else str(claimed),
        "execution": None
        if execution is None
        else {
            "rate": _rate(execution.rate),
            "points": str(execution.points),
            "weight": str(execution.weight),
            "claimed": _str(execution_claimed(project)),
            "budget_yuan": _str(execution.budget),
            "spent_yuan": _str(execution.spent),
        },
        "tiers": [
            {
                "tier": t.tier,
                "weight": _str(t.weight),
                "row_weight": str(t.row_weight),
                "points": str(t.points),
            }
            for t in card.tiers
        ],
        "rows": [
            {
                "name": row.row.name,
                "tier": row.tier,
                "category": row.row.category,
                "target": _target_text(project, i),
                "actual": row.row.actual,
                "weight": str(row.score.weight),
                "points": str(row.score.points),
                "lost": str(row.score.lost),
                "claimed": _str(row.row.claimed),
                "verdict": str(row.score.verdict),
                "counted": row.counted,
                "explanation_zh": row.score.explanation_zh,
                "explanation_en": row.score.explanation_en,
                "locator": row.row.locator,
            }
            for i, row in enumerate(card.rows)
        ],
        "lost": [
            {
                "where": loss.where,
                "lost": str(loss.lost),
                "reason_zh": loss.reason_zh,
                "reason_en": loss.reason_en,
            }
            for loss in card.lost
        ],
        "notes": [
            {
                "code": n.code,
                "message_zh": n.message_zh,
                "message_en": n.message_en,
                "locator": n.locator,
            }
            for n in card.notes
        ],
    }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _target_text(project: Project, index: int) -> str | None:
    return project.indicators[index].target_text


# -- text and Markdown ----------------------------------------------------------------------


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


def _row_cells(project: Project, card: Scorecard) -> list[list[str]]:
    cells = []
    for i, row in enumerate(card.rows):
        verdict = str(row.score.verdict)
        cells.append(
            [
                str(i + 1),
                row.tier or row.row.tier or "—",
                row.row.category or "—",
                row.row.name,
                _target_text(project, i) or "—",
                str(row.row.actual) if row.row.actual is not None else "—",
                _fmt(row.score.weight),
                str(row.score.points) + ("" if row.counted else " (not counted)"),
                _fmt(row.row.claimed),
                f"{_VERDICT_ZH.get(verdict, verdict)} {verdict}",
            ]
        )
    return cells


_HEADER = ("#", "一级", "二级", "三级指标", "目标", "实际", "分值", "得分", "自评", "结论 verdict")


def _summary_lines(project: Project, card: Scorecard) -> list[str]:
    lines = []
    execution = card.execution
    if execution is None:
        lines.append("预算执行率 budget execution: not scored (no 全年预算数 / 全年执行数)")
    else:
        lines.append(
            f"预算执行率 budget execution: {_percent(execution.rate)} → "
            f"{execution.points}/{_fmt(execution.weight)} "
            f"(claimed {_fmt(execution_claimed(project))})"
        )
    for tier in card.tiers:
        lines.append(
            f"{tier.tier}: {tier.points}/{_fmt(tier.row_weight)}"
            + (f" (tier weight {_fmt(tier.weight)})" if tier.weight is not None else "")
        )
    claimed = claimed_total(project)
    difference = ""
    if claimed is not None:
        gap = claimed - card.total
        side = "matches" if gap == 0 else f"{_fmt(abs(gap))} {'over' if gap > 0 else 'under'}"
        difference = f"; 自评 claimed {_fmt(claimed)} ({side})"
    lines.append(
        f"总分 total: {card.total}/{_fmt(card.max_points)}  等级 grade: {card.grade}{difference}"
    )
    return lines


def _title(project: Project) -> str:
    return f"{project.name or '(unnamed)'}" + (f" ({project.code})" if project.code else "")


def render_text(document: Document, cards: Sequence[Card]) -> str:
    """Terminal text: a table of rows, the subtotals, the lost points and the notes."""
    out: list[str] = []
    for project, card in cards:
        out += [f"== {_title(project)}", f"policy {card.policy_id}; {card.rounding_en}", ""]
        out += _table(_HEADER, _row_cells(project, card))
        out += ["", *_summary_lines(project, card)]
        if card.lost:
            out += ["", "失分 lost points:"]
            out += [f"  -{loss.lost}  {loss.reason_zh}  [{loss.where}]" for loss in card.lost]
        if card.notes:
            out += ["", "说明 notes:"]
            out += [f"  [{n.code}] {n.message_zh}" for n in card.notes]
        out.append("")
    if document.warnings:
        out += ["document warnings:", *[f"  {w}" for w in document.warnings], ""]
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(document: Document, cards: Sequence[Card]) -> str:
    """Markdown: one section per project with a pipe table, subtotals, lost points, notes."""
    out: list[str] = []
    for project, card in cards:
        out += [f"## {_title(project)}", "", f"Policy `{card.policy_id}`; {card.rounding_en}.", ""]
        out.append("| " + " | ".join(_HEADER) + " |")
        out.append("|" + "|".join("---" for _ in _HEADER) + "|")
        out += [
            "| " + " | ".join(_md_cell(c) for c in row) + " |" for row in _row_cells(project, card)
        ]
        out += ["", *[f"- {line}" for line in _summary_lines(project, card)]]
        if card.lost:
            out += ["", "**失分 lost points**", ""]
            out += [f"- −{loss.lost}: {_md_cell(loss.reason_zh)}" for loss in card.lost]
        if card.notes:
            out += ["", "**说明 notes**", ""]
            out += [f"- `{n.code}` {_md_cell(n.message_zh)}" for n in card.notes]
        out.append("")
    if document.warnings:
        out += [
            "**Document warnings**",
            "",
            *[f"- {_md_cell(str(w))}" for w in document.warnings],
            "",
        ]
    return "\n".join(out)
