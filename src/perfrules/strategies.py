"""Hypothesis strategies for indicator targets: quantities, target ASTs and target strings.

For analysts and rule authors who property-test their rules, and for perfrules' own tests.
The strategies follow Hypothesis' API style: plural nouns, keyword-only arguments, every
argument validated when the strategy is first drawn from (a bad argument raises
:class:`hypothesis.errors.InvalidArgument`), and arguments are plain values — never "a value
or a strategy".

- :func:`quantities` — :class:`~perfrules.ast.Quantity` values (money always in 元);
- :func:`targets` — valid target ASTs (:class:`~perfrules.ast.Compare`, ``Range``,
  ``Deadline``, ``Boolean``, ``Qualitative``, ``Text``), each one the parser can produce, so
  ``parse(to_text(node)) == node``;
- :func:`expressions` — valid target *strings* in the many spellings real documents use
  (full-width digits, word operators, 百分比, 万元, ranges, annotations …);
- :func:`grammar_strings` — strings generated straight from ``grammar/indicator.lark`` with
  :func:`hypothesis.extra.lark.from_lark`: syntactically valid, but possibly meaningless
  (an empty range, 2月30日), so parsing them may raise
  :class:`~perfrules.errors.IndicatorSyntaxError`;
- :func:`actuals_for` — actual values a target judges met, partly met or missed, favouring
  the exact boundary, one step either side and the same amount in other units;
- :func:`indicators`, :func:`projects`, :func:`documents` — model objects that pass the
  built-in rulesets (``valid=False``: with one constraint broken);
- :func:`mutations` — a valid document and the same document with exactly one named
  constraint broken (:data:`MUTATIONS`), with the rule ids that must catch it.

The document strategies are defined in :mod:`perfrules.strategies_documents` and
re-exported here; import them from this module.

This module needs Hypothesis (the ``dev`` extra); ``import perfrules`` does not import it.
"""

from __future__ import annotations

import calendar
import warnings
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Text
from .errors import IndicatorSyntaxError, UnknownUnitWarning
from .parser import grammar_text, parse
from .printer import format_decimal
from .scales import BOOLEAN_WORDS, SCALES, default_scale_of
from .units import NO_UNIT, UNITS, YUAN, Dimension, Unit

__all__ = [
    "ANNOTATIONS",
    "FORMS",
    "KINDS",
    "MUTATIONS",
    "VERDICTS",
    "Mutation",
    "MutationInfo",
    "actuals_for",
    "documents",
    "expressions",
    "grammar_strings",
    "indicators",
    "mutations",
    "projects",
    "quantities",
    "targets",
]

KINDS: Final[tuple[str, ...]] = ("compare", "range", "deadline", "boolean", "qualitative", "text")
"""The ``kind`` names :func:`targets` accepts (the JSON contract's kinds)."""

FORMS: Final[tuple[str, ...]] = (
    "comparison",
    "bare",
    "word-operator",
    "percent-spelling",
    "full-width",
    "range",
    "plus-minus",
    "money",
    "duration",
    "deadline",
    "boolean",
    "qualitative",
    "annotated",
    "embedded",
    "free-text",
    "grammar",
)
"""The surface forms :func:`expressions` accepts (one per row of DESIGN §2, plus
``embedded`` — a target inside text — and ``grammar`` — strings from the Lark grammar)."""

ANNOTATIONS: Final[tuple[str, ...]] = ("行业标准", "历史标准", "计划标准", "文件规定", "预算标准")
"""Bracketed notes drawn for annotated targets (``95%（行业标准）``)."""

# ---------------------------------------------------------------- argument validation

_QUANTITY_DIMENSIONS: Final = (
    Dimension.PERCENT,
    Dimension.PERMILLE,
    Dimension.MONEY,
    Dimension.DURATION,
    Dimension.COUNT,
    Dimension.LENGTH,
    Dimension.AREA,
    Dimension.MASS,
)

# default value bounds per dimension, in the stored unit (money in 元)
_DEFAULT_BOUNDS: Final[dict[Dimension, tuple[Decimal, Decimal]]] = {
    Dimension.PERCENT: (Decimal(0), Decimal(100)),
    Dimension.PERMILLE: (Decimal(0), Decimal(1000)),
    Dimension.MONEY: (Decimal(0), Decimal(1_000_000_000)),
    Dimension.DURATION: (Decimal(0), Decimal(1000)),
    Dimension.COUNT: (Decimal(0), Decimal(100_000)),
    Dimension.LENGTH: (Decimal(0), Decimal(100_000)),
    Dimension.AREA: (Decimal(0), Decimal(100_000)),
    Dimension.MASS: (Decimal(0), Decimal(100_000)),
}

