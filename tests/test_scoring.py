"""Unit tests of :func:`perfrules.scoring.score`: points, lost points, flags, explanations."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from perfrules.errors import PerfrulesError
from perfrules.judging import Verdict
from perfrules.resources import resource_path
from perfrules.scoring import IndicatorScore, ScoreFlag, score, to_weight


def test_the_issue_example() -> None:
    result = score("≥90%", "87%", 10)
    assert isinstance(result, IndicatorScore)
    assert result.points == Decimal("9.67")
    assert result.lost == Decimal("0.33")
    assert result.weight == Decimal(10)
    assert result.verdict is Verdict.PARTLY
    assert result.explanation_zh == "实际值87%，目标≥90%，未达标，差3个百分点；得分9.67/10"
    assert result.explanation_en == (
        "actual 87%, target ≥90%, not met, 3 percentage points short; score 9.67/10"
    )
    assert result.rounding_en == "2 decimals, half-up"


def test_points_are_rounded_once_from_the_exact_quotient() -> None:
    # 3 × 1.015 / 3 = 1.015 exactly: rounding a truncated share first would give 1.01
    result = score("≥3", "1.015", 3)
    assert result.points == Decimal("1.02")


def test_points_keep_two_decimals_even_when_whole() -> None:
    assert str(score("≥90%", 95, 10).points) == "10.00"
    assert str(score("≥90%", 45, 10).points) == "5.00"


def test_capped_and_never_negative() -> None:
    assert score("≥90%", 1000, 10).points == Decimal("10.00")
    assert score("≥90%", -1000, 10).points == Decimal("0.00")
    assert score("≤5%", -1000, 10).points == Decimal("10.00")


def test_not_evaluable_is_zero_points_with_flag_and_reason() -> None:
    result = score("≥90%", None, 10, name="合格率", tier="产出指标")
    assert result.verdict is Verdict.NOT_EVALUABLE
    assert result.points == Decimal("0.00") and result.lost == Decimal("10.00")
    assert result.flags == frozenset({ScoreFlag.NOT_EVALUABLE})
    assert "待复核" in result.explanation_zh and "pending review" in result.explanation_en
    record = result.explain()
    assert record["reason"] == "missing-actual"
    assert record["tier"] == "产出指标" and record["name"] == "合格率"


def test_explain_is_json_ready() -> None:
    record = score("55.2万元", "60万元", 15, category="成本指标").explain()
    text = json.dumps(record, ensure_ascii=False)
    assert json.loads(text) == record
    assert record["points"] == "13.80"
    assert record["lost"] == "1.20"
    assert record["direction"] == "lower"
    assert record["direction_source"] == "category"
    assert record["formula"] == "inverse"
    assert record["gap"] == "4.8万元"
    assert record["policy"] == "mof-2020"


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(10, Decimal(10)), (2.5, Decimal("2.5")), ("7.50", Decimal("7.50")), (Decimal("3"), 3)],
)
def test_to_weight(weight: object, expected: Decimal) -> None:
    assert to_weight(weight) == expected


@pytest.mark.parametrize("weight", [-1, float("nan"), float("inf"), "abc", True, None, [1]])
def test_bad_weights_raise(weight: object) -> None:
    with pytest.raises(PerfrulesError) as info:
        score("≥90%", 87, weight)
    assert info.value.code == "invalid-weight"


def test_qualitative_band_explanation_en() -> None:
    result = score("较好", "一般", 10)
    assert result.explanation_en == (
        "actual 一般, target 较好, judged 部分达成年度指标并具有一定效果 (the 60–80% band); "
        "score 8/10"
    )


def test_direction_explained_when_implied() -> None:
    result = score("5%", "6%", 10, name="成本控制率")
    assert result.explanation_zh == (
        "实际值6%，目标5%（按指标名称后缀“控制率”，越低越好），未达标，超出1个百分点；得分8.33/10"
    )
    assert result.explanation_en == (
        "actual 6%, target 5% (by the name suffix 控制率: lower is better), not met, "
        "1 percentage point over; score 8.33/10"
    )


def test_half_even_policy(tmp_path: Path) -> None:
    text = Path(str(resource_path("rulesets", "scoring", "mof-2020.toml"))).read_text("utf-8")
    path = tmp_path / "even.toml"
    path.write_text(text.replace('mode = "half-up"', 'mode = "half-even"'), encoding="utf-8")
    assert score("≥80", 66, 1, policy=path).points == Decimal("0.82")
    assert score("≥80", 66, 1).points == Decimal("0.83")
    result = score("≥80", 66, 1, policy=path)
    assert result.rounding_zh == "保留2位小数，银行家舍入"


def test_scores_are_comparable_values() -> None:
    # the same inputs give equal (frozen, comparable) results
    assert score("≥90%", 87, 10) == score("≥90%", 87, 10)
