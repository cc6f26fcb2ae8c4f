"""Check a rule expression against the schema and compile it to Python closures.

Compiling once per ruleset (rather than walking the tree per document) is what makes a
150,000-indicator check take seconds. Closures are built from a fixed set of node kinds —
no ``eval``, no attribute access the schema does not list — so an untrusted ruleset can
only read the document. Static errors (unknown path with a did-you-mean, a call with the
wrong arity, comparing a percentage with money) raise :class:`ExpressionError` at load.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import singledispatch
from typing import Any

import attrs

from ..ast import Node, Quantity
from . import syntax as s
from .functions import (
    BUILTINS,
    CHECKS,
    SPECIAL_FORMS,
    RuleRuntimeError,
    add,
    less,
    type_name,
)
from .language import ExpressionError
from .schema import (
    ANY,
    BOOL,
    NULL,
    NUMBER,
    OBJECTS,
    PYTHON_TYPES,
    STRING,
    Field,
    Type,
    list_of,
    to_base,
)

__all__ = ["Compiled", "Env", "Scope", "compile_expression", "truth"]


class Env:
    """Run-time bindings: ``it`` (the object bare names read) and named objects."""

    __slots__ = ("it", "vars")

    def __init__(self, it: Any, vars: Mapping[str, Any]):
        self.it = it
        self.vars = vars


Compiled = Callable[[Env], Any]


@attrs.frozen
class Scope:
    """Compile-time bindings: the type bare names read, and the named objects' types."""

    it: Type
    vars: Mapping[str, Type]

    def inside(self, element: Type) -> Scope:
        return Scope(element, self.vars)


def truth(value: Any) -> bool | None:
    """Three-valued truth: ``None`` (not applicable) stays ``None``."""
    if value is None or isinstance(value, bool):
        return value
    return bool(value)


def _error(message: str, node: s.Expr, zh: str, code: str = "rule-type") -> ExpressionError:
    return ExpressionError(message, offset=getattr(node, "pos", 0), code=code, message_zh=zh)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(options))}"


def _object_type(value: Any) -> str | None:
    if isinstance(value, Node):
        return "target"
    return PYTHON_TYPES.get(type(value))


def _field_getter(field: Field) -> Callable[[Any], Any]:
    get = field.get
    return lambda v: None if v is None else get(v)


def _dynamic_field(name: str, node: s.Expr) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if value is None:
            return None
        kind = _object_type(value)
        fields = OBJECTS.get(kind or "", {})
        if name not in fields:
            raise RuleRuntimeError(f"{type_name(value)} has no field {name!r}")
        return fields[name].get(value)

    return read


def _project(values: Any, read: Callable[[Any], Any], flatten: bool) -> tuple[Any, ...]:
    if values is None:
        return ()
    out: list[Any] = []
    for value in values:
        got = read(value)
        if flatten and isinstance(got, tuple):
            out.extend(got)
        else:
            out.append(got)
    return tuple(out)


# ----------------------------------------------------------------------------- nodes


@singledispatch
def _compile(node: s.Expr, scope: Scope) -> tuple[Compiled, Type]:
    raise _error(f"cannot compile {type(node).__name__}", node, "无法编译该表达式")


@_compile.register
def _number(node: s.Number, scope: Scope) -> tuple[Compiled, Type]:
    value = node.value
    return (lambda env: value), NUMBER


@_compile.register
def _quantity(node: s.QuantityLit, scope: Scope) -> tuple[Compiled, Type]:
    value = to_base(node.value)
    return (lambda env: value), Type("quantity", dimension=value.dimension)


@_compile.register
def _string(node: s.String, scope: Scope) -> tuple[Compiled, Type]:
    value = node.value
    return (lambda env: value), STRING


@_compile.register
def _bool(node: s.Bool, scope: Scope) -> tuple[Compiled, Type]:
    value = node.value
    return (lambda env: value), BOOL


@_compile.register
def _null(node: s.Null, scope: Scope) -> tuple[Compiled, Type]:
    return (lambda env: None), NULL


