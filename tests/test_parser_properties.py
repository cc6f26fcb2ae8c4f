"""Property tests of the expression parser and printer (Hypothesis).

- round trip ``parse(to_text(ast)) == ast`` over strings generated from the grammar
  (``hypothesis.extra.lark.from_lark``) and over ASTs from :func:`perfrules.strategies.targets`;
- every surface spelling from :func:`perfrules.strategies.expressions` parses to its meaning;
- any string either parses or raises :class:`IndicatorSyntaxError` with a column inside it;
- spacing, full-width/NFKC variants and money scales do not change the meaning;
- spans point into the original string.

The regression tests at the end pin bugs these properties found (and that are fixed).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from perfrules import (
    Compare,
    IndicatorSyntaxError,
    Node,
    Op,
    PerfrulesWarning,
    Quantity,
    Range,
    Text,
    UnknownUnitWarning,
    parse,
    to_text,
)
from perfrules.exprjson import error_record, node_record
from perfrules.strategies import (
    _spellings,
    expressions,
    grammar_strings,
    quantities,
    targets,
)
from perfrules.units import NO_UNIT, UNITS

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pytestmark = pytest.mark.filterwarnings("ignore::perfrules.UnknownUnitWarning")


def _parse_quietly(text: str) -> Node:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownUnitWarning)
        return parse(text)


# ------------------------------------------------------------------ round trips


@PROPERTY
@given(grammar_strings())
def test_grammar_strings_round_trip(text: str) -> None:
    try:
        node = _parse_quietly(text)
    except IndicatorSyntaxError as err:
        # the grammar admits meaningless strings (an empty range, 2月30日): a clean error
        event(f"error {err.code}")
        assert 1 <= err.column <= max(len(text), 1)
        return
    event(node.kind)
    canonical = to_text(node)
    again = _parse_quietly(canonical)
    assert again == node
    assert to_text(again) == canonical  # the canonical text is a fixed point


@PROPERTY
@given(targets())
def test_target_asts_round_trip(node: Node) -> None:
    canonical = to_text(node)
    parsed = _parse_quietly(canonical)
    assert parsed == node
    assert node_record(canonical, parsed)["canonical"] == canonical


@PROPERTY
@given(_spellings())
def test_expressions_parse_to_their_meaning(pair: tuple[str, Node | None]) -> None:
    text, meaning = pair
    node = _parse_quietly(text)
    if meaning is not None:
        assert node == meaning
    assert _parse_quietly(to_text(node)) == node


@FAST
@given(expressions(forms=["comparison", "full-width", "annotated", "embedded", "free-text"]))
def test_public_expressions_never_fail(text: str) -> None:
    try:
        _parse_quietly(text)
    except IndicatorSyntaxError as err:  # pragma: no cover - the failure message
        pytest.fail(f"expressions() drew {text!r}, which fails: {err}")


# ------------------------------------------------------------------ total function

_EXPRESSION_ALPHABET = (
    "0123456789.,%‰≥≤<>=≠±+-~/[]()（）【】０９％．，＞＝ \u3000\t"
    "年月日天周季度前后底末以上下内及不低于超过达到之间介于与和至到每半"
    "万元千亿百分之比点九十一二三个次人是否好差优良:间起宗"
)


def _check_total(text: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            node = parse(text)
        except IndicatorSyntaxError as err:
            assert err.code
            assert 1 <= err.column <= max(len(text), 1)
            assert err.snippet  # a caret snippet can always be drawn
            assert error_record(text, err)["error"]["column"] == err.column
            return
    assert isinstance(node, Node)
    assert 0 <= node.span.start <= node.span.end <= len(text)  # type: ignore[attr-defined]
    assert all(issubclass(w.category, PerfrulesWarning) for w in caught)


@PROPERTY
@given(st.text())
def test_any_text_parses_or_raises_syntax_error(text: str) -> None:
    _check_total(text)


@PROPERTY
@given(st.text(alphabet=_EXPRESSION_ALPHABET, max_size=16))
def test_expression_like_text_parses_or_raises_syntax_error(text: str) -> None:
    _check_total(text)


@FAST
@given(st.lists(st.sampled_from(["≥", "90", "%", "-", "万元", "年", "12月", "底", "前", "±",
                                  "以上", "不低于", "[", ",", ")", "之间", "介于", "与", " "]),
                max_size=8).map("".join))  # fmt: skip
def test_token_soup_parses_or_raises_syntax_error(text: str) -> None:
    _check_total(text)


# ------------------------------------------------------------------ equal meanings


def test_spacing_and_full_width_do_not_change_the_meaning() -> None:
    expected = Compare(Op.GE, Quantity(Decimal(90), UNITS["%"]))
    for text in ("≥90%", "≥ 90 %", "≥９０％", "≧９０％", "＞＝９０﹪", " ≥ 90 ％ ", "≥90百分比"):
        assert parse(text) == expected, text


def _inverse_nfkc() -> dict[str, list[str]]:
    """ASCII character → other characters that NFKC maps to exactly it (０ → 0, ％ → %)."""
    table: dict[str, list[str]] = {}
    for code in [*range(0xA0, 0x10000), *range(0x1D7CE, 0x1D800)]:
        ch = chr(code)
        norm = unicodedata.normalize("NFKC", ch)
        if len(norm) == 1 and norm.isascii() and norm != ch and norm.isprintable():
            table.setdefault(norm, []).append(ch)
    return table


INVERSE_NFKC = _inverse_nfkc()


@st.composite
def _nfkc_variants(draw: st.DrawFn, text: str) -> str:
    return "".join(
        draw(st.sampled_from([ch, *INVERSE_NFKC[ch]])) if ch in INVERSE_NFKC else ch for ch in text
    )


@PROPERTY
@given(targets(kinds=["compare", "range", "deadline", "boolean", "qualitative"]), st.data())
def test_nfkc_variants_and_spacing_are_equal(node: Node, data: st.DataObject) -> None:
    canonical = to_text(node)
    pad = st.sampled_from(["", " ", "  ", "\u3000", "\t"])
    spaced = re.sub(
        r"[+-]?\d+(?:\.\d+)?", lambda m: data.draw(pad) + m.group() + data.draw(pad), canonical
    )
    variant = data.draw(_nfkc_variants(spaced))
    assert (
        unicodedata.normalize("NFKC", variant).split()
        == unicodedata.normalize("NFKC", spaced).split()
    )
    assert _parse_quietly(variant) == node


_MONEY_SPELLINGS = (
    ("元", Decimal(1)),
    ("千元", Decimal(1000)),
    ("万元", Decimal(10_000)),
    ("万", Decimal(10_000)),
    ("百万元", Decimal(1_000_000)),
    ("亿元", Decimal(100_000_000)),
    ("亿", Decimal(100_000_000)),
)


def test_money_scales_are_equal() -> None:
    assert parse("36500元") == parse("3.65万元")
    assert parse("≤36,500元") == parse("≤3.65万元") == parse("≤36.5千元")
    assert parse("1亿元") == parse("10000万元") == parse("100000000元") == parse("100百万元")
    assert parse("36500元").quantity.value == Decimal(36500)  # type: ignore[attr-defined]


@PROPERTY
@given(quantities(dimensions=["money"]), st.sampled_from(["", "≥", "≤", "="]))
def test_money_written_at_any_scale_is_one_amount(q: Quantity, op: str) -> None:
    nodes = set()
    for word, factor in _MONEY_SPELLINGS:
        amount = format(q.value / factor, "f")
        node = parse(f"{op}{amount}{word}")
        assert isinstance(node, Compare)
        assert node.quantity.unit == UNITS["元"]
        assert node.quantity.value == q.value
        nodes.add(node)
    assert len(nodes) == 1


# ------------------------------------------------------------------ spans


@PROPERTY
@given(
    _spellings(
        forms=[
            "comparison",
            "word-operator",
            "full-width",
            "range",
            "plus-minus",
            "deadline",
            "boolean",
            "qualitative",
            "annotated",
            "embedded",
        ]
    ),
    st.sampled_from(["", " ", "\u3000", "  "]),
)
def test_spans_point_into_the_original_string(pair: tuple[str, Node | None], pad: str) -> None:
    text, _ = pair
    text = pad + text + pad
    node = _parse_quietly(text)
    span = node.span  # type: ignore[attr-defined]
    assert 0 <= span.start < span.end <= len(text)
    piece = text[span.start : span.end]
    assert piece == piece.strip()
    # the spanned piece alone means the node, without its annotation or surrounding text
    bare = attrs.evolve(node, annotation=None) if hasattr(node, "annotation") else node
    assert _parse_quietly(piece) == bare
    for field in ("quantity", "low", "high"):
        q = getattr(node, field, None)
        if isinstance(q, Quantity):
            assert span.start <= q.span.start < q.span.end <= span.end
            assert text[q.span.start : q.span.end].strip() == text[q.span.start : q.span.end]


def test_span_of_a_full_width_expression_counts_original_characters() -> None:
    text = "　合格率≥９０％（行业标准）"
    node = parse(text)
    assert isinstance(node, Compare)
    assert text[node.span.start : node.span.end] == "≥９０％"
    assert text[node.quantity.span.start : node.quantity.span.end] == "９０％"


# ------------------------------------------------------------------ regressions (found here)


def test_unit_jian_is_not_between_end() -> None:
    assert parse("≥10间") == Compare(Op.GE, Quantity(Decimal(10), UNITS["间"]))


def test_bracket_range_is_not_a_thousands_number() -> None:
    node = Range(Quantity(Decimal(1), NO_UNIT), Quantity(Decimal("200.5"), NO_UNIT))
    assert parse(to_text(node)) == node


def test_long_scale_qualified_word() -> None:
    assert not isinstance(parse("satisfaction:非常满意"), Text)
