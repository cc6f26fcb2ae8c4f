"""Score one indicator: points out of its weight, the points lost, and why.

``score(target, actual, weight)`` judges the actual (:mod:`perfrules.judging`) and turns the
verdict into points under a policy (:mod:`perfrules.policy`, default ``mof-2020`` from
财预〔2020〕10号): a met target earns its full weight, a missed one part of it by the
policy's formula, a qualitative one its band's share. Points are exact ``Decimal``\\ s,
computed from the unrounded quotient and rounded once as the policy says; they are capped
at the weight and never negative. Every score explains itself in Chinese and English.
"""

from __future__ import annotations

import decimal
import numbers
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

import attrs

from .ast import Node
from .errors import PerfrulesError
from .judging import DirectionSource, GapSide, Judgement, Verdict, judge
from .policy import DEFAULT_POLICY, Formula, Policy, PolicyLike, resolve_policy
from .printer import format_decimal, format_quantity
from .units import Dimension

__all__ = ["IndicatorScore", "ScoreFlag", "compute_points", "score", "to_weight"]


class ScoreFlag(StrEnum):
    """Things a reviewer should look at, whatever the points."""

    OVER_ACHIEVED = "over-achieved"
    OVER_ACHIEVEMENT_PENALISED = "over-achievement-penalised"
    NOT_EVALUABLE = "not-evaluable"
    FULL_POINTS_NOT_MET = "full-points-not-met"
    ZERO_WEIGHT = "zero-weight"


