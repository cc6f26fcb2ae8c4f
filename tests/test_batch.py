"""Unit tests of :func:`perfrules.batch.score_many` (the numpy path)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from perfrules.batch import REASON_CODES, VERDICT_CODES, Codes, score_many
from perfrules.errors import IndicatorSyntaxError, PerfrulesError, UnitMismatchError
from perfrules.judging import Reason, Verdict
from perfrules.scoring import score

TARGETS = ["≥90%", "≤5%", "55.2万元", "=100%", "90%-100%", "是", "较好", "12月底前", "0起"]
ACTUALS: list[object] = [87, "6%", "60万元", 99.8, 105, "否", "一般", "2021年11月30日", 0]
WEIGHTS = [10, 10, 15, 5, 10, 5, 10, 5, 5]
CATEGORIES = [None, None, "成本指标", None, None, None, None, None, None]


def _expected(targets: list[object], actuals: list[object], weights: list[object]) -> list[object]:
    return [
        score(t, a, w, category=c)  # type: ignore[arg-type]
        for t, a, w, c in zip(targets, actuals, weights, CATEGORIES, strict=True)
    ]


def test_mixed_rows_match_score() -> None:
    result = score_many(TARGETS, ACTUALS, WEIGHTS, categories=CATEGORIES)
    expected = _expected(TARGETS, ACTUALS, WEIGHTS)  # type: ignore[arg-type]
    assert result.points() == [s.points for s in expected]  # type: ignore[attr-defined]
    verdicts = [s.verdict for s in expected]  # type: ignore[attr-defined]
    assert [result.verdict(i) for i in range(len(TARGETS))] == verdicts
    assert result.points() == [
        Decimal(v) for v in ("9.67", "8.33", "13.80", "4.99", "9.52", "0", "8", "5", "5")
    ]
    assert result.points_scaled.dtype == np.int64
    assert result.verdicts.dtype == np.int8
    assert len(result) == len(TARGETS)


def test_codes_tables() -> None:
    result = score_many(["≥90%", "≥90%", "≥90%"], [95, None, float("nan")], [10, 10, 10])
    assert [VERDICT_CODES[v] for v in result.verdicts] == [
        Verdict.MET, Verdict.NOT_EVALUABLE, Verdict.NOT_EVALUABLE,
    ]  # fmt: skip
    assert [REASON_CODES[r] for r in result.reasons] == [None, Reason.MISSING, Reason.NAN]
    assert result.reason(2) is Reason.NAN
    assert result.points_scaled.tolist() == [1000, 0, 0]


def test_pre_parsed_inputs_give_the_same_numbers() -> None:
    targets = ["≥90%", "≤5%", "55.2万元"] * 50
    actuals = np.linspace(0, 130, len(targets))
    weights = np.full(len(targets), 10.0)
    names = ["合格率", "投诉率", "成本"] * 50
    plain = score_many(targets, actuals.tolist(), weights.tolist(), names=names)
    coded = score_many(Codes.of(targets), actuals, weights, names=Codes.of(names))
    assert plain.points_scaled.tolist() == coded.points_scaled.tolist()
    for i in range(len(targets)):
        assert plain.point(i) == score(targets[i], float(actuals[i]), 10, name=names[i]).points


def test_over_achievement_flags() -> None:
    result = score_many(["≥90%"] * 4, [108, 107.99, 200, 50], [10] * 4)
    assert result.over_achieved.tolist() == [True, False, True, False]


def test_rounding_ties_are_decided_exactly() -> None:
    # 0.825 exactly → 0.83: decided in integer arithmetic, no Decimal row needed
    result = score_many(["≥80", "≥80", "≤5%"], [66, 66.0, 8], [1, 1.0, 2.5])
    assert result.points() == [Decimal("0.83"), Decimal("0.83"), Decimal("1.56")]
    assert result.exact_rows == 0
    # a weight finer than the rounding step goes through the Decimal path
    fine = score_many(["≥90%"], [95], [1.005])
    assert fine.point(0) == score("≥90%", 95, 1.005).points == Decimal("1.00")
    assert fine.exact_rows == 1


def test_weights_scaled_and_lost() -> None:
    result = score_many(["≥90%", "≤5%"], [87, 6], [10, 2.5])
    assert result.weights_scaled is not None
    assert result.lost_scaled.tolist() == [33, 42]  # 2.5 × 5/6 = 2.08
    odd = score_many(["≥90%"], [87], [Decimal("3.333")])
    assert odd.weights_scaled is None
    with pytest.raises(ValueError):
        _ = odd.lost_scaled


def test_points_float_is_for_display() -> None:
    result = score_many(["≥90%"], [87], [10])
    assert result.points_float.tolist() == [9.67]


def test_errors_are_the_scalar_errors() -> None:
    with pytest.raises(UnitMismatchError):
        score_many(["≥90%", "≥90%"], [87, "55.2万元"], [10, 10])
    with pytest.raises(IndicatorSyntaxError):
        score_many(["≥≥90%"], [87], [10])
    with pytest.raises(PerfrulesError) as info:
        score_many(["≥90%"], [87], [-1])
    assert info.value.code == "invalid-weight"
    with pytest.raises(PerfrulesError):
        score_many(["≥90%"], [87], [True])
    with pytest.raises(ValueError):
        score_many(["≥90%"], [87, 88], [10])


def test_bools_hidden_among_numbers_are_not_numbers() -> None:
    result = score_many(["≥1", "≥1"], [1.0, True], [10, 10])
    assert result.verdict(0) is Verdict.MET
    assert result.verdict(1) is Verdict.NOT_EVALUABLE
    assert result.reason(1) is Reason.KIND_MISMATCH


def test_empty() -> None:
    result = score_many([], [], [])
    assert len(result) == 0 and result.points() == []


def test_decimal_and_string_actuals() -> None:
    targets = ["≥90%", "≥90%", "≥90%", "=55.2万元"]
    actuals: list[object] = [Decimal("89.995"), "89.995%", "89.995", "552000元"]
    result = score_many(targets, actuals, [10] * 4)
    assert result.points() == [
        score(t, a, 10).points for t, a in zip(targets, actuals, strict=True)
    ]
    assert result.points()[0] == Decimal("10.00")


def test_large_integers_are_exact() -> None:
    big = 2**60
    result = score_many(["≥1"], [big], [10])
    assert result.point(0) == Decimal("10.00")
    result = score_many([f"≥{big + 1}"], [big], [10])
    assert result.point(0) == score(f"≥{big + 1}", big, 10).points
