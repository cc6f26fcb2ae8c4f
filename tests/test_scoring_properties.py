"""Hypothesis properties of scoring: bounds, monotonicity, scale invariance, batch == scalar."""

from __future__ import annotations

import warnings
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from perfrules.ast import Compare
from perfrules.batch import Codes, score_many
from perfrules.errors import PerfrulesError, UnitMismatchError
from perfrules.parser import parse
from perfrules.printer import format_decimal
from perfrules.scoring import score

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POLICIES = st.sampled_from(["mof-2020", "local-80-70-60"])

decimals = st.decimals(
    min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2, allow_nan=False
)
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
weights = st.sampled_from([0, 1, 2.5, 3.33, 5, 10, 15, 20, 30]) | st.decimals(
    min_value=Decimal(0), max_value=Decimal(100), places=3
)
UNITS = ["%", "元", "万元", "人", "个工作日", "米", "天", ""]
NAMES = [None, "合格率", "成本控制率", "投诉率", "人均成本", "覆盖率", "预算调整率"]
CATEGORIES = [None, "质量指标", "成本指标", "数量指标", "经济成本指标"]


def _num(value: Decimal) -> str:
    return format_decimal(value)


@st.composite
def quantitative_targets(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(UNITS))
    value = _num(draw(decimals))
    op = draw(st.sampled_from(["≥", ">", "≤", "<", "=", ""]))
    return f"{op}{value}{unit}"


@st.composite
def any_targets(draw: st.DrawFn) -> str:
    return draw(
        quantitative_targets()
        | st.sampled_from(
            ["90%-100%", "[80,90)", "±2%", "是", "否", "较好", "显著提升", "保质保量完成",
             "12月底前", "2021年12月31日前", "0起", "≠0", "=0"]
        )
    )  # fmt: skip


def actual_values() -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(min_value=-1000, max_value=10**6),
        st.floats(min_value=-1e6, max_value=1e6),
        st.sampled_from([float("nan"), float("inf"), float("-inf")]),
        decimals,
        decimals.map(lambda d: f"{_num(d)}%"),
        decimals.map(lambda d: f"{_num(d)}元"),
        decimals.map(lambda d: f"{_num(d)}万元"),
        st.sampled_from(
            [None, "", "是", "否", True, False, "好", "一般", "达成", "部分达成（70%）",
             "严格执行", "2021年11月30日", "NaN", "已完成95%", "5个工作日", "3人"]
        ),
    )  # fmt: skip


def _score(target: str, actual: object, weight: object, **kw: object) -> Decimal | None:
    """Points, or None when the row is an error (unit mismatch)."""
    try:
        return score(target, actual, weight, **kw).points  # type: ignore[arg-type]
    except UnitMismatchError:
        return None


@pytest.fixture(autouse=True)
def _quiet() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@SETTINGS
@given(any_targets(), actual_values(), weights, st.sampled_from(NAMES), POLICIES)
def test_points_between_zero_and_weight(
    target: str, actual: object, weight: object, name: str | None, policy: str
) -> None:
    try:
        result = score(target, actual, weight, name=name, policy=policy)
    except UnitMismatchError:
        return
    assert Decimal(0) <= result.points <= result.weight
    assert result.lost == result.weight - result.points
    assert result.points == result.points.quantize(Decimal("0.01"))


@SETTINGS
@given(
    quantitative_targets(),
    decimals,
    decimals,
    st.sampled_from(NAMES),
    st.sampled_from(CATEGORIES),
    POLICIES,
)
def test_a_better_actual_never_lowers_the_points(
    target: str,
    a: Decimal,
    b: Decimal,
    name: str | None,
    category: str | None,
    policy: str,
) -> None:
    low, high = sorted((a, b))
    first = score(target, low, 10, name=name, category=category, policy=policy)
    second = score(target, high, 10, name=name, category=category, policy=policy)
    direction = first.judgement.direction
    assume(direction is not None)  # ≠ has no direction
    assert direction is not None
    if str(direction.direction) == "higher":
        assert first.points <= second.points
    else:
        assert first.points >= second.points


