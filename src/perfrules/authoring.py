"""Property-tested rule authoring: what ``perfrules test`` and the pytest plugin run.

For one ruleset, :func:`verify_ruleset`

1. runs every rule's own examples (:func:`perfrules.rules.examples.verify_examples`);
2. checks, for each document kind the ruleset applies to, that valid generated documents
   (:func:`perfrules.strategies.documents`) raise no error- or warning-severity finding;
3. checks that each mutation (:data:`perfrules.strategies.MUTATIONS`) declared to be
   caught by one of the ruleset's rule ids makes that rule fire, and no other
   error-severity rule (the mutations start from the valid documents of step 2: each
   document is generated once and mutated many times);
4. counts, per rule, the objects it held on and fired on, so that a rule that never
   fired (dead) or never held (always firing) is reported.

A failing property is shrunk by Hypothesis to a minimal document; that document is cut
down further to the smallest example fragment (an ``indicator``, a ``project`` …) that
still shows the failure, and printed as a ``[[rule.examples]]`` block to paste into the
ruleset. Needs Hypothesis (the ``dev`` extra); ``import perfrules`` does not import this.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis.strategies import SearchStrategy

from .errors import PerfrulesError, RulesetError
from .model import (
    Budget,
    Document,
    DocumentKind,
    Duty,
    FundRow,
    Indicator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
)
from .rules.engine import evaluate, run_ruleset, scope_targets
from .rules.examples import ExampleResult, verify_examples
from .rules.findings import Finding, Severity
from .rules.fragments import fragment_document
from .rules.loader import Rule, Ruleset, builtin_rulesets, load_ruleset
from .strategies_documents import MUTATIONS, Mutation, documents, mutations_of

__all__ = [
    "DEFAULT_EXAMPLES",
    "Counterexample",
    "KindRun",
    "RuleReport",
    "RulesetReport",
    "document_fragment",
    "duty_fragment",
    "failure_text",
    "find_rulesets",
    "fragment_toml",
    "fund_row_fragment",
    "indicator_fragment",
    "load_and_verify",
    "note_text",
    "project_fragment",
    "render_text",
    "verify_ruleset",
]

DEFAULT_EXAMPLES: Final = 200
"""Generated documents per rule: per document kind, N valid documents (each checked against
every rule) and, for each rule some mutation is declared to be caught by, N documents broken
by those mutations."""

_RULESET_TABLE: Final = re.compile(r"^\s*\[\s*ruleset\s*\]", re.MULTILINE)

# ------------------------------------------------------------------ results


@attrs.frozen
class Counterexample:
    """A minimal failing example of one rule, as the ``[[rule.examples]]`` block to paste.

    ``problem`` is ``fired-on-valid`` (the rule fired on a valid document: paste as a
    must-pass example), ``missed-mutation`` (it did not fire on a document broken the way
    it should catch: must-fire), ``fired-on-mutation`` (an error rule fired on a document
    that breaks only another rule's constraint: must-pass) or ``rule-error`` (the rule
    failed while evaluating).
    """

    rule: str
    problem: str
    expect: str
    kind: DocumentKind
    mutation: str | None
    finding_zh: str | None
    finding_en: str | None
    fragment: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    toml: str = ""

    @property
    def summary_en(self) -> str:
        return {
            "fired-on-valid": "fired on a valid generated document",
            "missed-mutation": f"did not fire on a document broken by mutation {self.mutation}",
            "fired-on-mutation": (
                f"fired on a document that only breaks another rule (mutation {self.mutation})"
            ),
            "rule-error": "failed while evaluating a generated document",
        }[self.problem]

    @property
    def summary_zh(self) -> str:
        return {
            "fired-on-valid": "在有效的生成文档上触发（应通过）",
            "missed-mutation": f"未能发现变异 {self.mutation} 造成的错误（应触发）",
            "fired-on-mutation": f"在只违反其他规则的文档上触发（变异 {self.mutation}，应通过）",
            "rule-error": "在生成文档上执行出错",
        }[self.problem]


@attrs.frozen
class RuleReport:
    """How one rule did: its examples, what it did on generated documents, counterexamples."""

    id: str
    severity: Severity
    line: int
    examples: tuple[ExampleResult, ...]
    held: int
    fired: int
    documents: int
    mutations: tuple[str, ...]
    counterexamples: tuple[Counterexample, ...]

    @property
    def example_failures(self) -> tuple[ExampleResult, ...]:
        return tuple(e for e in self.examples if not e.ok)

    @property
    def failed(self) -> bool:
        return bool(self.example_failures or self.counterexamples)

    @property
    def status(self) -> str:
        """``failed``, ``never-applied``, ``never-fired``, ``never-held`` or ``ok``."""
        if self.failed:
            return "failed"
        if not self.fired and not self.held:
            return "never-applied"
        if not self.fired:
            return "never-fired"
        if not self.held:
            return "never-held"
        return "ok"


@attrs.frozen
class KindRun:
    """The generated documents of one kind: how many valid, how many mutated, which mutations."""

    kind: DocumentKind
    valid: int
    mutated: int
    mutations: tuple[str, ...]


@attrs.frozen
class RulesetReport:
    """The outcome of :func:`verify_ruleset` for one ruleset."""

    source: str
    id: str
    version: str
    content_hash: str
    examples: int
    seed: int
    kinds: tuple[KindRun, ...]
    rules: tuple[RuleReport, ...]
    seconds: float = attrs.field(eq=False)

    @property
    def failed(self) -> bool:
        return any(rule.failed for rule in self.rules)

    def rule(self, rule_id: str) -> RuleReport:
        return next(r for r in self.rules if r.id == rule_id)


# ------------------------------------------------------------------ evaluating rules


@attrs.frozen
class _Tally:
    held: int = 0
    fired: int = 0
    errors: int = 0


def _evaluate(rules: Sequence[Rule], document: Document) -> dict[str, _Tally]:
    """Per rule: on how many objects it held, fired, or failed (as the engine decides)."""
    scoped: dict[str, list[Any]] = {}
    out: dict[str, _Tally] = {}
    for rule in rules:
        if rule.scope not in scoped:
            scoped[rule.scope] = list(scope_targets(rule.scope, document))
        held = fired = errors = 0
        for env, _, _ in scoped[rule.scope]:
            try:
                result = evaluate(rule, env)
            except Exception:  # the engine turns this into a rule-error finding
                errors += 1
                continue
            if result is True:
                held += 1
            elif result is False:
                fired += 1
        out[rule.id] = _Tally(held, fired, errors)
    return out


def _findings(ruleset: Ruleset, rule: Rule, document: Document) -> list[Finding]:
    """The findings of ``rule`` alone (its own and its rule-errors)."""
    report = run_ruleset(ruleset, document, rules=(rule,))
    return [f for f in report.findings if f.rule in (rule.id, "rule-error")]


# ------------------------------------------------------------------ fragments


def _number(value: Decimal) -> str:
    return format(value, "f")


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == () or value == []:
        return
    out[key] = _number(value) if isinstance(value, Decimal) else value


def indicator_fragment(indicator: Indicator) -> dict[str, Any]:
    """An indicator as the fragment analysts write (``tier``, ``name``, ``target`` …)."""
    out: dict[str, Any] = {}
    _put(out, "tier", indicator.tier)
    _put(out, "category", indicator.category)
    out["name"] = indicator.name
    for key, value in (
        ("description", indicator.description),
        ("target", indicator.target_text),
        ("basis", indicator.basis),
        ("actual", indicator.actual),
        ("weight", indicator.weight),
        ("claimed", indicator.claimed),
        ("deviation_reason", indicator.deviation_reason),
    ):
        _put(out, key, value)
    return out


def fund_row_fragment(row: FundRow) -> dict[str, Any]:
    out: dict[str, Any] = {"name": row.name}
    if row.label != row.name:
        out["label"] = row.label
    for key in ("initial_budget", "annual_budget", "spent", "weight", "execution_rate", "claimed"):
        _put(out, key, getattr(row, key))
    return out


def _budget_fragment(budget: Budget) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "total", budget.total)
    sources = []
    for source in budget.sources:
        item: dict[str, Any] = {"name": source.name}
        _put(item, "amount", source.amount)
        sources.append(item)
    _put(out, "sources", sources)
    if budget.unit != "万元":
        out["unit"] = budget.unit
    return out


def _plan_fragment(plan: SpendingPlan) -> dict[str, Any]:
    points = []
    for checkpoint in plan.checkpoints:
        item: dict[str, Any] = {"label": checkpoint.label}
        _put(item, "percent", checkpoint.percent)
        points.append(item)
    return {"checkpoints": points}


def _statements(items: Sequence[Statement]) -> list[Any]:
    if all(s.number == i for i, s in enumerate(items, start=1)):
        return [s.text for s in items]
    return [
        {"text": s.text} if s.number is None else {"number": s.number, "text": s.text}
        for s in items
    ]


def _assessment_fragment(assessment: SelfAssessment) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "year", assessment.year)
    if assessment.money_unit != "万元":
        out["money_unit"] = assessment.money_unit
    _put(out, "fund_rows", [fund_row_fragment(r) for r in assessment.fund_rows])
    _put(out, "total_weight", assessment.total_weight)
    _put(out, "total_claimed", assessment.total_claimed)
    return out


def project_fragment(project: Project) -> dict[str, Any]:
    """A project as an example fragment (what :func:`fragment_document` reads back)."""
    out: dict[str, Any] = {}
    for key in ("code", "name", "unit", "department"):
        _put(out, key, getattr(project, key))
    if project.budget is not None:
        out["budget"] = _budget_fragment(project.budget)
    _put(out, "fund_use", project.fund_use)
    if project.spending_plan is not None:
        out["spending_plan"] = _plan_fragment(project.spending_plan)
    _put(out, "goals", _statements(project.goals))
    _put(out, "indicators", [indicator_fragment(i) for i in project.indicators])
    if project.assessment is not None:
        out["assessment"] = _assessment_fragment(project.assessment)
    return out


def duty_fragment(duty: Duty, position: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if duty.number != position and duty.number is not None:
        out["number"] = duty.number
    out["name"] = duty.name
    for key in ("description", "goal", "indicator", "performance_description"):
        _put(out, key, getattr(duty, key))
    return out


def document_fragment(document: Document, kind: DocumentKind) -> dict[str, Any]:
    """A whole document as a ``document = {…}`` fragment (``kind`` is the default kind)."""
    out: dict[str, Any] = {}
    if document.kind is not kind:
        out["kind"] = document.kind.value
    _put(out, "department", document.department)
    _put(out, "year", document.year)
    _put(out, "projects", [project_fragment(p) for p in document.projects])
    _put(out, "duties", [duty_fragment(d, i) for i, d in enumerate(document.duties, start=1)])
    _put(out, "goals", _statements(document.overall_goals))
    return out


# an item of these lists (or a fragment of that kind) keeps the key that says what it is
_NAMED: Final = frozenset({"indicators", "fund_rows", "sources", "duties", "checkpoints", "goals"})
_NAMED_ROOTS: Final = frozenset({"indicator", "fund_row", "duty", "goal"})
_KEEP: Final = frozenset({"name", "text", "label"})


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Removable parts of a fragment, coarse before fine (a whole list before its items)."""
    if isinstance(value, dict):
        parent = path[-2] if len(path) >= 2 and isinstance(path[-1], int) else None
        named = parent in _NAMED or (len(path) == 1 and path[0] in _NAMED_ROOTS)
        for key in value:
            if not (named and key in _KEEP):
                yield (*path, key)
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index in range(len(value)):
            yield (*path, index)
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _paths(item, (*path, index))