@_compile.register
def _list(node: s.ListLit, scope: Scope) -> tuple[Compiled, Type]:
    parts = [_compile(item, scope) for item in node.items]
    fns = [fn for fn, _ in parts]
    kinds = {t.kind for _, t in parts}
    element = parts[0][1] if len(kinds) == 1 and parts else ANY
    return (lambda env: tuple(fn(env) for fn in fns)), list_of(element)


@_compile.register
def _name(node: s.Name, scope: Scope) -> tuple[Compiled, Type]:
    fields = OBJECTS.get(scope.it.name or "", {}) if scope.it.kind == "object" else {}
    if node.name in fields:
        read = _field_getter(fields[node.name])
        return (lambda env: read(env.it)), fields[node.name].type
    if node.name in scope.vars:
        key = node.name
        return (lambda env: env.vars.get(key)), scope.vars[node.name]
    if scope.it.kind == "any":
        read = _dynamic_field(node.name, node)
        return (lambda env: read(env.it)), ANY
    options = [*fields, *scope.vars]
    raise _error(
        f"unknown name {node.name!r}{_suggest(node.name, options)}",
        node,
        f"未知名称“{node.name}”",
        "rule-unknown-path",
    )


@_compile.register
def _attr(node: s.Attr, scope: Scope) -> tuple[Compiled, Type]:
    target, t = _compile(node.target, scope)
    owner = t.element if t.kind == "list" and t.element is not None else t
    if owner.kind == "object":
        fields = OBJECTS[owner.name or ""]
        if node.name not in fields:
            raise _error(
                f"{owner} has no field {node.name!r}{_suggest(node.name, list(fields))}",
                node,
                f"{owner}没有字段“{node.name}”",
                "rule-unknown-path",
            )
        field = fields[node.name]
        read = _field_getter(field)
        result_type = field.type
    elif owner.kind == "any":
        read = _dynamic_field(node.name, node)
        result_type = ANY
    else:
        raise _error(
            f"a {owner} has no fields (reading {node.name!r})",
            node,
            f"{owner}类型的值没有字段“{node.name}”",
        )
    if t.kind == "list":
        flatten = result_type.kind == "list"
        element = result_type.element if flatten and result_type.element else result_type
        return (lambda env: _project(target(env), read, flatten)), list_of(element)
    return (lambda env: read(target(env))), result_type


@_compile.register
def _filter(node: s.Filter, scope: Scope) -> tuple[Compiled, Type]:
    target, t = _compile(node.target, scope)
    if t.kind not in ("list", "any"):
        raise _error(f"only a list can be filtered, not a {t}", node, f"只能筛选列表，而不是{t}")
    element = t.element if t.element is not None else ANY
    predicate, _ = _compile(node.predicate, scope.inside(element))

    def run(env: Env) -> tuple[Any, ...]:
        items = target(env)
        if items is None:
            return ()
        vars = env.vars
        return tuple(item for item in items if truth(predicate(Env(item, vars))))

    return run, list_of(element)


@_compile.register
def _neg(node: s.Neg, scope: Scope) -> tuple[Compiled, Type]:
    operand, t = _compile(node.operand, scope)
    _expect_numeric(t, node)

    def run(env: Env) -> Any:
        value = operand(env)
        if value is None:
            return None
        if isinstance(value, Quantity):
            return Quantity(-value.value, value.unit)
        if isinstance(value, Decimal):
            return -value
        raise RuleRuntimeError(f"cannot negate {type_name(value)}")

    return run, t


def _expect_numeric(t: Type, node: s.Expr) -> None:
    if t.kind not in ("number", "quantity", "any", "null"):
        raise _error(f"expected a number or quantity, got {t}", node, f"此处应为数值，而不是{t}")


