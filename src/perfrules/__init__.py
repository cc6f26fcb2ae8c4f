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
_LAZY: dict[str, str] = {
    # judging and scoring
    "judge": ".judging",
    "direction_for": ".judging",
    "DirectionChoice": ".judging",
    "Reason": ".judging",
    "Judgement": ".judging",
    "Verdict": ".judging",
    "score": ".scoring",
    "IndicatorScore": ".scoring",
    "ScoreFlag": ".scoring",
    "score_many": ".batch",
    "BatchScores": ".batch",
    "Codes": ".batch",
    "scorecard": ".aggregate",
    "Scorecard": ".aggregate",
    "ScoreRow": ".aggregate",
    "load_policy": ".policy",
    "Policy": ".policy",
    "project_scorecard": ".assessment",
    # tables and batches of documents
    "score_frame": ".frame",
    "check_frame": ".frame",
    "check_folder": ".runner",
    "score_folder": ".runner",
    # documents
    "load": ".loaders",
    "load_bytes": ".loaders",
    "Document": ".model",
    "DocumentKind": ".model",
    "Project": ".model",
    "Indicator": ".model",
    "Locator": ".model",
    "SelfAssessment": ".model",
    # rulesets
    "check_document": ".rules",
    "run_ruleset": ".rules",
    "builtin_rulesets": ".rules",
    "load_ruleset": ".rules",
    "register_check": ".rules",
    "Ruleset": ".rules",
    "Finding": ".rules",
    "Report": ".rules",
    "Severity": ".rules",
}

if TYPE_CHECKING:  # pragma: no cover - static view of the lazy names
    from .aggregate import Scorecard, ScoreRow, scorecard
    from .assessment import project_scorecard
    from .batch import BatchScores, Codes, score_many
    from .frame import check_frame, score_frame
    from .judging import DirectionChoice, Judgement, Reason, Verdict, direction_for, judge
    from .loaders import load, load_bytes
    from .model import Document, DocumentKind, Indicator, Locator, Project, SelfAssessment
    from .policy import Policy, load_policy
    from .rules import (
        Finding,
        Report,
        Ruleset,
        Severity,
        builtin_rulesets,
        check_document,
        load_ruleset,
        register_check,
        run_ruleset,
    )
    from .runner import check_folder, score_folder
    from .scoring import IndicatorScore, ScoreFlag, score


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'perfrules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BatchScores",
    "Boolean",
    "Codes",
    "Compare",
    "Deadline",
    "Dimension",
    "DirectionChoice",
    "Document",
    "DocumentError",
    "DocumentKind",
    "Finding",
    "Indicator",
    "IndicatorScore",
    "IndicatorSyntaxError",
    "Judgement",
    "Locator",
    "Node",
    "Op",
    "PerfrulesError",
    "PerfrulesWarning",
    "Policy",
    "PolicyError",
    "Project",
    "Qualitative",
    "Quantity",
    "Range",
    "Reason",
    "Report",
    "Ruleset",
    "RulesetError",
    "ScoreFlag",
    "ScoreRow",
    "Scorecard",
    "SelfAssessment",
    "Severity",
    "Span",
    "Text",
    "Unit",
    "UnitMismatchError",
    "UnknownUnitWarning",
    "Verdict",
    "__version__",
    "builtin_rulesets",
    "check_document",
    "check_folder",
    "check_frame",
    "direction_for",
    "judge",
    "load",
    "load_bytes",
    "load_policy",
    "load_ruleset",
    "parse",
    "project_scorecard",
    "register_check",
    "register_scale",
    "run_ruleset",
    "score",
    "score_folder",
    "score_frame",
    "score_many",
    "scorecard",
    "to_text",
]
