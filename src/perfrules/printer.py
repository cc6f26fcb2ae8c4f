"""Canonical text of an AST: one text per AST, and ``parse(to_text(ast)) == ast``.

Canonical choices: symbols ``≥ > ≤ < = ≠``; no spaces; numbers without exponent or
trailing zeros; money in 万元 from 10,000 元 up and in 元 below; intervals in bracket
notation (``[80%,90%)``); annotations in full-width brackets (``≥95%（行业标准）``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch

from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Text
from .scales import default_scale_of
from .units import Dimension

__all__ = ["format_decimal", "format_quantity", "to_text"]

_TEN_THOUSAND = Decimal(10000)


def format_decimal(value: Decimal) -> str:
    """``Decimal('90.00')`` → ``90``, ``Decimal('1E+2')`` → ``100``; never an exponent."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def format_quantity(quantity: Quantity) -> str:
    """``55.2万元``, ``90%``, ``3个月``, ``12`` (a bare number)."""
    if quantity.dimension is Dimension.MONEY:
        if abs(quantity.value) >= _TEN_THOUSAND:
            return f"{format_decimal(quantity.value / _TEN_THOUSAND)}万元"
        return f"{format_decimal(quantity.value)}元"
    return f"{format_decimal(quantity.value)}{quantity.unit.symbol}"


def _annotated(text: str, annotation: str | None) -> str:
    return f"{text}（{annotation}）" if annotation else text


@singledispatch
def to_text(node: Node) -> str:
    """The canonical text of ``node``."""
    raise TypeError(f"not an expression node: {node!r}")


@to_text.register
def _compare(node: Compare) -> str:
    body = format_quantity(node.quantity)
    if not node.implied:
        body = node.op.symbol + body
    return _annotated(body, node.annotation)


@to_text.register
def _range(node: Range) -> str:
    low = "[" if node.low_closed else "("
    high = "]" if node.high_closed else ")"
    body = f"{low}{format_quantity(node.low)},{format_quantity(node.high)}{high}"
    return _annotated(body, node.annotation)


@to_text.register
def _deadline(node: Deadline) -> str:
    text = f"{node.year}年" if node.year is not None else ""
    text += f"{node.month}月"
    text += f"{node.day}日" if node.day is not None else "底"
    return _annotated(text + ("前" if node.op is Op.LE else "后"), node.annotation)


@to_text.register
def _boolean(node: Boolean) -> str:
    return _annotated("是" if node.value else "否", node.annotation)


@to_text.register
def _qualitative(node: Qualitative) -> str:
    text = (
        node.level if default_scale_of(node.level) == node.scale else f"{node.scale}:{node.level}"
    )
    return _annotated(text, node.annotation)


@to_text.register
def _text(node: Text) -> str:
    return node.text