@SETTINGS
@given(
    st.sampled_from(["≥", "≤", "=", ""]),
    positive,
    positive,
    st.sampled_from(CATEGORIES),
    weights,
)
def test_scale_invariance_yuan_and_wan(
    op: str, target: Decimal, actual: Decimal, category: str | None, weight: object
) -> None:
    wan = Decimal(10000)
    in_yuan = score(f"{op}{_num(target)}元", f"{_num(actual)}元", weight, category=category)
    in_wan = score(
        f"{op}{_num(target / wan)}万元", f"{_num(actual / wan)}万元", weight, category=category
    )
    mixed = score(f"{op}{_num(target)}元", f"{_num(actual / wan)}万元", weight, category=category)
    assert in_yuan.points == in_wan.points == mixed.points
    assert in_yuan.verdict == in_wan.verdict == mixed.verdict


@SETTINGS
@given(
    st.lists(
        st.tuples(
            any_targets(),
            actual_values(),
            weights,
            st.sampled_from(NAMES),
            st.sampled_from(CATEGORIES),
        ),
        min_size=1,
        max_size=40,
    ),
    POLICIES,
    st.booleans(),
)
def test_score_many_equals_score_row_by_row(
    rows: list[tuple[str, object, object, str | None, str | None]], policy: str, coded: bool
) -> None:
    scalar = []
    for target, actual, weight, name, category in rows:
        try:
            scalar.append(
                score(target, actual, weight, name=name, category=category, policy=policy)
            )
        except PerfrulesError as err:
            targets, actuals, row_weights, names, categories = _columns(rows, coded)
            with pytest.raises(type(err)):
                score_many(
                    targets,  # type: ignore[arg-type]
                    actuals,  # type: ignore[arg-type]
                    row_weights,  # type: ignore[arg-type]
                    names=names,  # type: ignore[arg-type]
                    categories=categories,  # type: ignore[arg-type]
                    policy=policy,
                )
            return
    targets, actuals, row_weights, names, categories = _columns(rows, coded)
    batch = score_many(
        targets,  # type: ignore[arg-type]
        actuals,  # type: ignore[arg-type]
        row_weights,  # type: ignore[arg-type]
        names=names,  # type: ignore[arg-type]
        categories=categories,  # type: ignore[arg-type]
        policy=policy,
    )
    assert batch.points() == [s.points for s in scalar]
    assert [batch.verdict(i) for i in range(len(rows))] == [s.verdict for s in scalar]
    assert [batch.reason(i) for i in range(len(rows))] == [s.judgement.reason for s in scalar]
    assert batch.over_achieved.tolist() == [s.judgement.over_achieved for s in scalar]


def _columns(
    rows: list[tuple[str, object, object, str | None, str | None]], coded: bool
) -> tuple[object, ...]:
    targets, actuals, row_weights, names, categories = (list(c) for c in zip(*rows, strict=True))
    if coded:
        return Codes.of(targets), actuals, row_weights, Codes.of(names), Codes.of(categories)
    return targets, actuals, row_weights, names, categories


@SETTINGS
@given(
    st.lists(
        st.tuples(
            quantitative_targets(),
            st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False),
            st.sampled_from([1, 2.5, 3.33, 5, 10, 1.005]),
        ),
        min_size=1,
        max_size=60,
    ),
    POLICIES,
)
def test_score_many_float_columns_equal_score(
    rows: list[tuple[str, float, float]], policy: str
) -> None:
    """The fast path (plain float columns) agrees too, including near-ties."""
    kept = [row for row in rows if _score(row[0], row[1], row[2], policy=policy) is not None]
    assume(kept)
    targets, actuals, row_weights = (list(c) for c in zip(*kept, strict=True))
    batch = score_many(targets, actuals, row_weights, policy=policy)
    expected = [score(t, a, w, policy=policy).points for t, a, w in kept]
    assert batch.points() == expected


@SETTINGS
@given(quantitative_targets(), st.sampled_from(["0.01", "0.001", "1"]), POLICIES)
def test_exact_boundaries_in_batch(target: str, step: str, policy: str) -> None:
    """Actuals exactly at, just below and just above the target score as in ``score``."""
    node = parse(target)
    assert isinstance(node, Compare)
    value = node.quantity.value
    actuals = [float(value), float(value - Decimal(step)), float(value + Decimal(step))]
    batch = score_many([target] * 3, actuals, [10] * 3, policy=policy)
    assert batch.points() == [score(target, a, 10, policy=policy).points for a in actuals]