def _without(value: Any, path: tuple[Any, ...]) -> Any:
    head, *rest = path
    if isinstance(value, dict):
        if not rest:
            return {k: v for k, v in value.items() if k != head}
        return {k: (_without(v, tuple(rest)) if k == head else v) for k, v in value.items()}
    if not rest:
        return [v for i, v in enumerate(value) if i != head]
    return [(_without(v, tuple(rest)) if i == head else v) for i, v in enumerate(value)]


def _prune(fragment: dict[str, Any], holds: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Drop every part of ``fragment`` that ``holds`` does not need (greedy, to a fixpoint)."""
    root = next(iter(fragment))
    changed = True
    while changed:
        changed = False
        index = 0
        while True:
            paths = list(_paths(fragment[root], (root,)))
            if index >= len(paths):
                break
            candidate = _without(fragment, paths[index])
            if _nonempty(candidate, root) and holds(candidate):
                fragment, changed = candidate, True
            else:
                index += 1
    return fragment


def _nonempty(fragment: dict[str, Any], root: str) -> bool:
    value = fragment.get(root)
    return bool(value) or isinstance(value, str)


_BARE_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_value(value: Any, indent: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v, indent)}" for k, v in value.items())
        return "{ " + inner + " }"
    assert isinstance(value, list)
    if len(value) > 1 and any(isinstance(item, dict) for item in value):
        deeper = indent + "  "
        lines = "".join(f"{deeper}{_toml_value(item, deeper)},\n" for item in value)
        return "[\n" + lines + indent + "]"
    return "[" + ", ".join(_toml_value(item, indent) for item in value) + "]"


def fragment_toml(fragment: Mapping[str, Any], *, expect: str, note: str | None = None) -> str:
    """A ``[[rule.examples]]`` block for ``fragment`` (``{"indicator": {...}}`` …)."""
    lines = ["[[rule.examples]]", f"expect = {_toml_string(expect)}"]
    if note:
        lines.append(f"note = {_toml_string(note)}")
    for key, value in fragment.items():
        lines.append(f"{_toml_key(key)} = {_toml_value(value, '')}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ counterexamples


def _candidates(
    rule: Rule,
    document: Document,
    kind: DocumentKind,
    finding: Finding | None,
    project_index: int | None,
) -> list[dict[str, Any]]:
    """Fragments to try, smallest first: the object, its project, the whole document."""
    out: list[dict[str, Any]] = []
    project: Project | None = None
    if finding is not None and finding.location.project is not None:
        project = document.project(finding.location.project)
    elif project_index is not None:
        project = document.projects[project_index]
    if finding is not None and project is not None:
        row = finding.location.row
        item = finding.location.item or ""
        if rule.scope == "indicator" and row is not None and row <= len(project.indicators):
            out.append({"indicator": indicator_fragment(project.indicators[row - 1])})
        if rule.scope == "fund_row" and project.assessment is not None:
            row_of = project.assessment.fund_row(item)
            if row_of is not None:
                out.append({"fund_row": fund_row_fragment(row_of)})
    if finding is not None and rule.scope == "duty":
        for i, duty in enumerate(document.duties, start=1):
            if item_matches(finding.location.item, duty, i):
                out.append({"duty": duty_fragment(duty, 1)})
    if project is not None and rule.scope not in ("document", "duty"):
        out.append({"project": project_fragment(project)})
    out.append({"document": document_fragment(document, kind)})
    return out


def item_matches(item: str | None, duty: Duty, position: int) -> bool:
    return item == f"duty {duty.number or position} {duty.name}"


def _fires_with(
    ruleset: Ruleset, rule: Rule, kind: DocumentKind
) -> Callable[[dict[str, Any]], list[Finding] | None]:
    def run(fragment: dict[str, Any]) -> list[Finding] | None:
        try:
            document = fragment_document(fragment, kind)
        except PerfrulesError:
            return None
        return _findings(ruleset, rule, document)

    return run


def _counterexample(
    ruleset: Ruleset,
    rule: Rule,
    document: Document,
    problem: str,
    mutation: Mutation | None,
    reference: tuple[Ruleset, Rule] | None,
) -> Counterexample:
    """Cut the failing ``document`` down to the smallest fragment that still shows it."""
    kind = DocumentKind(ruleset.applies_to[0])
    run = _fires_with(ruleset, rule, kind)
    found = _findings(ruleset, rule, document)
    finding = found[0] if found else None
    holds: Callable[[dict[str, Any]], bool]
    if problem == "missed-mutation":
        expect = "fire"
        if reference is None or _same_rule(rule, reference[1]):
            # no independent oracle that a cut-down fragment is still broken: the rule
            # under test is the built-in one, so show the mutated part uncut
            return _uncut(rule, document, kind, mutation, expect)
        check_reference = _fires_with(reference[0], reference[1], kind)

        def holds(fragment: dict[str, Any]) -> bool:
            mine, theirs = run(fragment), check_reference(fragment)
            return mine is not None and not mine and bool(theirs)

    else:
        assert finding is not None
        wanted = finding.message_en

        def holds(fragment: dict[str, Any]) -> bool:
            mine = run(fragment)
            return mine is not None and any(f.message_en == wanted for f in mine)

        # a rule that crashed on a document broken the way it should catch must fire there
        declared = mutation is not None and rule.id in mutation.rules
        expect = "fire" if problem == "rule-error" and declared else "pass"
    project_index = mutation.project if mutation is not None else None
    chosen: dict[str, Any] | None = None
    for candidate in _candidates(rule, document, kind, finding, project_index):
        if holds(candidate):
            chosen = _prune(candidate, holds)
            break
    if chosen is None:  # cannot happen for a deterministic rule: keep the whole document
        chosen = {"document": document_fragment(document, kind)}
    if problem == "missed-mutation" and mutation is not None:
        note = _missed_note(mutation)
    elif problem == "fired-on-mutation" and mutation is not None:
        note = f"perfrules test: 变异 {mutation.name} 只违反其他规则，应通过 / must pass"
    elif problem == "rule-error":
        note = "perfrules test: 规则在此文档上执行出错 / the rule failed on this document"
    else:
        note = "perfrules test: 有效的生成文档，应通过 / a valid document, must pass"
    return Counterexample(
        rule.id,
        problem,
        expect,
        document.kind,
        mutation.name if mutation is not None else None,
        finding.message_zh if finding is not None else None,
        finding.message_en if finding is not None else None,
        chosen,
        fragment_toml(chosen, expect=expect, note=note),
    )


def _same_rule(rule: Rule, other: Rule) -> bool:
    return (rule.scope, rule.when_source, rule.assert_source) == (
        other.scope,
        other.when_source,
        other.assert_source,
    )


def _missed_note(mutation: Mutation) -> str:
    info = MUTATIONS[mutation.name]
    return f"perfrules test: 变异 {mutation.name}（{info.description_zh}），应触发 / must fire"


def _uncut(
    rule: Rule, document: Document, kind: DocumentKind, mutation: Mutation | None, expect: str
) -> Counterexample:
    """The mutated project (or the document) as it is."""
    fragment: dict[str, Any]
    if mutation is not None and mutation.project is not None:
        fragment = {"project": project_fragment(document.projects[mutation.project])}
    else:
        fragment = {"document": document_fragment(document, kind)}
    note = _missed_note(mutation) if mutation is not None else None
    return Counterexample(
        rule.id,
        "missed-mutation",
        expect,
        document.kind,
        mutation.name if mutation is not None else None,
        None,
        None,
        fragment,
        fragment_toml(fragment, expect=expect, note=note),
    )


# ------------------------------------------------------------------ running properties


class _Falsified(Exception):
    """Raised inside a property so that Hypothesis shrinks the document."""


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        print_blob=False,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
    )


@attrs.define
class _Failure:
    rule: str
    problem: str
    document: Document
    mutation: Mutation | None = None


_Verdict = Callable[[Sequence[Rule], Any, Mapping[str, _Tally], set[str]], "_Failure | None"]


def _search(
    strategy: SearchStrategy[Any],
    active: Sequence[Rule],
    excluded: set[str],
    verdict: _Verdict,
    examples: int,
    seed_: int,
    pool: list[Document],
) -> tuple[_Failure | None, int, dict[str, Counter[str]]]:
    """Check ``examples`` draws with ``verdict``: the shrunk failure (if any), the number of
    draws checked before it, and what each active rule did on them (shrinking excluded).
    The documents checked are appended to ``pool``."""
    state: dict[str, Any] = {"last": None, "seen": 0, "failed": False}
    local: dict[str, Counter[str]] = {rule.id: Counter() for rule in active}
    pool.clear()

    @seed(seed_)
    @_settings(examples)
    @given(strategy)
    def prop(value: Any) -> None:
        document = value.document if isinstance(value, Mutation) else value
        results = _evaluate(active, document)
        if not state["failed"]:  # not shrinking yet: count this draw
            state["seen"] += 1
            pool.append(document)
            for rule_id, tally in results.items():
                local[rule_id].update(held=tally.held, fired=tally.fired)
        failure = verdict(active, value, results, excluded)
        if failure is not None:
            state["failed"] = True
            state["last"] = failure
            raise _Falsified(failure.rule)

    try:
        prop()
    except _Falsified:
        return state["last"], state["seen"], local
    return None, state["seen"], local


def _valid_verdict(
    active: Sequence[Rule], document: Any, results: Mapping[str, _Tally], excluded: set[str]
) -> _Failure | None:
    """A valid document: no rule fails, no error or warning rule fires."""
    for rule in active:
        tally = results[rule.id]
        if tally.errors:
            return _Failure(rule.id, "rule-error", document)
        if tally.fired and rule.severity is not Severity.INFO:
            return _Failure(rule.id, "fired-on-valid", document)
    return None


def _mutation_verdict(
    active: Sequence[Rule], mutation: Any, results: Mapping[str, _Tally], excluded: set[str]
) -> _Failure | None:
    """A mutated document: the declared rules fire, no other error rule does."""
    assert isinstance(mutation, Mutation)
    document = mutation.document
    for rule in active:
        if results[rule.id].errors:
            return _Failure(rule.id, "rule-error", document, mutation)
    for rule_id in mutation.rules:
        if rule_id in results and not results[rule_id].fired:
            return _Failure(rule_id, "missed-mutation", document, mutation)
    for rule in active:
        fired = results[rule.id].fired
        if fired and rule.id not in mutation.rules and rule.severity is Severity.ERROR:
            return _Failure(rule.id, "fired-on-mutation", document, mutation)
    return None


def _phase(
    ruleset: Ruleset,
    strategy: SearchStrategy[Any],
    verdict: _Verdict,
    examples: int,
    seed_: int,
    tallies: dict[str, Counter[str]],
    found: dict[str, list[Counterexample]],
    excluded: set[str],
    pool: list[Document],
) -> int:
    """Run one property until it passes, recording a counterexample per failing rule (a
    failing rule joins ``excluded`` and is left out of later runs, so each failing rule
    gets one shrunk example of its own)."""
    while True:
        active = [r for r in ruleset.rules if r.id not in excluded]
        failure, seen, local = _search(strategy, active, excluded, verdict, examples, seed_, pool)
        if failure is None:
            for rule_id, counts in local.items():
                tallies[rule_id].update(counts)
            return seen
        rule = _rule(ruleset, failure.rule)
        tallies[rule.id].update(local[rule.id])  # what it did up to its first failure
        reference = _reference(rule.id) if failure.problem == "missed-mutation" else None
        found[rule.id].append(
            _counterexample(
                ruleset, rule, failure.document, failure.problem, failure.mutation, reference
            )
        )
        excluded.add(rule.id)


def _rule(ruleset: Ruleset, rule_id: str) -> Rule:
    rule = ruleset.rule(rule_id)
    assert rule is not None
    return rule


def _reference(rule_id: str) -> tuple[Ruleset, Rule] | None:
    """The built-in rule with this id: the oracle that a shrunk mutation is still broken."""
    for ruleset in builtin_rulesets().values():
        rule = ruleset.rule(rule_id)
        if rule is not None:
            return ruleset, rule
    return None


def verify_ruleset(
    ruleset: Ruleset, *, examples: int = DEFAULT_EXAMPLES, seed: int = 0
) -> RulesetReport:
    """Run ``ruleset``'s examples and properties (see the module docstring)."""
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise PerfrulesError(
            f"examples must be a positive number of documents, not {examples!r}",
            code="bad-argument",
            message_zh=f"生成文档数必须是正整数，而不是 {examples!r}",
        )
    started = time.perf_counter()
    example_results = verify_examples(ruleset)
    tallies: dict[str, Counter[str]] = {rule.id: Counter() for rule in ruleset.rules}
    found: dict[str, list[Counterexample]] = {rule.id: [] for rule in ruleset.rules}
    documents_seen: Counter[str] = Counter()
    runs: list[KindRun] = []
    excluded: set[str] = set()
    for kind in (DocumentKind(k) for k in ruleset.applies_to):
        pool: list[Document] = []
        strategy: SearchStrategy[Any] = documents(valid=True, kind=kind)
        valid = _phase(
            ruleset, strategy, _valid_verdict, examples, seed, tallies, found, excluded, pool
        )
        bases, mutated, used = tuple(pool), 0, []
        for rule in ruleset.rules:
            names = tuple(
                name
                for name, info in MUTATIONS.items()
                if kind in info.kinds and rule.id in info.rules
            )
            if not names or rule.id in excluded or not bases:
                continue
            used += [n for n in names if n not in used]
            strategy = mutations_of(bases, names)
            mutated += _phase(
                ruleset, strategy, _mutation_verdict, examples, seed, tallies, found, excluded, []
            )
        documents_seen.update(all=valid + mutated)
        runs.append(KindRun(kind, valid, mutated, tuple(used)))
    reports = []
    for rule in ruleset.rules:
        declared = tuple(n for n, info in MUTATIONS.items() if rule.id in info.rules)
        reports.append(
            RuleReport(
                rule.id,
                rule.severity,
                rule.line,
                tuple(r for r in example_results if r.rule == rule.id),
                tallies[rule.id]["held"],
                tallies[rule.id]["fired"],
                documents_seen["all"],
                declared,
                tuple(found[rule.id]),
            )
        )
    return RulesetReport(
        ruleset.source,
        ruleset.id,
        ruleset.version,
        ruleset.content_hash,
        examples,
        seed,
        tuple(runs),
        tuple(reports),
        time.perf_counter() - started,
    )


# ------------------------------------------------------------------ finding and printing


def find_rulesets(paths: Iterable[str | Path]) -> list[Path]:
    """Ruleset files named by ``paths``: files as given, folders searched for ``*.toml``
    files that hold a ``[ruleset]`` table (scoring policies and other TOML are skipped)."""
    found: list[Path] = []
    for given_path in paths:
        path = Path(given_path)
        if path.is_dir():
            for candidate in sorted(path.rglob("*.toml")):
                try:
                    text = candidate.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue
                if _RULESET_TABLE.search(text):
                    found.append(candidate)
        elif path.exists():
            found.append(path)
        else:
            raise RulesetError(
                "no such file or folder",
                file=str(path),
                code="ruleset-unreadable",
                message_zh="文件或文件夹不存在",
            )
    if not found:
        raise RulesetError(
            "no ruleset found (a TOML file with a [ruleset] table)",
            file=", ".join(str(p) for p in paths),
            code="ruleset-not-found",
            message_zh="未找到规则集（含[ruleset]表的TOML文件）",
        )
    return list(dict.fromkeys(found))


def load_and_verify(
    paths: Iterable[str | Path], *, examples: int = DEFAULT_EXAMPLES, seed: int = 0
) -> list[RulesetReport]:
    """Load every ruleset under ``paths`` (strictly) and verify each one."""
    rulesets = [load_ruleset(path) for path in find_rulesets(paths)]
    return [verify_ruleset(r, examples=examples, seed=seed) for r in rulesets]


_STATUS: Final = {
    "ok": "ok",
    "failed": "FAILED",
    "never-applied": "note",
    "never-fired": "note",
    "never-held": "note",
}


def _rule_line(rule: RuleReport) -> str:
    passed = sum(1 for e in rule.examples if e.ok)
    parts = [f"examples {passed}/{len(rule.examples)}", f"held {rule.held}", f"fired {rule.fired}"]
    return f"  {_STATUS[rule.status]:<7} {rule.id:<26} " + " · ".join(parts)


def note_text(rule: RuleReport) -> list[str]:
    """Notes about a rule that passed: no example of a kind, dead, always firing."""
    out = []
    kinds = {e.example.expect for e in rule.examples}
    missing = [k for k in ("pass", "fire") if k not in kinds]
    if missing and not rule.failed:
        out.append(
            f"  note    {rule.id}: no must-{' or must-'.join(missing)} example / "
            f"缺少{'和'.join('应通过' if k == 'pass' else '应触发' for k in missing)}的示例"
        )
    return out + _status_notes(rule)


def _status_notes(rule: RuleReport) -> list[str]:
    if rule.status == "never-applied":
        return [
            f"  note    {rule.id}: never applied to a generated document — dead? "
            "(its `when` never held) / 在生成文档上从未适用（when条件从未成立）"
        ]
    if rule.status == "never-fired":
        return [
            f"  note    {rule.id}: never fired on a generated document — dead, or no mutation "
            "breaks what it checks (its must-fire examples are its only test) / "
            "在生成文档上从未触发：可能是死规则，或没有变异违反它检查的内容"
        ]
    if rule.status == "never-held":
        return [
            f"  note    {rule.id}: fired wherever it applied, never held — always firing? / "
            "凡适用处均触发，从未通过"
        ]
    return []


def failure_text(report: RulesetReport, rule: RuleReport) -> list[str]:
    out: list[str] = []
    where = f"{report.source}:{rule.line}"
    for example in rule.example_failures:
        out.append(f"\n✗ {rule.id} ({where}): an example does not behave as it says / 示例不符")
        out.append(f"  {example.describe()}")
    for found in rule.counterexamples:
        out.append(f"\n✗ {rule.id} ({where}) {found.summary_en}")
        out.append(f"  {found.summary_zh}")
        if found.mutation is not None:
            info = MUTATIONS[found.mutation]
            out.append(f"  mutation / 变异: {found.mutation} — {info.description_en}")
            out.append(f"                 {info.description_zh}")
        if found.finding_en is not None:
            out.append(f"  finding / 发现: {found.finding_zh}")
            if found.finding_en != found.finding_zh:
                out.append(f"                 {found.finding_en}")
        out.append(
            f"  Shrunk counterexample — paste it under the rule in {report.source}, fix the rule,"
            " run perfrules test again:"
        )
        out.append("  最小反例——粘贴到该规则下，修正规则后重新运行 perfrules test：")
        out.append("")
        out.append(found.toml.rstrip("\n"))
    return out


def render_text(reports: Sequence[RulesetReport], *, timings: bool = True) -> str:
    """The report ``perfrules test`` prints: a table per ruleset, then the failures."""
    if not reports:
        return ""
    first = reports[0]
    lines = [
        f"perfrules test · seed {first.seed} · {first.examples} documents per rule, valid and "
        f"mutated / 每条规则{first.examples}个有效文档与{first.examples}个变异文档"
    ]
    for report in reports:
        lines.append("")
        lines.append(
            f"{report.source} — {report.id} {report.version} ({len(report.rules)} rule(s) / 条规则)"
        )
        for run in report.kinds:
            if run.mutations:
                lines.append(
                    f"  {run.kind.value}: {run.valid} valid, {run.mutated} mutated documents "
                    f"({len(run.mutations)} mutation(s)) / {run.valid}个有效、"
                    f"{run.mutated}个变异文档"
                )
            else:
                lines.append(
                    f"  {run.kind.value}: {run.valid} valid documents; no mutation targets "
                    f"these rules / {run.valid}个有效文档，无针对这些规则的变异"
                )
        for rule in report.rules:
            lines.append(_rule_line(rule))
        for rule in report.rules:
            lines.extend(note_text(rule))
        for rule in report.rules:
            lines.extend(failure_text(report, rule))
    rules = [rule for report in reports for rule in report.rules]
    failed = sum(1 for r in rules if r.failed)
    notes = sum(len(note_text(r)) for r in rules)
    seconds = sum(r.seconds for r in reports)
    tail = f" — {seconds:.1f} s" if timings else ""
    lines.append("")
    lines.append(
        f"{len(reports)} ruleset(s), {len(rules)} rule(s): {len(rules) - failed} passed, "
        f"{failed} failed, {notes} note(s) · {len(rules) - failed}条通过，{failed}条未通过，"
        f"{notes}条提示{tail}"
    )
    return "\n".join(lines) + "\n"
