"""perfrules — check and score Chinese budget performance indicators (绩效目标表 / 绩效自评表).

The public API is re-exported here. Light modules are imported eagerly; those that pull in
heavy dependencies (numpy for the batch path, document loaders) load on first use, so
``import perfrules`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .ast import Boolean, Compare, Deadline, Node, Op, Qualitative, Quantity, Range, Span, Text
from .errors import (
    DocumentError,
    IndicatorSyntaxError,
    PerfrulesError,
    PerfrulesWarning,
    PolicyError,
    RulesetError,
    UnitMismatchError,
    UnknownUnitWarning,
)
from .parser import parse
from .printer import to_text
from .scales import register_scale
from .units import Dimension, Unit

__version__ = "0.1.0"

# name → module that defines it, imported on first attribute access
_LAZY: dict[str, str] = {}

if TYPE_CHECKING:  # pragma: no cover
    pass


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'perfrules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Boolean",
    "Compare",
    "Deadline",
    "Dimension",
    "DocumentError",
    "IndicatorSyntaxError",
    "Node",
    "Op",
    "PerfrulesError",
    "PerfrulesWarning",
    "PolicyError",
    "Qualitative",
    "Quantity",
    "Range",
    "RulesetError",
    "Span",
    "Text",
    "Unit",
    "UnitMismatchError",
    "UnknownUnitWarning",
    "__version__",
    "parse",
    "register_scale",
    "to_text",
]
