"""Parse rule conditions (``grammar/rules.lark``) into :mod:`perfrules.rules.syntax` nodes.

The only module of the rules layer that imports lark; its errors become
:class:`ExpressionError` here, carrying the 0-based offset of the problem so the ruleset
loader can report ``file:line:column`` with a caret.
"""

from __future__ import annotations

import functools
import re
import warnings
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..ast import Compare as TargetCompare
from ..errors import IndicatorSyntaxError, PerfrulesError
from ..parser import parse as parse_target
from ..resources import resource_path
from . import syntax as s

if TYPE_CHECKING:
    from lark import Lark, Token

__all__ = ["ExpressionError", "parse_expression"]


class ExpressionError(PerfrulesError):
    """A rule expression is malformed or ill-typed; ``offset`` is 0-based in its source."""

    code = "rule-syntax"

    def __init__(
        self,
        message: str,
        *,
        offset: int,
        code: str | None = None,
        message_zh: str | None = None,
        expected: tuple[str, ...] = (),
    ):
        super().__init__(message, code=code, message_zh=message_zh)
        self.offset = offset
        self.expected = expected


def _unquote(token: str) -> str:
    # only quotes and backslashes are escaped, so regular expressions read as written
    return re.sub(r"\\([\"'\\])", r"\1", token[1:-1])


def _pos(item: Any) -> int:
    if isinstance(item, s.Expr):
        return int(getattr(item, "pos", 0))
    return int(getattr(item, "start_pos", 0) or 0)


class _Build:
    """Reduce callbacks: lark children → syntax nodes."""

    def or_(self, left: s.Expr, right: s.Expr) -> s.Expr:
        return s.Logic("or", left, right, pos=_pos(left))

    def and_(self, left: s.Expr, right: s.Expr) -> s.Expr:
        return s.Logic("and", left, right, pos=_pos(left))

    def not_(self, operand: s.Expr) -> s.Expr:
        return s.Not(operand, pos=max(_pos(operand) - 4, 0))

    def compare(self, left: s.Expr, op: Token, right: s.Expr) -> s.Expr:
        return s.Compare(str(op), left, right, pos=_pos(op))

    def compare_within(self, left: s.Expr, op: Token, right: s.Expr, tol: s.Expr) -> s.Expr:
        return s.Compare(str(op), left, right, tol, pos=_pos(op))

    def matches(self, operand: s.Expr, pattern: Token) -> s.Expr:
        text = _unquote(str(pattern))
        try:
            re.compile(text)
        except re.error as err:
            raise ExpressionError(
                f"bad regular expression {text!r}: {err}",
                offset=_pos(pattern),
                code="rule-bad-regex",
                message_zh=f"正则表达式无效：{text}",
            ) from None
        return s.Matches(operand, text, pos=_pos(pattern))

    def in_(self, item: s.Expr, container: s.Expr) -> s.Expr:
        return s.In(item, container, pos=_pos(item))

    def not_in(self, item: s.Expr, container: s.Expr) -> s.Expr:
        return s.In(item, container, negated=True, pos=_pos(item))

    def binop(self, left: s.Expr, op: Token, right: s.Expr) -> s.Expr:
        return s.BinOp(str(op), left, right, pos=_pos(op))

    def neg(self, operand: s.Expr) -> s.Expr:
        return s.Neg(operand, pos=max(_pos(operand) - 1, 0))

    def attr(self, target: s.Expr, name: Token) -> s.Expr:
        return s.Attr(target, str(name), pos=_pos(name))

    def filter(self, target: s.Expr, predicate: s.Expr) -> s.Expr:
        return s.Filter(target, predicate, pos=_pos(target))

    def quantity(self, token: Token) -> s.Expr:
        text = str(token)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an unknown unit is reported just below
                node = parse_target(text)
        except IndicatorSyntaxError as err:
            raise ExpressionError(
                f"not a quantity: {text} ({err.message})",
                offset=_pos(token),
                code="rule-bad-quantity",
                message_zh=f"数量写法无效：{text}",
            ) from None
        if not isinstance(node, TargetCompare) or not node.quantity.unit.known:
            raise ExpressionError(
                f"not a quantity with a known unit: {text}",
                offset=_pos(token),
                code="rule-bad-quantity",
                message_zh=f"数量单位无法识别：{text}",
            )
        return s.QuantityLit(node.quantity, text, pos=_pos(token))

    def number(self, token: Token) -> s.Expr:
        return s.Number(Decimal(str(token)), pos=_pos(token))

    def string(self, token: Token) -> s.Expr:
        return s.String(_unquote(str(token)), pos=_pos(token))

    def true(self) -> s.Expr:
        return s.Bool(True)

    def false(self) -> s.Expr:
        return s.Bool(False)

    def null(self) -> s.Expr:
        return s.Null()

    def name(self, token: Token) -> s.Expr:
        return s.Name(str(token), pos=_pos(token))

    def call(self, name: Token, arguments: list[Any] | None = None) -> s.Expr:
        args: list[s.Expr] = []
        kwargs: list[tuple[str, s.Expr]] = []
        for item in arguments or []:
            if isinstance(item, tuple):
                kwargs.append(item)
            elif kwargs:
                raise ExpressionError(
                    "a positional argument follows a keyword argument",
                    offset=_pos(item),
                    code="rule-bad-call",
                    message_zh="位置参数不能放在关键字参数之后",
                )
            else:
                args.append(item)
        return s.Call(str(name), tuple(args), tuple(kwargs), pos=_pos(name))

    def arguments(self, *items: Any) -> list[Any]:
        return list(items)

    def keyword(self, name: Token, value: s.Expr) -> tuple[str, s.Expr]:
        return (str(name), value)

    def list_(self, *items: s.Expr | None) -> s.Expr:
        present = tuple(item for item in items if item is not None)
        return s.ListLit(present, pos=_pos(present[0]) if present else 0)


