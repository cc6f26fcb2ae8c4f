"""A project's scorecard: rows scored, tiers added up, execution, total, grade, notes.

``scorecard(rows, budget=…, spent=…)`` re-scores a self-assessment (绩效自评表) the way a
reviewer does: every row through :func:`perfrules.scoring.score`, budget execution as
``weight × min(spent / budget, 1)``, tier subtotals against the policy's tier weights
(with a missing tier's weight redistributed by the policy's stated rule), the total and
its grade. Nothing is adjusted silently: row weights that do not add up to their tier,
redistributed tiers, rows that cannot be evaluated and claimed scores that differ from the
recomputed ones are all reported as notes, and every lost point is attributed to its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from .ast import Compare, Node, Quantity, Text
from .errors import IndicatorSyntaxError, PerfrulesError, UnitMismatchError
from .judging import Judgement, Reason, Verdict, judge
from .parser import parse
from .policy import DEFAULT_POLICY, Policy, PolicyLike, resolve_policy
from .printer import format_decimal, format_quantity, to_text
from .scoring import IndicatorScore, score_judgement, to_weight
from .taxonomy import normalize_tier
from .units import NO_UNIT, YUAN, Dimension

__all__ = [
    "Execution",
    "Loss",
    "Note",
    "RowScore",
    "ScoreRow",
    "Scorecard",
    "TierTotal",
    "normalise_tier",
    "scorecard",
]


@attrs.frozen
class ScoreRow:
    """One row of a self-assessment: an indicator with its target, actual and weight.

    ``tier`` is the 一级 name as written (``产出指标（50分）`` is fine), ``category`` the
    二级, ``claimed`` the department's own 得分, ``locator`` where the row came from.
    """

    name: str
    target: str | Node
    actual: object
    weight: Decimal
    tier: str
    category: str | None = None
    claimed: Decimal | None = None
    locator: str | None = None


@attrs.frozen
class RowScore:
    """A row, the tier it was counted in, its score and how the claimed score compares."""

    row: ScoreRow
    tier: str | None
    score: IndicatorScore
    counted: bool = True

    @property
    def claimed_difference(self) -> Decimal | None:
        """``claimed - points``, or None when no score was claimed."""
        return None if self.row.claimed is None else self.row.claimed - self.score.points


@attrs.frozen
class Execution:
    """The 预算执行率 line: ``points = weight × min(spent / budget, 1)``."""

    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None
    weight: Decimal
    points: Decimal
    evaluable: bool

    @property
    def lost(self) -> Decimal:
        return self.weight - self.points


@attrs.frozen
class TierTotal:
    """A tier's subtotal: the weight the policy gives it (after redistribution) and the rows'."""

    tier: str
    policy_weight: Decimal | None
    weight: Decimal | None
    row_weight: Decimal
    points: Decimal
    rows: int
    received_from: tuple[tuple[str, Decimal], ...] = ()

    @property
    def lost(self) -> Decimal:
        return self.row_weight - self.points


@attrs.frozen
class Note:
    """A finding about the scorecard itself, with a stable code."""

    code: str
    message_zh: str
    message_en: str
    locator: str | None = None


@attrs.frozen
class Loss:
    """Points lost on one row (or on budget execution), and why."""

    where: str
    tier: str | None
    lost: Decimal
    reason_zh: str
    reason_en: str


@attrs.frozen
class Scorecard:
    """The recomputed score of one project's self-assessment."""

    rows: tuple[RowScore, ...]
    execution: Execution | None
    tiers: tuple[TierTotal, ...]
    total: Decimal
    max_points: Decimal
    grade: str
    notes: tuple[Note, ...]
    policy_id: str
    rounding_zh: str
    rounding_en: str

    @property
    def lost(self) -> tuple[Loss, ...]:
        """Every lost point, attributed to its row, largest first."""
        losses = [
            Loss(
                _where(row.row),
                row.tier,
                row.score.lost,
                row.score.explanation_zh,
                row.score.explanation_en,
            )
            for row in self.rows
            if row.counted and row.score.lost > 0
        ]
        execution = self.execution
        if execution is not None and execution.lost > 0:
            losses.append(
                Loss(
                    "预算执行率",
                    None,
                    execution.lost,
                    _execution_zh(execution),
                    _execution_en(execution),
                )
            )
        return tuple(sorted(losses, key=lambda loss: loss.lost, reverse=True))

    def explain(self) -> dict[str, object]:
        """A JSON-ready record of the whole card (numbers as strings)."""
        execution = self.execution
        return {
            "policy": self.policy_id,
            "rounding": self.rounding_en,
            "total": str(self.total),
            "max_points": str(self.max_points),
            "grade": self.grade,
            "execution": None
            if execution is None
            else {
                "budget": _str(execution.budget),
                "spent": _str(execution.spent),
                "rate": _str(execution.rate),
                "weight": str(execution.weight),
                "points": str(execution.points),
                "evaluable": execution.evaluable,
            },
            "tiers": [
                {
                    "tier": tier.tier,
                    "policy_weight": _str(tier.policy_weight),
                    "weight": _str(tier.weight),
                    "row_weight": str(tier.row_weight),
                    "points": str(tier.points),
                    "rows": tier.rows,
                    "received_from": [[name, str(amount)] for name, amount in tier.received_from],
                }
                for tier in self.tiers
            ],
            "rows": [
                {
                    **row.score.explain(),
                    "locator": row.row.locator,
                    "counted": row.counted,
                    "claimed": _str(row.row.claimed),
                    "claimed_difference": _str(row.claimed_difference),
                }
                for row in self.rows
            ],
            "lost": [
                {"where": loss.where, "tier": loss.tier, "lost": str(loss.lost)}
                for loss in self.lost
            ],
            "notes": [attrs.asdict(note) for note in self.notes],
        }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _where(row: ScoreRow) -> str:
    return f"{row.locator} {row.name}" if row.locator else row.name


