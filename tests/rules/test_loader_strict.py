"""Loading is strict: every mistake is a RulesetError at file:line (and column for expressions)."""

from __future__ import annotations

import pytest

from perfrules.errors import RulesetError
from perfrules.rules import load_ruleset, load_ruleset_text

HEAD = '[ruleset]\nid = "demo"\nversion = "1"\n'


def rule(body: str) -> str:
    return HEAD + "\n[[rule]]\n" + body


GOOD = rule(
    'id = "budget-sum"\nscope = "project"\nassert = "budget.total == sum(budget.sources.amount)"\n'
    'message.zh = "不等"\nmessage.en = "differs"\n'
)


def error_of(text: str) -> RulesetError:
    with pytest.raises(RulesetError) as caught:
        load_ruleset_text(text, source="demo.toml")
    return caught.value


def test_a_good_ruleset_loads() -> None:
    ruleset = load_ruleset_text(GOOD, source="demo.toml")
    assert ruleset.id == "demo"
    assert [r.id for r in ruleset.rules] == ["budget-sum"]
    assert len(ruleset.content_hash) == 16


def test_unknown_path_with_did_you_mean() -> None:
    err = error_of(GOOD.replace("budget.total", "budget.totl"))
    assert err.code == "rule-unknown-path"
    assert err.file == "demo.toml"
    assert (err.line, err.column) == (8, 18)
    assert "did you mean 'total'" in err.message
    assert err.snippet is not None and err.snippet.endswith("^")


def test_syntax_error_points_into_the_expression() -> None:
    err = error_of(GOOD.replace("== sum(", "== == sum("))
    assert err.code == "rule-syntax"
    assert (err.line, err.column) == (8, 27)
    assert "unexpected '=='" in err.message


def test_unknown_key_in_rule() -> None:
    err = error_of(GOOD.replace('scope = "project"', 'scope = "project"\nseverty = "error"'))
    assert err.code == "ruleset-unknown-key"
    assert err.line == 8
    assert "did you mean 'severity'" in err.message


def test_unknown_top_level_key() -> None:
    err = error_of("extra = 1\n" + GOOD)
    assert err.code == "ruleset-unknown-key"
    assert err.line == 1


def test_duplicate_rule_ids() -> None:
    err = error_of(GOOD + "\n[[rule]]\n" + GOOD.split("[[rule]]\n", 1)[1])
    assert err.code == "ruleset-duplicate-id"
    assert err.line == 12
    assert "first at line 5" in err.message


def test_bad_scope_and_severity() -> None:
    err = error_of(GOOD.replace('"project"', '"projet"'))
    assert err.code == "ruleset-bad-value" and "did you mean 'project'" in err.message
    err = error_of(GOOD.replace('scope = "project"', 'scope = "project"\nseverity = "fatal"'))
    assert err.code == "ruleset-bad-value" and err.line == 8


def test_unit_mismatch_is_a_load_error() -> None:
    err = error_of(GOOD.replace("sum(budget.sources.amount)", "90%"))
    assert err.code == "rule-unit-mismatch"
    assert "quantity<money>" in err.message and "quantity<percent>" in err.message


def test_number_against_quantity_asks_for_a_unit() -> None:
    err = error_of(GOOD.replace("sum(budget.sources.amount)", "55.2"))
    assert err.code == "rule-unit-mismatch"
    assert "write the unit" in err.message


def test_unknown_function_and_wrong_arity() -> None:
    err = error_of(GOOD.replace("sum(", "summ("))
    assert err.code == "rule-unknown-function" and "did you mean 'sum'" in err.message
    err = error_of(GOOD.replace("sum(budget.sources.amount)", "near_duplicate(budget.unit)"))
    assert err.code == "rule-bad-call" and "takes 2 argument(s), got 1" in err.message


def test_registered_check_argument_types_are_checked() -> None:
    err = error_of(
        GOOD.replace(
            "budget.total == sum(budget.sources.amount)", "near_duplicate(budget.total, name)"
        )
    )
    assert err.code == "rule-type"
    assert "expects string, got quantity<money>" in err.message


def test_message_placeholders_are_checked() -> None:
    err = error_of(GOOD.replace('message.zh = "不等"', 'message.zh = "预算{budget.totl}"'))
    assert err.code == "rule-unknown-path"
    assert err.line == 9


def test_missing_messages_and_assert() -> None:
    assert error_of(GOOD.replace('message.en = "differs"\n', "")).code == "ruleset-missing-key"
    assert error_of(GOOD.replace("assert", "asert")).code == "ruleset-unknown-key"


def test_bad_regex_is_a_load_error() -> None:
    text = GOOD.replace(
        'assert = "budget.total == sum(budget.sources.amount)"', """assert = 'name matches "(["'"""
    )
    err = error_of(text)
    assert err.code == "rule-bad-regex"


def test_invalid_toml_has_line_and_column() -> None:
    err = error_of(HEAD + "[[rule]\n")
    assert err.code == "ruleset-toml"
    assert err.line == 4


def test_examples_are_validated() -> None:
    err = error_of(GOOD + '\n[[rule.examples]]\nexpect = "maybe"\nproject = {}\n')
    assert err.code == "ruleset-bad-value" and err.line == 12
    err = error_of(GOOD + '\n[[rule.examples]]\nexpect = "pass"\nprojet = {}\n')
    assert err.code == "ruleset-unknown-key" and "did you mean 'project'" in err.message


def test_missing_file_and_bad_encoding(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulesetError) as caught:
        load_ruleset(tmp_path / "nope.toml")
    assert caught.value.code == "ruleset-unreadable"
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(bad)
    assert caught.value.code == "ruleset-encoding"


def test_str_names_file_line_column() -> None:
    err = error_of(GOOD.replace("budget.total", "budget.totl"))
    assert str(err).splitlines()[0].startswith("demo.toml:8:18: [rule-unknown-path]")
