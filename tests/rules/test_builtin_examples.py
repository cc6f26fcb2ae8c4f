"""Every built-in rule has must-fire and must-pass examples, and they behave as documented."""

from __future__ import annotations

import pytest

from perfrules.rules import builtin_rulesets
from perfrules.rules.examples import verify_examples

RULESETS = builtin_rulesets()
RULES = [(ruleset, rule) for ruleset in RULESETS.values() for rule in ruleset.rules]


@pytest.mark.parametrize(("ruleset", "rule"), RULES, ids=[f"{rs.id}:{r.id}" for rs, r in RULES])
def test_rule_has_both_kinds_of_example(ruleset, rule) -> None:  # type: ignore[no-untyped-def]
    kinds = {example.expect for example in rule.examples}
    assert kinds == {"pass", "fire"}, f"{rule.id} needs must-pass and must-fire examples"


@pytest.mark.parametrize(("ruleset", "rule"), RULES, ids=[f"{rs.id}:{r.id}" for rs, r in RULES])
def test_examples_behave_as_documented(ruleset, rule) -> None:  # type: ignore[no-untyped-def]
    results = verify_examples(ruleset, rule)
    failures = [r.describe() for r in results if not r.ok]
    assert not failures


def test_target_table_has_the_stable_rule_ids() -> None:
    ids = {rule.id for rule in RULESETS["target-table"].rules}
    assert ids >= {
        "budget-sum", "spending-plan", "cost-vs-budget", "missing-tier", "missing-output-category",
        "category-tier-mismatch", "duplicate-indicator", "boolean-target", "unparseable-target",
        "percent-over-100", "unit-name-conflict", "duplicate-goal", "duplicate-duty",
        "implied-direction", "placeholder-row",
    }  # fmt: skip
