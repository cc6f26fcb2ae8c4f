"""Explain a target expression: canonical form, parse tree, meaning, and how it is scored.

``explain("≥90%", actual="87%", weight=10)`` returns an :class:`Explanation` that
``perfrules explain`` prints: the canonical text, the AST as a tree (with the span of the
original text each node came from), what the target means in Chinese and English, and —
given an actual (and a weight) — each step of judging and scoring with its formula. The
numbers come from :func:`perfrules.judging.judge` and :func:`perfrules.scoring.score`
themselves; the unrounded value shown before rounding is recomputed here from the same
inputs and rounds to exactly the points the scorer gave.
"""

from __future__ import annotations

import decimal
import warnings
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final

import attrs

from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Span, Text
from .judging import DirectionSource, GapSide, Judgement, Verdict, direction_for, judge
from .parser import parse
from .policy import DEFAULT_POLICY, Direction, Formula, Policy, PolicyLike, resolve_policy
from .printer import format_decimal, format_quantity, to_text
from .scales import SCALES
from .scoring import IndicatorScore, ScoreFlag, score_judgement, to_weight
from .units import Dimension, Unit

__all__ = ["Explanation", "Step", "explain", "meaning", "raw_points", "render_text", "tree"]

_OP_WORDS: Final = {
    Op.GE: ("不低于", "at least"),
    Op.GT: ("高于", "more than"),
    Op.LE: ("不高于", "at most"),
    Op.LT: ("低于", "less than"),
    Op.EQ: ("等于", "equal to"),
    Op.NE: ("不等于", "not equal to"),
}
_DIMENSION_WORDS: Final = {
    Dimension.PERCENT: ("百分比", "percent"),
    Dimension.PERMILLE: ("千分比", "permille"),
    Dimension.MONEY: ("金额", "money"),
    Dimension.DURATION: ("时长", "duration"),
    Dimension.COUNT: ("数量", "count"),
    Dimension.LENGTH: ("长度", "length"),
    Dimension.AREA: ("面积", "area"),
    Dimension.MASS: ("重量", "mass"),
    Dimension.OTHER: ("其他", "other"),
}
_VERDICT_WORDS: Final = {
    Verdict.MET: ("达标", "met"),
    Verdict.PARTLY: ("部分达标", "partly met"),
    Verdict.MISSED: ("未达标", "missed"),
    Verdict.NOT_EVALUABLE: ("无法评价", "not evaluable"),
}
_WIDE: Final = decimal.Context(prec=60, rounding=ROUND_HALF_UP)
_SHOWN: Final = Decimal("0.000001")


@attrs.frozen
class Step:
    """One step of judging or scoring: a title, the formula with numbers, and the reason."""

    title_zh: str
    title_en: str
    formula: str
    zh: str = ""
    en: str = ""

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)


