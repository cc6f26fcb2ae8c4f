"""Hypothesis strategies for documents: indicators, projects, documents, mutations, actuals.

Re-exported by :mod:`perfrules.strategies`; import them from there. Every document drawn
with ``valid=True`` satisfies the built-in rulesets ``target-table`` and (for
self-assessments) ``self-assessment``: no error- and no warning-severity finding. Budgets
add up, spending plans never decrease and end at 100%, every project has the three tiers
and the four output categories, no row repeats, 是否 rows have yes/no targets, cost
targets match the budget, and self-assessment rows carry weights that add up to the
policy's tier weights, claimed scores equal to what the policy gives, and a deviation
reason wherever a target was missed or far exceeded.

:func:`mutations` starts from such a document and breaks exactly one named constraint
(:data:`MUTATIONS` lists them, each with the rule ids that must catch it). Documents are
built directly from the model classes (no text is parsed but target cells, and those are
cached), so a few hundred documents take a second or two.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Range
from .errors import IndicatorSyntaxError, PerfrulesError
from .judging import Verdict, judge
from .model import (
    Budget,
    Checkpoint,
    Document,
    DocumentKind,
    Duty,
    FundRow,
    FundSource,
    Indicator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
    TargetError,
)
from .parser import parse
from .policy import DEFAULT_POLICY, resolve_policy
from .printer import format_decimal, format_quantity
from .scales import SCALES
from .scoring import IndicatorScore, ScoreFlag, score
from .taxonomy import CATEGORIES
from .units import NO_UNIT, UNITS, Dimension, Unit

__all__ = [
    "MUTATIONS",
    "VERDICTS",
    "Mutation",
    "MutationInfo",
    "actuals_for",
    "documents",
    "indicators",
    "mutations",
    "projects",
]

T = TypeVar("T")

OUTPUT: Final = "产出指标"
BENEFIT: Final = "效益指标"
SATISFACTION: Final = "满意度指标"
COST: Final = "成本指标"
TOTAL_ROW: Final = "年度资金总额"
_TIERS: Final = (OUTPUT, BENEFIT, SATISFACTION)
_OUTPUT_CATEGORIES: Final = ("数量指标", "质量指标", "时效指标", COST)
_BENEFIT_CATEGORIES: Final = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_CATEGORY_ORDER: Final = (*_OUTPUT_CATEGORIES, *_BENEFIT_CATEGORIES, "服务对象满意度指标")
_KINDS: Final = (DocumentKind.TARGET_TABLE, DocumentKind.SELF_ASSESSMENT)
_CENT: Final = Decimal("0.01")
_TOTAL_COST: Final = re.compile("总成本|总投资|总支出|总费用")
_RATE_NAME: Final = re.compile("率|比例|比重|占比")
_GROWTH_NAME: Final = re.compile("增长|增幅|提高|提升|同比|环比")

VERDICTS: Final[tuple[str, ...]] = ("met", "partly", "missed")
"""The verdicts :func:`actuals_for` can aim at."""

# ---------------------------------------------------------------- vocabulary (data)

# shapes of a row: what its target looks like and how its actual is drawn
_RATE, _SATISFIED, _GROWTH, _COUNT = "rate", "satisfaction", "growth", "count"
_YES, _NO, _DEADLINE, _DURATION = "yes", "no", "deadline", "duration"
_COST_TOTAL, _COST_ITEM, _LEVEL, _TEXT = "cost-total", "cost-item", "level", "text"


@attrs.frozen
class _Row:
    """A row of the vocabulary: an indicator name, its category and the shape of its target."""

    category: str
    name: str
    shape: str
    unit: str = ""
    words: tuple[str, ...] = ()

    @property
    def tier(self) -> str:
        return CATEGORIES[self.category]


def _rows(category: str, *items: tuple[str, str] | tuple[str, str, str]) -> tuple[_Row, ...]:
    out = []
    for item in items:
        name, shape, *rest = item
        extra = rest[0] if rest else ""
        if shape in (_LEVEL, _TEXT):
            out.append(_Row(category, name, shape, words=tuple(extra.split("|"))))
        else:
            out.append(_Row(category, name, shape, unit=extra))
    return tuple(out)


# Names are chosen so that every row satisfies the built-in rules on its own: 效益 names
# carry a keyword of their category (category-name-conflict), rates never exceed 100%
# except growth rates, 是否 names have yes/no targets, and none reads as lower-is-better
# except cost rows (which always write their operator).
_VOCABULARY: Final[Mapping[str, tuple[_Row, ...]]] = {
    "数量指标": _rows(
        "数量指标",
        ("监督检查工作完成率", _RATE),
        ("培训人次", _COUNT, "人次"),
        ("开展专项检查次数", _COUNT, "次"),
        ("培训计划完成率", _RATE),
        ("印发宣传资料", _COUNT, "份"),
        ("走访调研单位数量", _COUNT, "个"),
        ("是否完成年度巡察任务", _YES),
    ),
    "质量指标": _rows(
        "质量指标",
        ("问题线索办结率", _RATE),
        ("验收合格率", _RATE),
        ("档案资料是否建立", _YES),
        ("是否发生安全责任事故", _NO),
        ("资金使用规范性", _TEXT, "严格按照规定执行|按规定足额发放"),
        ("培训考核通过率", _RATE),
    ),
    "时效指标": _rows(
        "时效指标",
        ("正常运转执行率", _RATE),
        ("任务完成时间", _DEADLINE),
        ("问题线索办结时限", _DURATION),
        ("是否按时完成", _YES),
        ("按时完成率", _RATE),
        ("经费拨付时间", _DEADLINE),
    ),
    COST: _rows(
        COST,
        ("总成本", _COST_TOTAL),
        ("设备购置成本", _COST_ITEM),
        ("项目总成本", _COST_TOTAL),
        ("差旅成本", _COST_ITEM),
        ("印刷费用", _COST_ITEM),
        ("总支出", _COST_TOTAL),
    ),
    "经济效益指标": _rows(
        "经济效益指标",
        ("带动农户增收", _COUNT, "户"),
        ("节约财政资金", _LEVEL, "较好|好"),
        ("产业产值增长率", _GROWTH),
        ("资金使用效益", _LEVEL, "较好|好"),
    ),
    "社会效益指标": _rows(
        "社会效益指标",
        ("社会稳定水平", _LEVEL, "较好|好"),
        ("群众安全感", _RATE),
        ("遏制腐败现象", _LEVEL, "明显改善|逐步改善"),
        ("廉政意识", _LEVEL, "显著提升|明显提升|有所提升"),
        ("群众政策知晓率", _RATE),
    ),
    "生态效益指标": _rows(
        "生态效益指标",
        ("生态环境改善", _LEVEL, "逐步改善|明显改善"),
        ("绿化覆盖率", _RATE),
        ("污染物排放达标率", _RATE),
    ),
    "可持续影响指标": _rows(
        "可持续影响指标",
        ("长效监督机制", _LEVEL, "逐步改善|明显改善"),
        ("工作机制是否健全", _YES),
        ("制度建设长效性", _LEVEL, "成效显著|成效明显"),
    ),
    "服务对象满意度指标": _rows(
        "服务对象满意度指标",
        ("机关单位人员满意度", _SATISFIED),
        ("群众满意度", _SATISFIED),
        ("服务对象满意率", _SATISFIED),
        ("培训对象满意度", _SATISFIED),
    ),
}
_ALL_ROWS: Final = tuple(row for rows in _VOCABULARY.values() for row in rows)
# a project holds at most one 总成本-style row (two would each have to equal the budget)
_MOST_ROWS: Final = len(_ALL_ROWS) - sum(r.shape == _COST_TOTAL for r in _ALL_ROWS) + 1

_PROJECT_NAMES: Final = (
    "镇街纪检组织建设",
    "巡察工作经费",
    "廉政教育活动经费",
    "信息化运维保障",
    "案件查办专项经费",
    "党风廉政宣传经费",
)
_GOALS: Final = (
    "加强镇级纪检组织建设，切实加强纪检干部日常管理",
    "保证区委巡察工作正常开展",
    "提升巡察工作规范化水平",
    "经费保障纳入财政预算，由区纪委统一管理",
    "开展廉政教育活动，增强党员干部廉洁意识",
    "保障信息系统安全稳定运行",
    "按期完成年度监督检查任务",
)
_DUTIES: Final = (
    ("办案问责", "受理信访、举报，组织协调案件查办"),
    ("监督检查", "监督检查党内法规政策的执行情况"),
    ("党风廉政建设", "组织协调全区党风廉政建设和反腐败宣传教育"),
    ("巡察工作", "开展常态化全覆盖监督"),
    ("部门综合事务管理", "提供服务和保障"),
)
_DEPARTMENTS: Final = ("中国共产党承德市双桥区纪律检查委员会本级", "双桥区财政局本级")
_BASES: Final = ("文件规定", "行业标准", "计划标准", "历史标准", "机关要求")
_REASONS: Final = (
    "个别线索核查周期较长，结转下年办理",
    "受疫情影响部分活动延期，下年度加快推进",
    "实际需求高于预期，下年度将调高目标值",
    "部分项目尚在验收中",
)
_PLACEHOLDERS: Final = ("指标1", "指标2", "……", "/")
_PLAN_LABELS: Final = {
    2: ("6月底", "12月底"),
    3: ("6月底", "9月底", "12月底"),
    4: ("3月底", "6月底", "10月底", "12月底"),
}

# ---------------------------------------------------------------- argument validation


def _check_kinds(kind: object, *, default: tuple[DocumentKind, ...]) -> tuple[DocumentKind, ...]:
    """``kind``: None (the default kinds), a kind name or a :class:`DocumentKind`."""
    if kind is None:
        return default
    if isinstance(kind, DocumentKind):
        return (kind,)
    if isinstance(kind, str):
        try:
            return (DocumentKind(kind),)
        except ValueError:
            pass
    raise InvalidArgument(
        f"kind={kind!r} must be one of {[k.value for k in DocumentKind]} (or None for both)"
    )


def _check_names(
    argument: str, given: Iterable[str] | None, allowed: Collection[str]
) -> tuple[str, ...] | None:
    """A collection of names from ``allowed`` (None stays None)."""
    if given is None:
        return None
    if isinstance(given, str):
        raise InvalidArgument(
            f"{argument} must be a collection of names, not the single string {given!r}; "
            f"write {argument}=[{given!r}]"
        )
    try:
        names = tuple(given)
    except TypeError:
        raise InvalidArgument(f"{argument}={given!r} must be a collection of names") from None
    if not names:
        raise InvalidArgument(f"{argument} must not be empty (choose from {sorted(allowed)})")
    for name in names:
        if not isinstance(name, str) or name not in allowed:
            raise InvalidArgument(
                f"{argument} contains {name!r}, which is not one of {sorted(allowed)}"
            )
    return tuple(dict.fromkeys(names))


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidArgument(f"{name}={value} must lie between {low} and {high}")
    return value


# ---------------------------------------------------------------- small helpers


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    return items[draw(st.integers(0, len(items) - 1))]


def _cents(value: int) -> Decimal:
    return (Decimal(value) * _CENT).quantize(_CENT)


def _spell(value: Decimal, unit: str) -> str:
    """A number and its unit as a cell writes them (``95.5%``, ``120人次``; no exponent)."""
    return f"{format_decimal(value)}{unit}"


def _money(amount_wan: Decimal) -> str:
    """An amount in 万元, as a cell writes it (``55.2万元``)."""
    return f"{format_decimal(amount_wan)}万元"


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=1 << 14)
def _parsed(text: str) -> Node:
    return parse(text)


def _indicator(row: _Row, target: str, about: tuple[str | None, str | None]) -> Indicator:
    """A target-table row: ``about`` is its (description, basis)."""
    return Indicator(
        name=row.name,
        tier=row.tier,
        category=row.category,
        description=about[0],
        target_text=target,
        target=_parsed(target),
        basis=about[1],
        tier_text=row.tier,
        category_text=row.category,
    )


def _scored(indicator: Indicator) -> IndicatorScore:
    assert indicator.weight is not None and indicator.target is not None
    return score(
        indicator.target,
        indicator.actual,
        indicator.weight,
        name=indicator.name,
        category=indicator.category,
        tier=indicator.tier,
    )


def _rescored(draw: st.DrawFn, indicator: Indicator, *, explain: bool = True) -> Indicator:
    """A self-assessment row with its claimed score recomputed and, when the policy asks
    for one (a missed, partly met or far exceeded target), a deviation reason."""
    if indicator.weight is None or indicator.target is None:
        return indicator
    result = _scored(indicator)
    reason = indicator.deviation_reason
    needs = result.verdict in (Verdict.PARTLY, Verdict.MISSED) or (
        ScoreFlag.OVER_ACHIEVED in result.flags
    )
    if needs and reason is None and explain:
        reason = draw(st.sampled_from(_REASONS))
    return attrs.evolve(indicator, claimed=result.points, deviation_reason=reason)


# ---------------------------------------------------------------- targets and actuals


def _tenths(draw: st.DrawFn, low: Decimal, high: Decimal) -> Decimal:
    """A value in [low, high] with at most one decimal, shrinking towards ``low``."""
    lo = int((low * 10).to_integral_value(rounding=ROUND_CEILING))
    hi = max(lo, int((high * 10).to_integral_value(rounding=ROUND_FLOOR)))
    return Decimal(draw(st.integers(lo, hi))) / 10


def _percent_target(draw: st.DrawFn, low: int, high: int, *, bare: bool = True) -> str:
    value = draw(st.integers(low, high))
    forms = ("≥{}%", "≥{}百分比", "不低于{}%", "{}%及以上") + (("{}%",) if bare else ())
    return draw(st.sampled_from(forms)).format(value)


def _target_for(draw: st.DrawFn, row: _Row, *, year: int, amount: Decimal | None = None) -> str:
    """A target cell for ``row``; cost rows write ``amount`` (万元)."""
    shape = row.shape
    if shape == _RATE:
        return _percent_target(draw, 60, 100)
    if shape == _SATISFIED:
        return _percent_target(draw, 85, 100)
    if shape == _GROWTH:
        return _percent_target(draw, 1, 150, bare=False)
    if shape == _COUNT:
        value = draw(st.integers(2, 500))
        form = draw(st.sampled_from(("≥{}{}", "不少于{}{}", "{}{}")))
        return form.format(value, row.unit)
    if shape == _YES:
        return "是"
    if shape == _NO:
        return "否"
    if shape == _DEADLINE:
        return draw(st.sampled_from(("12月底前", f"{year}年12月31日前", "11月底前", "年底前")))
    if shape == _DURATION:
        value = draw(st.integers(1, 60))
        return draw(st.sampled_from(("≤{}个工作日", "{}个工作日以内", "≤{}天"))).format(value)
    if shape in (_COST_TOTAL, _COST_ITEM):
        assert amount is not None
        form = draw(st.sampled_from(("≤{}", "不超过{}", "≤{}元")))
        if form.endswith("元"):
            return form.format(format_decimal(amount * 10000))
        return form.format(_money(amount))
    return draw(st.sampled_from(row.words))  # level, text


def _actual_for(draw: st.DrawFn, row: _Row, node: Node, intent: str) -> str:
    """A realistic 实际完成值 for ``row``: ``intent`` is met, partly or over (achieved)."""
    if isinstance(node, Compare):
        t = node.quantity.value
        if node.quantity.dimension is Dimension.MONEY:  # cost: lower is better, in 万元
            wan = t / 10000
            if intent == "partly":
                return _money(_round(wan * Decimal(draw(st.integers(101, 150))) / 100))
            return _money(_round(wan * Decimal(draw(st.integers(50, 100))) / 100))
        unit = format_quantity(node.quantity)[len(format_decimal(t)) :]
        if node.op in (Op.LE, Op.LT):  # durations
            if intent == "partly":
                return _spell(_tenths(draw, t + 1, t * 2), unit)
            return _spell(_tenths(draw, Decimal(0), t), unit)
        cap = Decimal(100) if row.shape in (_RATE, _SATISFIED) else t * 2
        if intent == "partly":
            return _spell(_tenths(draw, t / 2, t - Decimal("0.1")), unit)
        if intent == "over" and t * Decimal("1.2") <= cap:
            return _spell(_tenths(draw, t * Decimal("1.2"), cap), unit)
        return _spell(_tenths(draw, t, max(t, cap)), unit)
    if isinstance(node, Boolean):
        if intent == "partly":
            return "否" if node.value else "是"
        return draw(st.sampled_from(("是", "已完成"))) if node.value else "否"
    if isinstance(node, Deadline):
        if intent == "partly":
            return "未完成"
        day = draw(st.integers(1, 30))
        month = node.month
        return f"{node.year}年{month}月{day}日" if node.year else f"{month}月{day}日"
    if isinstance(node, Qualitative):
        levels = SCALES[node.scale].levels
        if intent == "partly" and node.rank > 0:
            return levels[node.rank - 1].word
        return levels[draw(st.integers(node.rank, len(levels) - 1))].word
    if intent == "partly":
        return "部分达成年度指标并具有一定效果"
    return "达成年度指标"


_INTENTS: Final = ("met", "met", "met", "met", "partly", "over")


# ---------------------------------------------------------------- indicators


_OPTIONAL_DEPARTMENTS: Final = st.none() | st.sampled_from(_DEPARTMENTS)


def _weighted(draw: st.DrawFn, row: _Row, indicator: Indicator, weight: int) -> Indicator:
    """The self-assessment columns of a row: actual, weight, claimed score, reason."""
    assert indicator.target is not None
    intent = draw(st.sampled_from(_INTENTS))
    actual = _actual_for(draw, row, indicator.target, intent)
    reason = _maybe_reason(draw)
    drafted = attrs.evolve(
        indicator, actual=actual, weight=Decimal(weight), deviation_reason=reason
    )
    return _rescored(draw, drafted)


def _describe(draw: st.DrawFn, row: _Row) -> tuple[str | None, str | None]:
    """An optional 绩效指标描述 and 指标值确定依据 (one draw; 0 means neither)."""
    choice = draw(st.integers(0, 2 * len(_BASES) + 1))
    description = f"反映{row.name}情况" if choice % 2 else None
    return description, (_BASES[choice // 2 - 1] if choice >= 2 else None)


def _maybe_reason(draw: st.DrawFn) -> str | None:
    """Sometimes a deviation reason even where none is needed (one draw; 0 or 1: none)."""
    choice = draw(st.integers(0, len(_REASONS) + 1))
    return _REASONS[choice - 2] if choice >= 2 else None


def _check_tiers_and_categories(
    tiers: Iterable[str] | None, categories: Iterable[str] | None
) -> tuple[_Row, ...]:
    chosen_tiers = _check_names("tiers", tiers, _TIERS)
    chosen = _check_names("categories", categories, tuple(_VOCABULARY))
    rows = _ALL_ROWS
    if chosen_tiers is not None:
        rows = tuple(r for r in rows if r.tier in chosen_tiers)
    if chosen is not None:
        if chosen_tiers is not None:
            stray = [c for c in chosen if CATEGORIES[c] not in chosen_tiers]
            if stray:
                raise InvalidArgument(
                    f"categories {stray} do not belong to tiers {list(chosen_tiers)} "
                    f"({', '.join(f'{c} → {CATEGORIES[c]}' for c in stray)})"
                )
        rows = tuple(r for r in rows if r.category in chosen)
    return rows


def indicators(
    *,
    kind: DocumentKind | str | None = None,
    tiers: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
) -> SearchStrategy[Indicator]:
    """Single indicator rows that satisfy every indicator-level built-in rule.

    ``kind`` is ``"target-table"`` (the default: name, tier, category, target, basis …)
    or ``"self-assessment"`` (also an actual, a weight from 1 to 20, the claimed score the
    mof-2020 policy gives, and a deviation reason where the target was missed or far
    exceeded). ``tiers`` and ``categories`` limit the rows to canonical 一级 / 二级 names
    (``["产出指标"]``, ``["数量指标", "质量指标"]``); given together, every category must
    belong to one of the tiers. Cost rows are drawn against a budget of their own, so a
    cost target here is some amount in 万元.

    Example::

        from hypothesis import given
        from perfrules.strategies import indicators

        @given(indicators(kind="self-assessment", categories=["服务对象满意度指标"]))
        def test_satisfaction_rows_score_within_their_weight(row):
            assert row.tier == "满意度指标"
            assert 0 <= row.claimed <= row.weight
    """

    def build() -> SearchStrategy[Indicator]:
        kinds = _check_kinds(kind, default=(DocumentKind.TARGET_TABLE,))
        rows = _check_tiers_and_categories(tiers, categories)
        return _indicators(rows, kinds[0] is DocumentKind.SELF_ASSESSMENT)

    return st.deferred(build)


@st.composite
def _indicators(draw: st.DrawFn, rows: tuple[_Row, ...], assessed: bool) -> Indicator:
    row = draw(st.sampled_from(rows))
    amount = _cents(draw(st.integers(100, 50_000)))
    target = _target_for(draw, row, year=2021, amount=amount)
    indicator = _indicator(row, target, _describe(draw, row))
    if assessed:
        indicator = _weighted(draw, row, indicator, draw(st.integers(1, 20)))
    return indicator


# ---------------------------------------------------------------- projects


def _partition(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``parts`` integers ≥ 1 adding up to ``total``."""
    if parts == 1:
        return [total]
    cuts = sorted(
        draw(
            st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True)
        )
    )
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``parts`` integers ≥ 0 adding up to ``total`` (the first takes the remainder)."""
    rest = [draw(st.integers(0, total // parts)) for _ in range(parts - 1)]
    return [total - sum(rest), *rest]


def _choose_rows(draw: st.DrawFn, count: int) -> list[_Row]:
    """Rows for one project: the four output categories, one 效益 and one 满意度 row, and
    ``count - 6`` more; names unique, at most one 总成本-style row."""
    chosen: list[_Row] = []
    used: set[str] = set()

    def take(options: Sequence[_Row]) -> None:
        free = [r for r in options if r.name not in used]
        if any(r.shape == _COST_TOTAL for r in chosen):
            free = [r for r in free if r.shape != _COST_TOTAL]
        if free:
            row = _pick(draw, free)
            chosen.append(row)
            used.add(row.name)

    take([r for r in _VOCABULARY["数量指标"] if r.shape in (_RATE, _COUNT)])
    for category in ("质量指标", "时效指标", COST):
        take(_VOCABULARY[category])
    take(_VOCABULARY[draw(st.sampled_from(_BENEFIT_CATEGORIES))])
    take(_VOCABULARY["服务对象满意度指标"])
    for _ in range(count - 6):
        take(_ALL_ROWS)
    order = {c: i for i, c in enumerate(_CATEGORY_ORDER)}
    return sorted(chosen, key=lambda r: order[r.category])


def _cost_amounts(draw: st.DrawFn, rows: Sequence[_Row], budget_cents: int) -> list[Decimal]:
    """Cost targets (万元): a 总成本 row equals the budget; items add up to at most it."""
    items = sum(1 for r in rows if r.shape == _COST_ITEM)
    out = []
    for row in rows:
        if row.shape == _COST_TOTAL:
            out.append(_cents(budget_cents))
        elif row.shape == _COST_ITEM:
            out.append(_cents(draw(st.integers(1, max(1, budget_cents // items)))))
    return out


@st.composite
def _projects(
    draw: st.DrawFn,
    assessed: bool,
    index: int,
    year: int,
    min_rows: int,
    max_rows: int,
) -> Project:
    rows = _choose_rows(draw, draw(st.integers(min_rows, max_rows)))
    budget_cents = draw(st.integers(100, 50_000))  # 1.00 – 500.00 万元
    costs = iter(_cost_amounts(draw, rows, budget_cents))
    built: list[Indicator] = []
    for row in rows:
        amount = next(costs) if row.shape in (_COST_TOTAL, _COST_ITEM) else None
        target = _target_for(draw, row, year=year, amount=amount)
        built.append(_indicator(row, target, _describe(draw, row)))
    code = f"13080221{index + 1:02d}"
    name = draw(st.sampled_from(_PROJECT_NAMES))
    if not assessed:
        sources = _split(draw, budget_cents, draw(st.integers(1, 3)))
        names = ("财政资金", "其他资金", "上年结转资金")
        budget = Budget(
            total=_cents(budget_cents),
            sources=tuple(
                FundSource(name=n, amount=_cents(a)) for n, a in zip(names, sources, strict=False)
            ),
        )
        count = draw(st.integers(2, 4))
        marks = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
        plan = SpendingPlan(
            checkpoints=tuple(
                Checkpoint(label=label, percent=Decimal(p).quantize(_CENT))
                for label, p in zip(_PLAN_LABELS[count], [*marks, 100], strict=True)
            )
        )
        goals = draw(st.lists(st.sampled_from(_GOALS), min_size=1, max_size=3, unique=True))
        return Project(
            name=name,
            code=code,
            budget=budget,
            fund_use=f"{name}支出" if draw(st.booleans()) else None,
            spending_plan=plan,
            goals=tuple(Statement(number=i, text=g) for i, g in enumerate(goals, start=1)),
            indicators=tuple(built),
        )
    weights = resolve_policy(DEFAULT_POLICY).tier_weights
    for tier in _TIERS:
        members = [i for i, r in enumerate(rows) if r.tier == tier]
        for i, w in zip(members, _partition(draw, int(weights[tier]), len(members)), strict=True):
            built[i] = _weighted(draw, rows[i], built[i], w)
    assessment, sources_ = _assessment(draw, budget_cents, year)
    return Project(
        name=name,
        code=code,
        budget=Budget(total=_cents(budget_cents), sources=sources_),
        indicators=tuple(built),
        assessment=assessment,
    )


def _assessment(
    draw: st.DrawFn, budget_cents: int, year: int
) -> tuple[SelfAssessment, tuple[FundSource, ...]]:
    """Fund rows that add up, an execution rate and an execution score that match."""
    spent_cents = draw(st.integers(budget_cents // 2, budget_cents))
    initial_cents = draw(st.integers(budget_cents // 2, budget_cents))
    names = ("财政拨款", "上年结转", "其他资金")[: draw(st.integers(1, 3))]
    annual = _split(draw, budget_cents, len(names))
    spent = _split(draw, spent_cents, len(names))
    initial = _split(draw, initial_cents, len(names))
    budget, used = _cents(budget_cents), _cents(spent_cents)
    rate = _round(used / budget * 100)
    total = FundRow(
        name=TOTAL_ROW,
        label=TOTAL_ROW,
        initial_budget=_cents(initial_cents),
        annual_budget=budget,
        spent=used,
        weight=Decimal(10),
        execution_rate=rate,
        claimed=_round(10 * min(used / budget, Decimal(1))),
    )
    rows = [total]
    for name, a, s, i in zip(names, annual, spent, initial, strict=True):
        with_rate = a > 0 and draw(st.booleans())
        rows.append(
            FundRow(
                name=name,
                label=name,
                initial_budget=_cents(i),
                annual_budget=_cents(a),
                spent=_cents(s),
                execution_rate=_round(Decimal(s) / Decimal(a) * 100) if with_rate else None,
            )
        )
    sources = tuple(
        FundSource(name=n, amount=_cents(a)) for n, a in zip(names, annual, strict=True)
    )
    return SelfAssessment(year=year, fund_rows=tuple(rows)), sources


def projects(
    *,
    kind: DocumentKind | str | None = None,
    min_indicators: int = 6,
    max_indicators: int = 9,
) -> SearchStrategy[Project]:
    """Whole projects that satisfy the built-in rulesets.

    A target-table project (``kind="target-table"``, the default) has a budget whose fund
    sources add up, a spending plan of 2–4 checkpoints that never decreases and ends at
    100%, one to three distinct goal sentences, and ``min_indicators`` to
    ``max_indicators`` rows (at least 6: the four output categories 数量 / 质量 / 时效 /
    成本, a 效益 row and a 满意度 row; at most 42, the names perfrules knows) with distinct
    names and cost targets that match the budget. A self-assessment project
    (``kind="self-assessment"``) has fund rows instead of a plan, and rows whose weights add
    up to the mof-2020 tier weights (产出 50, 效益 30, 满意度 10, with 10 for budget
    execution) and whose claimed scores are the policy's.

    Example::

        from hypothesis import given
        from perfrules.strategies import projects

        @given(projects(max_indicators=7))
        def test_budget_adds_up(project):
            assert project.budget.total == project.budget.sources_total()
            assert 6 <= len(project.indicators) <= 7
    """

    def build() -> SearchStrategy[Project]:
        kinds = _check_kinds(kind, default=(DocumentKind.TARGET_TABLE,))
        low = _check_int("min_indicators", min_indicators, 6, _MOST_ROWS)
        high = _check_int("max_indicators", max_indicators, 6, _MOST_ROWS)
        if low > high:
            raise InvalidArgument(f"min_indicators={low} is greater than max_indicators={high}")
        assessed = kinds[0] is DocumentKind.SELF_ASSESSMENT
        return st.integers(2019, 2025).flatmap(lambda year: _projects(assessed, 0, year, low, high))

    return st.deferred(build)


# ---------------------------------------------------------------- documents


@st.composite
def _documents(draw: st.DrawFn, kind: DocumentKind, max_projects: int) -> Document:
    assessed = kind is DocumentKind.SELF_ASSESSMENT
    year = draw(st.integers(2019, 2025))
    count = draw(st.integers(1, max_projects))
    built = tuple(draw(_projects(assessed, i, year, 6, 9)) for i in range(count))
    duties: tuple[Duty, ...] = ()
    if not assessed:
        chosen = draw(st.lists(st.sampled_from(_DUTIES), max_size=3, unique=True))
        duties = tuple(
            Duty(number=i, name=n, description=d) for i, (n, d) in enumerate(chosen, start=1)
        )
    return Document(
        kind=kind,
        projects=built,
        department=draw(_OPTIONAL_DEPARTMENTS),
        year=year,
        duties=duties,
        source="<generated>",
    )


def _check_ruleset(ruleset: object) -> tuple[tuple[DocumentKind, ...], frozenset[str]] | None:
    if ruleset is None:
        return None
    from .rules.loader import Ruleset

    if not isinstance(ruleset, Ruleset):
        raise InvalidArgument(
            f"ruleset={ruleset!r} must be a loaded Ruleset "
            "(perfrules.rules.load_ruleset(path) or builtin_rulesets()[id]), "
            f"not {type(ruleset).__name__}"
        )
    kinds = tuple(DocumentKind(k) for k in ruleset.applies_to)
    return kinds, frozenset(rule.id for rule in ruleset.rules)


def documents(
    *,
    valid: bool = True,
    kind: DocumentKind | str | None = None,
    ruleset: object = None,
    max_projects: int = 2,
) -> SearchStrategy[Document]:
    """Whole documents: valid ones that pass the built-in rulesets, or broken ones.

    With ``valid=True`` (the default) every document passes the built-in ``target-table``
    ruleset and, for a self-assessment, ``self-assessment`` too, without an error or a
    warning. With ``valid=False`` each document is a valid one with exactly one constraint
    broken (the ``document`` of a :func:`mutations` draw). ``kind`` is ``"target-table"``
    or ``"self-assessment"`` (a :class:`~perfrules.model.DocumentKind` or its value); by
    default both. ``ruleset`` (a loaded :class:`~perfrules.rules.Ruleset`) narrows the
    kinds to those it applies to and, with ``valid=False``, the mutations to those one of
    its rules is declared to catch. Each document holds 1 to ``max_projects`` projects; a
    target table also up to three department duties.

    Example::

        from hypothesis import given
        from perfrules.rules import builtin_rulesets, run_ruleset
        from perfrules.strategies import documents

        TARGETS = builtin_rulesets()["target-table"]

        @given(documents(kind="target-table", ruleset=TARGETS))
        def test_valid_documents_raise_nothing(document):
            assert run_ruleset(TARGETS, document).findings == ()
    """

    def build() -> SearchStrategy[Document]:
        if not isinstance(valid, bool):
            raise InvalidArgument(f"valid={valid!r} must be True or False")
        allowed = _check_ruleset(ruleset)
        kinds = _check_kinds(kind, default=allowed[0] if allowed else _KINDS)
        if allowed is not None:
            stray = [k.value for k in kinds if k not in allowed[0]]
            if stray:
                raise InvalidArgument(
                    f"kind={stray[0]!r} is not a kind ruleset "
                    f"{getattr(ruleset, 'id', '?')!r} applies to "
                    f"({[k.value for k in allowed[0]]})"
                )
        most = _check_int("max_projects", max_projects, 1, 20)
        if valid:
            return st.sampled_from(kinds).flatmap(lambda k: _documents(k, most))
        rules = tuple(allowed[1]) if allowed is not None else None
        names = _mutation_names(kinds, None, rules)
        return _mutations(kinds, names, most).map(lambda m: m.document)

    return st.deferred(build)


# ---------------------------------------------------------------- mutations


@attrs.frozen
class Mutation:
    """A valid document and the same document with exactly one constraint broken.

    ``name`` is a key of :data:`MUTATIONS`; ``rules`` the rule ids that must catch it;
    ``project`` the index of the project changed (``None`` for a document-level change).
    """

    name: str
    rules: tuple[str, ...]
    description_zh: str
    description_en: str
    original: Document = attrs.field(repr=False)
    document: Document = attrs.field(repr=False)
    project: int | None = None

    def __str__(self) -> str:
        return f"{self.name}: {self.description_en} / {self.description_zh}"


_Apply = Callable[[st.DrawFn, Document], tuple[Document, int | None]]


@attrs.frozen
class MutationInfo:
    """What a mutation breaks, which rules must catch it, and the kinds it applies to."""

    name: str
    rules: tuple[str, ...]
    kinds: tuple[DocumentKind, ...]
    description_zh: str
    description_en: str
    apply: _Apply = attrs.field(repr=False, eq=False)


def _replace_project(document: Document, index: int, project: Project) -> Document:
    projects_ = list(document.projects)
    projects_[index] = project
    return attrs.evolve(document, projects=tuple(projects_))


def _project_index(draw: st.DrawFn, document: Document) -> int:
    return draw(st.integers(0, len(document.projects) - 1))


def _with_rows(project: Project, rows: Sequence[Indicator]) -> Project:
    return attrs.evolve(project, indicators=tuple(rows))


def _row_indices(project: Project, keep: Callable[[Indicator], bool]) -> list[int]:
    return [i for i, row in enumerate(project.indicators) if keep(row)]


def _is_cost_money(row: Indicator) -> bool:
    return (
        row.category == COST
        and isinstance(row.target, Compare)
        and row.target.quantity.dimension is Dimension.MONEY
    )


def _is_plain_output(row: Indicator) -> bool:
    """A 数量 / 质量 / 时效 row: renaming or retargeting it touches no budget rule."""
    return row.tier == OUTPUT and row.category != COST


def _is_higher(row: Indicator) -> bool:
    """A quantitative higher-is-better row with a positive target (≥ 90%, ≥ 100人次)."""
    node = row.target
    return (
        isinstance(node, Compare)
        and node.op in (Op.GE, Op.GT)
        and node.quantity.value > 0
        and node.quantity.dimension in (Dimension.PERCENT, Dimension.COUNT)
        and row.category != COST
    )


def _unit_of(node: Compare) -> str:
    return format_quantity(node.quantity)[len(format_decimal(node.quantity.value)) :]


def _fresh_name(project: Project, options: Iterable[str]) -> str | None:
    used = {row.name for row in project.indicators}
    return next((name for name in options if name not in used), None)


def _partly(draw: st.DrawFn, row: Indicator) -> Indicator:
    """The row with an actual between half and 90% of its (higher-is-better) target."""
    assert isinstance(row.target, Compare)
    t = row.target.quantity.value
    share = Decimal(draw(st.integers(50, 90))) / 100
    value = (t * share).quantize(_CENT, rounding=ROUND_FLOOR).normalize()
    return attrs.evolve(row, actual=f"{format_decimal(value)}{_unit_of(row.target)}")


# --- target-table constraints


def _m_duplicate_row(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assessed = project.assessment is not None
    options = _row_indices(
        project,
        lambda r: r.category != COST and (not assessed or (r.weight or 0) >= 2),
    )
    i = _pick(draw, options)
    row = project.indicators[i]
    first = copy = row
    if assessed and row.weight is not None:
        half = (row.weight / 2).to_integral_value(rounding=ROUND_FLOOR)
        first = _rescored(draw, attrs.evolve(row, weight=half))
        copy = _rescored(draw, attrs.evolve(row, weight=row.weight - half))
    rows = list(project.indicators)
    rows[i : i + 1] = [first, copy]
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_fund_source(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assert project.budget is not None
    sources = list(project.budget.sources)
    j = _pick(draw, range(len(sources)))
    amount = sources[j].amount or Decimal(0)
    delta = _cents(draw(st.integers(1, 1000)))
    down = draw(st.booleans()) and amount >= delta
    sources[j] = attrs.evolve(sources[j], amount=amount - delta if down else amount + delta)
    budget = attrs.evolve(project.budget, sources=tuple(sources))
    return _replace_project(doc, p, attrs.evolve(project, budget=budget)), p


def _plan_of(project: Project) -> list[Decimal]:
    assert project.spending_plan is not None
    return [c.percent or Decimal(0) for c in project.spending_plan.checkpoints]


def _with_plan(project: Project, percents: Sequence[Decimal]) -> Project:
    assert project.spending_plan is not None
    points = tuple(
        attrs.evolve(c, percent=v.quantize(_CENT))
        for c, v in zip(project.spending_plan.checkpoints, percents, strict=True)
    )
    return attrs.evolve(
        project, spending_plan=attrs.evolve(project.spending_plan, checkpoints=points)
    )


def _m_plan_decreases(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    percents = _plan_of(project)
    n = len(percents)
    options = [j for j in range(n - 1) if percents[j + 1] < 100] or [n - 2]
    j = _pick(draw, options)
    raised = percents[j + 1] + draw(st.integers(1, 30))
    if percents[j + 1] < 100:
        raised = min(raised, Decimal(100))
    percents[j] = raised
    return _replace_project(doc, p, _with_plan(project, percents)), p


def _m_plan_short(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    cap = Decimal(draw(st.integers(0, 99)))
    percents = [min(v, cap) for v in _plan_of(project)]
    return _replace_project(doc, p, _with_plan(project, percents)), p


def _retarget(draw: st.DrawFn, row: Indicator, text: str, actual: str | None = None) -> Indicator:
    """``row`` with a new target (and, in a self-assessment, a new actual), rescored."""
    changed = attrs.evolve(row, target_text=text, target=_parsed(text))
    if row.weight is not None:
        changed = attrs.evolve(changed, actual=actual if actual is not None else row.actual)
        return _rescored(draw, changed)
    return changed


def _m_cost_over_budget(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assert project.budget is not None and project.budget.total is not None
    costs = _row_indices(project, _is_cost_money)
    totals = [i for i in costs if _TOTAL_COST.search(project.indicators[i].name)]
    rows = list(project.indicators)
    delta = _cents(draw(st.integers(1, 10_000)))
    i = _pick(draw, totals or costs)
    node = rows[i].target
    assert isinstance(node, Compare)
    old = node.quantity.value / 10000
    if totals:
        new = old + delta
    else:
        spent = (
            sum(
                (
                    r.target.quantity.value
                    for r in (rows[k] for k in costs)
                    if isinstance(r.target, Compare)
                ),
                Decimal(0),
            )
            / 10000
        )
        new = old + (project.budget.total - spent) + delta
    rows[i] = _retarget(draw, rows[i], f"≤{_money(new)}")
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _move_weight(
    draw: st.DrawFn, rows: list[Indicator], weight: Decimal, tier: str
) -> list[Indicator]:
    """Add ``weight`` to a row of ``tier`` (rescored), as the policy redistributes it."""
    if not weight:
        return rows
    options = [i for i, r in enumerate(rows) if r.tier == tier and r.weight is not None]
    i = _pick(draw, options)
    rows[i] = _rescored(draw, attrs.evolve(rows[i], weight=(rows[i].weight or 0) + weight))
    return rows


def _weight_of(rows: Iterable[Indicator]) -> Decimal:
    return sum((r.weight for r in rows if r.weight is not None), Decimal(0))


def _m_tier_removed(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    tier = draw(st.sampled_from((BENEFIT, SATISFACTION)))
    gone = [r for r in project.indicators if r.tier == tier]
    rows = [r for r in project.indicators if r.tier != tier]
    if project.assessment is not None:
        redistribution = dict(resolve_policy(DEFAULT_POLICY).redistribution)
        rows = _move_weight(draw, rows, _weight_of(gone), redistribution[tier])
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_output_category_removed(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    category = draw(st.sampled_from(_OUTPUT_CATEGORIES))
    gone = [r for r in project.indicators if r.tier == OUTPUT and r.category == category]
    rows = [r for r in project.indicators if not (r.tier == OUTPUT and r.category == category)]
    if project.assessment is not None:
        rows = _move_weight(draw, rows, _weight_of(gone), OUTPUT)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_wrong_tier(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, lambda r: r.tier in (BENEFIT, SATISFACTION)))
    row = project.indicators[i]
    foreign = [c for c in _CATEGORY_ORDER if c != COST and CATEGORIES[c] != row.tier]
    category = draw(st.sampled_from(foreign))
    rows = list(project.indicators)
    rows[i] = attrs.evolve(row, category=category, category_text=category)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _misfits(name: str) -> list[str]:
    from .rules.checks import category_fits

    return [c for c in _BENEFIT_CATEGORIES if not category_fits(name, c)]


def _m_category_misfiled(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    options = _row_indices(
        project,
        lambda r: r.tier == BENEFIT and any(c != r.category for c in _misfits(r.name)),
    )
    i = _pick(draw, options)
    row = project.indicators[i]
    category = draw(st.sampled_from([c for c in _misfits(row.name) if c != row.category]))
    rows = list(project.indicators)
    rows[i] = attrs.evolve(row, category=category, category_text=category)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _convert(
    draw: st.DrawFn,
    doc: Document,
    keep: Callable[[Indicator], bool],
    names: Callable[[Indicator], Sequence[str]],
    target: Callable[[Indicator], tuple[str, str | None]],
) -> tuple[Document, int | None]:
    """Turn a plain output row into another row: maybe a new name, a new target."""
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, lambda r: _is_plain_output(r) or keep(r)))
    row = project.indicators[i]
    if not keep(row):
        name = _fresh_name(project, names(row))
        if name is None:  # every such name is taken: reuse a row that has one
            i = _pick(draw, _row_indices(project, keep))
            row = project.indicators[i]
        else:
            row = attrs.evolve(row, name=name)
    text, actual = target(row)
    rows = list(project.indicators)
    rows[i] = _retarget(draw, row, text, actual)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _names_with(shape: Callable[[_Row], bool]) -> Callable[[Indicator], list[str]]:
    def names(row: Indicator) -> list[str]:
        same = [r.name for r in _VOCABULARY.get(row.category or "", ()) if shape(r)]
        return same + [r.name for r in _ALL_ROWS if shape(r) and r.name not in same]

    return names


def _m_boolean_percent(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    value = draw(st.integers(60, 100))
    form = draw(st.sampled_from(("≥{}%", "≥{}百分比")))
    done = draw(st.integers(value, 100))
    return _convert(
        draw,
        doc,
        lambda r: "是否" in r.name,
        _names_with(lambda r: r.shape in (_YES, _NO) and r.tier == OUTPUT),
        lambda r: (form.format(value), f"{done}%"),
    )


def _is_rate(row: Indicator) -> bool:
    return (
        bool(_RATE_NAME.search(row.name))
        and not _GROWTH_NAME.search(row.name)
        and row.category != COST
    )


def _m_rate_over_100(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    value = draw(st.integers(101, 150))
    done = draw(st.integers(value, value + 20))
    return _convert(
        draw,
        doc,
        _is_rate,
        _names_with(lambda r: r.shape == _RATE and r.tier == OUTPUT),
        lambda r: (f"≥{value}%", f"{done}%"),
    )


def _m_unit_conflict(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    value = _cents(draw(st.integers(100, 10_000)))
    done = _round(value * Decimal(draw(st.integers(100, 110))) / 100)
    return _convert(
        draw,
        doc,
        _is_rate,
        _names_with(lambda r: r.shape == _RATE and r.tier == OUTPUT),
        lambda r: (f"≥{_money(value)}", _money(done)),
    )


def _m_unreadable(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, lambda r: r.category != COST))
    row = project.indicators[i]
    text = draw(st.sampled_from(("≥≥", "≥≥90", "≤≥"))) + (row.target_text or "")
    error = _unreadable(text)
    rows = list(project.indicators)
    rows[i] = attrs.evolve(row, target_text=text, target=None, target_error=error)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _unreadable(text: str) -> TargetError:
    """The error of a target text that does not parse (each garble above does not)."""
    try:
        parse(text)
    except IndicatorSyntaxError as err:
        return TargetError(err.code, err.message, err.message_zh, err.column)
    raise AssertionError(f"{text!r} was expected not to parse")


def _m_implied_direction(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, _is_cost_money))
    row = project.indicators[i]
    assert isinstance(row.target, Compare)
    rows = list(project.indicators)
    rows[i] = _retarget(draw, row, format_quantity(row.target.quantity))
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_placeholder(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, _is_plain_output))
    rows = list(project.indicators)
    renamed = attrs.evolve(rows[i], name=draw(st.sampled_from(_PLACEHOLDERS)))
    rows[i] = _rescored(draw, renamed) if renamed.weight is not None else renamed
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_duplicate_goal(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    goal = _pick(draw, project.goals)
    repeated = Statement(number=len(project.goals) + 1, text=goal.text)
    changed = attrs.evolve(project, goals=(*project.goals, repeated))
    return _replace_project(doc, p, changed), p


def _m_duplicate_duty(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    duties = doc.duties
    if not duties:
        name, description = draw(st.sampled_from(_DUTIES))
        duties = (Duty(number=1, name=name, description=description),)
    duty = _pick(draw, duties)
    repeated = attrs.evolve(duty, number=len(duties) + 1)
    return attrs.evolve(doc, duties=(*duties, repeated)), None


# --- self-assessment constraints


def _m_claimed_inflated(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    rows = list(project.indicators)
    room = [
        i
        for i, r in enumerate(rows)
        if r.weight is not None and r.claimed is not None and r.weight - r.claimed >= Decimal("0.1")
    ]
    if room and bool(draw(st.booleans())):
        i = _pick(draw, room)
        row = rows[i]
        assert row.weight is not None and row.claimed is not None
        extra = int((row.weight - row.claimed) * 100)
        rows[i] = attrs.evolve(row, claimed=row.claimed + _cents(draw(st.integers(10, extra))))
    else:  # full marks claimed for a target that was only partly met
        i = _pick(draw, _row_indices(project, _is_higher))
        row = _partly(draw, rows[i])
        reason = row.deviation_reason or draw(st.sampled_from(_REASONS))
        rows[i] = attrs.evolve(row, claimed=row.weight, deviation_reason=reason)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_score_over_weight(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, lambda r: r.weight is not None))
    rows = list(project.indicators)
    row = rows[i]
    assert row.weight is not None
    rows[i] = attrs.evolve(row, claimed=row.weight + _cents(draw(st.integers(10, 500))))
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_tier_weights(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    i = _pick(draw, _row_indices(project, lambda r: r.weight is not None))
    rows = list(project.indicators)
    row = rows[i]
    assert row.weight is not None
    delta = Decimal(draw(st.integers(1, 5)))
    down = draw(st.booleans()) and row.weight - delta >= 1
    weight = row.weight - delta if down else row.weight + delta
    rows[i] = _rescored(draw, attrs.evolve(row, weight=weight))
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _with_fund_row(project: Project, index: int, row: FundRow) -> Project:
    assert project.assessment is not None
    fund_rows = list(project.assessment.fund_rows)
    fund_rows[index] = row
    return attrs.evolve(
        project, assessment=attrs.evolve(project.assessment, fund_rows=tuple(fund_rows))
    )


def _shift(draw: st.DrawFn, value: Decimal, low: int, high: int) -> Decimal:
    """``value`` moved by 0.01 × [low, high] up or (staying ≥ 0) down."""
    delta = _cents(draw(st.integers(low, high)))
    return value - delta if draw(st.booleans()) and value >= delta else value + delta


def _m_execution_rate(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assert project.assessment is not None
    row = project.assessment.fund_rows[0]
    rate = _shift(draw, row.execution_rate or Decimal(0), 10, 2000)
    return _replace_project(
        doc, p, _with_fund_row(project, 0, attrs.evolve(row, execution_rate=rate))
    ), p


def _m_execution_score(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assert project.assessment is not None
    row = project.assessment.fund_rows[0]
    claimed = _shift(draw, row.claimed or Decimal(0), 10, 500)
    return _replace_project(
        doc, p, _with_fund_row(project, 0, attrs.evolve(row, claimed=claimed))
    ), p


def _m_fund_rows(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    assert project.assessment is not None
    k = draw(st.integers(1, len(project.assessment.fund_rows) - 1))
    row = project.assessment.fund_rows[k]
    field = draw(st.sampled_from(("initial_budget", "annual_budget", "spent")))
    moved = _shift(draw, getattr(row, field) or Decimal(0), 1, 1000)
    if field == "initial_budget":
        changed = attrs.evolve(row, initial_budget=moved)
    elif field == "annual_budget":
        changed = attrs.evolve(row, annual_budget=moved)
    else:
        changed = attrs.evolve(row, spent=moved)
    if changed.execution_rate is not None:  # keep 执行率 consistent with the new amounts
        budget, spent = changed.annual_budget or Decimal(0), changed.spent or Decimal(0)
        rate = _round(spent / budget * 100) if budget > 0 else changed.execution_rate
        changed = attrs.evolve(changed, execution_rate=rate)
    return _replace_project(doc, p, _with_fund_row(project, k, changed)), p


def _m_reason_missing(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    rows = list(project.indicators)
    short = [
        i
        for i, r in enumerate(rows)
        if r.weight is not None
        and r.target is not None
        and _scored(r).verdict in (Verdict.PARTLY, Verdict.MISSED)
    ]
    if short and bool(draw(st.booleans())):
        i = _pick(draw, short)
        rows[i] = attrs.evolve(rows[i], deviation_reason=None)
    else:
        i = _pick(draw, _row_indices(project, _is_higher))
        partly = _partly(draw, rows[i])
        rows[i] = _rescored(draw, attrs.evolve(partly, deviation_reason=None), explain=False)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _m_over_unexplained(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    rows = list(project.indicators)
    i = _pick(draw, _row_indices(project, _is_higher))
    row = rows[i]
    assert isinstance(row.target, Compare)
    t = row.target.quantity.value
    value = _tenths(draw, t * Decimal("1.2"), t * 2)
    over = attrs.evolve(row, actual=_spell(value, _unit_of(row.target)), deviation_reason=None)
    rows[i] = _rescored(draw, over, explain=False)
    return _replace_project(doc, p, _with_rows(project, rows)), p


def _is_percent(row: Indicator) -> bool:
    return isinstance(row.target, Compare) and row.target.quantity.dimension is Dimension.PERCENT


def _m_actual_wrong_unit(draw: st.DrawFn, doc: Document) -> tuple[Document, int | None]:
    p = _project_index(draw, doc)
    project = doc.projects[p]
    rows = list(project.indicators)
    i = _pick(draw, _row_indices(project, _is_percent))
    amount = draw(st.integers(1, 999))
    rows[i] = attrs.evolve(rows[i], actual=f"{amount}万元")  # money against a percentage
    return _replace_project(doc, p, _with_rows(project, rows)), p


_TT = _KINDS
_SA = (DocumentKind.SELF_ASSESSMENT,)
_PLAN = (DocumentKind.TARGET_TABLE,)

MUTATIONS: Final[Mapping[str, MutationInfo]] = {
    info.name: info
    for info in (
        MutationInfo(
            "duplicate-row", ("duplicate-indicator",), _TT,
            "重复一行指标", "an indicator row repeated", _m_duplicate_row,
        ),
        MutationInfo(
            "fund-source-changed", ("budget-sum",), _TT,
            "改动一项资金来源，预算数不再等于各来源之和",
            "a fund source changed so the budget no longer adds up", _m_fund_source,
        ),
        MutationInfo(
            "spending-plan-decreases", ("spending-plan",), _PLAN,
            "资金支出计划出现下降", "the spending plan decreases at one checkpoint",
            _m_plan_decreases,
        ),
        MutationInfo(
            "spending-plan-short", ("spending-plan",), _PLAN,
            "资金支出计划最终未达到100%", "the spending plan ends below 100%", _m_plan_short,
        ),
        MutationInfo(
            "cost-over-budget", ("cost-vs-budget",), _TT,
            "成本指标超过预算数", "a cost target raised above the budget", _m_cost_over_budget,
        ),
        MutationInfo(
            "tier-removed", ("missing-tier",), _TT,
            "删除一个一级指标（效益或满意度）的全部指标",
            "every row of one tier (效益 or 满意度) removed", _m_tier_removed,
        ),
        MutationInfo(
            "output-category-removed", ("missing-output-category",), _TT,
            "删除一个产出二级指标的全部指标",
            "every row of one output category removed", _m_output_category_removed,
        ),
        MutationInfo(
            "wrong-tier", ("category-tier-mismatch",), _TT,
            "指标列在错误的一级指标下（二级指标属于另一一级指标）",
            "an indicator filed under the wrong tier (its category belongs to another)",
            _m_wrong_tier,
        ),
        MutationInfo(
            "category-misfiled", ("category-name-conflict",), _TT,
            "效益指标列在不相符的二级指标下（如社会效益列入经济效益）",
            "a benefit indicator filed under a category its name does not fit",
            _m_category_misfiled,
        ),
        MutationInfo(
            "boolean-given-percent", ("boolean-target",), _TT,
            "是否类指标的指标值写成百分比", "a 是否 indicator given a percentage target",
            _m_boolean_percent,
        ),
        MutationInfo(
            "unreadable-target", ("unparseable-target",), _TT,
            "指标值无法解析", "a target that cannot be read", _m_unreadable,
        ),
        MutationInfo(
            "rate-over-100", ("percent-over-100",), _TT,
            "比率类指标的指标值超过100%", "a rate given a target above 100%", _m_rate_over_100,
        ),
        MutationInfo(
            "unit-conflict", ("unit-name-conflict",), _TT,
            "比率类指标的指标值以金额计", "a rate given a money target", _m_unit_conflict,
        ),
        MutationInfo(
            "implied-direction", ("implied-direction",), _TT,
            "成本指标的指标值未写比较符", "a cost target written without its operator",
            _m_implied_direction,
        ),
        MutationInfo(
            "placeholder-row", ("placeholder-row",), _TT,
            "指标名称为模板占位符", "an indicator named like a template placeholder",
            _m_placeholder,
        ),
        MutationInfo(
            "duplicate-goal", ("duplicate-goal",), _PLAN,
            "重复一条绩效目标", "a goal sentence repeated", _m_duplicate_goal,
        ),
        MutationInfo(
            "duplicate-duty", ("duplicate-duty",), _PLAN,
            "重复一项部门职责", "a department duty repeated", _m_duplicate_duty,
        ),
        MutationInfo(
            "claimed-score-inflated", ("claimed-score",), _SA,
            "自评得分高于按评分规则计算的得分", "a claimed score above what the policy gives",
            _m_claimed_inflated,
        ),
        MutationInfo(
            "score-over-weight", ("score-over-weight", "claimed-score"), _SA,
            "自评得分超过分值", "a claimed score above the row's weight", _m_score_over_weight,
        ),
        MutationInfo(
            "tier-weights-off", ("tier-weights",), _SA,
            "改动一行分值，一级指标分值合计不再符合评分规则",
            "a row weight changed so its tier no longer adds up to the policy's weight",
            _m_tier_weights,
        ),
        MutationInfo(
            "execution-rate-off", ("execution-rate",), _SA,
            "执行率与执行数÷预算数不符", "an execution rate that does not match its amounts",
            _m_execution_rate,
        ),
        MutationInfo(
            "execution-score-off", ("execution-score",), _SA,
            "预算执行率得分与执行数÷预算数不符",
            "an execution score that does not match spent ÷ budget", _m_execution_score,
        ),
        MutationInfo(
            "fund-rows-off", ("fund-rows-sum",), _SA,
            "改动一个资金行，年度资金总额不再等于各资金行之和",
            "a fund row changed so the 年度资金总额 row no longer adds up", _m_fund_rows,
        ),
        MutationInfo(
            "deviation-reason-missing", ("missing-deviation-reason",), _SA,
            "未完成目标但未填写偏差原因", "a missed target without a deviation reason",
            _m_reason_missing,
        ),
        MutationInfo(
            "over-achievement-unexplained", ("over-achievement",), _SA,
            "实际值远超目标但未说明原因", "a far exceeded target without a reason",
            _m_over_unexplained,
        ),
        MutationInfo(
            "actual-wrong-unit", ("unreadable-actual",), _SA,
            "实际值单位与目标不符（百分比目标填了金额）",
            "an actual in money against a percentage target", _m_actual_wrong_unit,
        ),
    )
}  # fmt: skip
"""Every mutation by name: what it breaks, the rules that must catch it, its kinds."""


def _mutation_names(
    kinds: tuple[DocumentKind, ...],
    names: Iterable[str] | None,
    rules: Iterable[str] | None,
) -> tuple[str, ...]:
    chosen = _check_names("names", names, tuple(MUTATIONS)) or tuple(MUTATIONS)
    if rules is not None:
        if isinstance(rules, str):
            raise InvalidArgument(
                f"rules must be a collection of rule ids, not the single string {rules!r}; "
                f"write rules=[{rules!r}]"
            )
        wanted = set(rules)
        if not wanted or not all(isinstance(r, str) for r in wanted):
            raise InvalidArgument(f"rules={rules!r} must be a non-empty collection of rule ids")
        chosen = tuple(n for n in chosen if wanted.intersection(MUTATIONS[n].rules))
        if not chosen:
            raise InvalidArgument(
                f"no mutation is declared to be caught by {sorted(wanted)}; mutations name "
                f"the built-in rules {sorted({r for m in MUTATIONS.values() for r in m.rules})}"
            )
    usable = tuple(n for n in chosen if any(k in MUTATIONS[n].kinds for k in kinds))
    if not usable:
        raise InvalidArgument(
            f"none of the mutations {list(chosen)} applies to {[k.value for k in kinds]} documents"
        )
    return usable


@st.composite
def _mutations(
    draw: st.DrawFn, kinds: tuple[DocumentKind, ...], names: tuple[str, ...], max_projects: int
) -> Mutation:
    name = draw(st.sampled_from(names))
    info = MUTATIONS[name]
    kind = draw(st.sampled_from([k for k in kinds if k in info.kinds]))
    original = draw(_documents(kind, max_projects))
    document, project = info.apply(draw, original)
    return Mutation(
        name, info.rules, info.description_zh, info.description_en, original, document, project
    )


@st.composite
def mutations_of(draw: st.DrawFn, pool: Sequence[Document], names: tuple[str, ...]) -> Mutation:
    """Mutations of documents drawn from ``pool`` (valid documents generated before):
    what ``perfrules test`` uses, so that a document is generated once and mutated many
    times. Not argument-checked: ``names`` must apply to every document of ``pool``."""
    name = draw(st.sampled_from(names))
    info = MUTATIONS[name]
    original = pool[draw(st.integers(0, len(pool) - 1))]  # an index: hashing documents is slow
    document, project = info.apply(draw, original)
    return Mutation(
        name, info.rules, info.description_zh, info.description_en, original, document, project
    )


def mutations(
    *,
    kind: DocumentKind | str | None = None,
    names: Iterable[str] | None = None,
    rules: Iterable[str] | None = None,
    max_projects: int = 2,
) -> SearchStrategy[Mutation]:
    """Valid documents with exactly one named constraint broken, as :class:`Mutation`.

    Each mutation (``names``, keys of :data:`MUTATIONS`; default all) starts from a valid
    document of ``kind`` (default: any kind the mutation applies to) and breaks one thing:
    repeats a row, changes a fund source, makes the spending plan decrease, files an
    indicator under the wrong tier, gives a 是否 indicator a percentage, inflates a
    claimed score … Everything else stays valid — in a self-assessment the other columns
    are kept consistent (a removed tier's weight goes where the policy sends it, changed
    rows are rescored). ``rules`` keeps only the mutations that one of those rule ids is
    declared to catch. ``Mutation.rules`` are the rules that must fire; no other error- or
    warning-severity built-in rule does.

    Example::

        from hypothesis import given
        from perfrules.rules import builtin_rulesets, run_ruleset
        from perfrules.strategies import mutations

        TARGETS = builtin_rulesets()["target-table"]

        @given(mutations(kind="target-table", names=["duplicate-row", "fund-source-changed"]))
        def test_the_declared_rule_catches_it(mutation):
            fired = {f.rule for f in run_ruleset(TARGETS, mutation.document).findings}
            assert fired == set(mutation.rules)
    """

    def build() -> SearchStrategy[Mutation]:
        kinds = _check_kinds(kind, default=_KINDS)
        most = _check_int("max_projects", max_projects, 1, 20)
        return _mutations(kinds, _mutation_names(kinds, names, rules), most)

    return st.deferred(build)


# ---------------------------------------------------------------- actuals_for


def _verdict_name(verdict: object) -> str | None:
    if verdict is None:
        return None
    if isinstance(verdict, Verdict):
        verdict = verdict.value
    if not isinstance(verdict, str) or verdict not in VERDICTS:
        raise InvalidArgument(f"verdict={verdict!r} must be one of {list(VERDICTS)} or None")
    return verdict


def _target_node(target: object) -> Node:
    if isinstance(target, Node):
        return target
    if isinstance(target, str):
        try:
            return parse(target)
        except IndicatorSyntaxError as err:
            raise InvalidArgument(f"target={target!r} cannot be parsed: {err.message}") from None
    raise InvalidArgument(
        f"target={target!r} must be a target string or a parsed node, not {type(target).__name__}"
    )


def _step(value: Decimal) -> Decimal:
    """One unit of the last written decimal place (90 → 1, 55.2 → 0.1)."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0))