def _unpacking(method: Any) -> Any:
    return lambda children: method(*children)


@functools.cache
def _lark() -> Lark:
    from lark import Lark

    impl = _Build()
    callbacks = {
        name: _unpacking(getattr(impl, name)) for name in vars(_Build) if not name.startswith("_")
    }
    return Lark(
        resource_path("grammar", "rules.lark").read_text(encoding="utf-8"),
        parser="lalr",
        transformer=SimpleNamespace(**callbacks),
        maybe_placeholders=True,
        cache=True,
    )


@functools.lru_cache(maxsize=4096)
def parse_expression(source: str) -> s.Expr:
    """Parse one rule condition; raises :class:`ExpressionError` with the offset of the error."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

    if not source.strip():
        raise ExpressionError(
            "empty expression", offset=0, code="rule-empty", message_zh="表达式为空"
        )
    try:
        tree: s.Expr = _lark().parse(source)  # type: ignore[assignment]
        return tree
    except ExpressionError:
        raise
    except UnexpectedCharacters as err:
        at = err.pos_in_stream or 0
        raise ExpressionError(
            f"unexpected character {source[at]!r}",
            offset=at,
            message_zh=f"无法识别的字符“{source[at]}”",
            expected=tuple(sorted(err.allowed or ())),
        ) from None
    except UnexpectedToken as err:
        at_end = err.token.type == "$END"
        where = len(source.rstrip()) if at_end else (err.token.start_pos or 0)
        what = "the expression ends too early" if at_end else f"unexpected {str(err.token)!r}"
        what_zh = "表达式不完整" if at_end else f"此处不应出现“{err.token}”"
        raise ExpressionError(
            what,
            offset=min(where, max(len(source) - 1, 0)),
            message_zh=what_zh,
            expected=tuple(sorted(err.accepts or err.expected or ())),
        ) from None
    except UnexpectedInput as err:  # pragma: no cover - the other lark input errors
        raise ExpressionError(str(err), offset=getattr(err, "pos_in_stream", 0) or 0) from None
    except VisitError as err:  # pragma: no cover - a callback raised something else
        raise ExpressionError(str(err.orig_exc), offset=0) from None