def _same_dimension(a: Type, b: Type, node: s.Expr, what: str) -> None:
    if a.kind == "quantity" and b.kind == "quantity":
        if a.dimension is not None and b.dimension is not None and a.dimension is not b.dimension:
            raise _error(
                f"cannot {what} {a} and {b}",
                node,
                f"单位不一致：{a}与{b}",
                "rule-unit-mismatch",
            )
    elif {a.kind, b.kind} == {"quantity", "number"}:
        raise _error(
            f"cannot {what} {a} and {b}: write the unit on the number (90%, 55.2万元)",
            node,
            f"不能将{a}与{b}直接比较或运算：请给数字加上单位（如90%、55.2万元）",
            "rule-unit-mismatch",
        )
    elif "any" not in (a.kind, b.kind) and "null" not in (a.kind, b.kind) and a.kind != b.kind:
        raise _error(f"cannot {what} {a} and {b}", node, f"类型不一致：{a}与{b}")


@_compile.register
def _binop(node: s.BinOp, scope: Scope) -> tuple[Compiled, Type]:
    left, lt = _compile(node.left, scope)
    right, rt = _compile(node.right, scope)
    _expect_numeric(lt, node.left)
    _expect_numeric(rt, node.right)
    op = node.op
    if op in "+-":
        _same_dimension(lt, rt, node, "add or subtract")
        sign = 1 if op == "+" else -1
        result = lt if lt.kind != "any" else rt

        def run(env: Env) -> Any:
            a, b = left(env), right(env)
            if a is None or b is None:
                return None
            return add(a, b, sign)

        return run, result
    if op == "*":
        if lt.kind == "quantity" and rt.kind == "quantity":
            raise _error("cannot multiply two quantities", node, "两个带单位的数不能相乘")
        result = lt if lt.kind == "quantity" else rt

        def mul(env: Env) -> Any:
            a, b = left(env), right(env)
            if a is None or b is None:
                return None
            if isinstance(a, Quantity) and isinstance(b, Decimal):
                return Quantity(a.value * b, a.unit)
            if isinstance(a, Decimal) and isinstance(b, Quantity):
                return Quantity(a * b.value, b.unit)
            if isinstance(a, Decimal) and isinstance(b, Decimal):
                return a * b
            raise RuleRuntimeError(f"cannot multiply {type_name(a)} and {type_name(b)}")

        return mul, result
    # division: quantity / number → quantity; quantity / quantity (same dimension) → number
    if lt.kind == "number" and rt.kind == "quantity":
        raise _error("cannot divide a number by a quantity", node, "数字不能除以带单位的数")
    if lt.kind == "quantity" and rt.kind == "quantity":
        _same_dimension(lt, rt, node, "divide")
    result = NUMBER if rt.kind == "quantity" or lt.kind == "number" else lt

    def div(env: Env) -> Any:
        a, b = left(env), right(env)
        if a is None or b is None:
            return None
        try:
            if isinstance(a, Quantity) and isinstance(b, Quantity):
                a_base, b_base = to_base(a), to_base(b)
                if a_base.unit != b_base.unit:
                    raise RuleRuntimeError(f"cannot divide {a.unit.symbol} by {b.unit.symbol}")
                return a_base.value / b_base.value
            if isinstance(a, Quantity) and isinstance(b, Decimal):
                return Quantity(a.value / b, a.unit)
            if isinstance(a, Decimal) and isinstance(b, Decimal):
                return a / b
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            raise RuleRuntimeError("division by zero") from None
        raise RuleRuntimeError(f"cannot divide {type_name(a)} by {type_name(b)}")

    return div, result


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return not less(a, b) and not less(b, a)
    return bool(a == b)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": less,
    "<=": lambda a, b: not less(b, a),
    ">": lambda a, b: less(b, a),
    ">=": lambda a, b: not less(a, b),
}


@_compile.register
def _compare(node: s.Compare, scope: Scope) -> tuple[Compiled, Type]:
    left, lt = _compile(node.left, scope)
    right, rt = _compile(node.right, scope)
    if node.op not in ("==", "!=") or {lt.kind, rt.kind} & {"quantity", "number"}:
        _same_dimension(lt, rt, node, "compare")
    test = _COMPARE[node.op]
    if node.tolerance is None:

        def run(env: Env) -> bool | None:
            a, b = left(env), right(env)
            if a is None or b is None:
                return None
            return test(a, b)

        return run, BOOL

    tolerance, tt = _compile(node.tolerance, scope)
    _same_dimension(lt, tt, node.tolerance, "compare with the tolerance")
    op = node.op

    def within(env: Env) -> bool | None:
        a, b, tol = left(env), right(env), tolerance(env)
        if a is None or b is None or tol is None:
            return None
        gap = add(a, b, -1)
        close = not less(_abs(tol), _abs(gap))
        if op == "==":
            return close
        if op == "!=":
            return not close
        return close or test(a, b)

    return within, BOOL