def _equivalents(value: Decimal, unit: Unit) -> list[str]:
    """``value`` (in ``unit``) spelled in ``unit`` and in other units of its group when exact."""
    out = [f"{format_decimal(value)}{unit.symbol}"]
    if unit is NO_UNIT or not unit.known:
        return [format_decimal(value)] if unit is NO_UNIT else out
    base = value * unit.factor
    seen = {unit.symbol}
    for other in UNITS.values():
        if other.symbol in seen or other.dimension is not unit.dimension or other.base != unit.base:
            continue
        seen.add(other.symbol)
        scaled = base / other.factor
        if scaled == scaled.quantize(Decimal("0.0001")):
            out.append(f"{format_decimal(scaled)}{other.symbol}")
    if unit.dimension is Dimension.PERCENT:
        out.append(f"{format_decimal(value * 10)}‰")
    return out


def _display(quantity_value: Decimal, unit: Unit) -> tuple[Decimal, Unit]:
    """A quantity as the canonical printer writes it: money in 万元 from 10,000 元 up."""
    if unit.dimension is Dimension.MONEY and abs(quantity_value) >= 10000:
        return quantity_value / 10000, UNITS["万元"]
    return quantity_value, unit


def _numeric_probes(values: Iterable[Decimal], unit: Unit) -> list[str]:
    out: list[str] = []
    for value in values:
        for text in _equivalents(value.normalize(), unit):
            if text not in out:
                out.append(text)
    return out