_PLACES: Final = 2  # values carry at most two decimals (分 for money)
_CENT: Final = Decimal(1).scaleb(-_PLACES)


def _units_of(dimension: Dimension) -> tuple[Unit, ...]:
    """Canonical units of a dimension (money only as 元: the AST holds money in 元)."""
    if dimension is Dimension.MONEY:
        return (YUAN,)
    found: dict[str, Unit] = {}
    for unit in UNITS.values():
        if unit.dimension is dimension:
            found.setdefault(unit.symbol, unit)
    units = tuple(found.values())
    return (NO_UNIT, *units) if dimension is Dimension.COUNT else units


def _check_names(
    argument: str, given: Iterable[str] | None, allowed: Collection[str]
) -> tuple[str, ...]:
    """Validate a collection-of-names argument (``kinds``, ``forms``)."""
    if given is None:
        return tuple(allowed)
    if isinstance(given, str):
        raise InvalidArgument(
            f"{argument} must be a collection of names, not the single string {given!r}; "
            f"write {argument}=[{given!r}]"
        )
    names = tuple(given)
    if not names:
        raise InvalidArgument(f"{argument} must not be empty (choose from {sorted(allowed)})")
    for name in names:
        if not isinstance(name, str) or name not in allowed:
            raise InvalidArgument(
                f"{argument} contains {name!r}, which is not one of {sorted(allowed)}"
            )
    return tuple(dict.fromkeys(names))


def _check_dimensions(dimensions: Iterable[Dimension | str] | None) -> tuple[Dimension, ...]:
    """Validate ``dimensions``: Dimension members or their names, with units to draw from."""
    if dimensions is None:
        return _QUANTITY_DIMENSIONS
    names = _check_names(
        "dimensions",
        dimensions if isinstance(dimensions, str) else [str(d) for d in dimensions],
        [d.value for d in Dimension],
    )
    chosen = tuple(Dimension(name) for name in names)
    usable = tuple(d for d in chosen if d in _QUANTITY_DIMENSIONS)
    if len(usable) != len(chosen):
        unusable = [d.value for d in chosen if d not in usable]
        raise InvalidArgument(
            f"no unit in perfrules.units has dimension {unusable}; "
            f"choose from {[d.value for d in _QUANTITY_DIMENSIONS]}"
        )
    return usable


