"""Document strategies: argument validation, validity of what they draw, exact mutations."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from perfrules.ast import Compare
from perfrules.judging import Verdict, judge
from perfrules.model import Document, DocumentKind, Indicator, Project
from perfrules.parser import parse
from perfrules.policy import resolve_policy
from perfrules.rules import builtin_rulesets, load_ruleset_text, run_ruleset
from perfrules.rules.checks import category_fits, lower_is_better
from perfrules.scoring import score
from perfrules.strategies import (
    MUTATIONS,
    VERDICTS,
    Mutation,
    actuals_for,
    documents,
    indicators,
    mutations,
    projects,
)
from perfrules.strategies_documents import _ALL_ROWS, _BENEFIT_CATEGORIES, _probes
from perfrules.taxonomy import CATEGORIES

RULESETS = builtin_rulesets()
TARGETS = RULESETS["target-table"]
ASSESSMENT = RULESETS["self-assessment"]
QUICK = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
NO_MUTATION_RULES = load_ruleset_text(
    """
[ruleset]
id = "custom"
version = "1"
[[rule]]
id = "named"
scope = "project"
assert = "is_set(name)"
message.zh = "无名称"
message.en = "no name"
""",
    source="custom.toml",
)


def draw_once(strategy: SearchStrategy[Any]) -> None:
    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def inner(_: Any) -> None:
        pass

    inner()


BAD_ARGUMENTS: list[tuple[str, Callable[[], SearchStrategy[Any]], str]] = [
    ("indicators-kind", lambda: indicators(kind="report"), "kind='report' must be one of"),
    ("indicators-kind-type", lambda: indicators(kind=3), "kind=3 must be one of"),  # type: ignore[arg-type]
    ("indicators-tiers-str", lambda: indicators(tiers="产出指标"), "not the single string"),
    ("indicators-tiers-empty", lambda: indicators(tiers=[]), "tiers must not be empty"),
    ("indicators-tiers-unknown", lambda: indicators(tiers=["预算执行率"]), "'预算执行率'"),
    ("indicators-categories-unknown", lambda: indicators(categories=["人员指标"]), "'人员指标'"),
    ("indicators-categories-type", lambda: indicators(categories=5), "must be a collection"),  # type: ignore[arg-type]
    (
        "indicators-category-not-in-tier",
        lambda: indicators(tiers=["效益指标"], categories=["数量指标"]),
        "do not belong to tiers ['效益指标'] (数量指标 → 产出指标)",
    ),
    ("projects-kind", lambda: projects(kind="budget"), "kind='budget' must be one of"),
    ("projects-min-too-small", lambda: projects(min_indicators=5), "between 6 and 42"),
    ("projects-max-too-big", lambda: projects(max_indicators=43), "between 6 and 42"),
    ("projects-max-bool", lambda: projects(max_indicators=True), "must be an int, not bool"),
    ("projects-min-str", lambda: projects(min_indicators="6"), "must be an int, not str"),  # type: ignore[arg-type]
    (
        "projects-min-gt-max",
        lambda: projects(min_indicators=8, max_indicators=7),
        "min_indicators=8 is greater than max_indicators=7",
    ),
    ("documents-valid", lambda: documents(valid="yes"), "valid='yes' must be True or False"),  # type: ignore[arg-type]
    ("documents-kind", lambda: documents(kind="table"), "kind='table' must be one of"),
    (
        "documents-ruleset-str",
        lambda: documents(ruleset="target-table"),
        "must be a loaded Ruleset",
    ),
    (
        "documents-kind-outside-ruleset",
        lambda: documents(kind="target-table", ruleset=ASSESSMENT),
        "kind='target-table' is not a kind ruleset 'self-assessment' applies to",
    ),
    ("documents-max-projects", lambda: documents(max_projects=0), "between 1 and 20"),
    (
        "documents-invalid-without-mutation",
        lambda: documents(valid=False, ruleset=NO_MUTATION_RULES),
        "no mutation is declared to be caught by ['named']",
    ),
    ("mutations-names-str", lambda: mutations(names="duplicate-row"), "not the single string"),
    ("mutations-names-empty", lambda: mutations(names=[]), "names must not be empty"),
    ("mutations-names-unknown", lambda: mutations(names=["swap-rows"]), "'swap-rows'"),
    ("mutations-rules-str", lambda: mutations(rules="budget-sum"), "not the single string"),
    ("mutations-rules-empty", lambda: mutations(rules=[]), "non-empty collection"),
    (
        "mutations-rules-unknown",
        lambda: mutations(rules=["no-such-rule"]),
        "no mutation is declared to be caught by ['no-such-rule']",
    ),
    (
        "mutations-kind-mismatch",
        lambda: mutations(kind="self-assessment", names=["duplicate-goal"]),
        "none of the mutations ['duplicate-goal'] applies to ['self-assessment'] documents",
    ),
    ("mutations-kind", lambda: mutations(kind="audit"), "kind='audit' must be one of"),
    ("mutations-max-projects", lambda: mutations(max_projects=21), "between 1 and 20"),
    ("actuals-unparseable", lambda: actuals_for("≥≥90%"), "cannot be parsed"),
    ("actuals-target-type", lambda: actuals_for(90), "must be a target string or a parsed node"),  # type: ignore[arg-type]
    (
        "actuals-verdict",
        lambda: actuals_for("≥90%", verdict="over"),
        "verdict='over' must be one of",
    ),  # type: ignore[arg-type]
    (
        "actuals-impossible",
        lambda: actuals_for("是", verdict="partly"),
        "no actual can be 'partly' against the target '是'",
    ),
    ("actuals-name", lambda: actuals_for("≥90%", name=5), "name=5 must be a string or None"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("make", "message"),
    [(m, msg) for _, m, msg in BAD_ARGUMENTS],
    ids=[i for i, _, _ in BAD_ARGUMENTS],
)
def test_bad_arguments_raise_invalid_argument_when_drawn(
    make: Callable[[], SearchStrategy[Any]], message: str
) -> None:
    strategy = make()  # building never raises: arguments are checked at draw time
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        draw_once(strategy)


# ------------------------------------------------------------------ valid documents


def severe(document: Document) -> list[tuple[str, str]]:
    """(rule, message) of every error or warning the built-in rulesets raise."""
    out = []
    for ruleset in (TARGETS, ASSESSMENT):
        if document.kind.value in ruleset.applies_to:
            out += [
                (f.rule, f.message_en)
                for f in run_ruleset(ruleset, document).findings
                if f.severity.value in ("error", "warning")
            ]
    return out


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_valid_documents_raise_no_error_or_warning(document: Document) -> None:
    assert severe(document) == []


@QUICK
@given(documents(kind="self-assessment"))
def test_self_assessment_rows_are_scored_by_the_policy(document: Document) -> None:
    weights = resolve_policy("mof-2020").tier_weights
    for project in document.projects:
        assert project.assessment is not None
        for tier in ("产出指标", "效益指标", "满意度指标"):
            total = sum(i.weight or 0 for i in project.indicators if i.tier == tier)
            assert total == weights[tier]
        for row in project.indicators:
            assert row.target is not None and row.weight is not None
            result = score(row.target, row.actual, row.weight, name=row.name, category=row.category)
            assert result.verdict is not Verdict.NOT_EVALUABLE, (row.target_text, row.actual)
            assert row.claimed == result.points
            if result.verdict in (Verdict.PARTLY, Verdict.MISSED):
                assert row.deviation_reason is not None


@QUICK
@given(documents(kind="target-table", max_projects=3))
def test_target_tables_have_plans_goals_and_unique_duties(document: Document) -> None:
    assert 1 <= len(document.projects) <= 3
    assert len({(d.name, d.description) for d in document.duties}) == len(document.duties)
    for project in document.projects:
        assert project.spending_plan is not None
        percents = [c.percent for c in project.spending_plan.checkpoints]
        assert percents == sorted(percents) and percents[-1] == 100
        assert project.budget is not None
        assert project.budget.total == project.budget.sources_total()
        assert 1 <= len(project.goals) <= 3


@QUICK
@given(documents(ruleset=ASSESSMENT))
def test_a_ruleset_narrows_the_kind(document: Document) -> None:
    assert document.kind is DocumentKind.SELF_ASSESSMENT


@QUICK
@given(projects(kind="self-assessment", min_indicators=8, max_indicators=8))
def test_projects_respect_their_bounds(project: Project) -> None:
    assert len(project.indicators) == 8
    assert len({i.name for i in project.indicators}) == 8
    assert project.assessment is not None and project.assessment.budget == project.budget.total  # type: ignore[union-attr]


INDICATOR_RULES = [r for rs in (TARGETS, ASSESSMENT) for r in rs.rules if r.scope == "indicator"]


@QUICK
@given(indicators(kind="self-assessment"))
def test_single_indicators_pass_every_indicator_rule(indicator: Indicator) -> None:
    document = Document(
        kind=DocumentKind.SELF_ASSESSMENT, projects=(Project(name="p", indicators=(indicator,)),)
    )
    findings = [
        f
        for rs in (TARGETS, ASSESSMENT)
        for f in run_ruleset(
            rs, document, rules=[r for r in INDICATOR_RULES if r in rs.rules]
        ).findings
    ]
    assert findings == []
    assert indicator.weight is not None and 1 <= indicator.weight <= 20


@QUICK
@given(indicators(tiers=["效益指标"], categories=["生态效益指标"]))
def test_indicators_respect_tiers_and_categories(indicator: Indicator) -> None:
    assert (indicator.tier, indicator.category) == ("效益指标", "生态效益指标")
    assert indicator.weight is None and indicator.actual is None


# ------------------------------------------------------------------ mutations


def test_every_builtin_rule_is_declared_by_a_mutation() -> None:
    declared = {rule for info in MUTATIONS.values() for rule in info.rules}
    builtin = {rule.id for rs in RULESETS.values() for rule in rs.rules}
    assert declared == builtin
    assert len(MUTATIONS) == 26


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_breaks_exactly_its_constraint(name: str) -> None:
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(mutations(names=[name]))
    def check(mutation: Mutation) -> None:
        assert severe(mutation.original) == []
        fired = {rule for rule, _ in severe(mutation.document)}
        assert fired == set(mutation.rules), mutation
        assert mutation.document != mutation.original

    check()


@QUICK
@given(mutations(rules=["claimed-score"]))
def test_rules_select_the_mutations_that_declare_them(mutation: Mutation) -> None:
    assert mutation.name in ("claimed-score-inflated", "score-over-weight")
    assert mutation.document.kind is DocumentKind.SELF_ASSESSMENT


@QUICK
@given(documents(valid=False, kind="target-table"))
def test_invalid_documents_break_something(document: Document) -> None:
    assert severe(document) != []


# ------------------------------------------------------------------ actuals_for


TARGET_CASES = [
    "≥90%",
    "≤55.2万元",
    "≥100人次",
    "[80%,90%)",
    "≤15个工作日",
    "是",
    "12月底前",
    "较好",
]


# under mof-2020 a yes/no or a deadline is met or missed, never partly; a lower-is-better
# target with a positive bound is scored target / actual, so it is never missed outright
IMPOSSIBLE = {
    ("是", "partly"),
    ("12月底前", "partly"),
    ("≤55.2万元", "missed"),
    ("≤15个工作日", "missed"),
}


@pytest.mark.parametrize("target", TARGET_CASES)
@pytest.mark.parametrize("verdict", VERDICTS)
def test_actuals_get_the_verdict_asked_for(target: str, verdict: str) -> None:
    strategy = actuals_for(target, verdict=verdict)
    if (target, verdict) in IMPOSSIBLE:
        with pytest.raises(InvalidArgument, match="no actual can be"):
            draw_once(strategy)
        return

    @settings(max_examples=30, deadline=None, database=None)
    @given(strategy)
    def check(actual: str) -> None:
        assert judge(target, actual).verdict.value == verdict

    check()


def test_probes_hold_the_boundary_a_step_either_side_and_scaled_units() -> None:
    assert {"90%", "89%", "91%", "900‰"} <= set(_probes(parse("≥90%")))
    assert {"55.2万元", "55.1万元", "55.3万元", "552000元", "552千元", "0.552百万元"} <= set(
        _probes(parse("≤55.2万元"))
    )


def test_impossible_verdicts_are_refused_but_possible_ones_drawn() -> None:
    found: set[str] = set()

    @settings(max_examples=50, deadline=None, database=None)
    @given(actuals_for("是"))
    def check(actual: str) -> None:
        found.add(judge("是", actual).verdict.value)

    check()
    assert found == {"met", "missed"}


# ------------------------------------------------------------------ the vocabulary


def test_vocabulary_rows_fit_the_rules() -> None:
    for row in _ALL_ROWS:
        assert CATEGORIES[row.category] == row.tier
        if row.category in _BENEFIT_CATEGORIES:
            assert category_fits(row.name, row.category), row.name
            # the category-misfiled mutation needs another category the name does not fit
            assert any(not category_fits(row.name, c) for c in _BENEFIT_CATEGORIES), row.name
        if row.category != "成本指标":
            assert not lower_is_better(row.name, row.category), row.name
        assert ("是否" in row.name) == (row.shape in ("yes", "no")), row.name


@QUICK
@given(st.data())
def test_target_spellings_parse_to_what_the_row_needs(data: st.DataObject) -> None:
    row = data.draw(indicators())
    node = parse(row.target_text or "")
    assert node == row.target
    if row.category == "成本指标":
        assert isinstance(node, Compare) and not node.implied
    assert node.kind != "text" or row.name == "资金使用规范性"
    _ = Decimal
