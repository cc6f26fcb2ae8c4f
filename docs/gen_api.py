"""Generate ``docs/api.md`` from the docstrings of ``perfrules.__all__``.

    python docs/gen_api.py           # rewrite docs/api.md
    python docs/gen_api.py --check   # exit 1 if docs/api.md is out of date

``tests/test_docs_api.py`` runs the check, so a docstring or signature change that is not
regenerated fails the test suite. The output is deterministic: names in ``__all__`` order,
members in definition order, memory addresses scrubbed from default values.
"""

from __future__ import annotations

import enum
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import perfrules

API = Path(__file__).with_name("api.md")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

HEADER = """\
# API reference / 接口参考

Generated from the docstrings of `perfrules.__all__` by `python docs/gen_api.py` — do not
edit by hand: `tests/test_docs_api.py` fails when this file and the code drift apart.
Everything here is importable as `perfrules.NAME`; the modules named below are where each
name is defined. See also the [user guide](user-guide.md), [grammar](grammar.md),
[scoring policy](scoring.md), [documents](documents.md), [rules](rules.md) and
[decisions](decisions.md).
"""


def _signature(obj: Any) -> str:
    try:
        text = str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(…)"
    return _ADDRESS.sub("", text)


def _doc(obj: Any) -> str:
    doc = inspect.getdoc(obj)
    return doc.strip() if doc else "*(no docstring)*"


def _first_paragraph(obj: Any) -> str:
    return _doc(obj).split("\n\n")[0].replace("\n", " ")


def _kind(obj: Any) -> str:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception"
        if issubclass(obj, Warning):
            return "warning"
        if issubclass(obj, enum.Enum):
            return "enum"
        return "class"
    if callable(obj):
        return "function"
    return "constant"


def _members(cls: type) -> Iterator[str]:
    for name, raw in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(raw, property):
            yield f"- `{name}` *(property)* — {_first_paragraph(raw)}"
        elif isinstance(raw, classmethod | staticmethod):
            func = raw.__func__
            yield f"- `{name}{_signature(func)}` — {_first_paragraph(func)}"
        elif inspect.isfunction(raw):
            yield f"- `{name}{_signature(raw)}` — {_first_paragraph(raw)}"


def _section(name: str, obj: Any) -> list[str]:
    kind = _kind(obj)
    module = getattr(obj, "__module__", None) or "perfrules"
    if kind == "constant":
        return [f"## `{name}`", "", f"*constant* = `{obj!r}`", ""]
    if kind == "enum":
        values = ", ".join(f"`{m.name}` = `{m.value!r}`" for m in obj)
        return [f"## `{name}`", "", f"*enum* in `{module}`", "", _doc(obj), "", values, ""]
    signature = _signature(obj)
    out = [f"## `{name}`", "", f"*{kind}* in `{module}`", "", "```python"]
    out.append(f"{'class ' if inspect.isclass(obj) else ''}{name}{signature}")
    out += ["```", "", _doc(obj), ""]
    if inspect.isclass(obj):
        members = list(_members(obj))
        if members:
            out += ["Members:", "", *members, ""]
    return out


def render() -> str:
    """The text of ``docs/api.md``."""
    names = list(perfrules.__all__)
    out = [HEADER, "## Contents", ""]
    out.append(" · ".join(f"[`{n}`](#{n.lower().strip('_')})" for n in names))
    out.append("")
    for name in names:
        out += _section(name, getattr(perfrules, name))
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if API.read_text(encoding="utf-8") != text:
            print("docs/api.md is out of date: run python docs/gen_api.py", file=sys.stderr)
            return 1
        return 0
    API.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