# Wide enough that w × a is exact for any realistic input; division rounds toward -inf so
# that the one rounding to the policy's decimals afterwards is exact (see docs/scoring.md).
_EXACT: Final = decimal.Context(
    prec=120,
    rounding=ROUND_FLOOR,
    Emax=999999,
    Emin=-999999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_GAP_QUANTUM: Final = Decimal("0.0001")
_NO_FLAGS: Final[frozenset[ScoreFlag]] = frozenset()


def to_weight(weight: object) -> Decimal:
    """A row weight as a ``Decimal``; negative, NaN or non-numeric weights are errors."""
    value: Decimal
    if isinstance(weight, bool):
        value = Decimal("NaN")
    elif isinstance(weight, Decimal):
        value = weight
    elif isinstance(weight, int):
        value = Decimal(weight)
    elif isinstance(weight, float):
        value = Decimal(float.__repr__(weight))
    elif isinstance(weight, numbers.Integral):  # numpy integers
        value = Decimal(int(weight))
    elif isinstance(weight, numbers.Real):  # numpy floats
        value = Decimal(repr(float(weight)))
    elif isinstance(weight, str):
        try:
            value = Decimal(weight.strip())
        except decimal.InvalidOperation:
            value = Decimal("NaN")
    else:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise PerfrulesError(
            f"a weight must be a finite number ≥ 0, got {weight!r}",
            code="invalid-weight",
            message_zh=f"分值必须是不小于0的有限数，实际为 {weight!r}",
        )
    return value


def compute_points(judgement: Judgement, weight: Decimal, policy: Policy) -> Decimal:
    """Points for ``judgement`` out of ``weight``, exact and rounded once per ``policy``."""
    if judgement.verdict is Verdict.NOT_EVALUABLE or weight == 0:
        return policy.round(_ZERO)
    share = judgement.share
    if share is not None:
        if judgement.over_achieved and judgement.verdict is Verdict.MET and policy.over_penalty:
            share = _ONE - policy.over_penalty
        raw = _EXACT.multiply(weight, share)
    else:
        a, r = judgement.actual_base, judgement.reference_base
        assert a is not None and r is not None
        match judgement.formula:
            case Formula.PROPORTIONAL:
                raw = _EXACT.divide(_EXACT.multiply(weight, a), r)
            case Formula.INVERSE:
                raw = _EXACT.divide(_EXACT.multiply(weight, r), a)
            case Formula.LINEAR_TO_ZERO:
                k = judgement.lower_zero_at
                assert k is not None
                room = _EXACT.subtract(_EXACT.multiply(k, r), a)
                raw = _EXACT.divide(
                    _EXACT.multiply(weight, room), _EXACT.multiply(_EXACT.subtract(k, _ONE), r)
                )
            case _:
                raw = _ZERO
    if raw <= 0:
        return policy.round(_ZERO)
    points = policy.round(min(raw, weight))
    if points > weight:
        # a weight finer than the rounding step (0.045): the cap wins over rounding up
        points = weight.quantize(policy.quantum, rounding=ROUND_FLOOR)
    return points


@attrs.frozen
class IndicatorScore:
    """The points one indicator earned, the points it lost, and the reasons.

    ``points`` is rounded as the policy says (``rounding_en``); ``lost`` is
    ``weight - points``. ``explanation_zh`` / ``explanation_en`` are one sentence each,
    ``explain()`` the same as a JSON-ready record.
    """

    judgement: Judgement
    weight: Decimal
    points: Decimal
    flags: frozenset[ScoreFlag]
    name: str | None
    category: str | None
    tier: str | None
    rounding_zh: str
    rounding_en: str

    @property
    def verdict(self) -> Verdict:
        return self.judgement.verdict

    @property
    def lost(self) -> Decimal:
        return self.weight - self.points

    @property
    def explanation_zh(self) -> str:
        return _explain_zh(self)

    @property
    def explanation_en(self) -> str:
        return _explain_en(self)

    def explain(self) -> dict[str, object]:
        """A JSON-ready record: every number as a string, every reason as a code."""
        j = self.judgement
        return {
            "name": self.name,
            "category": self.category,
            "tier": self.tier,
            "target": j.target_text,
            "actual": j.actual_text,
            "verdict": str(j.verdict),
            "reason": None if j.reason is None else str(j.reason),
            "direction": None if j.direction is None else str(j.direction.direction),
            "direction_source": None if j.direction is None else str(j.direction.source),
            "direction_entry": None if j.direction is None else j.direction.entry,
            "gap": None if j.gap is None else _gap_en(j),
            "gap_side": None if j.gap_side is None else str(j.gap_side),
            "ratio": None if j.ratio is None else str(j.ratio),
            "formula": None if j.formula is None else str(j.formula),
            "band": None if j.band is None else j.band.level,
            "weight": str(self.weight),
            "points": str(self.points),
            "lost": str(self.lost),
            "flags": sorted(str(flag) for flag in self.flags),
            "policy": j.policy_id,
            "rounding": self.rounding_en,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
        }


def score(
    target: str | Node,
    actual: object,
    weight: object,
    *,
    name: str | None = None,
    category: str | None = None,
    tier: str | None = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> IndicatorScore:
    """Score ``actual`` against ``target`` out of ``weight`` under ``policy``.

    >>> score("≥90%", "87%", 10).explanation_zh
    '实际值87%，目标≥90%，未达标，差3个百分点；得分9.67/10'
    """
    rules = resolve_policy(policy)
    value = to_weight(weight)
    judgement = judge(target, actual, name=name, category=category, policy=rules)
    return score_judgement(judgement, value, rules, name=name, category=category, tier=tier)


def score_judgement(
    judgement: Judgement,
    weight: Decimal,
    policy: Policy,
    *,
    name: str | None = None,
    category: str | None = None,
    tier: str | None = None,
) -> IndicatorScore:
    """Points for an existing judgement (used by :func:`score` and the aggregate)."""
    points = compute_points(judgement, weight, policy)
    verdict = judgement.verdict
    flags = _NO_FLAGS
    if judgement.over_achieved or verdict is not Verdict.MET or not weight:
        found: set[ScoreFlag] = set()
        if verdict is Verdict.NOT_EVALUABLE:
            found.add(ScoreFlag.NOT_EVALUABLE)
        if judgement.over_achieved:
            found.add(ScoreFlag.OVER_ACHIEVED)
            if verdict is Verdict.MET and policy.over_penalty and weight:
                found.add(ScoreFlag.OVER_ACHIEVEMENT_PENALISED)
        if verdict is not Verdict.MET and points == weight and weight:
            found.add(ScoreFlag.FULL_POINTS_NOT_MET)
        if weight == 0:
            found.add(ScoreFlag.ZERO_WEIGHT)
        flags = frozenset(found)
    return IndicatorScore(
        judgement,
        weight,
        points,
        flags,
        name,
        category,
        tier,
        policy.rounding_zh,
        policy.rounding_en,
    )


# -- explanations --------------------------------------------------------------------------


def _amount(quantity_value: Decimal) -> str:
    return format_decimal(quantity_value.quantize(_GAP_QUANTUM, rounding=ROUND_HALF_UP))


def _gap_zh(j: Judgement) -> str:
    gap = j.gap
    assert gap is not None
    if gap.dimension is Dimension.PERCENT:
        return f"{_amount(gap.value)}个百分点"
    if gap.dimension is Dimension.PERMILLE:
        return f"{_amount(gap.value)}个千分点"
    if gap.dimension is Dimension.MONEY:
        return format_quantity(attrs.evolve(gap, value=gap.value.quantize(Decimal("0.01"))))
    return f"{_amount(gap.value)}{gap.unit.symbol}"


def _gap_en(j: Judgement) -> str:
    gap = j.gap
    assert gap is not None
    if gap.dimension is Dimension.PERCENT:
        amount = _amount(gap.value)
        return f"{amount} percentage point{'' if amount == '1' else 's'}"
    if gap.dimension is Dimension.PERMILLE:
        amount = _amount(gap.value)
        return f"{amount} permille point{'' if amount == '1' else 's'}"
    return _gap_zh(j)


def _band_zh(j: Judgement) -> str:
    band = j.band
    assert band is not None
    span = f"{format_decimal(band.low * 100)}–{format_decimal(band.high * 100)}%"
    return f"评价为“{band.level}”（{span}档）"


def _band_en(j: Judgement) -> str:
    band = j.band
    assert band is not None
    span = f"{format_decimal(band.low * 100)}–{format_decimal(band.high * 100)}%"
    return f"judged {band.level} (the {span} band)"


def _show_direction(j: Judgement) -> bool:
    """Say how the direction was chosen when no written operator decided it."""
    d = j.direction
    if d is None or d.source in (DirectionSource.OPERATOR, DirectionSource.RANGE):
        return False
    return not d.for_equal or j.verdict is not Verdict.MET


def _explain_zh(s: IndicatorScore) -> str:
    j = s.judgement
    target = f"目标{j.target_text}"
    if _show_direction(j):
        assert j.direction is not None
        target += f"（{j.direction.zh}）"
    parts = [f"实际值{j.actual_text}", target] if j.actual_text else [target]
    if j.verdict is Verdict.NOT_EVALUABLE:
        parts.append(f"无法评价：{j.reason_zh}")
        return "，".join(parts) + f"；不计为达标，暂得0/{format_decimal(s.weight)}分，待复核"
    if j.band is not None:
        parts.append(_band_zh(j))
    else:
        parts.append("达标" if j.verdict is Verdict.MET else "未达标")
    if j.gap is not None:
        parts.append(("差" if j.gap_side is GapSide.SHORT else "超出") + _gap_zh(j))
    if ScoreFlag.OVER_ACHIEVED in s.flags and j.ratio is not None:
        ratio = format_decimal(j.ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        parts.append(f"超额完成（为目标的{ratio}倍），需说明原因")
    if ScoreFlag.OVER_ACHIEVEMENT_PENALISED in s.flags:
        parts.append("按规则扣减超额完成分")
    return "，".join(parts) + f"；得分{format_decimal(s.points)}/{format_decimal(s.weight)}"


def _explain_en(s: IndicatorScore) -> str:
    j = s.judgement
    target = f"target {j.target_text}"
    if _show_direction(j):
        assert j.direction is not None
        target += f" ({j.direction.en})"
    parts = [f"actual {j.actual_text}", target] if j.actual_text else [target]
    if j.verdict is Verdict.NOT_EVALUABLE:
        parts.append(f"not evaluable: {j.reason_en}")
        return (
            ", ".join(parts) + f"; not counted as met, 0/{format_decimal(s.weight)} pending review"
        )
    if j.band is not None:
        parts.append(_band_en(j))
    else:
        parts.append("met" if j.verdict is Verdict.MET else "not met")
    if j.gap is not None:
        parts.append(f"{_gap_en(j)} {'short' if j.gap_side is GapSide.SHORT else 'over'}")
    if ScoreFlag.OVER_ACHIEVED in s.flags and j.ratio is not None:
        ratio = format_decimal(j.ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        parts.append(f"over-achieved ({ratio} × target), a reason is needed")
    if ScoreFlag.OVER_ACHIEVEMENT_PENALISED in s.flags:
        parts.append("over-achievement deducted by the policy")
    return ", ".join(parts) + f"; score {format_decimal(s.points)}/{format_decimal(s.weight)}"
