"""perfrules.strategies: argument validation, what each strategy draws, documented examples."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from perfrules import (
    Boolean,
    Compare,
    Deadline,
    Node,
    Qualitative,
    Quantity,
    Range,
    Text,
    UnknownUnitWarning,
    parse,
    strategies,
    to_text,
)
from perfrules.strategies import FORMS, KINDS, expressions, grammar_strings, quantities, targets
from perfrules.units import Dimension

QUICK = settings(max_examples=60, deadline=None, database=None)


def draw_once(strategy: SearchStrategy[Any]) -> None:
    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def inner(_: Any) -> None:
        pass

    inner()


BAD_ARGUMENTS: list[tuple[str, Callable[[], SearchStrategy[Any]], str]] = [
    ("dimensions-str", lambda: quantities(dimensions="percent"), "single string"),
    ("dimensions-empty", lambda: quantities(dimensions=[]), "must not be empty"),
    ("dimensions-unknown", lambda: quantities(dimensions=["weight"]), "'weight'"),
    ("dimensions-no-units", lambda: quantities(dimensions=["other"]), "no unit"),
    ("min-float", lambda: quantities(min_value=1.5), "int or a Decimal"),  # type: ignore[arg-type]
    ("min-bool", lambda: quantities(min_value=True), "int or a Decimal"),
    ("min-str", lambda: quantities(min_value="5"), "int or a Decimal"),  # type: ignore[arg-type]
    ("min-nan", lambda: quantities(min_value=Decimal("NaN")), "finite"),
    ("max-inf", lambda: quantities(max_value=Decimal("Infinity")), "finite"),
    ("min-gt-max", lambda: quantities(min_value=5, max_value=1), "greater than"),
    (
        "no-value-in-bounds",
        lambda: quantities(min_value=Decimal("0.001"), max_value=Decimal("0.009")),
        "at most 2 decimals",
    ),
    ("kinds-str", lambda: targets(kinds="compare"), "single string"),
    ("kinds-empty", lambda: targets(kinds=[]), "must not be empty"),
    ("kinds-unknown", lambda: targets(kinds=["interval"]), "'interval'"),
    (
        "dimensions-without-quantities",
        lambda: targets(kinds=["boolean", "text"], dimensions=["percent"]),
        "only applies",
    ),
    ("targets-dimensions-unknown", lambda: targets(dimensions=["speed"]), "'speed'"),
    ("forms-str", lambda: expressions(forms="money"), "single string"),
    ("forms-empty", lambda: expressions(forms=()), "must not be empty"),
    ("forms-unknown", lambda: expressions(forms=["latin"]), "'latin'"),
]


@pytest.mark.parametrize(
    ("make", "message"),
    [(m, msg) for _, m, msg in BAD_ARGUMENTS],
    ids=[i for i, _, _ in BAD_ARGUMENTS],
)
def test_bad_arguments_raise_invalid_argument_when_drawn(
    make: Callable[[], SearchStrategy[Any]], message: str
) -> None:
    strategy = make()  # building the strategy never raises: validation happens at draw time
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        draw_once(strategy)


def test_constants_name_every_choice() -> None:
    assert set(KINDS) == {"compare", "range", "deadline", "boolean", "qualitative", "text"}
    assert len(FORMS) == len(set(FORMS)) == 16


# ------------------------------------------------------------------ what they draw


@QUICK
@given(quantities(dimensions=["money"], min_value=-100, max_value=Decimal("2.5")))
def test_quantities_respect_dimension_and_bounds(q: Quantity) -> None:
    assert q.unit.symbol == "元"
    assert Decimal(-100) <= q.value <= Decimal("2.5")
    assert q.value == q.value.quantize(Decimal("0.01"))


@QUICK
@given(quantities(min_value=Decimal("0.5"), max_value=Decimal("0.5")))
def test_quantities_with_equal_bounds_draw_that_value(q: Quantity) -> None:
    assert q.value == Decimal("0.5")


@QUICK
@given(quantities(dimensions=[Dimension.PERCENT, "duration"], min_value=200))
def test_quantities_accept_dimension_members_and_names(q: Quantity) -> None:
    assert q.dimension in (Dimension.PERCENT, Dimension.DURATION)
    assert q.value >= 200
    assert q.unit.known


@QUICK
@given(targets(kinds=["range"], dimensions=["percent", "count"]))
def test_ranges_are_non_empty_in_one_unit(node: Node) -> None:
    assert isinstance(node, Range)
    assert node.low.unit == node.high.unit
    assert node.low.dimension in (Dimension.PERCENT, Dimension.COUNT)
    assert node.low.value < node.high.value


@QUICK
@given(targets(kinds=["deadline"]))
def test_deadlines_are_real_dates(node: Node) -> None:
    assert isinstance(node, Deadline)
    datetime.date(node.year or 2000, node.month, node.day or 1)  # raises if not a date


@QUICK
@given(targets(kinds=["text"]))
def test_texts_really_parse_to_text(node: Node) -> None:
    assert isinstance(node, Text)
    assert parse(node.text) == node


@QUICK
@given(targets(kinds=["boolean", "qualitative"]))
def test_words_round_trip(node: Node) -> None:
    assert isinstance(node, Boolean | Qualitative)
    assert parse(to_text(node)) == node


@QUICK
@given(targets(kinds=["compare"], dimensions=["duration"]))
def test_compare_targets_use_the_dimensions_given(node: Node) -> None:
    assert isinstance(node, Compare)
    assert node.quantity.dimension is Dimension.DURATION


KIND_OF_FORM = {
    "comparison": {"compare"},
    "bare": {"compare"},
    "word-operator": {"compare"},
    "percent-spelling": {"compare"},
    "full-width": {"compare", "range"},
    "range": {"range"},
    "plus-minus": {"range"},
    "money": {"compare"},
    "duration": {"compare"},
    "deadline": {"deadline"},
    "boolean": {"boolean"},
    "qualitative": {"qualitative"},
    "annotated": {"compare", "range", "deadline", "boolean", "qualitative"},
    "embedded": {"compare"},
    "free-text": {"text"},
}


@pytest.mark.parametrize("form", sorted(KIND_OF_FORM))
def test_each_form_gives_its_kind(form: str) -> None:
    @settings(max_examples=25, deadline=None, database=None)
    @given(expressions(forms=[form]))
    def check(text: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownUnitWarning)
            try:
                kind = parse(text).kind
            except Exception as err:
                raise AssertionError(f"{text!r}: {err}") from err
        assert kind in KIND_OF_FORM[form], text

    check()


@settings(max_examples=30, deadline=None, database=None)
@given(grammar_strings())
def test_grammar_strings_are_strings(text: str) -> None:
    assert isinstance(text, str)


# ------------------------------------------------------------------ documentation


PUBLIC = [
    strategies.quantities,
    strategies.targets,
    strategies.expressions,
    strategies.grammar_strings,
    strategies.actuals_for,
    strategies.indicators,
    strategies.projects,
    strategies.documents,
    strategies.mutations,
]


def test_all_public_strategies_are_listed() -> None:
    import inspect

    functions = {
        name for name in strategies.__all__ if inspect.isfunction(getattr(strategies, name))
    }
    assert functions == {f.__name__ for f in PUBLIC}


@pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__name__)
def test_docstring_example_runs(function: Callable[..., Any]) -> None:
    doc = function.__doc__ or ""
    assert "Example::" in doc
    example = textwrap.dedent(doc.split("Example::", 1)[1]).strip()
    assert f"{function.__name__}(" in example
    namespace: dict[str, Any] = {}
    exec(compile(example, f"<{function.__name__} docstring>", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownUnitWarning)
        settings(max_examples=30, deadline=None, database=None)(tests[0])()


def test_import_perfrules_does_not_import_hypothesis() -> None:
    code = "import sys, perfrules; print('hypothesis' in sys.modules, 'lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_strategies_are_plain_functions_with_keyword_only_arguments() -> None:
    import inspect

    # optional arguments are keyword-only; a required one (actuals_for's target, like
    # sampled_from's elements) may be positional
    for function in PUBLIC:
        for parameter in inspect.signature(function).parameters.values():
            if parameter.default is inspect.Parameter.empty:
                assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, parameter
            else:
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (function, parameter)


_ = st  # the strategies module re-exports nothing from hypothesis
