"""The AST of the rule condition language (frozen attrs; ``pos`` is kept out of equality).

``pos`` is the 0-based character offset of the node in the expression source, so load-time
errors can point a caret at the offending path or call.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..ast import Quantity

__all__ = [
    "Attr",
    "BinOp",
    "Bool",
    "Call",
    "Compare",
    "Expr",
    "Filter",
    "In",
    "ListLit",
    "Logic",
    "Matches",
    "Name",
    "Neg",
    "Not",
    "Null",
    "Number",
    "QuantityLit",
    "String",
]


def _pos() -> int:
    return attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Expr:
    """Base of rule-language nodes."""


@attrs.frozen
class Number(Expr):
    value: Decimal
    pos: int = _pos()


@attrs.frozen
class QuantityLit(Expr):
    value: Quantity
    text: str
    pos: int = _pos()


@attrs.frozen
class String(Expr):
    value: str
    pos: int = _pos()


@attrs.frozen
class Bool(Expr):
    value: bool
    pos: int = _pos()


@attrs.frozen
class Null(Expr):
    pos: int = _pos()


@attrs.frozen
class ListLit(Expr):
    items: tuple[Expr, ...]
    pos: int = _pos()


@attrs.frozen
class Name(Expr):
    name: str
    pos: int = _pos()


@attrs.frozen
class Attr(Expr):
    target: Expr
    name: str
    pos: int = _pos()


@attrs.frozen
class Filter(Expr):
    target: Expr
    predicate: Expr
    pos: int = _pos()


@attrs.frozen
class Call(Expr):
    function: str
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...] = ()
    pos: int = _pos()


@attrs.frozen
class Neg(Expr):
    operand: Expr
    pos: int = _pos()


@attrs.frozen
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr
    pos: int = _pos()


@attrs.frozen
class Compare(Expr):
    op: str
    left: Expr
    right: Expr
    tolerance: Expr | None = None
    pos: int = _pos()


@attrs.frozen
class Matches(Expr):
    operand: Expr
    pattern: str
    pos: int = _pos()


@attrs.frozen
class In(Expr):
    item: Expr
    container: Expr
    negated: bool = False
    pos: int = _pos()


@attrs.frozen
class Logic(Expr):
    op: str  # "and" | "or"
    left: Expr
    right: Expr
    pos: int = _pos()


@attrs.frozen
class Not(Expr):
    operand: Expr
    pos: int = _pos()