def _abs(value: Any) -> Any:
    if isinstance(value, Quantity):
        return Quantity(abs(value.value), value.unit)
    return abs(value)


@_compile.register
def _matches(node: s.Matches, scope: Scope) -> tuple[Compiled, Type]:
    operand, t = _compile(node.operand, scope)
    if t.kind not in ("string", "any", "null"):
        raise _error(f"'matches' needs text, not a {t}", node, f"“matches”只能用于文本，而不是{t}")
    pattern = re.compile(node.pattern)

    def run(env: Env) -> bool | None:
        value = operand(env)
        if value is None:
            return None
        if not isinstance(value, str):
            raise RuleRuntimeError(f"'matches' needs text, got {type_name(value)}")
        return pattern.search(value) is not None

    return run, BOOL


@_compile.register
def _in(node: s.In, scope: Scope) -> tuple[Compiled, Type]:
    item, _ = _compile(node.item, scope)
    container, ct = _compile(node.container, scope)
    if ct.kind not in ("list", "string", "any"):
        raise _error(
            f"'in' needs a list or text, not a {ct}", node, f"“in”右侧应为列表或文本，而不是{ct}"
        )
    negated = node.negated

    def run(env: Env) -> bool | None:
        value, values = item(env), container(env)
        if value is None or values is None:
            return None
        if isinstance(values, str):
            found = isinstance(value, str) and value in values
        elif isinstance(value, (str, Decimal, bool, Quantity)):
            found = any(_equal(value, other) for other in values if type(other) is type(value))
        else:  # model objects: by identity, so an exact copy of a row is not "the same row"
            found = any(value is other for other in values)
        return not found if negated else found

    return run, BOOL


@_compile.register
def _logic(node: s.Logic, scope: Scope) -> tuple[Compiled, Type]:
    left, _ = _compile(node.left, scope)
    right, _ = _compile(node.right, scope)
    if node.op == "and":

        def both(env: Env) -> bool | None:
            a = truth(left(env))
            if a is False:
                return False
            b = truth(right(env))
            if b is False:
                return False
            return None if a is None or b is None else True

        return both, BOOL

    def either(env: Env) -> bool | None:
        a = truth(left(env))
        if a is True:
            return True
        b = truth(right(env))
        if b is True:
            return True
        return None if a is None or b is None else False

    return either, BOOL


@_compile.register
def _not(node: s.Not, scope: Scope) -> tuple[Compiled, Type]:
    operand, _ = _compile(node.operand, scope)

    def run(env: Env) -> bool | None:
        value = truth(operand(env))
        return None if value is None else not value

    return run, BOOL


# ----------------------------------------------------------------------------- calls


@_compile.register
def _call(node: s.Call, scope: Scope) -> tuple[Compiled, Type]:
    if node.function in SPECIAL_FORMS:
        return _special(node, scope)
    if node.function in BUILTINS:
        impl, (low, high), result = BUILTINS[node.function]
        _arity(node, low, high)
        if node.kwargs:
            raise _error(
                f"{node.function}() takes no keyword arguments",
                node,
                f"{node.function}()不接受关键字参数",
            )
        parts = [_compile(arg, scope) for arg in node.args]
        fns = [fn for fn, _ in parts]
        result_type = result([t for _, t in parts])
        if node.function == "is_set":
            only = fns[0]
            return (lambda env: impl(only(env))), result_type

        def builtin(env: Env) -> Any:
            args = [fn(env) for fn in fns]
            return None if any(arg is None for arg in args) else impl(*args)

        return builtin, result_type
    check = CHECKS.get(node.function)
    if check is None:
        options = [*BUILTINS, *SPECIAL_FORMS, *CHECKS]
        raise _error(
            f"unknown function {node.function!r}{_suggest(node.function, options)}",
            node,
            f"未知函数“{node.function}”",
            "rule-unknown-function",
        )
    _arity(node, len(check.params), len(check.params))
    parts = [_compile(arg, scope) for arg in node.args]
    for (_, t), want, arg in zip(parts, check.params, node.args, strict=True):
        if not _compatible(t, want):
            raise _error(
                f"{check.name}() expects {want}, got {t}",
                arg,
                f"{check.name}()的参数应为{want}，而不是{t}",
            )
    fns = [fn for fn, _ in parts]
    function = check.function

    def call(env: Env) -> Any:
        args = [fn(env) for fn in fns]
        if any(arg is None for arg in args):
            return None
        return function(*args)

    return call, check.returns


