"""Unit tests of the expression parser: errors, caching, unknown units, scales, the unit table."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from perfrules import (
    Compare,
    IndicatorSyntaxError,
    Node,
    Op,
    PerfrulesError,
    Qualitative,
    Quantity,
    Text,
    UnknownUnitWarning,
    parse,
    register_scale,
    to_text,
)
from perfrules import scales as scales_module
from perfrules.ast import Deadline
from perfrules.errors import display_width
from perfrules.parser import grammar_text
from perfrules.resources import resource_path
from perfrules.units import UNITS, Dimension, opaque_unit

# ------------------------------------------------------------------ errors


def _error(text: str) -> IndicatorSyntaxError:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse(text)
    return info.value


def test_error_report_is_exact() -> None:
    err = _error("≥≥90%")
    assert isinstance(err, PerfrulesError)
    assert (err.code, err.line, err.column, err.length) == ("unexpected-token", 1, 2, 1)
    assert err.expected == ("a number / 数字", "text before the number / 文字", "半", "百分之", "±")
    assert str(err) == (
        "[unexpected-token] line 1, column 2: unexpected '≥' "
        "(expected: a number / 数字, text before the number / 文字, 半, 百分之, ±)\n"
        "≥≥90%\n"
        " ^"
    )
    assert err.message_zh.startswith("此处不应出现“≥”；应为：")
    assert err.to_dict() == {
        "code": "unexpected-token",
        "message": "unexpected '≥'",
        "message_zh": err.message_zh,
        "line": 1,
        "column": 2,
        "expected": list(err.expected),
    }


@pytest.mark.parametrize(
    ("text", "caret_line"),
    [
        ("=万元", " ^^"),  # ASCII '=' is one column; the caret spans the wide 万
        ("不低于%", "      ^"),  # three CJK characters: six columns
        ("≥９０％％", "       ^^"),  # full-width digits and ％ are two columns each
        ("2021年2月30日前", "         ^^"),  # the day "30", after 2021年2月 (9 columns)
        ("90%-100元", "^^^^^^^^^"),  # the whole range: 7 narrow + 元 (2)
        ("　≥≥90%", "   ^"),  # an ideographic space is two columns
    ],
)
def test_caret_is_aligned_by_display_width(text: str, caret_line: str) -> None:
    err = _error(text)
    first, second = str(err).split("\n")[1:]
    assert first == text
    assert second == caret_line
    assert display_width(text[: err.column - 1]) == len(caret_line) - len(caret_line.lstrip())


def test_expected_tokens_name_what_could_come_next() -> None:
    assert _error("[80,90").expected == ("] or )",)
    assert "a number / 数字" in _error("不低于%").expected
    assert _error("[90,80]").expected == ()  # a meaning error, not a token error


NASTY_INPUTS = [
    "\x00",
    "\ud800",  # a lone surrogate
    "(",
    ")",
    "[]",
    "()",
    "（）",
    "((((",
    "≥" * 500,
    "9" * 5000,
    "1," * 200,
    "百" * 300,
    "≥" + "9" * 400 + "%",
    "≥90%\n≥",
    "\r\n",
    "\\",
    "{}",
    "≥90%" + "%" * 100,
    "介于",
    "每",
    "年",
    "月底",
    "0.",
    ".5",
    "１Ｅ９",
    "\U0001f600",
    "𝟗𝟎%",
    "9\u03060%",
    "\u202e≥90%",
    "≥1e999999%",
    "二" * 300 + "年",
    "[" * 50 + "1,2" + ")" * 50,
    "≥90%（" + "（" * 20,
    "grade:",
    ":差",
    "nosuchscale:好",
    "介于" * 30,
    "±" * 30 + "5%",
    "2021年2月" + "29日" * 5,
]


@pytest.mark.parametrize("text", NASTY_INPUTS, ids=range(len(NASTY_INPUTS)))
def test_no_lark_exception_escapes(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownUnitWarning)
        try:
            node = parse(text)
        except IndicatorSyntaxError as err:
            assert type(err).__module__ == "perfrules.errors"
            assert err.__cause__ is None or isinstance(err.__cause__, PerfrulesError)
            assert 1 <= err.column <= max(len(text), 1)
            assert str(err)
            return
    assert isinstance(node, Node)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="parse\\(\\) takes a str, not bytes"):
        parse(b"90%")  # type: ignore[arg-type]


def test_error_on_a_second_line_points_at_that_line() -> None:
    err = _error("≥90%\n≥80%")
    assert (err.line, err.column) == (2, 1)
    assert err.snippet == "≥80%\n^"


# ------------------------------------------------------------------ caching


def test_parse_is_memoised_per_distinct_string() -> None:
    parse.cache_clear()
    first = parse("≥90%")
    second = parse("≥90%")
    info = parse.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    assert second is first
    spaced = parse("≥ 90 %")  # equal meaning, another string: its own entry
    assert spaced == first
    assert parse.cache_info().misses == 2


def test_errors_are_not_memoised_as_results() -> None:
    parse.cache_clear()
    for _ in range(2):
        with pytest.raises(IndicatorSyntaxError):
            parse("≥≥90%")
    assert parse.cache_info().hits == 0


# ------------------------------------------------------------------ unknown units


def test_unknown_unit_warns_and_stays_opaque() -> None:
    parse.cache_clear()
    with pytest.warns(UnknownUnitWarning) as caught:
        node = parse("≤5艘")
    assert [w.message.unit for w in caught] == ["艘"]  # type: ignore[union-attr]
    assert isinstance(node, Compare)
    unit = node.quantity.unit
    assert (unit.symbol, unit.dimension, unit.known) == ("艘", Dimension.COUNT, False)
    assert unit == opaque_unit("艘")
    assert not unit.convertible_to(UNITS["件"])
    assert to_text(node) == "≤5艘"
    assert node == Compare(Op.LE, Quantity(Decimal(5), opaque_unit("艘")))


def test_no_unknown_unit_warning_when_the_result_has_no_unknown_unit() -> None:
    parse.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(IndicatorSyntaxError):
            parse("百分之九十五点五")
        with pytest.raises(IndicatorSyntaxError):
            parse("5起前")  # a date needs 月: an error, not text
        assert isinstance(parse("按5起事故标准执行"), Text)
    assert [w for w in caught if issubclass(w.category, UnknownUnitWarning)] == []


# ------------------------------------------------------------------ register_scale


@pytest.fixture
def scratch_scales() -> Iterator[None]:
    """Restore the scale tables (and the parse cache) after a test registers scales."""
    saved_scales = dict(scales_module.SCALES)
    saved_words = dict(scales_module._WORDS)
    parse.cache_clear()
    yield
    scales_module.SCALES.clear()
    scales_module.SCALES.update(saved_scales)
    scales_module._WORDS.clear()
    scales_module._WORDS.update(saved_words)
    parse.cache_clear()


@pytest.mark.usefixtures("scratch_scales")
def test_register_scale_extends_the_language() -> None:
    scale = register_scale("province", ["不达标", "基本达标", ("完全达标", ["全面达标"])])
    assert [(level.word, level.rank) for level in scale.levels] == [
        ("不达标", 0),
        ("基本达标", 1),
        ("完全达标", 2),
    ]
    assert parse("基本达标") == Qualitative("province", "基本达标", 1)
    assert parse("全面达标") == Qualitative("province", "完全达标", 2)
    assert to_text(parse("全面达标（计划标准）")) == "完全达标（计划标准）"
    # a word another scale already owns keeps its default; the new scale is named explicitly
    register_scale("stars", ["差", "好", "很好"])
    assert parse("好") == Qualitative("good", "好", 3)
    named = parse("stars:好")
    assert named == Qualitative("stars", "好", 1)
    assert to_text(named) == "stars:好"
    assert parse(to_text(named)) == named
    assert parse("很好") == Qualitative("stars", "很好", 2)


@pytest.mark.usefixtures("scratch_scales")
def test_register_scale_validates() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_scale("good", ["x"])
    with pytest.raises(ValueError, match="ASCII identifier"):
        register_scale("满意度", ["x"])
    with pytest.raises(ValueError, match="at least one level"):
        register_scale("empty", [])
    replaced = register_scale("good", ["坏", "好"], replace=True)
    assert scales_module.SCALES["good"] is replaced


@pytest.mark.usefixtures("scratch_scales")
def test_register_scale_after_parsing_the_word() -> None:
    assert isinstance(parse("很高"), Text)
    register_scale("demo", ["一般般", "很高"])
    assert parse("很高") == Qualitative("demo", "很高", 1)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Deadline(Op.EQ, 12),  # "on" a month: no text means that
        lambda: Deadline(Op.GT, 12, 2021),  # 前/后 give ≤ and ≥ only
        lambda: Compare(Op.LE, Quantity(Decimal(5), UNITS["%"]), implied=True),  # prints 5% (≥)
    ],
    ids=["deadline-eq-month", "deadline-gt", "implied-le"],
)
def test_asts_that_no_text_means_cannot_be_built(build: Callable[[], Node]) -> None:
    # so that parse(to_text(ast)) == ast holds for every AST that can exist
    with pytest.raises(ValueError):
        build()


# ------------------------------------------------------------------ the unit table


def _alternation(name: str) -> list[str]:
    match = re.search(rf"^{name}(?:\.\d+)?:\s*/(.*)/\s*$", grammar_text(), re.M)
    assert match, f"terminal {name} not found in the grammar"
    return match.group(1).split("|")


GRAMMAR_UNITS = _alternation("UNIT")
GRAMMAR_SCALES = _alternation("SCALE")


def test_grammar_is_the_shipped_file() -> None:
    path = resource_path("grammar", "indicator.lark")
    assert grammar_text() == path.read_text(encoding="utf-8")
    assert "UNIT" in grammar_text()


def test_unit_terminal_agrees_with_the_unit_table() -> None:
    money = {s for s, unit in UNITS.items() if unit.dimension is Dimension.MONEY}
    # every non-money spelling of the table reaches the lexer (after NFKC) as a UNIT
    missing = sorted(
        s for s in UNITS if s not in money and unicodedata.normalize("NFKC", s) not in GRAMMAR_UNITS
    )
    assert missing == []
    # every UNIT alternative is a spelling of the table
    assert sorted(set(GRAMMAR_UNITS) - set(UNITS)) == []
    # money: 元 (and 人民币元) are units; the rest is SCALE + 元 or a SCALE alone
    for spelling in money:
        if spelling in GRAMMAR_UNITS:
            assert UNITS[spelling] == UNITS["元"]
        else:
            scale = spelling.removesuffix("元")
            assert scale in GRAMMAR_SCALES, spelling
    assert set(GRAMMAR_UNITS) & money == {"元", "人民币元"}


def test_unit_alternation_order_never_shadows_a_longer_spelling() -> None:
    pattern = re.compile("|".join(GRAMMAR_UNITS))
    for spelling in GRAMMAR_UNITS:
        assert pattern.match(spelling).group() == spelling  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "spelling",
    [s for s in GRAMMAR_UNITS],
)
def test_every_unit_spelling_parses_to_its_unit(spelling: str) -> None:
    node = parse(f"≥5{spelling}")
    assert isinstance(node, Compare)
    unit = UNITS[spelling]
    expected = Decimal(5) * unit.factor if unit.dimension is Dimension.MONEY else Decimal(5)
    assert node.quantity.value == expected
    assert node.quantity.unit == (UNITS["元"] if unit.dimension is Dimension.MONEY else unit)
