"""Parse indicator target expressions (``≥90%``, ``=55.2万元``, ``12月底前`` …) into the AST.

The only module that imports lark. The pipeline for one string:

1. NFKC-normalise (full-width digits and signs), keeping a map back to original characters;
2. strip a trailing annotation in brackets (``95%(行业标准)``);
3. look the whole word up in the boolean and qualitative tables (:mod:`perfrules.scales`);
4. parse with the LALR grammar ``grammar/indicator.lark``, building nodes in the reduce
   callbacks (no intermediate tree);
5. failing that, look for a target embedded in text (``合格率达到98%``); a string that
   looks like a malformed expression raises :class:`IndicatorSyntaxError`, anything else is
   kept as free :class:`~perfrules.ast.Text`.

Results are memoised per distinct string: real documents repeat ``≥90%`` dozens of times.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
import warnings
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

from . import scales
from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Span, Text
from .errors import IndicatorSyntaxError, UnknownUnitWarning
from .resources import resource_path
from .units import NO_UNIT, UNITS, YUAN, Dimension, Unit, opaque_unit

if TYPE_CHECKING:
    from lark import Lark, Token

__all__ = ["grammar_text", "parse"]

_OPS = {
    "≥": Op.GE, "≧": Op.GE, ">=": Op.GE, "=>": Op.GE, ">": Op.GT,
    "≤": Op.LE, "≦": Op.LE, "<=": Op.LE, "=<": Op.LE, "<": Op.LT,
    "=": Op.EQ, "==": Op.EQ, "≠": Op.NE, "!=": Op.NE,
}  # fmt: skip

_PRE_WORDS = {
    **dict.fromkeys(
        ("不低于", "不少于", "不小于", "大于或等于", "大于等于", "不得低于", "不得少于",
         "不应低于", "至少", "最少", "最低"), Op.GE),
    **dict.fromkeys(
        ("不超过", "不高于", "不多于", "不大于", "小于或等于", "小于等于", "不得超过",
         "不得高于", "不应超过", "最多", "至多", "最高"), Op.LE),
    **dict.fromkeys(("高于", "大于", "超过", "多于"), Op.GT),
    **dict.fromkeys(("低于", "小于", "少于", "不足"), Op.LT),
    "等于": Op.EQ,
    "约": Op.EQ,
}  # fmt: skip
# 达到 / 控制在 say "reach" / "keep within" and defer to a suffix (达到95%以上); alone,
# 达到 means at least and 控制在 at most.
_NEUTRAL_PRE_WORDS = {"达到": Op.GE, "控制在": Op.LE}

_POST_WORDS = {
    **dict.fromkeys(("及以上", "或以上", "以上"), Op.GE),
    **dict.fromkeys(("及以下", "或以下", "以下", "以内", "之内", "内"), Op.LE),
    **dict.fromkeys(("左右", "上下"), Op.EQ),
}

_DATE_OPS = {
    **dict.fromkeys(("之前", "以前", "前", "为止", "止"), Op.LE),
    **dict.fromkeys(("之后", "以后", "后"), Op.GE),
}

_SCALES = {
    "千": Decimal(1000),
    "万": Decimal(10000),
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
    "亿": Decimal(100000000),
}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip

_EXPECTED_NAMES = {
    "NUMBER": "a number / 数字",
    "CN_NUM": "a number / 数字",
    "UNIT": "a unit / 单位",
    "UNKNOWN_UNIT": "a unit / 单位",
    "SCALE": "万 / 亿",
    "OP": "an operator (≥ ≤ = …) / 比较符",
    "PRE_WORD": "不低于 / 不超过 …",
    "POST_WORD": "以上 / 以内 …",
    "RANGE_SEP": "a range separator (- ~ 至) / 区间连接符",
    "AND_WORD": "与 / 和",
    "BETWEEN_END": "之间",
    "RBRACKET": "] or )",
    "LBRACKET": "[ or (",
    "COMMA": "','",
    "DATE_OP": "前 / 后",
    "MONTH_END": "底",
    "PCT_PREFIX": "百分之",
    "PLUS_MINUS": "±",
    "HALF": "半",
    "EVERY": "每",
    "BETWEEN": "介于",
    "YEAR_END": "年底",
    "FILLER": "text before the number / 文字",
    "$END": "end of input / 结束",
}

# A trailing bracket group without digits is an annotation: 95%(行业标准), 90%（历史标准）
_ANNOTATION = re.compile(r"^(?P<core>.*?)\s*\((?P<note>[^()\d]*[^\W\d_][^()\d]*)\)\s*$", re.S)
_SCALE_QUALIFIED = re.compile(r"^(?P<scale>[A-Za-z_]\w*)\s*:\s*(?P<word>\S+)$")
_TRAILING_PUNCT = "。.;,、"
_OP_CHARS = frozenset("≥≤≧≦<>=≠±")
# one-for-one replacements NFKC leaves alone (so the index map stays valid)
_AFTER_NFKC = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "【": "[", "】": "]"})
_FORMAT_CHARS = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_NEEDS_TRANSLATION = re.compile("[\u2212\u2010\u2011【】]")


class _Raw(NamedTuple):
    """A quantity before unit propagation and money normalisation (positions in core)."""

    value: Decimal
    scale: Decimal | None
    unit: str | None
    start: int
    end: int


class _SemanticError(Exception):
    """Raised inside reduce callbacks; translated to IndicatorSyntaxError at the boundary."""

    def __init__(self, code: str, message: str, message_zh: str, start: int, end: int):
        super().__init__(message)
        self.code, self.message, self.message_zh = code, message, message_zh
        self.start, self.end = start, end


def grammar_text() -> str:
    """The source of ``grammar/indicator.lark`` as shipped with this installation."""
    return resource_path("grammar", "indicator.lark").read_text(encoding="utf-8")


# ------------------------------------------------------------------ reduce callbacks


def _s(tok: Token) -> int:
    """Start of a token in the parsed text (lark types positions as optional)."""
    return tok.start_pos or 0


def _e(tok: Token) -> int:
    return tok.end_pos or 0


def _number(tok: Token) -> Decimal:
    text = str(tok)
    if tok.type == "CN_NUM":
        return Decimal(_cn_number(text))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the NUMBER regex admits only digits
        raise _SemanticError(
            "bad-number", f"not a number: {text}", f"数字无效：{text}", _s(tok), _e(tok)
        ) from None


def _cn_number(text: str) -> int:
    """二十五 → 25, 一百 → 100, 二〇二一 → 2021 (digit by digit when no 十/百)."""
    if "十" not in text and "百" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            digit = _CN_DIGITS[ch]
    return total + digit


def _unit_of(spelling: str) -> Unit:
    unit = UNITS.get(spelling)
    return unit if unit is not None else opaque_unit(spelling)


def _warn_unknown_units(node: Node) -> None:
    """Warn once about opaque units in the result (not in attempts that were discarded)."""
    for field in ("quantity", "low", "high"):
        q = getattr(node, field, None)
        if isinstance(q, Quantity) and not q.unit.known:
            warnings.warn(UnknownUnitWarning(q.unit.symbol), stacklevel=4)
            return


def _finish(raw: _Raw) -> Quantity:
    """Apply the scale word and normalise money to 元."""
    value = raw.value
    unit = _unit_of(raw.unit) if raw.unit is not None else None
    if raw.scale is not None:
        value *= raw.scale
        # 万 / 亿 alone mean money (万元); other scale words alone multiply a count
        if unit is None and raw.scale in (_SCALES["万"], _SCALES["亿"]):
            unit = YUAN
    if unit is None:
        unit = NO_UNIT
    elif unit.dimension is Dimension.MONEY and unit is not YUAN:
        value *= unit.factor
        unit = YUAN
    return Quantity(value, unit, Span(raw.start, raw.end))


def _merge_post(op: Op | None, post: Token | None, start: int) -> tuple[Op | None, bool]:
    """Combine a prefix operator with a suffix word (达到95%以上); conflicting ones fail."""
    if post is None:
        return op, False
    post_op = _POST_WORDS[str(post)]
    if (
        op is not None
        and op is not post_op
        and {op, post_op} not in ({Op.GE, Op.GT}, {Op.LE, Op.LT})
    ):
        raise _SemanticError(
            "conflicting-operators",
            f"operator {op.symbol} contradicts '{post}'",
            f"比较符{op.symbol}与“{post}”矛盾",
            start,
            _e(post),
        )
    return (op if op is not None else post_op), True


class _Callbacks:
    """Reduce callbacks of the LALR parser (lark calls them with the children inline)."""

    # quantities ------------------------------------------------------------
    def q_plain(self, num: Token) -> _Raw:
        return _Raw(_number(num), None, None, _s(num), _e(num))

    def q_scaled(self, num: Token, scale: Token) -> _Raw:
        return _Raw(_number(num), _SCALES[str(scale)], None, _s(num), _e(scale))

    def q_unit(self, num: Token, unit: Token) -> _Raw:
        return _Raw(_number(num), None, str(unit), _s(num), _e(unit))

    def q_scaled_unit(self, num: Token, scale: Token, unit: Token) -> _Raw:
        return _Raw(_number(num), _SCALES[str(scale)], str(unit), _s(num), _e(unit))

    def q_fraction(self, prefix: Token, num: Token) -> _Raw:
        unit = "%" if str(prefix) == "百分之" else "‰"
        return _Raw(_number(num), None, unit, _s(prefix), _e(num))

    def q_half(self, half: Token, unit: Token) -> _Raw:
        return _Raw(Decimal("0.5"), None, str(unit), _s(half), _e(unit))

    # comparisons -----------------------------------------------------------
    def cmp_symbol(self, op: Token, *rest: Any) -> Compare:
        raw, post = _quantity_and_post(rest)
        merged, _ = _merge_post(_OPS[str(op)], post, _s(op))
        assert merged is not None
        return Compare(merged, _finish(raw), span=Span(_s(op), _end(raw, post)))

    def cmp_word(self, word: Token, *rest: Any) -> Compare:
        raw, post = _quantity_and_post(rest)
        text = str(word)
        if text in _NEUTRAL_PRE_WORDS:
            merged, had_post = _merge_post(None, post, _s(word))
            op = merged if had_post and merged is not None else _NEUTRAL_PRE_WORDS[text]
        else:
            merged, _ = _merge_post(_PRE_WORDS[text], post, _s(word))
            assert merged is not None
            op = merged
        return Compare(op, _finish(raw), span=Span(_s(word), _end(raw, post)))

    def cmp_bare(self, raw: _Raw, post: Token | None = None) -> Compare:
        op, explicit = _merge_post(None, post, raw.start)
        return Compare(
            op or Op.GE, _finish(raw), implied=not explicit, span=Span(raw.start, _end(raw, post))
        )

    # ranges ----------------------------------------------------------------
    def range_dash(self, low: _Raw, sep: Token, high: _Raw, end: Token | None = None) -> Range:
        return _range(low, high, True, True, low.start, _e(end) if end else high.end)

    def range_between(self, start: Token, low: _Raw, sep: Token, high: _Raw, end: Token) -> Range:
        return _range(low, high, True, True, _s(start), _e(end))

    def range_bracket(self, lb: Token, low: _Raw, comma: Token, high: _Raw, rb: Token) -> Range:
        return _range(low, high, str(lb) == "[", str(rb) == "]", _s(lb), _e(rb))

    def range_pm(self, pm: Token, raw: _Raw, post: Token | None = None) -> Range:
        if post is not None and _POST_WORDS[str(post)] is Op.GE:
            raise _SemanticError(
                "conflicting-operators",
                f"± cannot be combined with '{post}'",
                f"±不能与“{post}”连用",
                _s(pm),
                _e(post),
            )
        return _plus_minus(raw, _s(pm), _e(post) if post else raw.end)

    def range_op_pm(self, op: Token, pm: Token, raw: _Raw) -> Range:
        if _OPS[str(op)] not in (Op.LE, Op.LT):
            raise _SemanticError(
                "conflicting-operators",
                f"only ≤ or < can bound a ± tolerance, not {op}",
                f"±误差只能用≤或<限定，不能用{op}",
                _s(op),
                _e(pm),
            )
        strict = _OPS[str(op)] is Op.LT
        return _plus_minus(raw, _s(op), raw.end, closed=not strict)

    # deadlines and periods ---------------------------------------------------
    def deadline(
        self, date: tuple[int | None, int, int | None, int, int], op: Token | None = None
    ) -> Deadline:
        year, month, day, start, end = date
        # a date written without 前/后 is still a deadline: 2021年12月31日 = by that day
        which = _DATE_OPS[str(op)] if op is not None else Op.LE
        return Deadline(which, month, year, day, span=Span(start, _e(op) if op else end))

    def deadline_month(self, num: Token, unit: Token, op: Token) -> Deadline:
        year, month, day, start, _ = _date((num, unit), ("月",))
        return Deadline(_DATE_OPS[str(op)], month, year, day, span=Span(start, _e(op)))

    def date_ymd(self, *parts: Any) -> tuple[int | None, int, int | None, int, int]:
        return _date(parts, ("年", "月", "日"))

    def date_ym(self, *parts: Any) -> tuple[int | None, int, int | None, int, int]:
        month_end = len(parts) == 5
        units = (_canonical_date_unit(parts[1]), _canonical_date_unit(parts[3]))
        if units == ("年", "月"):
            return _date(parts[:4], ("年", "月"), month_end_tok=parts[4] if month_end else None)
        if month_end:
            raise _bad_date("底 follows a month, not a day", "“底”只能跟在月份后", parts[4])
        return _date(parts, ("月", "日"))

    def date_m_end(
        self, num: Token, unit: Token, end: Token
    ) -> tuple[int | None, int, int | None, int, int]:
        if _canonical_date_unit(unit) == "年":  # 2021年底: the end of December 2021
            year, _, _, start, _ = _date((num, unit), ("年",), month_end_tok=end, month=12)
            return (year, 12, None, start, _e(end))
        return _date((num, unit), ("月",), month_end_tok=end)

    def date_year_end(self, tok: Token) -> tuple[int | None, int, int | None, int, int]:
        return (None, 12, None, _s(tok), _e(tok))

    def period(self, every: Token, *rest: Token) -> Compare:
        unit_tok = rest[-1]
        value = Decimal("0.5") if len(rest) == 2 else Decimal(1)
        unit = _unit_of(str(unit_tok))
        if unit.dimension is not Dimension.DURATION:
            raise _SemanticError(
                "unexpected-token",
                f"每 needs a period of time, not '{unit_tok}'",
                f"“每”后应为时间单位，而不是“{unit_tok}”",
                _s(unit_tok),
                _e(unit_tok),
            )
        return Compare(
            Op.LE,
            Quantity(value, unit, Span(_s(every), _e(unit_tok))),
            span=Span(_s(every), _e(unit_tok)),
        )


def _quantity_and_post(rest: Iterable[Any]) -> tuple[_Raw, Token | None]:
    raw: _Raw | None = None
    post: Token | None = None
    for item in rest:
        if isinstance(item, _Raw):
            raw = item
        elif raw is not None:
            post = item
    assert raw is not None
    return raw, post


def _end(raw: _Raw, post: Token | None) -> int:
    return _e(post) if post is not None else raw.end


def _range(
    low: _Raw, high: _Raw, low_closed: bool, high_closed: bool, start: int, end: int
) -> Range:
    # 90-100% and 1-2万元: a bare low end takes the high end's scale and unit
    if low.unit is None and low.scale is None:
        low = low._replace(scale=high.scale, unit=high.unit)
    elif low.unit is None and high.unit is not None:
        low = low._replace(unit=high.unit)
    lo, hi = _finish(low), _finish(high)
    if not lo.unit.convertible_to(hi.unit):
        raise _SemanticError(
            "bad-range",
            "range ends have different units: "
            f"{lo.unit.symbol or 'none'} and {hi.unit.symbol or 'none'}",
            f"区间两端单位不一致：{lo.unit.symbol or '无'}与{hi.unit.symbol or '无'}",
            start,
            end,
        )
    if lo.in_base() > hi.in_base() or (
        lo.in_base() == hi.in_base() and not (low_closed and high_closed)
    ):
        raise _SemanticError(
            "bad-range",
            "the range is empty: its low end is not below its high end",
            "区间为空：下限不小于上限",
            start,
            end,
        )
    return Range(lo, hi, low_closed, high_closed, span=Span(start, end))


def _plus_minus(raw: _Raw, start: int, end: int, *, closed: bool = True) -> Range:
    high = _finish(raw)
    if high.value < 0:
        raise _SemanticError(
            "bad-range", "a ± tolerance cannot be negative", "±误差不能为负", start, end
        )
    low = Quantity(-high.value, high.unit, high.span)
    return Range(low, high, closed, closed, span=Span(start, end))


_DATE_UNIT_ALIASES = {"年": "年", "年度": "年", "月": "月", "个月": "月", "日": "日", "天": "日"}


def _canonical_date_unit(tok: Token) -> str | None:
    return _DATE_UNIT_ALIASES.get(str(tok))


def _bad_date(message: str, message_zh: str, tok: Token) -> _SemanticError:
    return _SemanticError("bad-date", message, message_zh, _s(tok), _e(tok))


def _date(
    parts: tuple[Any, ...],
    units: tuple[str, ...],
    month_end_tok: Token | None = None,
    month: int | None = None,
) -> tuple[int | None, int, int | None, int, int]:
    values: dict[str, int] = {}
    for (num, unit_tok), expected in zip(
        zip(parts[::2], parts[1::2], strict=True), units, strict=True
    ):
        if _canonical_date_unit(unit_tok) != expected:
            raise _bad_date(
                f"expected {expected} in a date, found '{unit_tok}'",
                f"日期中此处应为“{expected}”，而不是“{unit_tok}”",
                unit_tok,
            )
        value = _number(num)
        if value != value.to_integral_value() or value < 0:
            raise _bad_date(f"not a whole number: {num}", f"日期应为整数：{num}", num)
        values[expected] = int(value)
    year, day = values.get("年"), values.get("日")
    month = values["月"] if month is None else month
    if not 1 <= month <= 12:
        raise _bad_date(
            f"no month {month}",
            f"月份无效：{month}",
            parts[-2] if "日" not in values else parts[-4],
        )
    if year is not None and not 1900 <= year <= 2200:
        raise _bad_date(f"year {year} is out of range", f"年份超出范围：{year}", parts[0])
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= last:
            raise _bad_date(f"no day {day} in month {month}", f"{month}月没有{day}日", parts[-2])
    end_tok = month_end_tok if month_end_tok is not None else parts[-1]
    return (year, month, day, parts[0].start_pos, _e(end_tok))


# ------------------------------------------------------------------ the lark boundary


def _unpacking(method: Any) -> Any:
    return lambda children: method(*children)


@functools.cache
def _lark() -> Lark:
    from lark import Lark

    # lark calls a reduce callback with the list of children; unpack it once here rather
    # than through lark's v_args wrappers (a measurable share of the parse time)
    impl = _Callbacks()
    callbacks = SimpleNamespace(
        **{
            name: _unpacking(getattr(impl, name))
            for name in vars(_Callbacks)
            if not name.startswith("_")
        }
    )
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=callbacks,
        cache=True,
    )


@functools.cache
def _lark_errors() -> type[Exception]:
    from lark.exceptions import LarkError

    return LarkError


@functools.cache
def _vocabulary() -> tuple[frozenset[str], re.Pattern[str]]:
    """CJK characters the grammar knows, and where an embedded target may start."""
    parser = _lark()
    chars: set[str] = set()
    for term in parser.terminals:
        if term.name not in ("UNKNOWN_UNIT", "FILLER"):
            chars.update(ch for ch in term.pattern.value if "\u4e00" <= ch <= "\u9fff")
    pre_words = parser.get_terminal("PRE_WORD").pattern.value
    starts = re.compile(rf"[≥≤≧≦<>=≠±\[\d]|百分之|千分之|介于|每|{pre_words}")
    return frozenset(chars), starts


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """NFKC-normalise ``text``; the list maps each output index to an original index."""
    if text.isascii():
        return text, None
    if unicodedata.is_normalized("NFKC", text) and not _FORMAT_CHARS.search(text):
        return (text.translate(_AFTER_NFKC) if _NEEDS_TRANSLATION.search(text) else text), None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _FORMAT_CHARS.match(ch):
            continue  # zero-width spaces and BOMs pasted from Word carry no meaning
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        index.extend([i] * len(norm))
    return "".join(out).translate(_AFTER_NFKC), index


class _Attempt(NamedTuple):
    node: Node | None
    error: Exception | None


def _try_grammar(core: str) -> _Attempt:
    parser = _lark()
    try:
        node: Node = parser.parse(core)  # type: ignore[assignment]  # the callbacks build nodes
        return _Attempt(node, None)
    except _SemanticError as err:
        return _Attempt(None, err)
    except _lark_errors() as err:
        from lark.exceptions import UnexpectedInput

        if isinstance(err, UnexpectedInput):
            return _Attempt(None, err)
        # a callback failure lark wrapped; still ours to translate
        return _Attempt(
            None, err.__context__ if isinstance(err.__context__, _SemanticError) else err
        )


def _syntax_error(
    err: Exception, text: str, core: str, offset: int, index: list[int] | None
) -> IndicatorSyntaxError:
    """Translate a lark or semantic error on ``core`` into an error on the original text."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    def original(pos: int) -> int:
        pos = min(
            max(pos + offset, 0), max(len(index) - 1 if index is not None else len(text) - 1, 0)
        )
        return index[pos] if index is not None and index else pos

    expected: list[str] = []
    length = 1
    if isinstance(err, _SemanticError):
        code, message, message_zh = err.code, err.message, err.message_zh
        start = err.start
        length = max(err.end - err.start, 1)
    elif isinstance(err, UnexpectedCharacters):
        start = err.pos_in_stream or 0
        ch = core[start] if start < len(core) else ""
        code, message, message_zh = (
            "unexpected-character",
            f"unexpected character '{ch}'",
            f"无法识别的字符“{ch}”",
        )
        expected = _describe(err.allowed)
    elif isinstance(err, UnexpectedToken):
        expected = _describe(err.accepts or err.expected)
        if err.token.type == "$END":
            start = len(core.rstrip()) - 1
            code, message, message_zh = (
                "unexpected-end",
                "the expression ends too early",
                "表达式不完整",
            )
        else:
            start = _s(err.token)
            length = max(len(str(err.token)), 1)
            code, message, message_zh = (
                "unexpected-token",
                f"unexpected '{err.token}'",
                f"此处不应出现“{err.token}”",
            )
    else:  # pragma: no cover - any other lark error is still reported, never leaked
        start, code, message, message_zh = 0, "syntax-error", str(err), str(err)
    first = original(start)
    last = original(start + length - 1)
    line = text.count("\n", 0, first) + 1
    line_start = text.rfind("\n", 0, first) + 1
    column = first - line_start + 1
    end_column = last - line_start + 1
    if expected:
        message_zh += f"；应为：{'、'.join(expected)}"
    return IndicatorSyntaxError(
        message,
        code=code,
        text=text,
        column=column,
        length=max(end_column - column + 1, 1),
        expected=expected,
        message_zh=message_zh,
        line=line,
    )


