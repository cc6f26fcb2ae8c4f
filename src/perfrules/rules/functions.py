"""Functions a rule may call: the built-in aggregates and registered Python checks.

A registered check is an ordinary Python function with a declared signature
(:func:`register_check`); the signature is checked when a ruleset loads, so a rule that
calls ``near_duplicate(name)`` with one argument fails at load time, not on the first
document. Rules never run arbitrary code: only functions registered here are callable.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..ast import Quantity
from .schema import ANY, BOOL, NUMBER, STRING, Type, list_of, quantity_of

__all__ = [
    "CHECKS",
    "TYPE_NAMES",
    "Check",
    "RuleRuntimeError",
    "register_check",
]


class RuleRuntimeError(Exception):
    """A rule failed while evaluating (division by zero, units that do not convert …)."""


TYPE_NAMES: dict[str, Type] = {
    "any": ANY,
    "number": NUMBER,
    "string": STRING,
    "bool": BOOL,
    "quantity": quantity_of(),
    "list": list_of(ANY),
}


def type_named(name: str) -> Type:
    """``"string"`` → STRING; object type names (``"indicator"``) → that object type."""
    from .schema import OBJECTS, object_of

    if name in TYPE_NAMES:
        return TYPE_NAMES[name]
    if name.startswith("list<") and name.endswith(">"):
        return list_of(type_named(name[5:-1]))
    if name in OBJECTS:
        return object_of(name)
    raise ValueError(
        f"unknown type name {name!r}; use one of {sorted(TYPE_NAMES)} or an object type"
    )


@attrs.frozen
class Check:
    """A registered Python check: name, implementation and declared signature."""

    name: str
    function: Callable[..., Any]
    params: tuple[Type, ...]
    returns: Type
    doc: str = ""


CHECKS: dict[str, Check] = {}
"""Registered checks by name."""


def register_check(
    name: str, *, params: Sequence[str], returns: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``function`` as a check rules may call by ``name``.

    ``params`` and ``returns`` are type names (``"string"``, ``"number"``, ``"quantity"``,
    ``"bool"``, ``"list"``, ``"any"`` or an object type such as ``"indicator"``). A ``None``
    argument short-circuits to ``None`` (the rule then does not apply).

    >>> @register_check("shouts", params=["string"], returns="bool")
    ... def shouts(text: str) -> bool:
    ...     return text.isupper()
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        if not name.isidentifier():
            raise ValueError(f"check name must be an identifier: {name!r}")
        if name in BUILTINS:
            raise ValueError(f"{name!r} is a built-in function")
        CHECKS[name] = Check(
            name,
            function,
            tuple(type_named(p) for p in params),
            type_named(returns),
            (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else "",
        )
        return function

    return decorate


# ------------------------------------------------------------------ built-ins (eager)


def _values(items: Iterable[Any]) -> list[Any]:
    return [item for item in items if item is not None]


def _sum(items: Iterable[Any]) -> Any:
    present = _values(items)
    if not present:
        return None  # an empty sum has no unit: the comparison using it does not apply
    total = present[0]
    for item in present[1:]:
        total = add(total, item)
    return total


def _extreme(items: Iterable[Any], pick: Callable[[Any, Any], bool]) -> Any:
    present = _values(items)
    if not present:
        return None
    best = present[0]
    for item in present[1:]:
        if pick(item, best):
            best = item
    return best


def _non_decreasing(items: Iterable[Any]) -> bool | None:
    present = _values(items)
    return all(not less(b, a) for a, b in itertools.pairwise(present))


def _missing(expected: Iterable[Any], actual: Iterable[Any]) -> tuple[Any, ...]:
    seen = set(_values(actual))
    return tuple(item for item in expected if item not in seen)


def _first(items: Sequence[Any]) -> Any:
    return items[0] if items else None


def _last(items: Sequence[Any]) -> Any:
    return items[-1] if items else None


def _length(value: Any) -> Decimal:
    return Decimal(len(value))


def _abs(value: Any) -> Any:
    if isinstance(value, Quantity):
        return Quantity(abs(value.value), value.unit)
    return abs(value)


#: name → (implementation, parameter count range, result type from argument types)
BUILTINS: dict[str, tuple[Callable[..., Any], tuple[int, int], Callable[[list[Type]], Type]]] = {
    "sum": (_sum, (1, 1), lambda a: _element(a[0]) if _element(a[0]).kind != "any" else ANY),
    "min": (lambda xs: _extreme(xs, less), (1, 1), lambda a: _element(a[0])),
    "max": (lambda xs: _extreme(xs, lambda x, y: less(y, x)), (1, 1), lambda a: _element(a[0])),
    "first": (_first, (1, 1), lambda a: _element(a[0])),
    "last": (_last, (1, 1), lambda a: _element(a[0])),
    "non_decreasing": (_non_decreasing, (1, 1), lambda a: BOOL),
    "missing": (_missing, (2, 2), lambda a: a[0]),
    "is_set": (lambda x: x is not None and x != "" and x != (), (1, 1), lambda a: BOOL),
    "len": (_length, (1, 1), lambda a: NUMBER),
    "abs": (_abs, (1, 1), lambda a: a[0]),
}
"""Eager built-ins. ``count``, ``any``, ``all``, ``unique`` and ``duplicates`` take a
predicate or key evaluated per element and are compiled as special forms."""

SPECIAL_FORMS = ("count", "any", "all", "unique", "duplicates")


def _element(t: Type) -> Type:
    return t.element if t.kind == "list" and t.element is not None else ANY


# ------------------------------------------------------------------ arithmetic


def _base(q: Quantity) -> tuple[Decimal, str, str]:
    return q.value * q.unit.factor, q.unit.base, q.unit.dimension.value


def _check_same(a: Quantity, b: Quantity, what: str) -> None:
    if a.unit.dimension is not b.unit.dimension or a.unit.base != b.unit.base:
        raise RuleRuntimeError(
            f"cannot {what} {a.unit.symbol or 'a number'} and {b.unit.symbol or 'a number'}"
        )


def add(a: Any, b: Any, sign: int = 1) -> Any:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        _check_same(a, b, "add")
        va, _, _ = _base(a)
        vb, _, _ = _base(b)
        return Quantity((va + sign * vb) / a.unit.factor, a.unit)
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + sign * b
    raise RuleRuntimeError(f"cannot add {type_name(a)} and {type_name(b)}")


def less(a: Any, b: Any) -> bool:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        _check_same(a, b, "compare")
        return _base(a)[0] < _base(b)[0]
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    raise RuleRuntimeError(f"cannot compare {type_name(a)} and {type_name(b)}")


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, Quantity):
        return f"quantity<{value.unit.dimension.value}>"
    if isinstance(value, str):
        return "string"
    if isinstance(value, tuple):
        return "list"
    return type(value).__name__
