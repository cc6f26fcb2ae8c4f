"""Reading values out of cells: exact decimals, percentages, placeholders, targets.

Every function that can fail raises :class:`~perfrules.errors.DocumentError` with the
cell's location and what was expected; nothing here guesses a number it cannot read.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal, InvalidOperation

from ..ast import Node
from ..errors import DocumentError, PerfrulesError
from ..model import DocumentWarning, Locator, TargetError

__all__ = [
    "Notes",
    "is_placeholder",
    "parse_amount",
    "parse_percent",
    "parse_target",
]

_PLACEHOLDER = re.compile(
    r"^(?:[/／\\\-—–_~～\s]*|[…．.。·、\s]+|指标\s*\d*\s*[:：]?|无|/|n/?a|null|none)$", re.I
)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$")


class Notes:
    """Collects the warnings of one load, in order."""

    def __init__(self) -> None:
        self.items: list[DocumentWarning] = []

    def warn(self, code: str, message: str, message_zh: str, locator: Locator | None) -> None:
        self.items.append(DocumentWarning(code, message, message_zh, locator))


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is an empty or template placeholder (``指标2：``, ``……``, ``/``, ``—``)."""
    return bool(_PLACEHOLDER.match(unicodedata.normalize("NFKC", text).strip()))


def _decimal(text: str) -> Decimal | None:
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None
    return value if value.is_finite() else None


def parse_amount(
    text: str, locator: Locator, what: str, what_zh: str, *, suffixes: tuple[str, ...] = ()
) -> Decimal | None:
    """A number in ``text`` (``55.20``, ``1,200``, ``10分``); ``None`` for an empty cell or ``—``.

    ``suffixes`` lists units that may follow the number and are dropped (``分``, ``万元``).
    """
    stripped = unicodedata.normalize("NFKC", text).strip()
    if is_placeholder(stripped):
        return None
    for suffix in suffixes:
        if stripped.endswith(suffix):
            stripped = stripped[: -len(suffix)].strip()
            break
    value = _decimal(stripped)
    if value is None:
        raise DocumentError(
            f"{what} must be a number, found {text!r}",
            location=str(locator),
            code="bad-number",
            message_zh=f"{what_zh}应为数字，实际为“{text}”",
        )
    return value


def parse_percent(text: str, locator: Locator, what: str, what_zh: str) -> Decimal | None:
    """A percent number (``25.00%`` → ``25.00``, ``25`` → ``25``); ``None`` if empty."""
    return parse_amount(text, locator, what, what_zh, suffixes=("%", "百分比"))


def parse_target(text: str | None) -> tuple[Node | None, TargetError | None, list[str]]:
    """Parse a target text: ``(node, None, notes)`` or ``(None, error, notes)``.

    ``notes`` are the parser's warnings (e.g. an unknown unit kept as an opaque unit).
    An empty or missing target gives ``(None, None, [])``: the table simply has none.
    """
    from ..parser import parse  # the parser is the only module that loads lark

    if text is None or not text.strip():
        return None, None, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            node = parse(text)
        except PerfrulesError as err:
            column = getattr(err, "column", None)
            return None, TargetError(err.code, err.message, err.message_zh, column), []
    return node, None, [str(w.message) for w in caught]
