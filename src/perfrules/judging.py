"""Judge an actual value against a target: verdict, gap, completion ratio and direction.

``judge(target, actual)`` answers *whether* a target was met and by how much it was missed;
it does not know weights (that is :mod:`perfrules.scoring`). Every answer says why: which
operator or direction-table entry decided "higher is better", and for ``not_evaluable``
which reason (missing, unparseable, NaN …) — an actual that cannot be judged is never
silently counted as met or as zero. Comparing quantities of different dimensions
(``≥90%`` against ``55.2万元``) raises :class:`~perfrules.errors.UnitMismatchError`.

Actual strings go through :func:`perfrules.parser.parse`; there is no second parser here.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from decimal import Decimal
from enum import StrEnum
from functools import singledispatch
from typing import Final

import attrs

from . import scales
from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Text
from .errors import IndicatorSyntaxError, UnitMismatchError
from .parser import parse
from .policy import DEFAULT_POLICY, Band, Direction, Formula, Policy, PolicyLike, resolve_policy
from .printer import format_decimal, format_quantity, to_text
from .units import NO_UNIT, Dimension, Unit

__all__ = [
    "DirectionChoice",
    "DirectionSource",
    "Judgement",
    "Reason",
    "Verdict",
    "direction_for",
    "judge",
]


class Verdict(StrEnum):
    """The outcome for one indicator."""

    MET = "met"
    PARTLY = "partly"
    MISSED = "missed"
    NOT_EVALUABLE = "not_evaluable"


class Reason(StrEnum):
    """Why an indicator could not be evaluated; stable codes."""

    MISSING = "missing-actual"
    UNPARSEABLE = "unparseable-actual"
    NAN = "nan-actual"
    INFINITE = "infinite-actual"
    UNKNOWN_LEVEL = "unknown-level"
    SCALE_MISMATCH = "scale-mismatch"
    KIND_MISMATCH = "kind-mismatch"
    RANGE_ACTUAL = "range-actual"
    RATE_OUT_OF_BAND = "rate-out-of-band"
    UNIT_MISMATCH = "unit-mismatch"
    UNPARSEABLE_TARGET = "unparseable-target"


_REASON_TEXT: Final = {
    Reason.MISSING: ("实际值缺失", "the actual value is missing"),
    Reason.UNPARSEABLE: ("实际值无法识别", "the actual value cannot be read"),
    Reason.NAN: ("实际值为NaN", "the actual value is NaN"),
    Reason.INFINITE: ("实际值为无穷大", "the actual value is infinite"),
    Reason.UNKNOWN_LEVEL: ("无法识别的评价等级", "unknown level"),
    Reason.SCALE_MISMATCH: ("评价等级与目标不属同一等级序列", "level not on the target's scale"),
    Reason.KIND_MISMATCH: ("实际值类型与目标不符", "the actual does not fit this kind of target"),
    Reason.RANGE_ACTUAL: ("实际值是区间，应填写单一数值", "the actual is a range, not one value"),
    Reason.RATE_OUT_OF_BAND: ("给定得分率不在所选档次内", "the rate given is outside its band"),
    Reason.UNIT_MISMATCH: ("实际值与目标单位量纲不同", "actual and target have different units"),
    Reason.UNPARSEABLE_TARGET: ("指标值无法识别", "the target cannot be read"),
}


class DirectionSource(StrEnum):
    """What decided the direction of a quantitative target."""

    OPERATOR = "operator"
    CATEGORY = "category"
    NAME = "name"
    DEFAULT = "default"
    ZERO_TARGET = "zero-target"
    EQUAL_POLICY = "equal-policy"
    RANGE = "range"


@attrs.frozen
class DirectionChoice:
    """Higher or lower is better, and why (``entry`` is the operator or table entry)."""

    direction: Direction
    source: DirectionSource
    entry: str | None = None
    for_equal: bool = False

    @property
    def zh(self) -> str:
        text = self._zh()
        return f"“=”目标偏离时{text}" if self.for_equal else text

    @property
    def en(self) -> str:
        text = self._en()
        return f"an '=' target that is missed: {text}" if self.for_equal else text

    def _zh(self) -> str:
        better = "越高越好" if self.direction is Direction.HIGHER else "越低越好"
        match self.source:
            case DirectionSource.OPERATOR:
                return f"按运算符“{self.entry}”，{better}"
            case DirectionSource.CATEGORY:
                return f"按二级指标“{self.entry}”，{better}"
            case DirectionSource.NAME:
                return f"按指标名称后缀“{self.entry}”，{better}"
            case DirectionSource.ZERO_TARGET:
                return "目标为0，实际值不大于0为达标"
            case DirectionSource.EQUAL_POLICY:
                return f"按评分规则{better}"
            case DirectionSource.RANGE:
                return "区间目标"
        return f"默认{better}" if self.for_equal else f"未写运算符，默认{better}"

    def _en(self) -> str:
        better = "higher is better" if self.direction is Direction.HIGHER else "lower is better"
        match self.source:
            case DirectionSource.OPERATOR:
                return f"by the operator {self.entry}: {better}"
            case DirectionSource.CATEGORY:
                return f"by the category {self.entry}: {better}"
            case DirectionSource.NAME:
                return f"by the name suffix {self.entry}: {better}"
            case DirectionSource.ZERO_TARGET:
                return "zero target: met when the actual is at most 0"
            case DirectionSource.EQUAL_POLICY:
                return f"by the policy: {better}"
            case DirectionSource.RANGE:
                return "interval target"
        if self.for_equal:
            return f"{better} by default"
        return f"no operator written; default: {better}"


class GapSide(StrEnum):
    """Whether the actual fell short of its bound or went over it."""

    SHORT = "short"
    OVER = "over"


@attrs.frozen
class Judgement:
    """The answer of :func:`judge` for one indicator.

    ``share`` is the exact share of the weight earned when it is fixed by the verdict
    (1 when met, a band's share, 0 when missed); when a missed quantitative target earns
    part of its weight, ``share`` is None and ``formula`` with ``actual_base`` and
    ``reference_base`` (the bound it was compared with, in a common base unit) say how —
    :mod:`perfrules.scoring` computes the points from them exactly.
    """

    verdict: Verdict
    target: Node
    target_text: str
    actual_given: str
    policy_id: str
    reason: Reason | None = None
    detail: str | None = None
    direction: DirectionChoice | None = None
    formula: Formula | None = None
    actual_base: Decimal | None = None
    reference_base: Decimal | None = None
    lower_zero_at: Decimal | None = None
    gap: Quantity | None = None
    gap_side: GapSide | None = None
    ratio: Decimal | None = None
    share: Decimal | None = None
    band: Band | None = None
    rate_given: bool = False
    over_achieved: bool = False
    actual_quantity: Quantity | None = None

    @property
    def actual_text(self) -> str:
        """The actual for messages: as written, or a bare number in the target's unit."""
        if self.actual_quantity is not None:
            return format_quantity(self.actual_quantity)
        return self.actual_given

    @property
    def reason_zh(self) -> str | None:
        if self.reason is None:
            return None
        text = _REASON_TEXT[self.reason][0]
        return f"{text}（{self.detail}）" if self.detail else text

    @property
    def reason_en(self) -> str | None:
        if self.reason is None:
            return None
        text = _REASON_TEXT[self.reason][1]
        return f"{text} ({self.detail})" if self.detail else text


# -- actual values -------------------------------------------------------------------------


@attrs.frozen
class _Number:
    """A numeric actual; ``unit`` None means a bare number, read in the target's unit."""

    value: Decimal
    unit: Unit | None
    text: str


@attrs.frozen
class _Flag:
    value: bool
    text: str


@attrs.frozen
class _Level:
    """A level word; ``rate`` is a score rate (percent of the weight) given with it."""

    word: str
    node: Qualitative
    text: str
    rate: Decimal | None = None
    number: _Number | None = None


@attrs.frozen
class _When:
    deadline: Deadline
    text: str


@attrs.frozen
class _Invalid:
    reason: Reason
    text: str
    detail: str | None = None


@attrs.frozen
class _Other:
    """A range or free text given as an actual."""

    node: Node
    text: str


_Actual = _Number | _Flag | _Level | _When | _Invalid | _Other

_MISSING_WORDS: Final = frozenset(
    {"", "-", "--", "—", "——", "－", "/", "／", "n/a", "na", "none", "null", "空", "未填"}
)
_NAN_WORDS: Final = frozenset({"nan", "-nan", "+nan"})
_INF_WORDS: Final = frozenset({"inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"})
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")
_LEVEL_AND_RATE: Final = re.compile(
    r"(?P<level>[^\s（(：:，,]+)[\s（(：:，,]+(?P<rate>[^）)]+)[）)]?"
)


def _read_actual(actual: object) -> _Actual:
    """Normalise an actual value; bad input becomes :class:`_Invalid`, never an exception."""
    if actual is None:
        return _Invalid(Reason.MISSING, "")
    if isinstance(actual, bool):
        return _Flag(actual, "是" if actual else "否")
    if isinstance(actual, int):
        return _Number(Decimal(actual), None, str(actual))
    if isinstance(actual, float):
        if math.isnan(actual):
            return _Invalid(Reason.NAN, "NaN")
        if math.isinf(actual):
            return _Invalid(Reason.INFINITE, repr(actual))
        # repr is the shortest decimal that round-trips: the number the user typed
        value = Decimal(float.__repr__(actual))
        return _Number(value, None, format_decimal(value))
    if isinstance(actual, Decimal):
        if actual.is_nan():
            return _Invalid(Reason.NAN, "NaN")
        if actual.is_infinite():
            return _Invalid(Reason.INFINITE, str(actual))
        return _Number(actual, None, format_decimal(actual))
    if isinstance(actual, str):
        return _read_text(actual)
    if isinstance(actual, numbers.Integral):  # numpy integers
        return _read_actual(int(actual))
    if isinstance(actual, numbers.Real):  # numpy floats
        return _read_actual(float(actual))
    if isinstance(actual, Node):
        return _from_node(actual, to_text(actual))
    return _Invalid(Reason.UNPARSEABLE, repr(actual), f"type {type(actual).__name__}")


@functools.lru_cache(maxsize=1 << 14)
def _read_text(raw: str) -> _Actual:
    text = raw.strip()
    lowered = text.lower()
    if lowered in _MISSING_WORDS:
        return _Invalid(Reason.MISSING, text)
    if lowered in _NAN_WORDS:
        return _Invalid(Reason.NAN, text)
    if lowered in _INF_WORDS:
        return _Invalid(Reason.INFINITE, text)
    if _PLAIN_NUMBER.fullmatch(text):
        return _Number(Decimal(text), None, text)
    try:
        node = parse(text)
    except IndicatorSyntaxError as err:
        return _Invalid(Reason.UNPARSEABLE, text, err.message_zh)
    return _from_node(node, text)


def _from_node(node: Node, text: str) -> _Actual:
    if isinstance(node, Compare):
        number = _Number(
            node.quantity.value, None if node.quantity.unit == NO_UNIT else node.quantity.unit, text
        )
        level = _level_word(node.subject) if node.subject else None
        if level is not None and node.quantity.dimension in (Dimension.PERCENT, Dimension.COUNT):
            return attrs.evolve(level, text=text, rate=node.quantity.value, number=number)
        return number
    if isinstance(node, Boolean):
        return _Flag(node.value, text)
    if isinstance(node, Qualitative):
        return _Level(node.word or node.level, node, text)
    if isinstance(node, Deadline):
        return _When(node, text)
    if isinstance(node, Text):
        return _split_level_and_rate(node, text)
    return _Other(node, text)


def _level_word(word: str) -> _Level | None:
    """A qualitative level named by ``word`` (boolean words are not levels)."""
    word = word.strip()
    hit = scales.level_word(word)
    if hit is None:
        return None
    scale, level = hit
    node = Qualitative(scale.name, level.word, level.rank, word=word)
    return _Level(word, node, word)


def _split_level_and_rate(node: Text, text: str) -> _Actual:
    """``部分达成（70%）`` / ``达成 85`` → the level with a score rate; other text as is."""
    match = _LEVEL_AND_RATE.fullmatch(node.text)
    level = _level_word(match["level"]) if match else None
    if match is None or level is None:
        return _Other(node, text)
    rate = _read_text(match["rate"])
    if isinstance(rate, _Number) and (
        rate.unit is None or rate.unit.dimension is Dimension.PERCENT
    ):
        return attrs.evolve(level, text=text, rate=rate.value)
    return _Other(node, text)


# -- direction -----------------------------------------------------------------------------

_TRAILING_NOTE: Final = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def direction_for(name: str | None, category: str | None, policy: PolicyLike) -> DirectionChoice:
    """The direction of a target written without an operator, from the policy's table.

    The category (二级指标, e.g. 成本指标, also 经济成本指标) is looked at first, then the
    name's suffix (``…控制率``); a bracketed note after either (``投诉率（%）``) is ignored.
    """
    return _direction_for(name, category, resolve_policy(policy))


@functools.lru_cache(maxsize=4096)
def _direction_for(name: str | None, category: str | None, policy: Policy) -> DirectionChoice:
    if category:
        plain = _TRAILING_NOTE.sub("", category.strip())
        for entry in policy.lower_categories:
            if plain.endswith(entry):
                return DirectionChoice(Direction.LOWER, DirectionSource.CATEGORY, entry)
    if name:
        plain = _TRAILING_NOTE.sub("", name.strip())
        for entry in policy.lower_name_suffixes:
            if plain.endswith(entry):
                return DirectionChoice(Direction.LOWER, DirectionSource.NAME, entry)
    return DirectionChoice(policy.default_direction, DirectionSource.DEFAULT)


# -- judge ---------------------------------------------------------------------------------


@attrs.frozen
class _Context:
    name: str | None
    category: str | None
    policy: Policy
    target_text: str


def judge(
    target: str | Node,
    actual: object,
    *,
    name: str | None = None,
    category: str | None = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> Judgement:
    """Judge ``actual`` against ``target`` (a target string or a parsed node).

    >>> judge("≥90%", "87%").verdict, judge("≥90%", 87).gap
    (<Verdict.PARTLY: 'partly'>, Quantity(value=Decimal('3'), unit=Unit(symbol='%', ...)))

    ``name`` and ``category`` (三级 / 二级指标) decide the direction of a target written
    without an operator. Raises :class:`~perfrules.errors.IndicatorSyntaxError` for a
    malformed target and :class:`~perfrules.errors.UnitMismatchError` when the actual's
    unit cannot be compared with the target's.
    """
    if isinstance(target, str):
        node, text = _parsed(target)
    else:
        node, text = target, _target_text(target)
    context = _Context(name, category, resolve_policy(policy), text)
    found = _read_actual(actual)
    if isinstance(found, _Invalid):
        return _not_evaluable(node, found.text, context, found.reason, found.detail)
    return _judge(node, found, context)


@functools.lru_cache(maxsize=4096)
def _target_text(node: Node) -> str:
    return to_text(node)


@functools.lru_cache(maxsize=1 << 14)
def _parsed(target: str) -> tuple[Node, str]:
    node = parse(target)
    return node, to_text(node)


def _not_evaluable(
    node: Node, actual_text: str, context: _Context, reason: Reason, detail: str | None = None
) -> Judgement:
    return Judgement(
        Verdict.NOT_EVALUABLE,
        node,
        context.target_text,
        actual_text,
        context.policy.id,
        reason=reason,
        detail=detail,
    )


@singledispatch
def _judge(node: Node, actual: _Actual, context: _Context) -> Judgement:
    raise TypeError(f"cannot judge a {type(node).__name__} target")


# -- quantities ----------------------------------------------------------------------------


def _base(value: Decimal, unit: Unit) -> tuple[Decimal, str]:
    """``value`` in the base unit of its group; ‰ is folded into % (exactly, ÷10)."""
    if unit.dimension is Dimension.PERMILLE:
        return (value * unit.factor).scaleb(-1), "%"
    return value * unit.factor, unit.base


def _common(target: Quantity, actual: _Number, context: _Context) -> tuple[Decimal, Decimal, Unit]:
    """(actual, target) in one base unit, and the unit the gap is shown in."""
    if actual.unit is None:
        return actual.value * target.unit.factor, target.value * target.unit.factor, target.unit
    if target.unit == NO_UNIT:
        base_a, _ = _base(actual.value, actual.unit)
        base_t, _ = _base(target.value, actual.unit)
        return base_a, base_t, actual.unit
    base_a, key_a = _base(actual.value, actual.unit)
    base_t, key_t = _base(target.value, target.unit)
    if key_a != key_t:
        raise UnitMismatchError(
            f"cannot compare the actual {actual.text} ({actual.unit.dimension}) with the target "
            f"{context.target_text} ({target.unit.dimension})",
            message_zh=f"实际值“{actual.text}”（{actual.unit.symbol}）与目标“{context.target_text}”"
            f"（{target.unit.symbol or '无单位'}）量纲不同，无法比较",
        )
    return base_a, base_t, target.unit


def _gap(amount_base: Decimal, unit: Unit) -> Quantity:
    """A gap (in base units) expressed in the target's unit; ‰ targets show ‰."""
    if unit.dimension is Dimension.PERMILLE:
        return Quantity((amount_base / unit.factor).scaleb(1), unit)
    return Quantity(amount_base / unit.factor, unit)


def _numeric_actual(actual: _Actual) -> _Number | Reason:
    if isinstance(actual, _Number):
        return actual
    if isinstance(actual, _Level) and actual.number is not None:
        return actual.number
    if isinstance(actual, _Other) and isinstance(actual.node, Range):
        return Reason.RANGE_ACTUAL
    if isinstance(actual, _Other):
        return Reason.UNPARSEABLE
    return Reason.KIND_MISMATCH


_ONE: Final = Decimal(1)
_ZERO: Final = Decimal(0)


@_judge.register
def _compare(node: Compare, actual: _Actual, context: _Context) -> Judgement:
    number = _numeric_actual(actual)
    if isinstance(number, Reason):
        detail = "需要数值 / a number is needed" if number is Reason.KIND_MISMATCH else None
        return _not_evaluable(node, actual.text, context, number, detail)
    policy = context.policy
    a, t, unit = _common(node.quantity, number, context)
    op = node.op
    if op is Op.NE:
        met = a != t
        return _build(node, number, context, met=met, a=a, t=t, unit=unit, direction=None)
    if t == 0 and (node.implied or op is Op.EQ):
        choice = DirectionChoice(Direction.LOWER, DirectionSource.ZERO_TARGET)
        return _build(node, number, context, met=a <= 0, a=a, t=t, unit=unit, direction=choice)
    if node.implied:
        choice = _direction_for(context.name, context.category, policy)
        met = a >= t if choice.direction is Direction.HIGHER else a <= t
    elif op is Op.EQ:
        if policy.equal_miss == "higher":
            choice = DirectionChoice(Direction.HIGHER, DirectionSource.EQUAL_POLICY)
        else:
            choice = _direction_for(context.name, context.category, policy)
        choice = attrs.evolve(choice, for_equal=True)
        within = abs(a - t) <= policy.equal_tolerance * abs(t)
        beyond = a >= t if choice.direction is Direction.HIGHER else a <= t
        met = within or beyond
    else:
        higher = op in (Op.GE, Op.GT)
        choice = DirectionChoice(
            Direction.HIGHER if higher else Direction.LOWER, DirectionSource.OPERATOR, op.symbol
        )
        met = {Op.GE: a >= t, Op.GT: a > t, Op.LE: a <= t, Op.LT: a < t}[op]
    return _build(node, number, context, met=met, a=a, t=t, unit=unit, direction=choice)


def _build(
    node: Node,
    number: _Number,
    context: _Context,
    *,
    met: bool,
    a: Decimal,
    t: Decimal,
    unit: Unit,
    direction: DirectionChoice | None,
    over_allowed: bool = True,
) -> Judgement:
    """The judgement of a quantitative comparison of ``a`` with the bound ``t``."""
    policy = context.policy
    higher = direction is None or direction.direction is Direction.HIGHER
    verdict, formula = Verdict.MET, None
    share: Decimal | None = _ONE
    gap, side = None, None
    if not met:
        side = GapSide.SHORT if a < t or (a == t and higher) else GapSide.OVER
        gap = _gap(abs(t - a), unit)
        candidate = policy.higher_formula if higher else policy.lower_formula
        partial = (
            direction is not None
            and direction.source is not DirectionSource.ZERO_TARGET
            and t > 0
            and candidate is not Formula.ALL_OR_NOTHING
            and (a > 0 if higher else a < policy.lower_zero_at * t or candidate is Formula.INVERSE)
        )
        if partial:
            verdict, share, formula = Verdict.PARTLY, None, candidate
        else:
            verdict, share = Verdict.MISSED, _ZERO
    over = (
        over_allowed
        and direction is not None
        and direction.direction is Direction.HIGHER
        and t > 0
        and a >= policy.over_threshold * t
    )
    return Judgement(
        verdict,
        node,
        context.target_text,
        number.text,
        policy.id,
        direction=direction,
        formula=formula,
        actual_base=a,
        reference_base=t,
        lower_zero_at=policy.lower_zero_at if formula is Formula.LINEAR_TO_ZERO else None,
        gap=gap,
        gap_side=side,
        ratio=a / t if t != 0 else None,
        share=share,
        over_achieved=over,
        actual_quantity=None if number.unit is not None else Quantity(number.value, unit),
    )


@_judge.register
def _range(node: Range, actual: _Actual, context: _Context) -> Judgement:
    number = _numeric_actual(actual)
    if isinstance(number, Reason):
        detail = "需要数值 / a number is needed" if number is Reason.KIND_MISMATCH else None
        return _not_evaluable(node, actual.text, context, number, detail)
    a, low, unit = _common(node.low, number, context)
    _, high, _ = _common(node.high, number, context)
    if low == -high and high > 0:
        # ±x: the distance from zero is what must stay within x
        a = abs(a)
        low = -high
    above_low = a >= low if node.low_closed else a > low
    below_high = a <= high if node.high_closed else a < high
    if above_low and below_high:
        choice = DirectionChoice(Direction.HIGHER, DirectionSource.RANGE)
        return _build(
            node, number, context, met=True, a=a, t=high if low == -high else low, unit=unit,
            direction=choice, over_allowed=False,
        )  # fmt: skip
    if not above_low:
        choice = DirectionChoice(Direction.HIGHER, DirectionSource.RANGE)
        return _build(
            node, number, context, met=False, a=a, t=low, unit=unit, direction=choice,
            over_allowed=False,
        )  # fmt: skip
    choice = DirectionChoice(Direction.LOWER, DirectionSource.RANGE)
    return _build(
        node, number, context, met=False, a=a, t=high, unit=unit, direction=choice,
        over_allowed=False,
    )  # fmt: skip


# -- yes/no, dates, levels -----------------------------------------------------------------


def _binary(node: Node, actual: _Actual, context: _Context, met: bool) -> Judgement:
    return Judgement(
        Verdict.MET if met else Verdict.MISSED,
        node,
        context.target_text,
        actual.text,
        context.policy.id,
        share=_ONE if met else _ZERO,
    )


def _truth(actual: _Actual) -> bool | None:
    """A yes/no reading of an actual: a boolean word, or a level on the achievement scale."""
    if isinstance(actual, _Flag):
        return actual.value
    if isinstance(actual, _Level) and actual.node.scale == "achievement":
        top = len(scales.SCALES["achievement"].levels) - 1
        return actual.node.rank == top
    return None


@_judge.register
def _boolean(node: Boolean, actual: _Actual, context: _Context) -> Judgement:
    truth = _truth(actual)
    if truth is None:
        return _not_evaluable(
            node, actual.text, context, Reason.KIND_MISMATCH, "需要是/否 / yes or no is needed"
        )
    return _binary(node, actual, context, truth == node.value)


def _date_key(deadline: Deadline, with_year: bool) -> tuple[int, int, int]:
    day = deadline.day if deadline.day is not None else 32  # month end
    year = deadline.year if with_year and deadline.year is not None else 0
    return year, deadline.month, day


@_judge.register
def _deadline(node: Deadline, actual: _Actual, context: _Context) -> Judgement:
    if isinstance(actual, _When):
        both_years = node.year is not None and actual.deadline.year is not None
        done, due = _date_key(actual.deadline, both_years), _date_key(node, both_years)
        met = {Op.LE: done <= due, Op.LT: done < due, Op.GE: done >= due, Op.GT: done > due}.get(
            node.op, done == due
        )
        return _binary(node, actual, context, met)
    truth = _truth(actual)
    if truth is None:
        return _not_evaluable(
            node, actual.text, context, Reason.KIND_MISMATCH, "需要日期或是/否 / a date or yes/no"
        )
    return _binary(node, actual, context, truth)


def _band_index(actual: _Level, target: Qualitative | None, policy: Policy) -> int | Reason:
    """Which band (0 = 达成) a level picks, relative to the target's level."""
    scale = scales.SCALES[actual.node.scale]
    if actual.node.scale == "achievement":
        return len(scale.levels) - 1 - actual.node.rank
    if target is not None and actual.node.scale != target.scale:
        same = scales.level_word(actual.word, target.scale)
        if same is None:
            return Reason.SCALE_MISMATCH
        rank, wanted = same[1].rank, target.rank
    else:
        rank = actual.node.rank
        wanted = target.rank if target is not None else len(scale.levels) - 1
    below = wanted - rank
    if below <= 0:
        return 0
    return 1 if below <= policy.partly_steps else 2


def _rate_band(rate: Decimal, policy: Policy) -> int | None:
    """The band a bare score rate (percent of the weight) falls in; top bound included."""
    share = rate / 100
    for index, band in enumerate(policy.bands):
        if band.low <= share <= band.high and (index == 0 or share < band.high):
            return index
    return None


def _levelled(node: Qualitative | Text, actual: _Actual, context: _Context) -> Judgement:
    policy = context.policy
    target = node if isinstance(node, Qualitative) else None
    rate: Decimal | None = None
    if isinstance(actual, _Level):
        index = _band_index(actual, target, policy)
        rate = actual.rate
    elif isinstance(actual, _Flag):
        index = 0 if actual.value else len(policy.bands) - 1
    elif isinstance(actual, _Number) and (
        actual.unit is None or actual.unit.dimension is Dimension.PERCENT
    ):
        found = _rate_band(actual.value, policy)
        if found is None:
            return _not_evaluable(
                node, actual.text, context, Reason.RATE_OUT_OF_BAND, "得分率应在0–100% / 0–100%"
            )
        index, rate = found, actual.value
    elif isinstance(actual, _Number | _When):
        return _not_evaluable(
            node, actual.text, context, Reason.KIND_MISMATCH, "需要评价等级 / a level is needed"
        )
    else:
        return _not_evaluable(node, actual.text, context, Reason.UNKNOWN_LEVEL, actual.text)
    if isinstance(index, Reason):
        return _not_evaluable(node, actual.text, context, index, actual.text)
    band = policy.bands[index]
    if rate is not None and not band.low <= rate / 100 <= band.high:
        return _not_evaluable(
            node,
            actual.text,
            context,
            Reason.RATE_OUT_OF_BAND,
            f"{format_decimal(rate)}% ∉ [{format_decimal(band.low * 100)}%, "
            f"{format_decimal(band.high * 100)}%]",
        )
    verdict = (Verdict.MET, Verdict.PARTLY, Verdict.MISSED)[min(index, 2)]
    return Judgement(
        verdict,
        node,
        context.target_text,
        actual.text,
        policy.id,
        share=band.high if rate is None else rate / 100,
        band=band,
        rate_given=rate is not None,
    )


@_judge.register
def _qualitative(node: Qualitative, actual: _Actual, context: _Context) -> Judgement:
    return _levelled(node, actual, context)


@_judge.register
def _text(node: Text, actual: _Actual, context: _Context) -> Judgement:
    return _levelled(node, actual, context)
