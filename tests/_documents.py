"""Shared expectations for the document-loader tests: the fixture self-assessment."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from perfrules.model import Project
from perfrules.printer import format_decimal

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "examples" / "shuangqiao-cdi-2021-targets.txt"

# (tier, category, name, target_text, actual, weight, claimed, deviation_reason)
FIXTURE_ROWS = [
    ("产出指标", "数量指标", "监督检查工作完成率", "≥90%", "95%", "15", "15", None),
    (
        "产出指标",
        "质量指标",
        "问题线索办结率",
        "≥95%",
        "93%",
        "15",
        "15",
        "个别线索核查周期较长，结转下年办理",
    ),
    ("产出指标", "时效指标", "经费按时拨付", "是", "是", "10", "10", None),
    ("产出指标", "成本指标", "总成本", "≤55.2万元", "52.8万元", "10", "10", None),
    ("效益指标", "社会效益指标", "遏制腐败现象", "较好", "好", "15", "15", None),
    ("效益指标", "可持续影响指标", "长效监督机制", "逐步改善", "逐步改善", "15", "12", None),
    ("满意度指标", "服务对象满意度指标", "机关单位人员满意度", "≥90%", "92%", "10", "10", None),
]


def rows_of(project: Project) -> list[tuple[object, ...]]:
    return [
        (
            i.tier,
            i.category,
            i.name,
            i.target_text,
            i.actual,
            None if i.weight is None else format_decimal(i.weight),
            None if i.claimed is None else format_decimal(i.claimed),
            i.deviation_reason,
        )
        for i in project.indicators
    ]


def content(project: Project) -> Project:
    """The project without what legitimately differs by layout (code, tier weights)."""
    return attrs.evolve(project, code=None, tier_weights=())


def assert_fixture_project(project: Project) -> None:
    assert project.name == "镇街纪检组织建设"
    assert project.department == "中国共产党承德市双桥区纪律检查委员会"
    assert project.unit == "中国共产党承德市双桥区纪律检查委员会本级"
    assert rows_of(project) == FIXTURE_ROWS
    assert all(i.target is not None for i in project.indicators)
    a = project.assessment
    assert a is not None
    assert (a.year, a.money_unit, a.total_weight, a.total_claimed) == (
        2021,
        "万元",
        Decimal(100),
        Decimal("96.57"),
    )
    assert a.expected_goals == "加强镇级纪检组织建设，镇纪委经费纳入财政预算统一管理。"
    assert a.actual_outcome == "完成镇街纪检监督检查工作，经费保障到位（示意数据）。"
    assert [r.name for r in a.fund_rows] == ["年度资金总额", "财政拨款", "上年结转", "其他资金"]
    total = a.fund_rows[0]
    assert (total.initial_budget, total.annual_budget, total.spent) == (
        Decimal("55.2"),
        Decimal("55.2"),
        Decimal("52.8"),
    )
    assert (total.weight, total.execution_rate, total.claimed) == (
        Decimal(10),
        Decimal("95.65"),
        Decimal("9.57"),
    )
    assert (a.budget, a.spent) == (Decimal("55.2"), Decimal("52.8"))
    assert a.fund_rows[1].weight is None and a.fund_rows[1].claimed is None
    assert project.budget is not None
    assert project.budget.total == Decimal("55.2")
    assert [(s.name, s.amount) for s in project.budget.sources] == [
        ("财政拨款", Decimal("55.2")),
        ("上年结转", Decimal(0)),
        ("其他资金", Decimal(0)),
    ]
