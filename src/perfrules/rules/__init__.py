"""Rulesets: a safe condition language, strict loading, the engine, and findings."""

from __future__ import annotations

from . import checks as _checks  # noqa: F401  (registers the built-in checks)
from .engine import check_document, run_ruleset
from .findings import Finding, Location, Report, Severity
from .functions import register_check
from .loader import Rule, Ruleset, builtin_rulesets, load_ruleset, load_ruleset_text

__all__ = [
    "Finding",
    "Location",
    "Report",
    "Rule",
    "Ruleset",
    "Severity",
    "builtin_rulesets",
    "check_document",
    "load_ruleset",
    "load_ruleset_text",
    "register_check",
    "run_ruleset",
]
