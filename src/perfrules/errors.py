"""The error tree: every error perfrules raises derives from :class:`PerfrulesError`.

Errors are records, not just strings: a stable ``code`` that callers can switch on,
messages in English and Chinese, and a location precise enough to point back at the
offending character, cell or rule line. ``str(err)`` gives a readable report with a caret
snippet aligned by terminal display width (CJK characters take two columns).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = [
    "DocumentError",
    "IndicatorSyntaxError",
    "PerfrulesError",
    "PerfrulesWarning",
    "PolicyError",
    "RulesetError",
    "UnitMismatchError",
    "UnknownUnitWarning",
    "caret_snippet",
    "display_width",
]


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: wide and full-width characters count two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def caret_snippet(line_text: str, column: int, length: int = 1) -> str:
    """Return ``line_text`` with a caret line under 1-based ``column`` spanning ``length`` chars.

    The caret is padded by display width so it sits under the right glyph in a terminal
    even when the line holds 万/元 or full-width digits.
    """
    line_text = line_text.replace("\t", " ")
    start = max(column - 1, 0)
    pad = display_width(line_text[:start])
    marked = line_text[start : start + max(length, 1)]
    carets = max(display_width(marked), 1)
    return f"{line_text}\n{' ' * pad}{'^' * carets}"


class PerfrulesError(Exception):
    """Root of every error raised by perfrules.

    ``code`` is stable across releases; ``message`` is English, ``message_zh`` Chinese.
    """

    code: str = "perfrules-error"

    def __init__(self, message: str, *, code: str | None = None, message_zh: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh if message_zh is not None else message
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready record of the error."""
        return {"code": self.code, "message": self.message, "message_zh": self.message_zh}

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class IndicatorSyntaxError(PerfrulesError):
    """A target expression could not be understood.

    ``column`` is 1-based and counts characters of the *original* text (before the
    full-width/NFKC normalisation the parser applies), so it points at what the user typed.
    """

    code = "syntax-error"

    def __init__(
        self,
        message: str,
        *,
        code: str,
        text: str,
        column: int,
        length: int = 1,
        expected: Sequence[str] = (),
        message_zh: str | None = None,
        line: int = 1,
    ):
        super().__init__(message, code=code, message_zh=message_zh)
        self.text = text
        self.line = line
        self.column = column
        self.length = length
        self.expected = tuple(expected)

    @property
    def snippet(self) -> str:
        """The offending line with a caret under the error, aligned by display width."""
        lines = self.text.splitlines() or [""]
        line_text = lines[min(self.line, len(lines)) - 1]
        return caret_snippet(line_text, self.column, self.length)

    def to_dict(self) -> dict[str, object]:
        record = super().to_dict()
        record.update(line=self.line, column=self.column, expected=list(self.expected))
        return record

    def __str__(self) -> str:
        head = f"[{self.code}] line {self.line}, column {self.column}: {self.message}"
        if self.expected:
            head += f" (expected: {', '.join(self.expected)})"
        return f"{head}\n{self.snippet}"


class UnitMismatchError(PerfrulesError):
    """Two quantities of different dimensions were compared (``≥90%`` against ``55.2万元``)."""

    code = "unit-mismatch"


class PolicyError(PerfrulesError):
    """A scoring policy file is malformed; carries ``file`` and ``line``."""

    code = "policy-error"

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        code: str | None = None,
        message_zh: str | None = None,
    ):
        super().__init__(message, code=code, message_zh=message_zh)
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: [{self.code}] {self.message}"


class DocumentError(PerfrulesError):
    """A document could not be loaded; ``location`` is ``file``, ``file:line`` or ``file!cell``."""

    code = "document-error"

    def __init__(
        self,
        message: str,
        *,
        location: str,
        code: str | None = None,
        message_zh: str | None = None,
    ):
        super().__init__(message, code=code, message_zh=message_zh)
        self.location = location

    def to_dict(self) -> dict[str, object]:
        record = super().to_dict()
        record["location"] = self.location
        return record

    def __str__(self) -> str:
        return f"{self.location}: [{self.code}] {self.message}"


class RulesetError(PerfrulesError):
    """A ruleset file is malformed; carries ``file``, ``line`` and ``column``."""

    code = "ruleset-error"

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        column: int | None = None,
        code: str | None = None,
        message_zh: str | None = None,
        snippet: str | None = None,
    ):
        super().__init__(message, code=code, message_zh=message_zh)
        self.file = file
        self.line = line
        self.column = column
        self.snippet = snippet

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: [{self.code}] {self.message}"
        return f"{text}\n{self.snippet}" if self.snippet else text


class PerfrulesWarning(UserWarning):
    """Root of warnings perfrules emits (input understood, but worth a look)."""


class UnknownUnitWarning(PerfrulesWarning):
    """A unit absent from the unit table was kept as an opaque count unit (``5宗``)."""

    def __init__(self, unit: str):
        super().__init__(
            f"unknown unit '{unit}' kept as an opaque count unit / 未知单位“{unit}”按计数单位处理"
        )
        self.unit = unit
