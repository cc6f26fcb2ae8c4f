"""The typed, immutable AST of indicator target expressions.

Every node is a frozen attrs class; children are nodes or tuples; numbers are exact
:class:`~decimal.Decimal`. ``span`` (where the node sits in the *original* text) and other
presentation details are kept out of equality, so ``parse("≥ 90 %") == parse("≥90%")``.

Money is stored in 元 (``55.2万元`` → ``Quantity(Decimal("552000"), 元)``), so the same
amount written at different scales compares equal. Other units keep the unit written
(aliases resolved: ``月`` → ``个月``); :mod:`perfrules.units` converts between them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

import attrs

from .units import Dimension, Unit

__all__ = [
    "Boolean",
    "Compare",
    "Deadline",
    "Node",
    "Op",
    "Qualitative",
    "Quantity",
    "Range",
    "Span",
    "Text",
]


class Op(StrEnum):
    """Comparison operators; values are the JSON contract's ASCII spellings."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    NE = "!="

    @property
    def symbol(self) -> str:
        """The canonical printed symbol (``≥`` for ``>=``)."""
        return _OP_SYMBOLS[self]


_OP_SYMBOLS = {
    Op.GE: "≥",
    Op.GT: ">",
    Op.LE: "≤",
    Op.LT: "<",
    Op.EQ: "=",
    Op.NE: "≠",
}


@attrs.frozen
class Span:
    """Half-open character range ``[start, end)`` in the original text (0-based)."""

    start: int
    end: int


_NO_SPAN = Span(0, 0)


@attrs.frozen
class Quantity:
    """A number with a unit; money is always held in 元."""

    value: Decimal
    unit: Unit
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)

    @property
    def dimension(self) -> Dimension:
        return self.unit.dimension

    def in_base(self) -> Decimal:
        """The value in the base unit of its group (元, 小时, 米 …)."""
        return self.value * self.unit.factor


@attrs.frozen
class Node:
    """Base of every target expression node."""

    kind: ClassVar[str] = "node"


@attrs.frozen
class Compare(Node):
    """``op quantity``: ``≥90%``, ``=55.2万元``, ``≤3个月``.

    ``implied`` is true for a bare quantity (``55.2万元``): the operator was not written and
    ``op`` holds the default (``≥``); the direction is then decided from the indicator's
    name and category by the judge. ``subject`` keeps text found before an embedded
    target (``合格率`` in ``合格率达到98%``); it is presentation, not meaning.
    """

    kind: ClassVar[str] = "compare"
    op: Op
    quantity: Quantity
    implied: bool = attrs.field(default=False)
    annotation: str | None = None
    subject: str | None = attrs.field(default=None, eq=False)
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)

    @implied.validator
    def _only_default_op_implied(self, _: object, implied: bool) -> None:
        # an operator that was not written is the default ≥ (direction comes later from
        # the indicator); anything else could not be printed back without its operator
        if implied and self.op is not Op.GE:
            raise ValueError(f"an implied operator is ≥, not {self.op.symbol}")


@attrs.frozen
class Range(Node):
    """An interval ``[low, high]`` with recorded closedness (``90%-100%``, ``[80,90)``, ``±2%``)."""

    kind: ClassVar[str] = "range"
    low: Quantity
    high: Quantity
    low_closed: bool = True
    high_closed: bool = True
    annotation: str | None = None
    subject: str | None = attrs.field(default=None, eq=False)
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)


@attrs.frozen
class Deadline(Node):
    """A date to be met: ``2021年12月31日前`` (op ``<=``), ``12月底前`` (day None: month end).

    ``op`` is ``<=`` (by the date; also a date written without 前) or ``>=`` (后, after it).

    ``year`` is None when the document leaves it implicit (the budget year).
    """

    kind: ClassVar[str] = "deadline"
    op: Op = attrs.field()
    month: int
    year: int | None = None
    day: int | None = None
    annotation: str | None = None
    subject: str | None = attrs.field(default=None, eq=False)
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)

    @op.validator
    def _by_or_after(self, _: object, op: Op) -> None:
        if op not in (Op.LE, Op.GE):
            raise ValueError(f"a deadline is 'by' (≤) or 'after' (≥), not {op.symbol}")

    @property
    def iso(self) -> str:
        """ISO 8601 (partial) date: ``2021-12-31``, ``2021-12``, ``--12-31``, ``--12``."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        text = f"{year}-{self.month:02d}"
        return text if self.day is None else f"{text}-{self.day:02d}"


@attrs.frozen
class Boolean(Node):
    """A yes/no target (``是``, ``有``, ``已建立``, ``√``, ``否``, ``无``)."""

    kind: ClassVar[str] = "boolean"
    value: bool
    annotation: str | None = None
    word: str | None = attrs.field(default=None, eq=False)
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)


@attrs.frozen
class Qualitative(Node):
    """A level on a named, ordered scale (``较好`` on ``good``); ``rank`` 0 is the lowest."""

    kind: ClassVar[str] = "qualitative"
    scale: str
    level: str
    rank: int
    annotation: str | None = None
    word: str | None = attrs.field(default=None, eq=False)
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)


@attrs.frozen
class Text(Node):
    """A free-text target (``严格按照合同执行``), judged by a reviewer."""

    kind: ClassVar[str] = "text"
    text: str
    span: Span = attrs.field(default=_NO_SPAN, eq=False, repr=False)