def _probe_values(node: Compare | Range) -> tuple[list[Decimal], Unit, Decimal]:
    """Values worth trying against a quantitative target, in the unit it is printed in,
    and how far around them random values should stray."""
    quantities = (node.quantity,) if isinstance(node, Compare) else (node.low, node.high)
    values: list[Decimal] = []
    unit = quantities[0].unit
    shown = []
    for q in quantities:
        value, unit = _display(q.value, q.unit)
        shown.append(value)
        step = _step(value)
        values += [value, value - step, value + step, value * Decimal("1.2"), value / 2]
    values += [Decimal(0), max(values) * 2]
    if isinstance(node, Range):
        spread = (shown[-1] - shown[0]) / 2
    else:
        spread = max(abs(shown[0]) / 10, _step(shown[0]))
    return values, unit, spread


def _probes(node: Node) -> list[str]:
    """Actuals worth trying against ``node``: boundaries, one step either side, scalings."""
    if isinstance(node, Compare | Range):
        values, unit, _ = _probe_values(node)
        return _numeric_probes(values, unit)
    if isinstance(node, Boolean):
        return ["是", "已完成", "否", "未完成"]
    if isinstance(node, Deadline):
        month, day = node.month, node.day or 28
        dates = [(month, day), (month, max(1, day - 1)), (max(1, month - 1), day)]
        if month < 12:
            dates.append((month + 1, 1))
        year = f"{node.year}年" if node.year else ""
        return [f"{year}{m}月{d}日" for m, d in dates] + ["已完成", "未完成"]
    if isinstance(node, Qualitative):
        words = [level.word for level in SCALES[node.scale].levels]
        return words + [level.word for level in SCALES["achievement"].levels]
    return [level.word for level in SCALES["achievement"].levels] + ["是", "否"]