@attrs.frozen
class Explanation:
    """Everything ``perfrules explain`` shows about one expression."""

    text: str
    node: Node
    canonical: str
    tree: tuple[str, ...]
    meaning_zh: str
    meaning_en: str
    warnings: tuple[str, ...]
    policy: Policy
    name: str | None = None
    category: str | None = None
    judgement: Judgement | None = None
    score: IndicatorScore | None = None
    steps: tuple[Step, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (decimals as strings)."""
        from .exprjson import node_record

        record: dict[str, Any] = {
            "text": self.text,
            "canonical": self.canonical,
            "kind": self.node.kind,
            "ast": node_record(self.text, self.node),
            "tree": list(self.tree),
            "meaning": {"zh": self.meaning_zh, "en": self.meaning_en},
            "warnings": list(self.warnings),
        }
        if self.judgement is not None:
            scoring: dict[str, Any] = {
                "policy": self.policy.id,
                "rounding": self.policy.rounding_en,
                "name": self.name,
                "category": self.category,
                "verdict": str(self.judgement.verdict),
                "steps": [s.to_dict() for s in self.steps],
            }
            if self.score is not None:
                scoring.update(
                    weight=str(self.score.weight),
                    points=str(self.score.points),
                    lost=str(self.score.lost),
                    flags=sorted(str(f) for f in self.score.flags),
                    explanation_zh=self.score.explanation_zh,
                    explanation_en=self.score.explanation_en,
                )
            record["scoring"] = scoring
        return record


def explain(
    text: str,
    *,
    actual: object = None,
    weight: object = None,
    name: str | None = None,
    category: str | None = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> Explanation:
    """Explain ``text``; with ``actual`` judge it, with ``weight`` too score it step by step.

    Raises :class:`~perfrules.errors.IndicatorSyntaxError` for a malformed expression,
    :class:`~perfrules.errors.UnitMismatchError` when the actual cannot be compared with
    the target, and :class:`~perfrules.errors.PerfrulesError` (``invalid-weight``) for a
    negative or non-numeric weight. A weight without an actual is a ``ValueError``.
    """
    if weight is not None and actual is None:
        raise ValueError("a weight needs an actual value to score against")
    rules = resolve_policy(policy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown units are listed from the AST below
        node = parse(text)
    notes = tuple(
        f"unknown unit '{q.unit.symbol}' kept as an opaque count unit / "
        f"未知单位“{q.unit.symbol}”按计数单位处理"
        for q in dict.fromkeys(_quantities(node))
        if not q.unit.known
    )
    zh, en = meaning(node, name=name, category=category, policy=rules)
    found = Explanation(
        text=text,
        node=node,
        canonical=to_text(node),
        tree=tuple(tree(node, text)),
        meaning_zh=zh,
        meaning_en=en,
        warnings=notes,
        policy=rules,
        name=name,
        category=category,
    )
    if actual is None:
        return found
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an actual's unknown unit is judged like the target's
        judgement = judge(node, actual, name=name, category=category, policy=rules)
    scored = None
    if weight is not None:
        scored = score_judgement(judgement, to_weight(weight), rules, name=name, category=category)
    return attrs.evolve(
        found, judgement=judgement, score=scored, steps=tuple(_steps(judgement, scored, rules))
    )


# -- the parse tree ------------------------------------------------------------------------


def _quantities(node: Node) -> list[Quantity]:
    if isinstance(node, Compare):
        return [node.quantity]
    if isinstance(node, Range):
        return [node.low, node.high]
    return []


def _snippet(span: Span, text: str) -> str:
    if span.end <= span.start:
        return ""
    return f" ⟨{span.start},{span.end}⟩ “{text[span.start : span.end]}”"


def _leaf(value: object) -> str:
    if isinstance(value, Op):
        return f"{value.symbol} ({value.value})"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, Unit):
        notes = [value.dimension.value]
        if value.symbol and (value.factor != 1 or value.base != value.symbol):
            notes.append(f"1{value.symbol} = {format_decimal(value.factor)}{value.base}")
        if not value.known:
            notes.append("unknown unit / 未知单位")
        return f"{value.symbol or '—'} ({'; '.join(notes)})"
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def tree(node: Node | Quantity, text: str = "") -> list[str]:
    """The AST as indented lines (fields in declaration order; spans shown, not listed)."""
    span = getattr(node, "span", None)
    head = type(node).__name__ + (_snippet(span, text) if isinstance(span, Span) else "")
    lines = [head]
    fields = [f for f in attrs.fields(type(node)) if f.name != "span"]
    for i, field in enumerate(fields):
        last = i == len(fields) - 1
        branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
        value = getattr(node, field.name)
        if isinstance(value, Node | Quantity):
            child = tree(value, text)
            lines.append(f"{branch}{field.name}: {child[0]}")
            lines += [indent + line for line in child[1:]]
        else:
            lines.append(f"{branch}{field.name}: {_leaf(value)}")
    return lines


# -- meaning -------------------------------------------------------------------------------


def _q(quantity: Quantity) -> str:
    return format_quantity(quantity)


def _dimension(quantity: Quantity) -> tuple[str, str]:
    return _DIMENSION_WORDS[quantity.dimension]


def _annotated(zh: str, en: str, node: Node) -> tuple[str, str]:
    annotation = getattr(node, "annotation", None)
    subject = getattr(node, "subject", None)
    if subject:
        zh, en = f"{zh}（指标文字“{subject}”）", f"{en} (the text names it “{subject}”)"
    if annotation:
        zh, en = f"{zh}（注：{annotation}）", f"{en} (note: {annotation})"
    return zh, en


def meaning(
    node: Node,
    *,
    name: str | None = None,
    category: str | None = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> tuple[str, str]:
    """What ``node`` asks of the actual value, as a (Chinese, English) sentence pair."""
    rules = resolve_policy(policy)
    if isinstance(node, Compare):
        zh, en = _compare_meaning(node, name, category, rules)
    elif isinstance(node, Range):
        zh, en = _range_meaning(node)
    elif isinstance(node, Deadline):
        zh, en = _deadline_meaning(node)
    elif isinstance(node, Boolean):
        word = "是" if node.value else "否"
        zh = f"应为“{word}”：是否类目标，符合得满分，不符合得0分"
        en = (
            f"must be “{word}” ({'yes' if node.value else 'no'}): full points if so, none otherwise"
        )
    elif isinstance(node, Qualitative):
        levels = SCALES[node.scale].levels if node.scale in SCALES else ()
        order = " < ".join(level.word for level in levels)
        zh = f"评价等级应不低于“{node.level}”（等级序列 {node.scale}：{order}）"
        en = f"a level of at least “{node.level}” on the scale {node.scale} ({order})"
    elif isinstance(node, Text):
        bands_zh = "；".join(
            f"{b.level} {format_decimal(b.low * 100)}–{format_decimal(b.high * 100)}%"
            for b in rules.bands
        )
        zh = f"定性目标（自由文本），由评审人员判断达成程度，按档次计分：{bands_zh}"
        en = (
            "a qualitative (free-text) target: a reviewer judges how far it was reached and "
            f"it is scored in bands ({bands_zh})"
        )
    else:  # pragma: no cover - every node kind is handled above
        zh = en = to_text(node)
    return _annotated(zh, en, node)


def _compare_meaning(
    node: Compare, name: str | None, category: str | None, policy: Policy
) -> tuple[str, str]:
    q = node.quantity
    dim_zh, dim_en = _dimension(q)
    if node.implied:
        if q.value == 0:
            return (
                f"未写比较符，目标为0（{dim_zh}）：实际值不大于0为达标",
                f"no operator written and a zero target ({dim_en}): "
                "met when the actual is at most 0",
            )
        choice = direction_for(name, category, policy)
        op = Op.GE if choice.direction is Direction.HIGHER else Op.LE
        zh_op, en_op = _OP_WORDS[op]
        said = choice.source is DirectionSource.DEFAULT  # its text already says "no operator"
        return (
            f"{'' if said else '未写比较符，'}{choice.zh}：实际值应{zh_op}{_q(q)}（{dim_zh}）",
            f"{'' if said else 'no operator written, '}{choice.en}: "
            f"the actual must be {en_op} {_q(q)} ({dim_en})",
        )
    zh_op, en_op = _OP_WORDS[node.op]
    zh = f"实际值应{zh_op}{_q(q)}（{dim_zh}）"
    en = f"the actual value must be {en_op} {_q(q)} ({dim_en})"
    if node.op is Op.EQ:
        tolerance = format_decimal(policy.equal_tolerance * 100)
        zh += f"，允许相对误差±{tolerance}%"
        en += f", within a relative tolerance of ±{tolerance}%"
    return zh, en


def _range_meaning(node: Range) -> tuple[str, str]:
    dim_zh, dim_en = _dimension(node.high)
    if node.low.value == -node.high.value and node.high.value > 0:
        return (
            f"实际偏差应在±{_q(node.high)}以内（{dim_zh}）",
            f"the deviation must stay within ±{_q(node.high)} ({dim_en})",
        )
    low_zh = "含" if node.low_closed else "不含"
    high_zh = "含" if node.high_closed else "不含"
    low_en = "inclusive" if node.low_closed else "exclusive"
    high_en = "inclusive" if node.high_closed else "exclusive"
    return (
        f"实际值应介于{_q(node.low)}（{low_zh}）与{_q(node.high)}（{high_zh}）之间（{dim_zh}）",
        f"the actual value must lie between {_q(node.low)} ({low_en}) and "
        f"{_q(node.high)} ({high_en}) ({dim_en})",
    )


def _deadline_meaning(node: Deadline) -> tuple[str, str]:
    day_zh = f"{node.day}日" if node.day is not None else "底"
    date_zh = (f"{node.year}年" if node.year is not None else "") + f"{node.month}月{day_zh}"
    date_en = node.iso if node.day is not None else f"the end of {node.iso}"
    if node.year is None:
        date_zh += "（预算年度）"
        date_en += " (of the budget year)"
    words = {
        Op.LE: ("不晚于", "on or before"),
        Op.LT: ("早于", "before"),
        Op.GE: ("不早于", "on or after"),
        Op.GT: ("晚于", "after"),
    }
    zh_op, en_op = words.get(node.op, ("在", "on"))
    return f"应{zh_op}{date_zh}完成", f"to be done {en_op} {date_en}"


# -- scoring steps -------------------------------------------------------------------------


def raw_points(judgement: Judgement, weight: Decimal, policy: Policy) -> Decimal | None:
    """The unrounded, uncapped points of a judgement (None when not evaluable)."""
    if judgement.verdict is Verdict.NOT_EVALUABLE:
        return None
    if judgement.share is not None:
        share = judgement.share
        if judgement.over_achieved and judgement.verdict is Verdict.MET and policy.over_penalty:
            share = 1 - policy.over_penalty
        return _WIDE.multiply(weight, share)
    a, t = judgement.actual_base, judgement.reference_base
    if a is None or t is None:
        return None
    match judgement.formula:
        case Formula.PROPORTIONAL:
            return _WIDE.divide(_WIDE.multiply(weight, a), t)
        case Formula.INVERSE:
            return _WIDE.divide(_WIDE.multiply(weight, t), a)
        case Formula.LINEAR_TO_ZERO:
            k = judgement.lower_zero_at or policy.lower_zero_at
            return _WIDE.divide(weight * (k * t - a), (k - 1) * t)
    return Decimal(0)


def _shown(value: Decimal) -> str:
    """A value for display: exact when short, else cut to six decimals with an ellipsis."""
    cut = value.quantize(_SHOWN, rounding=ROUND_DOWN)
    if cut == value:
        return format_decimal(value)
    return f"{format_decimal(cut)}…"


def _base_unit(node: Node) -> str:
    quantity = node.quantity if isinstance(node, Compare) else None
    if isinstance(node, Range):
        quantity = node.high
    if quantity is None:
        return ""
    if quantity.dimension in (Dimension.PERCENT, Dimension.PERMILLE):
        return "%"
    return quantity.unit.base


def _gap(judgement: Judgement) -> tuple[str, str]:
    gap = judgement.gap
    if gap is None:
        return "", ""
    amount = format_decimal(gap.value.quantize(Decimal("0.0001"), ROUND_HALF_UP))
    short = judgement.gap_side is GapSide.SHORT
    if gap.dimension is Dimension.PERCENT:
        text_zh, text_en = f"{amount}个百分点", f"{amount} percentage points"
    elif gap.dimension is Dimension.PERMILLE:
        text_zh, text_en = f"{amount}个千分点", f"{amount} permille points"
    else:
        text_zh = text_en = format_quantity(attrs.evolve(gap, value=Decimal(amount)))
    return (
        ("差" if short else "超出") + text_zh,
        f"{text_en} {'short' if short else 'over'}",
    )


def _comparison(judgement: Judgement, tolerance: Decimal) -> str:
    a, t = judgement.actual_base, judgement.reference_base
    assert a is not None and t is not None
    node, met = judgement.target, judgement.verdict is Verdict.MET
    sa, st = format_decimal(a), format_decimal(t)
    if isinstance(node, Range):
        return f"{sa} {'∈' if met else '∉'} {to_text(node)}"
    if isinstance(node, Compare) and node.op is Op.NE:
        return f"{sa} {'≠' if met else '='} {st}"
    direction = judgement.direction
    higher = direction is None or direction.direction is Direction.HIGHER
    if isinstance(node, Compare) and node.op is Op.EQ:
        allowed = format_decimal(tolerance * abs(t))
        distance = format_decimal(abs(a - t))
        if abs(a - t) <= tolerance * abs(t):
            return f"|{sa} − {st}| = {distance} ≤ {allowed}"
        better = ("≥" if met else "<") if higher else ("≤" if met else ">")
        return f"|{sa} − {st}| = {distance} > {allowed}; {sa} {better} {st}"
    if isinstance(node, Compare) and not node.implied and node.op in (Op.GT, Op.LT):
        symbol = {(Op.GT, True): ">", (Op.GT, False): "≤", (Op.LT, True): "<", (Op.LT, False): "≥"}
        return f"{sa} {symbol[(node.op, met)]} {st}"
    if higher:
        return f"{sa} {'≥' if met else '<'} {st}"
    return f"{sa} {'≤' if met else '>'} {st}"


def _steps(judgement: Judgement, scored: IndicatorScore | None, policy: Policy) -> list[Step]:
    steps: list[Step] = []
    verdict_zh, verdict_en = _VERDICT_WORDS[judgement.verdict]
    if judgement.verdict is Verdict.NOT_EVALUABLE:
        steps.append(
            Step(
                "判定",
                "Verdict",
                f"{judgement.actual_text or '(空 empty)'} → {verdict_zh} {verdict_en}",
                judgement.reason_zh or "",
                judgement.reason_en or "",
            )
        )
        if scored is not None:
            steps.append(
                Step(
                    "得分",
                    "Points",
                    f"0 / {format_decimal(scored.weight)}",
                    "不计为达标，也不当作0值；暂计0分，待复核",
                    "neither counted as met nor read as zero: 0 points pending review",
                )
            )
        return steps
    quantitative = judgement.actual_base is not None and judgement.reference_base is not None
    if quantitative:
        a, t = judgement.actual_base, judgement.reference_base
        assert a is not None and t is not None
        base = _base_unit(judgement.target)
        steps.append(
            Step(
                "读取实际值",
                "Read the actual",
                f"{judgement.actual_text} → a = {format_decimal(a)}{base}; "
                f"t = {format_decimal(t)}{base}",
                f"实际值与目标换算到同一单位（{base or '无单位'}）比较",
                f"actual and target in one unit ({base or 'no unit'}); "
                "t is the bound compared with",
            )
        )
        direction = judgement.direction
        if direction is None:
            steps.append(Step("方向", "Direction", "≠", "不等于目标即达标", "met when not equal"))
        else:
            better = (
                "越高越好 higher is better"
                if direction.direction is Direction.HIGHER
                else "越低越好 lower is better"
            )
            steps.append(Step("方向", "Direction", better, direction.zh, direction.en))
        gap_zh, gap_en = _gap(judgement)
        steps.append(
            Step(
                "判定",
                "Verdict",
                f"{_comparison(judgement, policy.equal_tolerance)} → {verdict_zh} {verdict_en}",
                gap_zh,
                gap_en,
            )
        )
        if judgement.ratio is not None:
            ratio = format_decimal(judgement.ratio.quantize(Decimal("0.0001"), ROUND_HALF_UP))
            over = judgement.over_achieved
            steps.append(
                Step(
                    "完成比率",
                    "Ratio",
                    f"a / t = {format_decimal(a)} / {format_decimal(t)} ≈ {ratio}",
                    f"超额完成（≥{format_decimal(policy.over_threshold)}倍），需说明原因"
                    if over
                    else "",
                    f"over-achieved (≥ {format_decimal(policy.over_threshold)} × target): a "
                    "reason is needed"
                    if over
                    else "",
                )
            )
    else:
        band = judgement.band
        steps.append(
            Step(
                "判定",
                "Verdict",
                f"{judgement.actual_text} → {verdict_zh} {verdict_en}",
                f"评价档次“{band.level}”（{format_decimal(band.low * 100)}–"
                f"{format_decimal(band.high * 100)}%）"
                if band
                else ("是否类/期限类目标：达成得满分，否则0分"),
                f"band “{band.level}” ({format_decimal(band.low * 100)}–"
                f"{format_decimal(band.high * 100)}% of the weight)"
                if band
                else "yes/no or deadline target: all or nothing",
            )
        )
    if scored is not None:
        steps += _point_steps(judgement, scored, policy)
    return steps


def _point_steps(judgement: Judgement, scored: IndicatorScore, policy: Policy) -> list[Step]:
    w = scored.weight
    raw = raw_points(judgement, w, policy)
    assert raw is not None
    sw = format_decimal(w)
    a, t = judgement.actual_base, judgement.reference_base
    formula = judgement.formula
    if judgement.share is not None:
        share = judgement.share
        penalised = ScoreFlag.OVER_ACHIEVEMENT_PENALISED in scored.flags
        if penalised:
            text = f"w × (1 − penalty) = {sw} × (1 − {format_decimal(policy.over_penalty)})"
            zh, en = "按规则扣减超额完成分", "over-achievement deducted by the policy"
        elif judgement.band is not None:
            text = f"w × share = {sw} × {format_decimal(share)}"
            zh = "定性目标按档次得分" + (
                "（给定得分率）" if judgement.rate_given else "（取档次上限）"
            )
            en = "a level scores its band's share" + (
                " (the rate given)" if judgement.rate_given else " (the top of the band)"
            )
        elif share == 1:
            text = f"w × 1 = {sw} × 1"
            zh, en = "达标得满分", "met: the full weight"
        else:
            text = f"w × 0 = {sw} × 0"
            zh, en = "未达标且不适用按比例得分", "missed, and no partial score applies"
        title_en = "Points"
    else:
        assert a is not None and t is not None and formula is not None
        sa, st = format_decimal(a), format_decimal(t)
        if formula is Formula.PROPORTIONAL:
            text = f"w × a / t = {sw} × {sa} / {st}"
            zh, en = "越高越好，按完成比例得分", "higher is better: in proportion to completion"
        elif formula is Formula.INVERSE:
            text = f"w × t / a = {sw} × {st} / {sa}"
            zh, en = "越低越好，按目标/实际比例得分", "lower is better: target over actual"
        else:
            k = format_decimal(judgement.lower_zero_at or policy.lower_zero_at)
            text = f"w × (k·t − a) / ((k − 1)·t) = {sw} × ({k}×{st} − {sa}) / (({k} − 1)×{st})"
            zh = f"越低越好，在{k}倍目标处降为0"
            en = f"lower is better: linear to zero at {k} × target"
        title_en = f"Points ({formula})"
    steps = [Step("得分公式", title_en, f"{text} = {_shown(raw)}", zh, en)]
    if raw > w:
        capped, zh, en = w, f"超过分值，封顶为{sw}", f"above the weight: capped at {sw}"
    elif raw < 0:
        capped, zh, en = Decimal(0), "低于0，计为0", "below zero: raised to 0"
    else:
        capped, zh, en = raw, "在0与分值之间，无需封顶", "within 0 and the weight: no cap"
    steps.append(
        Step("封顶", "Cap", f"min(max({_shown(raw)}, 0), {sw}) = {_shown(capped)}", zh, en)
    )
    steps.append(
        Step(
            "舍入",
            "Rounding",
            f"{_shown(capped)} → {scored.points}",
            policy.rounding_zh,
            policy.rounding_en,
        )
    )
    steps.append(
        Step(
            "结果",
            "Result",
            f"{scored.points} / {sw}",
            f"失分{format_decimal(scored.lost)}；{scored.explanation_zh}",
            f"lost {format_decimal(scored.lost)}; {scored.explanation_en}",
        )
    )
    return steps


# -- text ----------------------------------------------------------------------------------


def render_text(explanation: Explanation) -> str:
    """The explanation as terminal text (what ``perfrules explain`` prints)."""
    x = explanation
    out = [
        f"表达式 Expression: {x.text}",
        f"规范形式 Canonical: {x.canonical}",
        f"类型 Kind: {x.node.kind}",
    ]
    out += [f"注意 Note: {w}" for w in x.warnings]
    out += ["", "语法树 Parse tree:"]
    out += [f"  {line}" for line in x.tree]
    out += ["", "含义 Meaning:", f"  {x.meaning_zh}", f"  {x.meaning_en}"]
    if x.judgement is None:
        out += [
            "",
            "评分 Scoring: 给出 --actual（及 --weight）可查看评分步骤 / "
            "give --actual (and --weight) to see each scoring step",
        ]
        return "\n".join(out) + "\n"
    policy = x.policy
    out += ["", f"评分 Scoring — policy {policy.id} ({policy.rounding_zh} / {policy.rounding_en}):"]
    about = [
        f"名称 name {x.name}" if x.name else "",
        f"二级 category {x.category}" if x.category else "",
    ]
    if any(about):
        out.append("  指标 indicator: " + "; ".join(a for a in about if a))
    for i, step in enumerate(x.steps, start=1):
        out.append(f"  {i}. {step.title_zh} {step.title_en}: {step.formula}")
        if step.zh:
            out.append(f"     {step.zh}")
        if step.en:
            out.append(f"     {step.en}")
    if x.score is None:
        out.append("  (给出 --weight 可计算得分 / give --weight to compute the points)")
    return "\n".join(out) + "\n"
