"""The report as Markdown (GitHub-flavoured): pipe tables, text bars instead of charts.

Every piece of text that comes from a document goes through :func:`md`, which neutralises
Markdown and HTML syntax (links, images, raw tags, emphasis, table pipes) so that a
document cannot inject markup into a report rendered by a Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..model import DocumentKind, Duty, FundRow, Statement
from ..rules import Finding, Severity
from .labels import (
    KIND,
    SEVERITY,
    VERDICT,
    amount,
    bar,
    execution_reason,
    number,
    percent,
    project_title,
    yuan,
)
from .labels import where as where_text
from .model import (
    DocumentSection,
    IndicatorRow,
    ItemRow,
    ProjectSection,
    ReviewReport,
)

__all__ = ["md", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MARK = {Severity.ERROR: "✖", Severity.WARNING: "⚠", Severity.INFO: "ℹ"}


def md(text: object) -> str:
    """Untrusted text made inert in Markdown: one line, special characters escaped."""
    plain = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", plain.replace("&", "&amp;"))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    marks = [{"r": "---:", "c": ":---:"}.get(a, "---") for a in align.ljust(len(header), "l")]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _severity(finding: Finding) -> str:
    zh, en = SEVERITY[finding.severity]
    return f"{_MARK[finding.severity]} {zh} {en}"


def _findings_table(findings: Sequence[Finding]) -> list[str]:
    rows = [
        [
            _severity(f),
            f"`{f.rule}`",
            md(where_text(f)),
            f"{md(f.message_zh)}<br>{md(f.message_en)}",
            md(f.location.source or "—"),
        ]
        for f in findings
    ]
    return _table(["级别 Severity", "规则 Rule", "位置 Where", "说明 Message", "来源 Source"], rows)


def _flag(row: IndicatorRow | ItemRow, text: str) -> str:
    severity = row.severity
    return f"**{_MARK[severity]} {text}**" if severity is not None else text


def _rules(findings: Sequence[Finding]) -> str:
    return ", ".join(f"`{f.rule}`" for f in findings) or ""


def render_markdown(report: ReviewReport) -> str:
    """The whole report as one Markdown text (ends with a newline)."""
    out = ["# 绩效评审报告 Performance review report", ""]
    documents = len(report.documents)
    projects = sum(len(d.projects) for d in report.loaded)
    out += [
        f"- 对象 Target: {md(report.target)}" + (" (文件夹 folder)" if report.folder else ""),
        f"- 评分规则 Policy: `{report.policy_id}` ({report.rounding_zh} / {report.rounding_en})",
        f"- 文档 Documents: {documents} · 项目 Projects: {projects} · "
        f"错误 Errors: {report.errors} · 警告 Warnings: {report.warnings}"
        + (f" · 无法读取 Unreadable: {len(report.failures)}" if report.failures else ""),
        "",
    ]
    out += _overview(report)
    if report.folder:
        out += _distribution(report)
    if report.failures:
        out += ["## 无法读取的文档 Documents that could not be read", ""]
        out += [f"- {md(f.source)}: {md(f.message)}<br>{md(f.message_zh)}" for f in report.failures]
        out.append("")
    for section in report.loaded:
        out += _document(section)
    return "\n".join(out).rstrip("\n") + "\n"


def _overview(report: ReviewReport) -> list[str]:
    header = [
        "文档 Document",
        "项目编码 Code",
        "项目 Project",
        "部门 Department",
        "总分 Total",
        "等级 Grade",
        "自评 Claimed",
        "错误 Errors",
        "警告 Warnings",
    ]
    rows = []
    for r in report.summary:
        if r.failed:
            rows.append([md(r.source), "—", "无法读取 unreadable", "—", "—", "—", "—", "—", "—"])
            continue
        rows.append(
            [
                md(r.source),
                md(r.code or "—"),
                md(r.name or "—"),
                md(r.department or "—"),
                "—" if r.total is None else f"{r.total}",
                r.grade or "—",
                number(r.claimed_total),
                str(r.errors),
                str(r.warnings),
            ]
        )
    keep = [True] * len(header)
    if not report.folder:  # one document: its path is in the heading, not on every row
        keep[0] = False
    if all(r.total is None for r in report.summary):  # nothing scored: no score columns
        keep[4] = keep[5] = keep[6] = False
    align = "".join(a for a, k in zip("llllrcrrr", keep, strict=True) if k)
    header = [h for h, k in zip(header, keep, strict=True) if k]
    rows = [[c for c, k in zip(row, keep, strict=True) if k] for row in rows]
    return ["## 概览 Overview", "", *_table(header, rows, align), ""]


def _distribution(report: ReviewReport) -> list[str]:
    largest = max((g.count for g in report.grades), default=0)
    rows = [
        [
            g.grade or "未评分 not scored",
            str(g.count),
            f"`{bar(Decimal(g.count), Decimal(largest))}`" if largest else "",
        ]
        for g in report.grades
    ]
    return [
        "## 等级分布 Grade distribution",
        "",
        *_table(["等级 Grade", "项目数 Projects", ""], rows, "lrl"),
        "",
    ]


def _document(section: DocumentSection) -> list[str]:
    document = section.document
    zh, en = KIND[document.kind]
    out = [f"## 文档 Document: {md(section.source)}", ""]
    facts = [f"- 类型 Kind: {zh} {en}"]
    if document.department:
        facts.append(f"- 部门 Department: {md(document.department)}")
    if document.year is not None:
        facts.append(f"- 年度 Year: {document.year}")
    facts.append(
        "- 规则集 Rulesets: "
        + (
            ", ".join(f"`{r.id}` {md(r.version)} ({r.content_hash})" for r in section.rulesets)
            or "—"
        )
    )
    out += [*facts, ""]
    if document.warnings:
        out += ["**读取提示 Loader notes**", ""]
        out += [f"- {md(w)}" for w in document.warnings]
        out.append("")
    if section.findings:
        out += [
            "### 文档级问题 Document-level findings",
            "",
            *_findings_table(section.findings),
            "",
        ]
    if section.duties:
        out += ["### 部门职责 Duties", ""]
        rows = [
            [_flag(d, md(d.label)), md(_duty(d.item)), _rules(d.findings)] for d in section.duties
        ]
        out += [*_table(["# ", "职责 Duty", "问题 Findings"], rows), ""]
    for project in section.projects:
        out += _project(project, document.kind)
    return out


def _duty(item: Duty | Statement | FundRow) -> str:
    if isinstance(item, Duty):
        return f"{item.name}：{item.description}" if item.description else item.name
    if isinstance(item, Statement):
        return item.text
    return item.label


def _project(section: ProjectSection, kind: DocumentKind) -> list[str]:
    project = section.project
    out = [f"### 项目 Project: {md(project_title(project))}", ""]
    facts = []
    if section.department:
        facts.append(f"- 部门 Department: {md(section.department)}")
    if project.unit and project.unit != section.department:
        facts.append(f"- 实施单位 Unit: {md(project.unit)}")
    budget = project.budget
    if budget is not None:
        sources = "、".join(
            f"{md(s.name)} {amount(s.amount, md(budget.unit))}" for s in budget.sources
        )
        facts.append(
            f"- 预算 Budget: {amount(budget.total, md(budget.unit))}"
            + (f"（{sources}）" if sources else "")
        )
    plan = project.spending_plan
    if plan is not None and plan.checkpoints:
        points = "，".join(
            f"{md(c.label)} {number(c.percent)}%" if c.percent is not None else md(c.label)
            for c in plan.checkpoints
        )
        facts.append(f"- 资金支出计划 Spending plan: {points}")
    facts.append(
        f"- 问题 Findings: 错误 errors {section.errors} · 警告 warnings {section.warnings}"
    )
    out += [*facts, ""]
    if section.card is not None:
        out += _card(section)
    elif section.score_error is not None:
        out += [f"**无法评分 Cannot score**: {md(section.score_error)}", ""]
    out += _indicators(section, kind)
    if section.goals and any(g.findings for g in section.goals):
        out += ["#### 绩效目标 Goals", ""]
        rows = [
            [_flag(g, md(g.label)), md(_duty(g.item)), _rules(g.findings)] for g in section.goals
        ]
        out += [*_table(["#", "目标 Goal", "问题 Findings"], rows), ""]
    if section.findings:
        out += ["#### 问题 Findings", "", *_findings_table(section.findings), ""]
    if section.card is not None and section.card.scorecard.notes:
        out += ["#### 评分说明 Scoring notes", ""]
        out += [
            f"- `{n.code}` {md(n.message_zh)}<br>{md(n.message_en)}"
            for n in section.card.scorecard.notes
        ]
        out.append("")
    return out


def _card(section: ProjectSection) -> list[str]:
    card = section.card
    assert card is not None
    sc = card.scorecard
    out = ["#### 评分卡 Score card", ""]
    out.append(
        f"- 复核总分 Recomputed total: **{sc.total}** / {number(sc.max_points)} · "
        f"等级 Grade: **{sc.grade}**"
    )
    if card.claimed_total is not None:
        diff = card.difference
        assert diff is not None
        if diff == 0:
            side = "与复核一致 matches"
        elif diff > 0:
            side = f"高于复核 {number(diff)} above the recomputed total"
        else:
            side = f"低于复核 {number(-diff)} below the recomputed total"
        out.append(f"- 自评总分 Claimed total: {number(card.claimed_total)} ({side})")
    execution = sc.execution
    if execution is None:
        out.append("- 预算执行率 Budget execution: 未评分 not scored (no 全年预算数 / 全年执行数)")
    else:
        out.append(
            f"- 预算执行率 Budget execution: {percent(execution.rate)} "
            f"({yuan(execution.spent)} / {yuan(execution.budget)}) → "
            f"{execution.points} / {number(execution.weight)}"
            + (
                f" (自评 claimed {number(card.execution_claimed)})"
                if card.execution_claimed is not None
                else ""
            )
        )
    out.append(f"- 评分规则 Policy: `{sc.policy_id}` ({sc.rounding_zh} / {sc.rounding_en})")
    out.append("")
    rows = [
        [
            md(t.tier),
            f"{t.points}",
            number(t.row_weight),
            f"{t.lost}",
            f"`{bar(t.points, t.row_weight)}`",
        ]
        for t in sc.tiers
        if t.row_weight > 0 or t.points > 0
    ]
    out += [
        *_table(
            ["一级指标 Tier", "得分 Points", "分值 Weight", "失分 Lost", "得分 / 分值"],
            rows,
            "lrrrl",
        ),
        "",
    ]
    losses = _losses(section)
    if losses:
        out += ["#### 失分 Points lost", ""]
        out += [*_table(["位置 Where", "失分 Lost", "原因 Why"], losses, "lrl"), ""]
    return out


def _losses(section: ProjectSection) -> list[list[str]]:
    card = section.card
    assert card is not None
    found = []
    for row in section.rows:
        s = row.score
        if s is None or not s.counted or s.score.lost <= 0:
            continue
        found.append(
            (
                -s.score.lost,
                row.number,
                [
                    f"{row.number}. {md(row.indicator.name)}",
                    f"−{s.score.lost}",
                    f"{md(s.score.explanation_zh)}<br>{md(s.score.explanation_en)}",
                ],
            )
        )
    execution = card.scorecard.execution
    if execution is not None and execution.lost > 0:
        reason = execution_reason(card.scorecard)
        found.append(
            (
                -execution.lost,
                0,
                [
                    "预算执行率 budget execution",
                    f"−{execution.lost}",
                    f"{md(reason[0])}<br>{md(reason[1])}",
                ],
            )
        )
    found.sort(key=lambda item: (item[0], item[1]))
    return [cells for _, _, cells in found]


def _indicators(section: ProjectSection, kind: DocumentKind) -> list[str]:
    if not section.rows:
        return ["*没有指标行 No indicator rows.*", ""]
    flagged = sum(1 for r in section.rows if r.findings)
    out = [
        "#### 指标 Indicators"
        + (f" — {flagged}行有问题 {flagged} flagged row(s) marked ✖ / ⚠" if flagged else ""),
        "",
    ]
    scored = kind is DocumentKind.SELF_ASSESSMENT
    if scored:
        header = [
            "#",
            "一级 Tier",
            "二级 Category",
            "三级指标 Indicator",
            "目标 Target",
            "实际 Actual",
            "分值 Weight",
            "得分 Points",
            "自评 Claimed",
            "结论 Verdict",
            "问题 Findings",
        ]
        align = "llllllrrrll"
    else:
        header = [
            "#",
            "一级 Tier",
            "二级 Category",
            "三级指标 Indicator",
            "描述 Description",
            "指标值 Target",
            "依据 Basis",
            "问题 Findings",
        ]
        align = "llllllll"
    rows = []
    for row in section.rows:
        ind = row.indicator
        cells = [
            _flag(row, str(row.number)),
            md(ind.tier or "—"),
            md(ind.category or "—"),
            _flag(row, md(ind.name)) if row.findings else md(ind.name),
        ]
        if scored:
            s = row.score
            verdict = VERDICT.get(s.score.verdict.value, ("", "")) if s else None
            cells += [
                md(ind.target_text or "—"),
                md(ind.actual if ind.actual is not None else "—"),
                number(ind.weight),
                "—"
                if s is None
                else f"{s.score.points}" + ("" if s.counted else " (不计 not counted)"),
                number(ind.claimed),
                "—" if verdict is None else f"{verdict[0]} {verdict[1]}",
            ]
        else:
            cells += [md(ind.description or "—"), md(ind.target_text or "—"), md(ind.basis or "—")]
        cells.append(_rules(row.findings))
        rows.append(cells)
    return [*out, *_table(header, rows, align), ""]
