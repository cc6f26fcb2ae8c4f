"""Semantics of the condition language, evaluated on a small project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from perfrules.ast import Quantity
from perfrules.model import DocumentKind
from perfrules.rules.compiler import Env, compile_expression
from perfrules.rules.fragments import fragment_document
from perfrules.rules.functions import RuleRuntimeError
from perfrules.rules.language import ExpressionError, parse_expression
from perfrules.rules.loader import _scope
from perfrules.units import PERCENT, YUAN

DOC = fragment_document(
    {
        "project": {
            "code": "P1",
            "budget": {
                "total": "55.20",
                "sources": [
                    {"name": "财政资金", "amount": "50"},
                    {"name": "其他资金", "amount": "5.2"},
                ],
            },
            "spending_plan": {
                "checkpoints": [
                    {"label": "3月底", "percent": "25"},
                    {"label": "12月底", "percent": "100"},
                ]
            },
            "indicators": [
                {
                    "tier": "产出指标",
                    "category": "成本指标",
                    "name": "总成本",
                    "target": "55.2万元",
                },
                {"tier": "产出指标", "category": "数量指标", "name": "完成率", "target": "≥90%"},
                {"tier": "产出指标", "category": "数量指标", "name": "完成率", "target": "≥90%"},
                {
                    "tier": "满意度指标",
                    "category": "服务对象满意度指标",
                    "name": "满意度",
                    "target": "90%-100%",
                },
            ],
            "goals": ["甲", "乙", "甲"],
        }
    },
    DocumentKind.TARGET_TABLE,
)
PROJECT = DOC.projects[0]


def ev(expr: str, scope: str = "project", it: Any = PROJECT) -> Any:
    compiled, _ = compile_expression(parse_expression(expr), _scope(scope))
    env_vars = {"document": DOC, "project": PROJECT}
    if scope == "indicator":
        env_vars["indicator"] = it
    return compiled(Env(it, env_vars))


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("budget.total", Quantity(Decimal("552000.00"), YUAN)),
        ("budget.total == sum(budget.sources.amount)", True),
        ("budget.total == 55.2万元", True),
        ("budget.total == 552000元", True),
        ("budget.total > 55.19万元", True),
        ("budget.total - sum(budget.sources.amount) == 0元", True),
        ("budget.total == 55.3万元 within 0.1万元", True),
        ("budget.total == 55.3万元 within 0.05万元", False),
        ("budget.total / 2 == 27.6万元", True),
        ("budget.total / 27.6万元", Decimal(2)),
        ("count(indicators)", Decimal(4)),
        ('count(indicators[category == "数量指标"])', Decimal(2)),
        ('count(indicators, tier == "产出指标")', Decimal(3)),
        ('indicators[tier == "满意度指标"].target.high', (Quantity(Decimal(100), PERCENT),)),
        ('any(indicators, target.kind == "range")', True),
        ('all(indicators, tier == "产出指标")', False),
        ("unique(indicators.name)", False),
        ("unique(goals, by=text)", False),
        ("count(duplicates(indicators, by=[name, target_text]))", Decimal(1)),
        ('missing(["产出指标", "效益指标"], indicators.tier)', ("效益指标",)),
        ("non_decreasing(spending_plan.checkpoints.percent)", True),
        ("last(spending_plan.checkpoints.percent) == 100%", True),
        ("max(spending_plan.checkpoints.percent)", Quantity(Decimal(100), PERCENT)),
        ("first(indicators).name", "总成本"),
        ('code matches "^P\\\\d$"', True),
        ('"成本指标" in indicators.category', True),
        ('"效益指标" not in indicators.tier', True),
        ("is_set(department)", False),
        ('department == "x"', None),
        ('department == "x" or true', True),
        ('department == "x" and false', False),
        ('not (department == "x")', None),
        ("len(name)", Decimal(4)),
        ("-1 + 2 * 3", Decimal(5)),
        ('tier_of("数量指标")', "产出指标"),
        (
            'near_duplicate("为案件查办、纪检监察业务、提供服务和保障。", "为案件查办、纪检监察业务、党风廉政建设提供服务和保障。")',
            False,
        ),
        ('near_duplicate("保证单位工作正常开展", "保证单位工作正常开展。")', True),
    ],
)
def test_values(expr: str, expected: Any) -> None:
    assert ev(expr) == expected


def test_indicator_scope_sees_row_and_project() -> None:
    row = PROJECT.indicators[2]
    assert ev(
        "indicator in duplicates(project.indicators, by=[name, target_text])", "indicator", row
    )
    assert not ev(
        "indicator in duplicates(project.indicators, by=[name, target_text])",
        "indicator",
        PROJECT.indicators[1],
    )
    assert ev("target.value == 90%", "indicator", row) is True
    assert ev("target.implied", "indicator", PROJECT.indicators[0]) is True


def test_runtime_unit_error_is_raised_for_the_engine_to_report() -> None:
    with pytest.raises(RuleRuntimeError):
        ev("sum(indicators.target.value)")  # money and percent do not add


def test_division_by_zero_is_a_runtime_error() -> None:
    with pytest.raises(RuleRuntimeError):
        ev("budget.total / 0")


@pytest.mark.parametrize(
    ("expr", "code"),
    [
        ("budget.total == 90%", "rule-unit-mismatch"),
        ("budget.total == 55", "rule-unit-mismatch"),
        ("name + 1", "rule-type"),
        ("budget.total * budget.total", "rule-type"),
        ("count(name)", "rule-type"),
        ('budget matches "x"', "rule-type"),
        ("indicators.nme", "rule-unknown-path"),
        ("unique(goals, key=text)", "rule-bad-call"),
        ("5万鸡", "rule-bad-quantity"),
    ],
)
def test_static_errors(expr: str, code: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(parse_expression(expr), _scope("project"))
    assert caught.value.code == code