# -- tier names ----------------------------------------------------------------------------


def normalise_tier(text: str, policy: Policy) -> str | None:
    """The policy's name for a tier as written (``产出指标（50分）`` → ``产出指标``), or None.

    Spellings, weights in brackets and traditional characters are the taxonomy's business.
    """
    names = policy.tier_weights
    if text in names:
        return text
    canonical, _ = normalize_tier(text)
    return canonical if canonical in names else None


# -- the card ------------------------------------------------------------------------------


def scorecard(
    rows: Iterable[ScoreRow],
    *,
    budget: object = None,
    spent: object = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> Scorecard:
    """Score a project's self-assessment rows and add them up under ``policy``.

    ``budget`` / ``spent`` are 全年预算数 / 全年执行数 (numbers or amount strings such as
    ``55.2万元``); without them the execution line is not scored and its weight follows the
    policy's redistribution rule. A row that cannot be judged (unreadable target, unit
    mismatch, missing actual) is kept as ``not_evaluable`` with a note, never dropped.
    """
    rules = resolve_policy(policy)
    notes: list[Note] = []
    scored = [_score_row(row, rules, notes) for row in rows]
    execution = _execution(budget, spent, rules, notes)
    if execution is not None:
        scored = _drop_execution_rows(scored, rules, notes)
    present = {row.tier for row in scored if row.tier is not None and row.counted}
    if execution is not None:
        present.add(rules.execution_tier)
    weights, received = _redistribute(rules, present, notes)
    tiers = _tier_totals(scored, execution, rules, weights, received, notes)
    counted = [row for row in scored if row.counted]
    total = sum((row.score.points for row in counted), Decimal(0))
    max_points = sum((row.score.weight for row in counted), Decimal(0))
    if execution is not None:
        total += execution.points
        max_points += execution.weight
    if max_points != rules.total:
        notes.append(
            Note(
                "total-weight",
                f"各项分值合计{format_decimal(max_points)}分，不等于总分"
                f"{format_decimal(rules.total)}分；总分未作折算",
                f"the weights add up to {format_decimal(max_points)}, not "
                f"{format_decimal(rules.total)}; the total is not rescaled",
            )
        )
    return Scorecard(
        tuple(scored),
        execution,
        tiers,
        total,
        max_points,
        rules.grade(total),
        tuple(notes),
        rules.id,
        rules.rounding_zh,
        rules.rounding_en,
    )


def _score_row(row: ScoreRow, policy: Policy, notes: list[Note]) -> RowScore:
    tier = normalise_tier(row.tier, policy)
    if tier is None:
        notes.append(
            Note(
                "unknown-tier",
                f"一级指标“{row.tier}”不在评分规则中，该行单独计入总分",
                f"tier {row.tier!r} is not in the policy; the row is counted on its own",
                row.locator,
            )
        )
    weight = to_weight(row.weight)
    try:
        judgement = judge(
            row.target, row.actual, name=row.name, category=row.category, policy=policy
        )
    except IndicatorSyntaxError as err:
        judgement = _unjudged(row, Text(str(row.target)), Reason.UNPARSEABLE_TARGET, err.message_zh)
    except UnitMismatchError as err:
        node = parse(row.target) if isinstance(row.target, str) else row.target
        judgement = _unjudged(row, node, Reason.UNIT_MISMATCH, err.message_zh)
    result = score_judgement(
        judgement, weight, policy, name=row.name, category=row.category, tier=tier or row.tier
    )
    if judgement.verdict is Verdict.NOT_EVALUABLE:
        notes.append(
            Note(
                "not-evaluable",
                f"“{row.name}”无法评价（{judgement.reason_zh}），暂计0分，需复核",
                f"{row.name!r} cannot be evaluated ({judgement.reason_en}); "
                "0 points pending review",
                row.locator,
            )
        )
    if row.claimed is not None and abs(row.claimed - result.points) > policy.quantum:
        claimed, points = format_decimal(row.claimed), format_decimal(result.points)
        difference = format_decimal(row.claimed - result.points)
        notes.append(
            Note(
                "claimed-differs",
                f"“{row.name}”自评得分{claimed}，复核得分{points}，相差{difference}",
                f"{row.name!r}: claimed {claimed}, recomputed {points} (difference {difference})",
                row.locator,
            )
        )
    return RowScore(row, tier, result)


def _unjudged(row: ScoreRow, node: Node, reason: Reason, detail: str) -> Judgement:
    actual = "" if row.actual is None else str(row.actual)
    return Judgement(
        Verdict.NOT_EVALUABLE, node, to_text(node), actual, "", reason=reason, detail=detail
    )


def _amount(value: object) -> Decimal | None:
    """A budget or spending amount in 元: a number, or a string such as ``55.2万元``."""
    if isinstance(value, str):
        try:
            node = parse(value)
        except IndicatorSyntaxError:
            return None
        if not isinstance(node, Compare) or node.quantity.dimension not in (
            Dimension.MONEY,
            Dimension.COUNT,
        ):
            return None
        if node.quantity.dimension is Dimension.COUNT and node.quantity.unit != NO_UNIT:
            return None
        return node.quantity.in_base()
    if value is None or isinstance(value, bool):
        return None
    try:
        return to_weight(value)
    except PerfrulesError:
        return None


def _execution(
    budget: object, spent: object, policy: Policy, notes: list[Note]
) -> Execution | None:
    weight = policy.tier_weights[policy.execution_tier]
    if budget is None and spent is None:
        return None
    amount_budget = _amount(budget)
    amount_spent = _amount(spent)
    if amount_budget is None or amount_spent is None or amount_budget <= 0:
        notes.append(
            Note(
                "execution-not-evaluable",
                f"预算数{budget!s}或执行数{spent!s}缺失或无效，预算执行率无法计算，暂计0分",
                f"budget {budget!s} or spending {spent!s} is missing or invalid; execution "
                "cannot be computed (0 points pending review)",
            )
        )
        return Execution(amount_budget, amount_spent, None, weight, policy.round(Decimal(0)), False)
    rate = amount_spent / amount_budget
    points = policy.round(weight * min(rate, Decimal(1)))
    if rate > 1:
        notes.append(
            Note(
                "over-spent",
                f"执行数超过预算数（执行率{_percent(rate)}），按满分计但需说明原因",
                f"spending exceeds the budget (rate {_percent(rate)}); full points, reason needed",
            )
        )
    return Execution(amount_budget, amount_spent, rate, weight, points, True)


def _percent(rate: Decimal) -> str:
    return f"{format_decimal((rate * 100).quantize(Decimal('0.01')))}%"


def _execution_zh(execution: Execution) -> str:
    if not execution.evaluable or execution.rate is None:
        return "预算执行率无法计算"
    return (
        f"执行率{_percent(execution.rate)}（{_yuan(execution.spent)}/{_yuan(execution.budget)}）；得分"
        f"{format_decimal(execution.points)}/{format_decimal(execution.weight)}"
    )


def _yuan(amount: Decimal | None) -> str:
    return format_quantity(Quantity(amount or Decimal(0), YUAN))


def _execution_en(execution: Execution) -> str:
    if not execution.evaluable or execution.rate is None:
        return "budget execution cannot be computed"
    return (
        f"execution rate {_percent(execution.rate)}; score "
        f"{format_decimal(execution.points)}/{format_decimal(execution.weight)}"
    )


def _drop_execution_rows(rows: list[RowScore], policy: Policy, notes: list[Note]) -> list[RowScore]:
    """With amounts given, execution is computed from them; a 预算执行率 row is not counted."""
    kept = []
    for row in rows:
        if row.tier == policy.execution_tier:
            notes.append(
                Note(
                    "execution-row-ignored",
                    f"“{row.row.name}”行不计分：预算执行率按预算数和执行数计算",
                    f"row {row.row.name!r} not counted: execution is computed from the amounts",
                    row.row.locator,
                )
            )
            row = attrs.evolve(row, counted=False)
        kept.append(row)
    return kept


def _redistribute(
    policy: Policy, present: set[str], notes: list[Note]
) -> tuple[dict[str, Decimal], dict[str, list[tuple[str, Decimal]]]]:
    """Tier weights after moving each missing tier's weight where the policy says."""
    base = policy.tier_weights
    weights = {tier: (weight if tier in present else Decimal(0)) for tier, weight in base.items()}
    received: dict[str, list[tuple[str, Decimal]]] = {tier: [] for tier in base}
    rules = dict(policy.redistribution)
    for tier, weight in base.items():
        if tier in present or weight == 0:
            continue
        goes_to, seen = rules.get(tier, "none"), {tier}
        while goes_to in base and goes_to not in present and goes_to not in seen:
            seen.add(goes_to)
            goes_to = rules.get(goes_to, "none")
        if goes_to in present:
            weights[goes_to] += weight
            received[goes_to].append((tier, weight))
            notes.append(_moved(tier, weight, goes_to))
        elif goes_to == "proportional" and present:
            share_base = sum((base[t] for t in present), Decimal(0))
            for target in sorted(present, key=list(base).index):
                amount = weight * base[target] / share_base
                weights[target] += amount
                received[target].append((tier, amount))
            notes.append(_moved(tier, weight, "、".join(sorted(present, key=list(base).index))))
        else:
            notes.append(
                Note(
                    "tier-missing",
                    f"缺少一级指标“{tier}”，其{format_decimal(weight)}分未重新分配",
                    f"tier {tier!r} is missing; its {format_decimal(weight)} points are not "
                    "redistributed",
                )
            )
    return weights, received


def _moved(tier: str, weight: Decimal, goes_to: str) -> Note:
    return Note(
        "tier-redistributed",
        f"缺少一级指标“{tier}”，其{format_decimal(weight)}分按评分规则转入{goes_to}",
        f"tier {tier!r} is missing; its {format_decimal(weight)} points go to {goes_to} "
        "as the policy says",
    )


def _tier_totals(
    rows: list[RowScore],
    execution: Execution | None,
    policy: Policy,
    weights: dict[str, Decimal],
    received: dict[str, list[tuple[str, Decimal]]],
    notes: list[Note],
) -> tuple[TierTotal, ...]:
    base = policy.tier_weights
    order = list(base) + sorted(
        {row.tier or row.row.tier for row in rows if row.counted} - set(base)
    )
    totals = []
    for tier in order:
        members = [row for row in rows if row.counted and (row.tier or row.row.tier) == tier]
        row_weight = sum((row.score.weight for row in members), Decimal(0))
        points = sum((row.score.points for row in members), Decimal(0))
        if tier == policy.execution_tier and execution is not None:
            row_weight += execution.weight
            points += execution.points
        if not members and not (tier == policy.execution_tier and execution is not None):
            if tier in base:
                totals.append(TierTotal(tier, base[tier], weights[tier], row_weight, points, 0))
            continue
        expected = weights.get(tier)
        if expected is not None and row_weight != expected:
            notes.append(
                Note(
                    "tier-weight-mismatch",
                    f"“{tier}”各行分值合计{format_decimal(row_weight)}分，应为"
                    f"{format_decimal(policy.round(expected))}分",
                    f"the rows of {tier!r} weigh {format_decimal(row_weight)} in total, "
                    f"expected {format_decimal(policy.round(expected))}",
                )
            )
        totals.append(
            TierTotal(
                tier,
                base.get(tier),
                expected,
                row_weight,
                points,
                len(members),
                tuple(received.get(tier, ())),
            )
        )
    return tuple(totals)