def _compatible(got: Type, want: Type) -> bool:
    if "any" in (got.kind, want.kind) or got.kind == "null":
        return True
    if got.kind != want.kind:
        return False
    if want.kind == "object":
        return got.name == want.name
    if want.kind == "quantity":
        return want.dimension is None or got.dimension in (None, want.dimension)
    return True


def _arity(node: s.Call, low: int, high: int) -> None:
    if not low <= len(node.args) <= high:
        want = str(low) if low == high else f"{low} to {high}"
        raise _error(
            f"{node.function}() takes {want} argument(s), got {len(node.args)}",
            node,
            f"{node.function}()需要{want}个参数，实际为{len(node.args)}个",
            "rule-bad-call",
        )


def _special(node: s.Call, scope: Scope) -> tuple[Compiled, Type]:
    name = node.function
    keywords = dict(node.kwargs)
    allowed = {"by"} if name in ("unique", "duplicates") else set()
    for key in keywords:
        if key not in allowed:
            raise _error(
                f"{name}() has no keyword {key!r}",
                node,
                f"{name}()没有参数“{key}”",
                "rule-bad-call",
            )
    _arity(node, 1, 1 if name in ("unique", "duplicates") else 2)
    items, t = _compile(node.args[0], scope)
    if t.kind not in ("list", "any"):
        raise _error(
            f"{name}() needs a list, not a {t}", node, f"{name}()的参数应为列表，而不是{t}"
        )
    element = t.element if t.element is not None else ANY
    inner = scope.inside(element)
    if name in ("unique", "duplicates"):
        key_expr = keywords.get("by")
        key_of: Compiled = _compile(key_expr, inner)[0] if key_expr is not None else _itself

        # rows of one project are checked one after another: remember the last list seen
        # (held, so its identity cannot be reused) instead of rescanning it for every row
        last: list[Any] = [None, ()]

        def repeated(env: Env) -> tuple[Any, ...]:
            values = items(env)
            if values is not None and values is last[0]:
                return tuple(last[1])
            seen: set[Any] = set()
            later: list[Any] = []
            for item in values or ():
                k = _hashable(key_of(Env(item, env.vars)))
                if k in seen:
                    later.append(item)
                else:
                    seen.add(k)
            last[0], last[1] = values, tuple(later)
            return last[1]  # type: ignore[no-any-return]

        if name == "duplicates":
            return repeated, list_of(element)
        return (lambda env: not repeated(env)), BOOL

    predicate = _compile(node.args[1], inner)[0] if len(node.args) == 2 else _itself
    if name == "count":

        def count(env: Env) -> Decimal:
            vars = env.vars
            return Decimal(sum(1 for item in items(env) or () if truth(predicate(Env(item, vars)))))

        return count, NUMBER
    want = name == "all"

    def quantifier(env: Env) -> bool:
        vars = env.vars
        for item in items(env) or ():
            if bool(truth(predicate(Env(item, vars)))) is not want:
                return not want
        return want

    return quantifier, BOOL


def _itself(env: Env) -> Any:
    return env.it


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, Quantity):
        return to_base(value)
    return value


def compile_expression(expr: s.Expr, scope: Scope) -> tuple[Compiled, Type]:
    """Compile ``expr`` for ``scope``; raises :class:`ExpressionError` on a static error."""
    return _compile(expr, scope)
