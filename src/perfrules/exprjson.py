"""The JSON contract of ``perfrules parse --json`` (DESIGN §2): one object per expression.

Decimals are strings; money is in 元. Kinds: ``compare`` (op, value, unit, dimension,
implied_op), ``range`` (low, high, low_closed, high_closed, unit, dimension), ``boolean``
(value), ``qualitative`` (scale, level, rank), ``deadline`` (op, date), ``text``. A failed
parse gives ``{"text", "ok": false, "error": {"code", "message", "column"}}``.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from .ast import Boolean, Compare, Deadline, Node, Qualitative, Quantity, Range, Text
from .errors import IndicatorSyntaxError
from .printer import format_decimal, to_text
from .units import Unit

__all__ = ["error_record", "node_record"]


def _quantity_fields(quantity: Quantity) -> dict[str, Any]:
    return {
        "value": format_decimal(quantity.value),
        "unit": quantity.unit.symbol,
        "dimension": quantity.dimension.value,
    }


@singledispatch
def _fields(node: Node) -> dict[str, Any]:
    raise TypeError(f"not an expression node: {node!r}")


@_fields.register
def _compare(node: Compare) -> dict[str, Any]:
    return {"op": node.op.value, **_quantity_fields(node.quantity), "implied_op": node.implied}


def _in_unit(quantity: Quantity, unit: Unit) -> Quantity:
    if quantity.unit == unit:
        return quantity
    return Quantity(quantity.in_base() / unit.factor, unit)


@_fields.register
def _range(node: Range) -> dict[str, Any]:
    # one unit for the record: the finer of the two ends' (3个月至1年 → 3 and 12 个月), so
    # both values stay exact
    unit = min((node.low.unit, node.high.unit), key=lambda u: u.factor)
    low = _quantity_fields(_in_unit(node.low, unit))
    high = _quantity_fields(_in_unit(node.high, unit))
    return {
        "low": low["value"],
        "high": high["value"],
        "low_closed": node.low_closed,
        "high_closed": node.high_closed,
        "unit": high["unit"],
        "dimension": high["dimension"],
    }


@_fields.register
def _boolean(node: Boolean) -> dict[str, Any]:
    return {"value": node.value}


@_fields.register
def _qualitative(node: Qualitative) -> dict[str, Any]:
    return {"scale": node.scale, "level": node.level, "rank": node.rank}


@_fields.register
def _deadline(node: Deadline) -> dict[str, Any]:
    return {"op": node.op.value, "date": node.iso}


@_fields.register
def _text(node: Text) -> dict[str, Any]:
    return {}


def node_record(text: str, node: Node) -> dict[str, Any]:
    """The JSON object for a parsed expression."""
    record: dict[str, Any] = {"text": text, "ok": True, "kind": node.kind}
    record.update(_fields(node))
    annotation = getattr(node, "annotation", None)
    if annotation:
        record["annotation"] = annotation
    subject = getattr(node, "subject", None)
    if subject:
        record["subject"] = subject
    record["canonical"] = to_text(node)
    warnings = [
        f"unknown unit '{q.unit.symbol}'"
        for q in (getattr(node, name, None) for name in ("quantity", "low", "high"))
        if isinstance(q, Quantity) and not q.unit.known
    ]
    if warnings:
        record["warnings"] = sorted(set(warnings))
    return record


def error_record(text: str, error: IndicatorSyntaxError) -> dict[str, Any]:
    """The JSON object for an expression that failed to parse."""
    return {
        "text": text,
        "ok": False,
        "error": {
            "code": error.code,
            "message": error.message,
            "message_zh": error.message_zh,
            "column": error.column,
            "expected": list(error.expected),
        },
    }
