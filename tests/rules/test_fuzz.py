"""Fuzzed rule files, expressions and paths raise only RulesetError — and never run code."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfrules.errors import RulesetError
from perfrules.model import Document, DocumentKind
from perfrules.rules import load_ruleset_text, run_ruleset
from perfrules.rules.fragments import fragment_document

TOKENS = [
    "budget", "total", "sources", "amount", "indicators", "name", "category", "target", "kind",
    "value", "project", "indicator", ".", "[", "]", "(", ")", ",", "==", "!=", "<=", "<", ">",
    "+", "-", "*", "/", "and", "or", "not", "in", "matches", "within", "count", "sum", "min",
    "max", "any", "all", "unique", "duplicates", "by", "=", "is_set", "last", "90%", "55.2万元",
    "0", "1.5", '"成本指标"', '"是否"', "true", "null", "__import__", "os", "system", "eval",
    "__class__", "lambda", ";", "{", "}", "'", '"', "\\", "万元", "%",
]  # fmt: skip

HEAD = '[ruleset]\nid = "fuzz"\nversion = "1"\n\n[[rule]]\nid = "r"\nscope = "project"\n'


def ruleset_with(condition: str, message: str = "m") -> str:
    quoted = condition.replace("'''", "")
    return HEAD + f"assert = '''{quoted}'''\nmessage.zh = '''{message}'''\nmessage.en = 'm'\n"


DOC = fragment_document(
    {
        "project": {
            "budget": {"total": "55.2", "sources": [{"name": "财政资金", "amount": "55.2"}]},
            "indicators": [
                {
                    "tier": "产出指标",
                    "category": "成本指标",
                    "name": "总成本",
                    "target": "55.2万元",
                },
                {
                    "tier": "效益指标",
                    "category": "社会效益指标",
                    "name": "是否建立",
                    "target": "是",
                },
            ],
            "goals": ["a", "a"],
        }
    },
    DocumentKind.TARGET_TABLE,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_is_a_ruleset_error_or_loads(text: str) -> None:
    try:
        load_ruleset_text(text, source="fuzz.toml")
    except RulesetError as err:
        assert err.file == "fuzz.toml"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map(" ".join))
def test_random_expressions_load_or_fail_cleanly_and_never_crash_at_run_time(expr: str) -> None:
    try:
        ruleset = load_ruleset_text(ruleset_with(expr), source="fuzz.toml")
    except RulesetError as err:
        assert err.line is not None
        return
    report = run_ruleset(ruleset, DOC)  # a rule that fails at run time is a rule-error finding
    assert all(f.rule in ("r", "rule-error") for f in report.findings)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10),
        min_size=1,
        max_size=4,
    ).map(".".join)
)
def test_unknown_paths_are_ruleset_errors(path: str) -> None:
    try:
        load_ruleset_text(ruleset_with(f"is_set({path})"), source="fuzz.toml")
    except RulesetError as err:
        assert err.code in ("rule-unknown-path", "rule-type", "rule-syntax")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map(" ".join))
def test_random_message_templates(expr: str) -> None:
    try:
        ruleset = load_ruleset_text(ruleset_with("false", "{" + expr + "}"), source="fuzz.toml")
    except RulesetError:
        return
    report = run_ruleset(ruleset, DOC)
    assert len(report.findings) == 1


def test_no_python_escape_hatch() -> None:
    for attempt in ("__import__('os')", "budget.__class__", "eval(name)", "name.__len__"):
        try:
            load_ruleset_text(ruleset_with(attempt), source="fuzz.toml")
        except RulesetError as err:
            assert err.code in (
                "rule-syntax",
                "rule-unknown-function",
                "rule-unknown-path",
                "rule-type",
            )
        else:  # pragma: no cover - must not load
            raise AssertionError(f"{attempt} loaded")


def test_documents_are_plain_data() -> None:
    assert isinstance(DOC, Document)