def _check_bound(name: str, value: object) -> Decimal | None:
    """Validate ``min_value`` / ``max_value``: an int or a finite Decimal."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidArgument(
            f"{name}={value!r} must be an int or a Decimal (floats are inexact), "
            f"not {type(value).__name__}"
        )
    result = Decimal(value)
    if not result.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    return result


# ---------------------------------------------------------------- quantities


def quantities(
    *,
    dimensions: Iterable[Dimension | str] | None = None,
    min_value: int | Decimal | None = None,
    max_value: int | Decimal | None = None,
) -> SearchStrategy[Quantity]:
    """Quantities with a known unit and an exact value of at most two decimals.

    ``dimensions`` limits the units to those dimensions (:class:`~perfrules.units.Dimension`
    members or their names: ``["percent", "money"]``); by default every dimension that has
    units. Money is always in 元, as the parser stores it. ``min_value`` / ``max_value``
    bound the value in the stored unit (money in 元); by default values lie in a realistic
    range per dimension (0–100 for percent, up to 10 亿元 for money). A bound given alone
    keeps the other default unless that would leave nothing to draw.

    Example::

        from hypothesis import given
        from perfrules.strategies import quantities

        @given(quantities(dimensions=["money"], max_value=10**6))
        def test_money_is_held_in_yuan(q):
            assert q.unit.symbol == "元"
            assert 0 <= q.value <= 10**6
    """

    def build() -> SearchStrategy[Quantity]:
        dims = _check_dimensions(dimensions)
        low = _check_bound("min_value", min_value)
        high = _check_bound("max_value", max_value)
        if low is not None and high is not None and low > high:
            raise InvalidArgument(f"min_value={low} is greater than max_value={high}")
        options = [_quantities_of(dim, low, high) for dim in dims]
        return st.one_of(options)

    return st.deferred(build)


def _bounds(
    dimension: Dimension, low: Decimal | None, high: Decimal | None
) -> tuple[Decimal, Decimal]:
    default_low, default_high = _DEFAULT_BOUNDS[dimension]
    span = default_high - default_low
    if low is None and high is None:
        return default_low, default_high
    if low is None:
        assert high is not None
        return (default_low if default_low <= high else high - span), high
    if high is None:
        return low, (default_high if default_high >= low else low + span)
    return low, high


def _values(low: Decimal, high: Decimal) -> SearchStrategy[Decimal]:
    """Decimals in ``[low, high]`` with at most two places, whole numbers favoured."""
    lo_cents = int((low / _CENT).to_integral_value(rounding="ROUND_CEILING"))
    hi_cents = int((high / _CENT).to_integral_value(rounding="ROUND_FLOOR"))
    if lo_cents > hi_cents:
        raise InvalidArgument(
            f"no value with at most {_PLACES} decimals lies between {low} and {high}"
        )
    cents = st.integers(lo_cents, hi_cents).map(lambda n: Decimal(n) * _CENT)
    lo_whole = int(low.to_integral_value(rounding="ROUND_CEILING"))
    hi_whole = int(high.to_integral_value(rounding="ROUND_FLOOR"))
    if lo_whole > hi_whole:
        return cents.map(lambda d: d.normalize())
    wholes = st.integers(lo_whole, hi_whole).map(Decimal)
    return st.one_of(wholes, cents.map(lambda d: d.normalize()))


def _quantities_of(
    dimension: Dimension, low: Decimal | None, high: Decimal | None
) -> SearchStrategy[Quantity]:
    lo, hi = _bounds(dimension, low, high)
    values = _values(lo, hi)
    units = st.sampled_from(_units_of(dimension))
    return st.builds(Quantity, values, units)


# ---------------------------------------------------------------- targets

_ALL_OPS: Final = tuple(Op)


def _annotations() -> SearchStrategy[str | None]:
    return st.one_of(st.none(), st.none(), st.sampled_from(ANNOTATIONS))


# pieces of free-text targets as they appear in 绩效目标表 (none of them a number)
_TEXT_PIECES: Final = (
    ("严格按照", "按照", "依据", "确保", "按规定", "全面", "及时", "规范", "有效"),
    ("合同", "规定", "国家标准", "行业规范", "上级要求", "年度计划", "实施方案", "工作部署"),
    ("执行", "足额发放", "推进", "保质保量", "实施到位", "开展", "组织实施", "验收"),
)


@st.composite
def _free_texts(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(pieces)) for pieces in _TEXT_PIECES]
    keep = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
    return "".join(part for part, k in zip(parts, keep, strict=True) if k)


def _is_text(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownUnitWarning)
            return isinstance(parse(text), Text)
    except IndicatorSyntaxError:
        return False


def _texts() -> SearchStrategy[Text]:
    return _free_texts().filter(_is_text).map(Text)


@st.composite
def _compares(draw: st.DrawFn, dims: tuple[Dimension, ...]) -> Compare:
    quantity = draw(quantities(dimensions=dims))
    implied = draw(st.booleans())
    # a bare quantity always carries the default operator ≥ (the judge decides direction)
    op = Op.GE if implied else draw(st.sampled_from(_ALL_OPS))
    return Compare(op, quantity, implied=implied, annotation=draw(_annotations()))


@st.composite
def _ranges(draw: st.DrawFn, dims: tuple[Dimension, ...]) -> Range:
    dimension = draw(st.sampled_from(dims))
    unit = draw(st.sampled_from(_units_of(dimension)))
    lo, hi = _bounds(dimension, None, None)
    low, high = sorted(draw(st.lists(_values(lo, hi), min_size=2, max_size=2, unique=True)))
    return Range(
        Quantity(low, unit),
        Quantity(high, unit),
        low_closed=draw(st.booleans()),
        high_closed=draw(st.booleans()),
        annotation=draw(_annotations()),
    )


@st.composite
def _deadlines(draw: st.DrawFn) -> Deadline:
    year = draw(st.none() | st.integers(1990, 2100))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(2000 if year is None else year, month)[1]
    day = draw(st.none() | st.integers(1, last))
    # a deadline is "by" (前, or a date written alone) or "after" (后)
    op = draw(st.sampled_from((Op.LE, Op.GE)))
    return Deadline(op, month, year, day, annotation=draw(_annotations()))


def _booleans() -> SearchStrategy[Boolean]:
    return st.builds(Boolean, st.booleans(), annotation=_annotations())


@st.composite
def _qualitatives(draw: st.DrawFn) -> Qualitative:
    scale = draw(st.sampled_from(sorted(SCALES.values(), key=lambda s: s.name)))
    level = draw(st.sampled_from(scale.levels))
    return Qualitative(scale.name, level.word, level.rank, annotation=draw(_annotations()))


_QUANTITY_KINDS: Final = frozenset({"compare", "range"})


def targets(
    *,
    kinds: Iterable[str] | None = None,
    dimensions: Iterable[Dimension | str] | None = None,
) -> SearchStrategy[Node]:
    """Valid target ASTs: every node drawn is one the parser produces from its canonical text.

    ``kinds`` picks node kinds among :data:`KINDS` (``compare``, ``range``, ``deadline``,
    ``boolean``, ``qualitative``, ``text``); default all. ``dimensions`` limits the
    quantities of ``compare`` and ``range`` targets (see :func:`quantities`); it is an error
    to give it when no quantity kind is chosen. Ranges have low < high in one unit;
    deadlines are real calendar dates; qualitative levels come from the scales registered
    (:func:`perfrules.scales.register_scale`) when the strategy is drawn from; texts are
    strings that really parse to :class:`~perfrules.ast.Text`. (The strategy follows the
    language, not the parser's current shortcomings: a few nodes hit parser bugs listed under
    "Known gaps" in ``docs/grammar.md``, such as the unit 间 or ``[1,200.5]``.)

    Example::

        from hypothesis import given
        from perfrules import parse, to_text
        from perfrules.strategies import targets

        @given(targets(kinds=["compare", "range"], dimensions=["percent"]))
        def test_round_trip(node):
            assert parse(to_text(node)) == node
    """

    def build() -> SearchStrategy[Node]:
        names = _check_names("kinds", kinds, KINDS)
        if dimensions is not None and not _QUANTITY_KINDS.intersection(names):
            raise InvalidArgument(
                f"dimensions only applies to compare and range targets, not to kinds={names}"
            )
        dims = _check_dimensions(dimensions)
        makers: dict[str, Callable[[], SearchStrategy[Node]]] = {
            "compare": lambda: _compares(dims),
            "range": lambda: _ranges(dims),
            "deadline": _deadlines,
            "boolean": _booleans,
            "qualitative": _qualitatives,
            "text": _texts,
        }
        return st.one_of([makers[name]() for name in names])

    return st.deferred(build)


# ---------------------------------------------------------------- spellings

_OP_SPELLINGS: Final[dict[Op, tuple[str, ...]]] = {
    Op.GE: ("≥", "≧", ">=", "=>", "≥ "),
    Op.LE: ("≤", "≦", "<=", "=<", "≤ "),
    Op.GT: (">", "> "),
    Op.LT: ("<", "< "),
    Op.EQ: ("=", "==", "= "),
    Op.NE: ("≠", "!="),
}

_PRE_WORDS: Final[dict[Op, tuple[str, ...]]] = {
    Op.GE: ("不低于", "不少于", "不小于", "至少", "最少", "最低", "大于等于", "不得低于"),
    Op.LE: ("不超过", "不高于", "不多于", "不大于", "最多", "至多", "最高", "不得超过"),
    Op.GT: ("高于", "大于", "超过", "多于"),
    Op.LT: ("低于", "小于", "少于", "不足"),
    Op.EQ: ("等于", "约"),
}

_POST_WORDS: Final[dict[Op, tuple[str, ...]]] = {
    Op.GE: ("以上", "及以上", "或以上"),
    Op.LE: ("以下", "及以下", "以内"),
    Op.EQ: ("左右",),
}

# 达到 / 控制在 ("reach" / "keep within") take their direction from the suffix
_NEUTRAL_PRE: Final = {Op.GE: "达到", Op.LE: "控制在"}

_FILLERS: Final = ("上年的", "上年度的", "计划数的")

_MONEY_SCALES: Final[tuple[tuple[str, Decimal], ...]] = (
    ("元", Decimal(1)),
    ("千元", Decimal(1000)),
    ("万元", Decimal(10_000)),
    ("万", Decimal(10_000)),
    ("百万元", Decimal(1_000_000)),
    ("亿元", Decimal(100_000_000)),
    ("人民币元", Decimal(1)),
)

_RANGE_SEPARATORS: Final = ("-", "~", "～", "至", "到", "—", "–", " - ")

_PERIOD_WORDS: Final[dict[str, tuple[Decimal, str]]] = {
    "每天": (Decimal(1), "天"),
    "每周": (Decimal(1), "周"),
    "每月": (Decimal(1), "个月"),
    "每季度": (Decimal(1), "季度"),
    "每半年": (Decimal("0.5"), "年"),
    "每年": (Decimal(1), "年"),
}

_SUBJECTS: Final = ("合格率", "满意度", "完成率", "覆盖率", "资金到位率", "验收合格率")

# NFKC-equivalent spellings of ASCII characters found in documents
_WIDE: Final[dict[str, tuple[str, ...]]] = {
    **{str(d): (str(d), chr(0xFF10 + d)) for d in range(10)},
    "%": ("%", "％", "﹪"),
    ".": (".", "．"),
    ",": (",", "，"),
    ">": (">", "＞", "﹥"),
    "<": ("<", "＜", "﹤"),
    "=": ("=", "＝", "﹦"),
    "-": ("-", "－"),
    "~": ("~", "～"),
    "[": ("[", "［"),
    "]": ("]", "］"),
    "(": ("(", "（"),
    ")": (")", "）"),
    "+": ("+", "＋"),
    "!": ("!", "！"),
    "/": ("/", "／"),
    " ": (" ", "\u3000"),
}

_CN_DIGITS: Final = "零一二三四五六七八九"


def _cn_small(n: int) -> str:
    """0–100 in Chinese numerals as documents write them (十五, 二十, 一百)."""
    if n == 100:
        return "一百"
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def _cn_year(year: int) -> str:
    """2021 → 二〇二一 (digit by digit)."""
    return "".join("〇" if ch == "0" else _CN_DIGITS[int(ch)] for ch in str(year))


def _number(draw: st.DrawFn, value: Decimal, *, separators: bool = True) -> str:
    """A decimal as written: ``1200``, ``1,200``, ``90.00`` (trailing zeros)."""
    text = format_decimal(value)
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if separators and len(whole) > 3 and draw(st.booleans()):
        groups: list[str] = []
        while len(whole) > 3:
            whole, tail = whole[:-3], whole[-3:]
            groups.insert(0, tail)
        whole = ",".join([whole, *groups])
    if len(frac) < _PLACES and draw(st.integers(0, 4)) == 0:
        frac = frac.ljust(_PLACES, "0")
    return f"{sign}{whole}{'.' + frac if frac else ''}"


def _spell_quantity(draw: st.DrawFn, q: Quantity, *, separators: bool = True) -> str:
    """One surface spelling of ``q``: unit aliases, money scales, optional spaces."""
    space = draw(st.sampled_from(("", "", "", " ")))
    if q.dimension is Dimension.MONEY:
        word, factor = draw(st.sampled_from(_MONEY_SCALES))
        return f"{_number(draw, q.value / factor, separators=separators)}{space}{word}"
    number = _number(draw, q.value, separators=separators)
    if q.unit is NO_UNIT:
        return number
    spelling = draw(st.sampled_from(_spellings_of(q.unit)))
    if spelling[0].isascii() and spelling[0].isalpha():
        space = ""  # 5 m, 5m: keep ASCII units tight so they cannot merge with text
    return f"{number}{space}{spelling}"


def _spellings_of(unit: Unit) -> list[str]:
    """Every spelling of ``unit`` in the unit table (``个月``, ``月``; ``千克``, ``kg``)."""
    return sorted({unit.symbol, *(s for s, u in UNITS.items() if u == unit)})


def _widen(draw: st.DrawFn, text: str) -> str:
    """Replace ASCII characters by NFKC-equivalent full-width or small forms at random."""
    return "".join(draw(st.sampled_from(_WIDE[ch])) if ch in _WIDE else ch for ch in text)


_Pair = tuple[str, Node | None]


@st.composite
def _comparison_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(quantities())
    op = draw(st.sampled_from(_ALL_OPS))
    return draw(st.sampled_from(_OP_SPELLINGS[op])) + _spell_quantity(draw, q), Compare(op, q)


@st.composite
def _bare_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(quantities())
    return _spell_quantity(draw, q), Compare(Op.GE, q, implied=True)


@st.composite
def _word_operator_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(quantities(min_value=0))
    body = _spell_quantity(draw, q)
    style = draw(st.sampled_from(("pre", "post", "neutral", "filler", "symbol-post")))
    if style == "pre":
        op = draw(st.sampled_from(sorted(_PRE_WORDS)))
        return draw(st.sampled_from(_PRE_WORDS[op])) + body, Compare(op, q)
    if style == "filler":
        op = draw(st.sampled_from((Op.GE, Op.LE)))
        word = draw(st.sampled_from(_PRE_WORDS[op]))
        filler = draw(st.sampled_from(_FILLERS))
        return f"{word}{filler}{body}", Compare(op, q)
    op = draw(st.sampled_from(sorted(_POST_WORDS)))
    post = draw(st.sampled_from(_POST_WORDS[op]))
    if style == "post":
        return body + post, Compare(op, q)
    if style == "neutral" and op in _NEUTRAL_PRE:
        return _NEUTRAL_PRE[op] + body + post, Compare(op, q)
    return draw(st.sampled_from(_OP_SPELLINGS[op])) + body + post, Compare(op, q)


@st.composite
def _percent_pairs(draw: st.DrawFn) -> _Pair:
    style = draw(st.sampled_from(("百分比", "百分之", "千分之", "‰", "千分比", "百分点")))
    op = draw(st.sampled_from((None, Op.GE, Op.LE)))
    prefix = "" if op is None else draw(st.sampled_from(_OP_SPELLINGS[op]))
    if style in ("百分之", "千分之"):
        n = draw(st.integers(0, 100))
        number = _cn_small(n) if draw(st.booleans()) else str(n)
        unit = UNITS["%" if style == "百分之" else "‰"]
        text = f"{prefix}{style}{number}"
        value = Decimal(n)
    else:
        unit = UNITS["‰" if style in ("‰", "千分比") else "%"]
        value = draw(_values(Decimal(0), Decimal(100)))
        space = draw(st.sampled_from(("", " ")))
        text = f"{prefix}{_number(draw, value)}{space}{style}"
    q = Quantity(value, unit)
    node = Compare(Op.GE, q, implied=True) if op is None else Compare(op, q)
    return text, node


@st.composite
def _full_width_pairs(draw: st.DrawFn) -> _Pair:
    base = draw(st.one_of(_comparison_pairs(), _bare_pairs(), _range_pairs(), _pm_pairs()))
    return _widen(draw, base[0]), base[1]


@st.composite
def _range_pairs(draw: st.DrawFn) -> _Pair:
    node = draw(targets(kinds=["range"]))
    assert isinstance(node, Range)
    style = draw(st.sampled_from(("dash", "between", "brackets", "suffix")))
    if style == "brackets" or node.low.value < 0:
        lb = "[" if node.low_closed else "("
        rb = "]" if node.high_closed else ")"
        low = _spell_quantity(draw, node.low, separators=False)
        high = _spell_quantity(draw, node.high, separators=False)
        comma = draw(st.sampled_from((",", ", ", "，")))
        return f"{lb}{low}{comma}{high}{rb}", attrs.evolve(node, annotation=None)
    closed = attrs.evolve(node, low_closed=True, high_closed=True, annotation=None)
    low = _spell_quantity(draw, node.low)
    high = _spell_quantity(draw, node.high)
    if style == "between":
        head, mid = draw(st.sampled_from((("介于", "与"), ("介于", "和"), ("在", "至"))))
        return f"{head}{low}{mid}{high}之间", closed
    sep = draw(st.sampled_from(_RANGE_SEPARATORS))
    return f"{low}{sep}{high}{'之间' if style == 'suffix' else ''}", closed


@st.composite
def _pm_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(
        quantities(
            dimensions=["percent", "permille", "count", "length", "mass"], min_value=Decimal("0.01")
        )
    )
    body = _spell_quantity(draw, q)
    pm = draw(st.sampled_from(("±", "+/-", "+-")))
    style = draw(st.sampled_from(("plain", "以内", "≤")))
    text = {"plain": f"{pm}{body}", "以内": f"{pm}{body}以内", "≤": f"≤{pm}{body}"}[style]
    return text, Range(Quantity(-q.value, q.unit), q)


@st.composite
def _money_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(quantities(dimensions=["money"]))
    op = draw(st.sampled_from((None, *_ALL_OPS)))
    body = _spell_quantity(draw, q)
    if op is None:
        return body, Compare(Op.GE, q, implied=True)
    return draw(st.sampled_from(_OP_SPELLINGS[op])) + body, Compare(op, q)


@st.composite
def _duration_pairs(draw: st.DrawFn) -> _Pair:
    style = draw(st.sampled_from(("quantity", "half", "period", "chinese", "within")))
    if style == "period":
        word = draw(st.sampled_from(sorted(_PERIOD_WORDS)))
        value, unit = _PERIOD_WORDS[word]
        return word, Compare(Op.LE, Quantity(value, UNITS[unit]))
    if style == "half":
        unit = draw(st.sampled_from(("年", "个月")))
        op = draw(st.sampled_from((None, Op.LE, Op.GE)))
        q = Quantity(Decimal("0.5"), UNITS[unit])
        prefix = "" if op is None else draw(st.sampled_from(_OP_SPELLINGS[op]))
        node = Compare(Op.GE, q, implied=True) if op is None else Compare(op, q)
        return f"{prefix}半{unit}", node
    if style == "chinese":
        n = draw(st.integers(1, 99))
        unit = draw(st.sampled_from(("个月", "天", "个工作日", "年", "小时")))
        return f"{_cn_small(n)}{unit}", Compare(Op.GE, Quantity(Decimal(n), UNITS[unit]), True)
    q = draw(quantities(dimensions=["duration"], min_value=1))
    body = _spell_quantity(draw, q)
    if style == "within":
        return body + draw(st.sampled_from(("以内", "内", "之内"))), Compare(Op.LE, q)
    op = draw(st.sampled_from(_ALL_OPS))
    return draw(st.sampled_from(_OP_SPELLINGS[op])) + body, Compare(op, q)


_BEFORE: Final = ("前", "之前", "以前", "为止", "止")
_AFTER: Final = ("后", "之后", "以后")


@st.composite
def _deadline_pairs(draw: st.DrawFn) -> _Pair:
    node = attrs.evolve(draw(_deadlines()), annotation=None)
    assert isinstance(node, Deadline)
    chinese = draw(st.integers(0, 4)) == 0
    year = month = day = ""
    if node.year is not None:
        year = (_cn_year(node.year) if chinese else str(node.year)) + "年"
    month = (_cn_small(node.month) if chinese else str(node.month)) + "月"
    if node.day is not None:
        day = (_cn_small(node.day) if chinese else str(node.day)) + "日"
    # a date written alone is a deadline too, but a bare month (12月) is a duration
    alone = ("",) if node.op is Op.LE and (node.year is not None or node.day is not None) else ()
    word = draw(st.sampled_from((*_BEFORE, *alone) if node.op is Op.LE else _AFTER))
    if node.day is None:
        if node.year is None:
            if node.month == 12 and node.op is Op.LE and draw(st.booleans()):
                return draw(st.sampled_from(("年底前", "年底", "年末", "年内", "年度内"))), node
            end = draw(st.sampled_from(("底", "末")))
        else:
            end = draw(st.sampled_from(("底", "末", "")))
        return f"{year}{month}{end}{word}", node
    return f"{year}{month}{day}{word}", node


@st.composite
def _boolean_pairs(draw: st.DrawFn) -> _Pair:
    word = draw(st.sampled_from(sorted(BOOLEAN_WORDS)))
    if word.isascii() and draw(st.booleans()):
        word = word.upper()
    return word, Boolean(BOOLEAN_WORDS[word.lower() if word.isascii() else word])


@st.composite
def _qualitative_pairs(draw: st.DrawFn) -> _Pair:
    scale = draw(st.sampled_from(sorted(SCALES.values(), key=lambda s: s.name)))
    level = draw(st.sampled_from(scale.levels))
    word = draw(st.sampled_from((level.word, *level.synonyms)))
    node = Qualitative(scale.name, level.word, level.rank)
    if default_scale_of(word) == scale.name and draw(st.integers(0, 3)):
        return word, node
    return f"{scale.name}:{word}", node


@st.composite
def _annotated_pairs(draw: st.DrawFn) -> _Pair:
    text, node = draw(
        st.one_of(
            _comparison_pairs(),
            _bare_pairs(),
            _percent_pairs(),
            _range_pairs(),
            _deadline_pairs(),
            _boolean_pairs(),
            _qualitative_pairs(),
        )
    )
    assert node is not None
    note = draw(st.sampled_from(ANNOTATIONS))
    left, right = draw(st.sampled_from((("(", ")"), ("（", "）"))))
    space = draw(st.sampled_from(("", " ")))
    return f"{text}{space}{left}{note}{right}", attrs.evolve(node, annotation=note)


@st.composite
def _embedded_pairs(draw: st.DrawFn) -> _Pair:
    q = draw(quantities(dimensions=["percent"], min_value=1))
    op = draw(st.sampled_from((Op.GE, Op.LE, Op.GT, Op.LT)))
    body = _spell_quantity(draw, q)
    style = draw(st.sampled_from(("symbol", "word")))
    if style == "symbol":
        target = draw(st.sampled_from(_OP_SPELLINGS[op])).strip() + body
    else:
        target = draw(st.sampled_from(_PRE_WORDS[op])) + body
    return draw(st.sampled_from(_SUBJECTS)) + target, Compare(op, q)


@st.composite
def _free_text_pairs(draw: st.DrawFn) -> _Pair:
    text = draw(_free_texts().filter(_is_text))
    return text, Text(text)


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownUnitWarning)
            parse(text)
    except IndicatorSyntaxError:
        return False
    return True


def _grammar_pairs() -> SearchStrategy[_Pair]:
    return grammar_strings().filter(_parses).map(lambda text: (text, None))


_FORM_PAIRS: Final[dict[str, Callable[[], SearchStrategy[_Pair]]]] = {
    "comparison": _comparison_pairs,
    "bare": _bare_pairs,
    "word-operator": _word_operator_pairs,
    "percent-spelling": _percent_pairs,
    "full-width": _full_width_pairs,
    "range": _range_pairs,
    "plus-minus": _pm_pairs,
    "money": _money_pairs,
    "duration": _duration_pairs,
    "deadline": _deadline_pairs,
    "boolean": _boolean_pairs,
    "qualitative": _qualitative_pairs,
    "annotated": _annotated_pairs,
    "embedded": _embedded_pairs,
    "free-text": _free_text_pairs,
    "grammar": _grammar_pairs,
}


def _spellings(forms: Iterable[str] | None = None) -> SearchStrategy[_Pair]:
    """``(text, node)`` pairs: ``parse(text) == node`` (node None for the grammar form)."""

    def build() -> SearchStrategy[_Pair]:
        names = _check_names("forms", forms, FORMS)
        return st.one_of([_FORM_PAIRS[name]() for name in names])

    return st.deferred(build)


def expressions(*, forms: Iterable[str] | None = None) -> SearchStrategy[str]:
    """Valid target strings, spelled the many ways real 指标值 cells are written.

    ``forms`` picks surface forms among :data:`FORMS` (default: all): ``comparison``
    (``≥90%``, ``>= 95 %``), ``bare`` (``55.2万元``), ``word-operator`` (``不低于90%``,
    ``达到95%以上``, ``3天以内``), ``percent-spelling`` (``90百分比``, ``百分之九十``,
    ``千分之五``), ``full-width`` (``≧９０％``), ``range`` (``90%-100%``, ``[80,90)``,
    ``介于80%与90%之间``), ``plus-minus`` (``±2%以内``), ``money`` (``1,200.5万元``,
    ``36500元``), ``duration`` (``≤15个工作日``, ``半年``, ``每季度``), ``deadline``
    (``2021年12月31日前``, ``12月底前``), ``boolean`` (``是``, ``已建立``), ``qualitative``
    (``较好``, ``显著提升``), ``annotated`` (``95%(行业标准)``), ``embedded``
    (``合格率达到98%``), ``free-text`` (``严格按照合同执行``) and ``grammar`` (strings from
    :func:`grammar_strings` that parse). Every string is a valid target; the few that hit a
    parser bug listed under "Known gaps" in ``docs/grammar.md`` fail to parse until it is fixed.

    Example::

        from hypothesis import given
        from perfrules import parse
        from perfrules.strategies import expressions

        @given(expressions(forms=["money", "percent-spelling"]))
        def test_parses_to_a_comparison(text):
            assert parse(text).kind == "compare"
    """
    return _spellings(forms).map(lambda pair: pair[0])


# ---------------------------------------------------------------- the grammar

# terminals whose regexes use lookaheads (which from_lark cannot generate from)
_NUMBERS: Final = st.one_of(
    st.from_regex(r"\A[1-9][0-9]{0,3}\Z"),
    st.from_regex(r"\A(?:0|[1-9][0-9]{0,2})\.[0-9]{1,2}\Z"),
    st.from_regex(r"\A[1-9][0-9]{0,2},[0-9]{3}\Z"),
    st.sampled_from(("0", "100", "90", "-5", "+3", "55.2")),
)
_UNKNOWN_UNITS: Final = st.sampled_from(("起", "宗", "例", "棵", "级"))


def grammar_strings() -> SearchStrategy[str]:
    """Strings generated from ``grammar/indicator.lark`` by :func:`hypothesis.extra.lark.from_lark`.

    Each string is accepted by the grammar's syntax, but may still be meaningless (an empty
    range ``[90,80]``, ``2021年2月30日``, ``≥±5%``): :func:`perfrules.parse` then raises
    :class:`~perfrules.errors.IndicatorSyntaxError`. Use :func:`expressions` for strings
    that always parse. Numbers are drawn realistically (``90``, ``55.2``, ``1,200``).

    Example::

        from hypothesis import given
        from perfrules import IndicatorSyntaxError, parse
        from perfrules.strategies import grammar_strings

        @given(grammar_strings())
        def test_parse_returns_a_node_or_a_located_error(text):
            try:
                parse(text)
            except IndicatorSyntaxError as err:
                assert 1 <= err.column <= max(len(text), 1)
    """

    def build() -> SearchStrategy[str]:
        # lark is a core dependency; it is imported here, when first drawn from
        from hypothesis.extra.lark import from_lark
        from lark import Lark

        grammar = Lark(grammar_text(), parser="lalr", lexer="contextual")
        filler_words = st.sampled_from(_FILLERS)
        return from_lark(
            grammar,
            explicit={
                "NUMBER": _NUMBERS,
                "UNKNOWN_UNIT": _UNKNOWN_UNITS,
                "FILLER": filler_words,
            },
        )

    return st.deferred(build)


# The document strategies live in their own module (this one would grow long); they are
# part of this module's public API. Imported last: that module does not import this one.
from .strategies_documents import (  # noqa: E402
    MUTATIONS,
    VERDICTS,
    Mutation,
    MutationInfo,
    actuals_for,
    documents,
    indicators,
    mutations,
    projects,
)
