"""Run rulesets over documents and yield findings.

The engine visits each scope's objects in document order, evaluates a rule's ``when`` and
``assert``, and turns a failed assertion into a :class:`Finding` with its location. It
never stops at the first finding; a rule that fails while evaluating becomes a
``rule-error`` finding (neither swallowed nor a crash).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from ..model import Document, Project
from .compiler import Env, truth
from .findings import Finding, Location, Report, Severity
from .functions import RuleRuntimeError
from .loader import Rule, Ruleset
from .schema import FundRowView
from .templates import render_value

__all__ = ["check_document", "evaluate", "run_ruleset", "scope_targets"]

_Target = tuple[Env, Callable[[], Location], tuple[int, int]]


def _project_location(project: Project) -> Location:
    return Location(
        project=project.code,
        project_name=project.name,
        source=str(project.locator) if project.locator else None,
    )


def _source(obj: Any, fallback: Project | None = None) -> str | None:
    locator = getattr(obj, "locator", None)
    if locator is None and fallback is not None:
        locator = fallback.locator
    return str(locator) if locator is not None else None


def scope_targets(scope: str, document: Document) -> Iterator[_Target]:
    """(bindings, location maker, order key) for every object a rule of ``scope`` checks.

    Locations are built only when a rule fires: most objects never need one.
    """
    doc_vars: dict[str, Any] = {"document": document}
    if scope == "document":
        yield Env(document, doc_vars), lambda: Location(source=document.source or None), (-1, 0)
        return
    if scope == "duty":
        for i, duty in enumerate(document.duties, start=1):
            yield (
                Env(duty, {**doc_vars, "duty": duty}),
                partial(_duty_location, duty, i),
                (-1, i),
            )
        return
    for p, project in enumerate(document.projects):
        bound = {**doc_vars, "project": project}
        if scope == "project":
            yield Env(project, bound), partial(_project_location, project), (p, 0)
        elif scope == "indicator":
            for r, indicator in enumerate(project.indicators, start=1):
                yield (
                    Env(indicator, {**bound, "indicator": indicator}),
                    partial(_row_location, project, r, indicator),
                    (p, r),
                )
        elif scope == "goal":
            for g, goal in enumerate(project.goals, start=1):
                yield (
                    Env(goal, {**bound, "goal": goal}),
                    partial(_item_location, project, f"goal {goal.number or g}", goal),
                    (p, g),
                )
        elif scope == "fund_row" and project.assessment is not None:
            unit = project.assessment.money_unit
            for f, row in enumerate(project.assessment.fund_rows, start=1):
                view = FundRowView(row, unit)
                yield (
                    Env(view, {**bound, "fund_row": view}),
                    partial(_item_location, project, row.name, row),
                    (p, f),
                )


def _duty_location(duty: Any, i: int) -> Location:
    return Location(item=f"duty {duty.number or i} {duty.name}", source=_source(duty))


def _row_location(project: Project, row: int, indicator: Any) -> Location:
    return Location(
        project=project.code,
        project_name=project.name,
        row=row,
        indicator=indicator.name,
        source=_source(indicator, project),
    )


def _item_location(project: Project, item: str, obj: Any) -> Location:
    return Location(
        project=project.code, project_name=project.name, item=item, source=_source(obj, project)
    )


def evaluate(rule: Rule, env: Env) -> bool | None:
    """True when the rule holds, False when it fires, None when it does not apply.

    Raises whatever the rule raises; :func:`run_ruleset` reports that as a rule-error.
    """
    if rule.when is not None and truth(rule.when(env)) is not True:
        return None
    return truth(rule.check(env))


def _finding(rule: Rule, ruleset: Ruleset, env: Env, where: Location) -> Finding:
    try:
        zh, en = rule.message_zh(env), rule.message_en(env)
        values = tuple((source, render_value(fn(env))) for source, fn in rule.values)
    except (RuleRuntimeError, ArithmeticError, TypeError, ValueError) as err:
        zh = en = f"{rule.id}: {err}"
        values = ()
    return Finding(rule.id, rule.severity, zh, en, where, ruleset.id, values)


def _rule_error(rule: Rule, ruleset: Ruleset, where: Location, err: Exception) -> Finding:
    return Finding(
        "rule-error",
        Severity.ERROR,
        f"规则“{rule.id}”执行出错：{err}",
        f"rule {rule.id!r} failed while evaluating: {err}",
        where,
        ruleset.id,
        (("rule", rule.id), ("error", type(err).__name__)),
    )


def run_ruleset(
    ruleset: Ruleset, document: Document, *, rules: Iterable[Rule] | None = None
) -> Report:
    """Check ``document`` with ``ruleset`` (or a subset of its ``rules``) and report."""
    chosen = tuple(rules) if rules is not None else ruleset.rules
    found: list[tuple[tuple[int, int], int, Finding]] = []
    timings: dict[str, float] = {}
    targets: dict[str, list[_Target]] = {}
    clock = time.perf_counter
    for order, rule in enumerate(chosen):
        if rule.scope not in targets:
            targets[rule.scope] = list(scope_targets(rule.scope, document))
        started = clock()
        for env, where, key in targets[rule.scope]:
            try:
                if evaluate(rule, env) is False:
                    found.append((key, order, _finding(rule, ruleset, env, where())))
            except Exception as err:  # a broken rule is reported, never a crash
                found.append((key, order, _rule_error(rule, ruleset, where(), err)))
        timings[rule.id] = timings.get(rule.id, 0.0) + clock() - started
    found.sort(key=lambda item: (item[0], item[1]))
    return Report(
        ruleset.id,
        ruleset.version,
        ruleset.content_hash,
        document.source,
        tuple(f for _, _, f in found),
        tuple(sorted(timings.items(), key=lambda kv: -kv[1])),
    )


def check_document(document: Document, rulesets: Sequence[Ruleset]) -> list[Report]:
    """Run each ruleset that applies to the document's kind."""
    return [run_ruleset(r, document) for r in rulesets if document.kind.value in r.applies_to]
