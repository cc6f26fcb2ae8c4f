"""Unit tests of :func:`perfrules.judging.judge`: verdicts, gaps, ratios, direction and why."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from perfrules.ast import Compare, Op, Quantity
from perfrules.errors import IndicatorSyntaxError, UnitMismatchError
from perfrules.judging import (
    DirectionSource,
    GapSide,
    Reason,
    Verdict,
    direction_for,
    judge,
)
from perfrules.parser import parse
from perfrules.policy import Direction, Formula
from perfrules.units import PERCENT, YUAN


def test_partial_miss_reports_gap_ratio_and_operator() -> None:
    j = judge("≥90%", "87%")
    assert j.verdict is Verdict.PARTLY
    assert j.gap == Quantity(Decimal(3), PERCENT)
    assert j.gap_side is GapSide.SHORT
    assert j.ratio == Decimal(87) / Decimal(90)
    assert j.formula is Formula.PROPORTIONAL
    assert j.direction is not None
    assert (j.direction.direction, j.direction.source, j.direction.entry) == (
        Direction.HIGHER,
        DirectionSource.OPERATOR,
        "≥",
    )
    assert j.direction.zh == "按运算符“≥”，越高越好"
    assert j.direction.en == "by the operator ≥: higher is better"


def test_target_may_be_a_node() -> None:
    node = Compare(Op.LE, Quantity(Decimal(5), PERCENT))
    assert judge(node, 6).verdict is Verdict.PARTLY
    assert judge(node, 5).verdict is Verdict.MET
    assert judge(node, 5).target_text == "≤5%"


@pytest.mark.parametrize(
    ("actual", "verdict"),
    [
        (87, Verdict.PARTLY),
        (87.0, Verdict.PARTLY),
        (Decimal("90"), Verdict.MET),
        ("90.00%", Verdict.MET),
        (np.float64(91.5), Verdict.MET),
        (np.int64(12), Verdict.PARTLY),
        (np.float32(95.0), Verdict.MET),
    ],
)
def test_actual_types(actual: object, verdict: Verdict) -> None:
    assert judge("≥90%", actual).verdict is verdict


def test_float_actual_is_read_as_its_shortest_decimal() -> None:
    j = judge("≥0.3", 0.1 + 0.2)  # 0.30000000000000004
    assert j.verdict is Verdict.MET
    assert j.actual_base == Decimal("0.30000000000000004")


def test_money_scale_is_exact() -> None:
    j = judge("=55.2万元", "552000元")
    assert j.verdict is Verdict.MET
    assert j.actual_base == j.reference_base == Decimal(552000)


def test_money_gap_is_in_yuan_quantity() -> None:
    j = judge("55.2万元", "60万元", category="成本指标")
    assert j.gap == Quantity(Decimal("48000.0"), YUAN)
    assert j.gap_side is GapSide.OVER


@pytest.mark.parametrize(
    ("target", "actual"),
    [("≥90%", "55.2万元"), ("≥5天", "5个工作日"), ("≥100人", "100次"), ("≥1公里", "3亩")],
)
def test_dimension_mismatch_raises_naming_both_sides(target: str, actual: str) -> None:
    with pytest.raises(UnitMismatchError) as info:
        judge(target, actual)
    err = info.value
    assert err.code == "unit-mismatch"
    assert actual in err.message and parse(target) is not None
    assert actual in err.message_zh


def test_malformed_target_raises_syntax_error() -> None:
    with pytest.raises(IndicatorSyntaxError):
        judge("≥≥90%", 90)


@pytest.mark.parametrize(
    ("actual", "reason"),
    [
        (None, Reason.MISSING),
        ("  ", Reason.MISSING),
        ("/", Reason.MISSING),
        (float("nan"), Reason.NAN),
        (Decimal("NaN"), Reason.NAN),
        ("nan", Reason.NAN),
        (float("inf"), Reason.INFINITE),
        (Decimal("-Infinity"), Reason.INFINITE),
        ("≥≥", Reason.UNPARSEABLE),
        ("严格执行", Reason.UNPARSEABLE),
        ("80%-90%", Reason.RANGE_ACTUAL),
        (True, Reason.KIND_MISMATCH),
        ("较好", Reason.KIND_MISMATCH),
        (object(), Reason.UNPARSEABLE),
    ],
)
def test_not_evaluable_reasons(actual: object, reason: Reason) -> None:
    j = judge("≥90%", actual)
    assert j.verdict is Verdict.NOT_EVALUABLE
    assert j.reason is reason
    assert j.reason_zh and j.reason_en
    assert j.share is None and j.formula is None


def test_unparseable_actual_keeps_the_parser_message() -> None:
    j = judge("≥90%", "≥≥")
    assert j.detail is not None and "≥" in j.detail


def test_direction_table_category_before_name() -> None:
    policy = "mof-2020"
    assert direction_for("覆盖率", "成本指标", policy).source is DirectionSource.CATEGORY
    by_name = direction_for("预算调整率", "质量指标", policy)
    assert (by_name.source, by_name.entry) == (DirectionSource.NAME, "调整率")
    assert direction_for("投诉率（%）", None, policy).entry == "投诉率"
    assert direction_for("单位成本", None, policy).entry == "成本"
    plain = direction_for("合格率", "质量指标", policy)
    assert (plain.direction, plain.source) == (Direction.HIGHER, DirectionSource.DEFAULT)


def test_explicit_operator_wins_over_the_table() -> None:
    j = judge("≥5%", "6%", name="成本控制率", category="成本指标")
    assert j.verdict is Verdict.MET
    assert j.direction is not None and j.direction.source is DirectionSource.OPERATOR


def test_implied_direction_from_name() -> None:
    j = judge("5%", "6%", name="预算调整率")
    assert j.verdict is Verdict.PARTLY
    assert j.direction is not None
    assert j.direction.direction is Direction.LOWER
    assert j.direction.zh == "按指标名称后缀“调整率”，越低越好"


def test_zero_target_rule() -> None:
    met = judge("0起", 0)
    missed = judge("0起", 1)
    assert met.verdict is Verdict.MET and missed.verdict is Verdict.MISSED
    assert missed.share == 0
    assert missed.direction is not None
    assert missed.direction.source is DirectionSource.ZERO_TARGET


def test_not_equal_target() -> None:
    assert judge("≠0", 1).verdict is Verdict.MET
    assert judge("≠0", 0).verdict is Verdict.MISSED


def test_over_achievement_is_flagged_not_missed() -> None:
    j = judge("≥90%", 108)
    assert j.verdict is Verdict.MET and j.over_achieved
    assert not judge("≥90%", "107.99%").over_achieved
    assert not judge("≤5%", 1).over_achieved


def test_qualitative_band_and_rate() -> None:
    j = judge("严格按照合同执行", "部分达成（70%）")
    assert j.verdict is Verdict.PARTLY
    assert j.band is not None and j.band.level == "部分达成年度指标并具有一定效果"
    assert j.share == Decimal("0.7") and j.rate_given
    top = judge("严格按照合同执行", "部分达成")
    assert top.share == Decimal("0.8") and not top.rate_given


def test_level_is_looked_up_in_the_target_scale_first() -> None:
    # 差 is on both the "good" and the "grade" scale; the target's scale decides
    j = judge("优", "差")
    assert j.verdict is Verdict.MISSED
    assert judge("优", "良").verdict is Verdict.PARTLY


def test_deadline_with_and_without_years() -> None:
    assert judge("12月底前", "2021年12月31日").verdict is Verdict.MET
    assert judge("2021年12月31日前", "2022年1月1日").verdict is Verdict.MISSED
    assert judge("2021年6月后", "2021年7月1日").verdict is Verdict.MET


def test_judgement_is_frozen() -> None:
    j = judge("≥90%", 87)
    with pytest.raises(AttributeError):
        j.verdict = Verdict.MET  # type: ignore[misc]