def _near(values: Sequence[Decimal], unit: Unit, spread: Decimal) -> SearchStrategy[str]:
    """Random values within ``spread`` of one of ``values`` (hundredths), spelled in ``unit``."""
    ticks = max(1, int(spread * 100))
    symbol = "" if unit is NO_UNIT else unit.symbol
    return st.tuples(st.sampled_from(values), st.integers(-ticks, ticks)).map(
        lambda pair: f"{format_decimal(pair[0] + Decimal(pair[1]) / 100)}{symbol}"
    )


@functools.lru_cache(maxsize=4096)
def _verdict_of(node: Node, actual: str, name: str | None, category: str | None) -> str | None:
    try:
        return judge(node, actual, name=name, category=category).verdict.value
    except PerfrulesError:
        return None


def actuals_for(
    target: Node | str,
    *,
    verdict: str | Verdict | None = None,
    name: str | None = None,
    category: str | None = None,
) -> SearchStrategy[str]:
    """实际完成值 strings that the judge gives ``verdict`` against ``target``.

    ``target`` is a target string (``"≥90%"``) or a parsed node; ``verdict`` is ``"met"``,
    ``"partly"`` or ``"missed"`` (default: any of them). ``name`` and ``category`` decide
    the direction of a target written without an operator, as they do for the judge. The
    values favour the edges: the exact boundary, one step of the target's declared
    precision either side (``90%`` → ``89%`` / ``91%``; ``55.2万元`` → ``55.1万元``), and the
    same amount in other units of its group (``55.2万元`` ↔ ``552000元``, ``90%`` ↔ ``900‰``).
    Asking for a verdict no actual can get (``partly`` for ``是``) raises
    :class:`~hypothesis.errors.InvalidArgument`.

    Example::

        from hypothesis import given
        from perfrules.judging import judge
        from perfrules.strategies import actuals_for

        @given(actuals_for("≤55.2万元", verdict="met"))
        def test_within_the_cost(actual):
            assert judge("≤55.2万元", actual).verdict.value == "met"
    """

    def build() -> SearchStrategy[str]:
        node = _target_node(target)
        wanted = _verdict_name(verdict)
        for argument, given in (("name", name), ("category", category)):
            if given is not None and not isinstance(given, str):
                raise InvalidArgument(f"{argument}={given!r} must be a string or None")

        def fits(actual: str) -> bool:
            got = _verdict_of(node, actual, name, category)
            return got is not None and (got == wanted if wanted else got in VERDICTS)

        probes = [p for p in _probes(node) if fits(p)]
        if not probes:
            raise InvalidArgument(
                f"no actual can be {wanted!r} against the target {target!r}"
                if wanted
                else f"no actual can be judged against the target {target!r}"
            )
        if not isinstance(node, Compare | Range):
            return st.sampled_from(probes)
        values, unit, spread = _probe_values(node)
        symbol = "" if unit is NO_UNIT else unit.symbol
        good = [v for v in values if fits(f"{format_decimal(v.normalize())}{symbol}")]
        if not good:
            return st.sampled_from(probes)
        return st.one_of(st.sampled_from(probes), _near(good, unit, spread).filter(fits))

    return st.deferred(build)
