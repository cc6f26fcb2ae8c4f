"""Run a ruleset's own examples: each must pass or fire exactly as documented."""

from __future__ import annotations

import attrs

from ..model import DocumentKind
from .engine import run_ruleset
from .findings import Finding
from .fragments import fragment_document
from .loader import Example, Rule, Ruleset

__all__ = ["ExampleResult", "verify_examples"]


@attrs.frozen
class ExampleResult:
    """The outcome of one example: did the rule behave as the example says?"""

    ruleset: str
    rule: str
    example: Example
    ok: bool
    findings: tuple[Finding, ...]

    def describe(self) -> str:
        got = "fired" if self.findings else "passed"
        status = "ok" if self.ok else f"FAILED (expected {self.example.expect}, {got})"
        note = f" — {self.example.note}" if self.example.note else ""
        where = f"{self.ruleset}:{self.example.line}"
        return f"{where} {self.rule} [{self.example.expect}]{note}: {status}"


def _kind(ruleset: Ruleset) -> DocumentKind:
    return DocumentKind(ruleset.applies_to[0])


def verify_examples(ruleset: Ruleset, rule: Rule | None = None) -> list[ExampleResult]:
    """Check every example of ``ruleset`` (or of one ``rule``) against its rule alone."""
    results: list[ExampleResult] = []
    for current in (rule,) if rule is not None else ruleset.rules:
        for example in current.examples:
            document = fragment_document(example.fragment, _kind(ruleset))
            report = run_ruleset(ruleset, document, rules=(current,))
            fired = tuple(f for f in report.findings if f.rule in (current.id, "rule-error"))
            errors = any(f.rule == "rule-error" for f in fired)
            ok = not errors and (bool(fired) if example.expect == "fire" else not fired)
            results.append(ExampleResult(ruleset.source, current.id, example, ok, fired))
    return results
