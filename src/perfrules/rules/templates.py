"""Message templates: ``"预算数{budget.total}不等于…"`` — ``{…}`` holds a rule expression.

Placeholders are compiled with the rule's scope when the ruleset loads, so a typo in a
message is a load error, not a broken message at run time. ``{{`` and ``}}`` are braces.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..ast import Node, Quantity
from ..printer import format_decimal, format_quantity, to_text
from .compiler import Env, Scope, compile_expression
from .language import ExpressionError, parse_expression

__all__ = ["Template", "compile_template", "render_value"]

Template = Callable[[Env], str]


def render_value(value: Any, lang: str = "zh") -> str:
    """A value as a reader expects it: 55.2万元, 90%, 是/否, a list joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Quantity):
        return format_quantity(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, Node):
        return to_text(value)
    if isinstance(value, tuple):
        return ("、" if lang == "zh" else ", ").join(render_value(v, lang) for v in value)
    name = getattr(value, "name", None)
    return str(name if isinstance(name, str) else value)


def compile_template(text: str, scope: Scope, lang: str) -> Template:
    """Compile a message template; raises ExpressionError with the offset in ``text``."""
    parts: list[str | Callable[[Env], Any]] = []
    i = 0
    literal: list[str] = []
    while i < len(text):
        ch = text[i]
        if text.startswith("{{", i) or text.startswith("}}", i):
            literal.append(ch)
            i += 2
            continue
        if ch == "}":
            raise ExpressionError(
                "unmatched '}' in message",
                offset=i,
                code="rule-template",
                message_zh="消息中“}”不配对",
            )
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        end = text.find("}", i)
        if end < 0:
            raise ExpressionError(
                "unclosed '{' in message",
                offset=i,
                code="rule-template",
                message_zh="消息中“{”未闭合",
            )
        source = text[i + 1 : end]
        try:
            fn, _ = compile_expression(parse_expression(source), scope)
        except ExpressionError as err:
            raise ExpressionError(
                err.message, offset=i + 1 + err.offset, code=err.code, message_zh=err.message_zh
            ) from None
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(fn)
        i = end + 1
    if literal:
        parts.append("".join(literal))

    def render(env: Env) -> str:
        return "".join(p if isinstance(p, str) else render_value(p(env), lang) for p in parts)

    return render
