"""The complete list of findings on the real corpus document — each real defect, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfrules.loaders import load
from perfrules.rules import builtin_rulesets, run_ruleset

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "shuangqiao-cdi-2021-targets.txt"
P1, P2, P3, P4 = (
    "1308022118MGPM09VPFGH",
    "130802217ISPW0TV77BF2",
    "13080221YC5CUF58X7C1K",
    "13080221ZMST218CULA8L",
)

# (rule, project, row or item) — in report order
EXPECTED = [
    ("duplicate-duty", None, "duty 7 部门综合事务管理"),
    ("duplicate-duty", None, "duty 8 部门综合事务管理"),
    ("duplicate-duty", None, "duty 9 部门综合事务管理"),
    ("duplicate-goal", P1, "goal 3"),
    ("implied-direction", P1, 4),  # 总成本 55.2万元 without ≤
    ("category-name-conflict", P1, 5),  # 社会稳定水平 under 经济效益指标
    ("category-name-conflict", P1, 6),  # 遏制腐败现象 under 经济效益指标
    ("category-name-conflict", P1, 7),
    ("duplicate-indicator", P1, 7),  # 遏制腐败现象 twice
    ("duplicate-indicator", P1, 9),  # 机关单位人员满意度 three times
    ("duplicate-indicator", P1, 10),
    ("duplicate-goal", P2, "goal 3"),
    ("implied-direction", P2, 4),
    ("duplicate-indicator", P2, 6),  # 社会稳定水平 twice
    ("duplicate-indicator", P2, 9),
    ("duplicate-indicator", P2, 10),
    ("implied-direction", P3, 4),
    ("category-name-conflict", P3, 5),  # 省市县视频会议实现对接 under 经济效益指标
    ("category-name-conflict", P3, 6),
    ("duplicate-indicator", P3, 6),
    ("duplicate-indicator", P3, 9),
    ("duplicate-indicator", P3, 10),
    ("boolean-target", P4, 2),  # 养老补助档案资料是否建立 given ≥90百分比
    ("duplicate-goal", P4, "goal 3"),
    ("implied-direction", P4, 4),
    ("duplicate-indicator", P4, 6),  # 补贴发放率 twice
    ("duplicate-indicator", P4, 9),
    ("duplicate-indicator", P4, 10),
]


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return run_ruleset(builtin_rulesets()["target-table"], load(CORPUS))


def test_complete_list_of_findings(report) -> None:  # type: ignore[no-untyped-def]
    got = [
        (f.rule, f.location.project, f.location.item if f.location.row is None else f.location.row)
        for f in report.findings
    ]
    assert got == EXPECTED


def test_consistent_parts_raise_nothing(report) -> None:  # type: ignore[no-untyped-def]
    fired = {f.rule for f in report.findings}
    for rule in ("budget-sum", "spending-plan", "cost-vs-budget", "missing-tier",
                 "missing-output-category", "category-tier-mismatch", "unparseable-target",
                 "percent-over-100", "unit-name-conflict", "placeholder-row", "rule-error"):  # fmt: skip
        assert rule not in fired


def test_findings_point_back_to_source_lines(report) -> None:  # type: ignore[no-untyped-def]
    boolean = next(f for f in report.findings if f.rule == "boolean-target")
    assert boolean.location.source == f"{CORPUS}:533"
    assert boolean.location.indicator == "养老补助档案资料是否建立"
    assert (
        boolean.message_zh
        == "“养老补助档案资料是否建立”是是否类指标，指标值应为“是/否”，而不是“≥90百分比”"
    )
    assert boolean.severity.value == "error"


def test_report_carries_ruleset_identity(report) -> None:  # type: ignore[no-untyped-def]
    assert report.ruleset == "target-table"
    assert report.version == "1.0.0"
    assert len(report.content_hash) == 16
    errors = [rule for rule, _, _ in EXPECTED if rule in ("duplicate-indicator", "boolean-target")]
    assert report.errors == len(errors) == 13