def _describe(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in sorted(names):
        seen.setdefault(_EXPECTED_NAMES.get(name, name), None)
    return list(seen)


def _with_annotation(
    node: Node, annotation: str | None, subject: str | None, shift: int, index: list[int] | None
) -> Node:
    if annotation is None and not subject and shift == 0 and index is None:
        return node  # spans already point into the original text
    changes: dict[str, Any] = {}
    if annotation is not None and hasattr(node, "annotation"):
        changes["annotation"] = annotation
    if subject and hasattr(node, "subject"):
        changes["subject"] = subject
    span: Span | None = getattr(node, "span", None)
    if span is not None:
        changes["span"] = _map_span(span, shift, index)
    for field in ("quantity", "low", "high"):
        q = getattr(node, field, None)
        if isinstance(q, Quantity):
            changes[field] = Quantity(q.value, q.unit, _map_span(q.span, shift, index))
    return _evolve(node, changes) if changes else node


def _evolve(node: Node, changes: dict[str, Any]) -> Node:
    import attrs

    return attrs.evolve(node, **changes)


def _map_span(span: Span, shift: int, index: list[int] | None) -> Span:
    start, end = span.start + shift, span.end + shift
    if index is None:
        return Span(start, end)
    last = len(index) - 1
    return Span(index[min(start, last)], index[min(max(end - 1, 0), last)] + 1)


def _word(core: str) -> Node | None:
    if core[0].isdigit():
        return None  # no table word starts with a digit
    value = scales.boolean_word(core)
    if value is not None:
        return Boolean(value, word=core, span=Span(0, len(core)))
    qualified = _SCALE_QUALIFIED.match(core) if ":" in core else None
    hit = (
        scales.level_word(qualified["word"], qualified["scale"])
        if qualified
        else scales.level_word(core)
    )
    if hit is None:
        return None
    scale, level = hit
    return Qualitative(scale.name, level.word, level.rank, word=core, span=Span(0, len(core)))


def _embedded(core: str) -> tuple[Node, int, int] | None:
    """Find a target inside text (合格率达到98%, 误差≤±5%, 于2021年12月31日前完成)."""
    _, starts = _vocabulary()
    attempts = 0
    for match in starts.finditer(core):
        i = match.start()
        ends = [
            len(core),
            *(k for k in range(len(core) - 1, i, -1) if "\u4e00" <= core[k] <= "\u9fff"),
        ]
        for j in ends:
            if (i, j) == (0, len(core)):
                continue
            attempts += 1
            if attempts > 48:
                return None
            node = _try_grammar(core[i:j]).node
            if node is not None and _meaningful(node) and _is_prose(core[:i] + core[j:]):
                return node, i, j
        if attempts > 24:
            break
    return None


def _meaningful(node: Node) -> bool:
    """An embedded target counts if an operator was written or the unit is telling."""
    if isinstance(node, Compare) and node.implied:
        return node.quantity.dimension in (Dimension.PERCENT, Dimension.PERMILLE, Dimension.MONEY)
    return True


def _is_prose(context: str) -> bool:
    """Text around an embedded target must be words, not more of an expression."""
    if any(ch in _OP_CHARS or ch.isdigit() or ch in "%‰" for ch in context):
        return False
    words = context.strip()
    if not words:
        return True
    if not any(ch.isalpha() for ch in words):
        return False  # bare punctuation (~90%) is a broken expression, not prose
    return not _looks_like_expression(words)


def _looks_like_expression(core: str) -> bool:
    """Whether a string that failed to parse is a malformed expression rather than text."""
    if not core:
        return True
    if core[0] in _OP_CHARS:
        return True
    chars, _ = _vocabulary()
    has_cjk = False
    for ch in core:
        if "\u4e00" <= ch <= "\u9fff":
            has_cjk = True
            if ch not in chars:
                return False
        elif ch.isalpha():
            return False
    return has_cjk or any(ch.isdigit() or ch in "%‰" for ch in core)


# 16,384 distinct strings cover a province's vocabulary of targets (the ~40 of a document
# repeat across thousands) while bounding a long batch's memory to ~10 MB per process
@functools.lru_cache(maxsize=1 << 14)
def parse(text: str) -> Node:
    """Parse one target expression into its AST.

    >>> node = parse("≥90百分比")
    >>> node.op, node.quantity.value, node.quantity.unit.symbol
    (<Op.GE: '>='>, Decimal('90'), '%')

    Raises :class:`~perfrules.errors.IndicatorSyntaxError` for a malformed expression
    (``≥≥90%``, ``=万元``) and returns :class:`~perfrules.ast.Text` for free text
    (``严格按照合同执行``). Memoised per distinct string.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    norm, index = _normalise(text)
    stripped = norm.strip()
    if stripped and stripped[-1] in _TRAILING_PUNCT:
        stripped = stripped.rstrip(_TRAILING_PUNCT).rstrip()
    offset = len(norm) - len(norm.lstrip())
    if not stripped:
        raise IndicatorSyntaxError(
            "empty target expression", code="empty", text=text, column=1, message_zh="指标值为空"
        )
    core, annotation = stripped, None
    match = _ANNOTATION.match(stripped) if stripped[-1] == ")" else None
    if match and match["core"].strip():
        core, annotation = match["core"], match["note"].strip()
    word = _word(core)
    if word is not None:
        return _with_annotation(word, annotation, None, offset, index)
    attempt = _try_grammar(core)
    if attempt.node is not None:
        _warn_unknown_units(attempt.node)
        return _with_annotation(attempt.node, annotation, None, offset, index)
    if isinstance(attempt.error, _SemanticError):
        # the grammar read it as an expression whose meaning is wrong (2月30日前, 每次):
        # that is an error, not prose with a target somewhere inside
        raise _syntax_error(attempt.error, text, core, offset, index) from None
    found = _embedded(core)
    if found is not None:
        node, i, j = found
        subject = "…".join(part for part in (core[:i].strip(), core[j:].strip()) if part)
        _warn_unknown_units(node)
        return _with_annotation(node, annotation, subject or None, offset + i, index)
    if _looks_like_expression(core):
        assert attempt.error is not None
        raise _syntax_error(attempt.error, text, core, offset, index) from None
    return Text(text.strip(), span=Span(0, len(text)))
