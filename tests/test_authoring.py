"""``perfrules test`` and the pytest plugin: examples, properties, shrunk counterexamples."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from perfrules.authoring import (
    document_fragment,
    find_rulesets,
    fragment_toml,
    load_and_verify,
    project_fragment,
    render_text,
    verify_ruleset,
)
from perfrules.cli import main
from perfrules.errors import RulesetError
from perfrules.model import Document, DocumentKind
from perfrules.rules import builtin_rulesets, load_ruleset, load_ruleset_text
from perfrules.rules.examples import verify_examples
from perfrules.rules.fragments import fragment_document
from perfrules.strategies import MUTATIONS, documents

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
WRONG = FIXTURES / "wrong-satisfaction.toml"


def without_timing(text: str) -> str:
    return re.sub(r" — \d+\.\d s\n$", "\n", text)


# ------------------------------------------------------------------ the built-in rulesets


def test_builtin_rulesets_pass_with_200_documents_per_rule() -> None:
    reports = load_and_verify([ROOT / "rulesets"], examples=200, seed=0)
    assert [r.id for r in reports] == ["self-assessment", "target-table"]
    for report in reports:
        for rule in report.rules:
            # no failure, no note: every rule held on some object and fired on some other
            assert rule.status == "ok", (report.id, rule.id, rule.status, rule.counterexamples)
            assert {e.example.expect for e in rule.examples} == {"pass", "fire"}
            assert rule.held > 0 and rule.fired >= 200
            assert rule.mutations, rule.id
        for run in report.kinds:
            with_mutations = [
                r for r in report.rules if any(run.kind in MUTATIONS[m].kinds for m in r.mutations)
            ]
            assert run.valid == 200
            assert run.mutated == 200 * len(with_mutations)
    kinds = {r.id: [(k.kind.value, len(k.mutations)) for k in r.kinds] for r in reports}
    assert kinds == {
        "self-assessment": [("self-assessment", 9)],
        "target-table": [("target-table", 17), ("self-assessment", 13)],
    }


# ------------------------------------------------------------------ a wrong rule is caught

WRONG_OUTPUT = """\
perfrules test · seed 0 · 200 documents per rule, valid and mutated / 每条规则200个有效文档与200个变异文档

tests/fixtures/rules/wrong-satisfaction.toml — satisfaction 0.1.0 (1 rule(s) / 条规则)
  target-table: 200 valid documents; no mutation targets these rules / 200个有效文档，无针对这些规则的变异
  self-assessment: 200 valid documents; no mutation targets these rules / 200个有效文档，无针对这些规则的变异
  FAILED  satisfaction-below-85      examples 2/2 · held 0 · fired 1

✗ satisfaction-below-85 (tests/fixtures/rules/wrong-satisfaction.toml:10) fired on a valid generated document
  在有效的生成文档上触发（应通过）
  finding / 发现: 满意度指标“机关单位人员满意度”的指标值≥85%低于85%
                 the satisfaction target ≥85% of 机关单位人员满意度 is below 85%
  Shrunk counterexample — paste it under the rule in tests/fixtures/rules/wrong-satisfaction.toml, fix the rule, run perfrules test again:
  最小反例——粘贴到该规则下，修正规则后重新运行 perfrules test：

[[rule.examples]]
expect = "pass"
note = "perfrules test: 有效的生成文档，应通过 / a valid document, must pass"
indicator = { category = "服务对象满意度指标", name = "机关单位人员满意度", target = "≥85%" }

1 ruleset(s), 1 rule(s): 0 passed, 1 failed, 0 note(s) · 0条通过，1条未通过，0条提示
"""


def test_a_wrong_rule_is_caught_and_its_shrunk_counterexample_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["test", "tests/fixtures/rules/wrong-satisfaction.toml"])
    out = capsys.readouterr().out
    assert code == 1
    assert without_timing(out) == WRONG_OUTPUT


def test_the_counterexample_pasted_in_fails_until_the_rule_is_fixed() -> None:
    text = WRONG.read_text(encoding="utf-8")
    block = WRONG_OUTPUT.split("\n\n[[rule.examples]]\n", 1)[1].split("\n\n", 1)[0]
    pasted = text + "\n[[rule.examples]]\n" + block + "\n"
    wrong = load_ruleset_text(pasted, source="pasted.toml")
    assert [r.ok for r in verify_examples(wrong)] == [True, True, False]
    fixed = load_ruleset_text(pasted.replace("target.value > 85%", "target.value >= 85%"))
    assert [r.ok for r in verify_examples(fixed)] == [True, True, True]
    report = verify_ruleset(fixed, examples=50)
    assert not report.failed
    # no built-in mutation lowers a satisfaction target: the rule never fires on generated
    # documents, and perfrules test says so
    assert report.rule("satisfaction-below-85").status == "never-fired"


def test_a_missed_mutation_is_shrunk_against_the_builtin_rule() -> None:
    report = verify_ruleset(load_ruleset(FIXTURES / "loose-budget-sum.toml"), examples=200)
    (found,) = report.rule("budget-sum").counterexamples
    assert (found.problem, found.expect, found.mutation) == (
        "missed-mutation",
        "fire",
        "fund-source-changed",
    )
    assert found.toml == (
        "[[rule.examples]]\n"
        'expect = "fire"\n'
        'note = "perfrules test: 变异 fund-source-changed（改动一项资金来源，预算数不再等于各来源之和），'
        '应触发 / must fire"\n'
        'project = { budget = { total = "1.00", sources = [{ name = "财政资金", amount = "1.01" }] } }\n'
    )
    # pasted in, the example fails under the loose rule and passes under the built-in one
    pasted = (FIXTURES / "loose-budget-sum.toml").read_text(encoding="utf-8") + "\n" + found.toml
    assert [r.ok for r in verify_examples(load_ruleset_text(pasted))] == [True, True, False]
    builtin = builtin_rulesets()["target-table"]
    fixed = load_ruleset_text(pasted.replace("within 1万元", "within 0.005万元"))
    assert [r.ok for r in verify_examples(fixed)] == [True, True, True]
    assert builtin.rule("budget-sum") is not None


def test_other_failures_and_notes() -> None:
    report = verify_ruleset(load_ruleset(FIXTURES / "misc.toml"), examples=200)
    status = {rule.id: rule.status for rule in report.rules}
    assert status == {
        "duplicate-goal": "ok",
        "at-most-three-goals": "failed",
        "quantity-in-percent": "failed",
        "never-applies": "never-applied",
        "placeholder-always": "never-held",
        "placeholder-row": "ok",
    }
    (unrelated,) = report.rule("at-most-three-goals").counterexamples
    assert (unrelated.problem, unrelated.expect, unrelated.mutation) == (
        "fired-on-mutation",
        "pass",
        "duplicate-goal",
    )
    goals = tomllib.loads(unrelated.toml)["rule"]["examples"][0]["project"]["goals"]
    assert len(goals) == 4 and goals[0] == goals[3]
    (crash,) = report.rule("quantity-in-percent").counterexamples
    assert crash.problem == "rule-error"
    assert crash.finding_en == (
        "rule 'quantity-in-percent' failed while evaluating: cannot compare 人次 and %"
    )
    assert crash.toml.endswith(
        'indicator = { category = "数量指标", name = "培训人次", target = "≥2人次" }\n'
    )


# ------------------------------------------------------------------ fragments


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_printed_fragments_read_back_as_the_same_document(document: Document) -> None:
    kind = DocumentKind.TARGET_TABLE
    fragment = {"document": document_fragment(document, kind)}
    text = fragment_toml(fragment, expect="pass", note='a "quoted" note\\')
    (example,) = tomllib.loads(text)["rule"]["examples"]
    assert example["note"] == 'a "quoted" note\\'
    back = fragment_document({"document": example["document"]}, kind)
    assert back == document
    for project in document.projects:
        text = fragment_toml({"project": project_fragment(project)}, expect="fire")
        (example,) = tomllib.loads(text)["rule"]["examples"]
        assert fragment_document({"project": example["project"]}, kind).projects == (project,)


def test_fragment_toml_layout() -> None:
    fragment = {"project": {"indicators": [{"name": "a"}, {"name": "b"}], "goals": ["x"]}}
    assert fragment_toml(fragment, expect="fire") == (
        "[[rule.examples]]\n"
        'expect = "fire"\n'
        "project = { indicators = [\n"
        '  { name = "a" },\n'
        '  { name = "b" },\n'
        '], goals = ["x"] }\n'
    )


# ------------------------------------------------------------------ the command


def test_find_rulesets_skips_scoring_policies() -> None:
    found = find_rulesets([ROOT / "rulesets"])
    assert [p.name for p in found] == ["self-assessment.toml", "target-table.toml"]


def test_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["test", "rulesets/self-assessment.toml", "--examples", "5"]) == 0
    assert main(["test", str(tmp_path / "missing.toml")]) == 2
    assert main(["test", "rulesets/scoring"]) == 2
    broken = tmp_path / "broken.toml"
    broken.write_text('[ruleset]\nid = "x"\nversion = "1"\n[[rule]]\nid = "a"\n', "utf-8")
    assert main(["test", str(broken)]) == 2
    with pytest.raises(SystemExit) as exited:
        main(["test", "rulesets", "--examples", "0"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "[ruleset-unreadable] no such file or folder" in err
    assert "[ruleset-not-found] no ruleset found" in err
    assert "must be at least 1, not 0 / 至少为1" in err


def test_find_rulesets_errors_are_ruleset_errors(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as info:
        find_rulesets([tmp_path])
    assert info.value.code == "ruleset-not-found"
    assert info.value.message_zh == "未找到规则集（含[ruleset]表的TOML文件）"


# ------------------------------------------------------------------ the pytest plugin


def _plugin_args() -> list[str]:
    registered = any(
        ep.value == "perfrules.pytest_plugin"
        for ep in importlib.metadata.entry_points(group="pytest11")
    )
    return [] if registered else ["-p", "perfrules.pytest_plugin"]


def test_pytest_collects_rulesets_and_reports_counterexamples() -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", *_plugin_args(), "-q", "-p", "no:cacheprovider",
            "rulesets/", "tests/fixtures/rules/wrong-satisfaction.toml",
            "--perfrules-examples", "20", "-W", "error::perfrules.pytest_plugin.RulesetTestWarning",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed, 25 passed" in result.stdout
    assert (
        "FAILED tests/fixtures/rules/wrong-satisfaction.toml::satisfaction-below-85"
        in result.stdout
    )
    assert (
        'indicator = { category = "服务对象满意度指标", name = "机关单位人员满意度", '
        'target = "≥85%" }' in result.stdout
    )


def test_pytest_ignores_toml_outside_rulesets_folders_unless_named() -> None:
    base = [sys.executable, "-m", "pytest", *_plugin_args(), "--co", "-q", "-p", "no:cacheprovider"]
    folder = subprocess.run(
        [*base, "tests/fixtures/rules"], cwd=ROOT, capture_output=True, text=True
    )
    assert "no tests collected" in folder.stdout
    named = subprocess.run([*base, str(WRONG)], cwd=ROOT, capture_output=True, text=True)
    assert "tests/fixtures/rules/wrong-satisfaction.toml::satisfaction-below-85" in named.stdout


def test_a_wrong_example_fails_the_rule() -> None:
    text = (FIXTURES / "wrong-satisfaction.toml").read_text(encoding="utf-8")
    fixed = text.replace("target.value > 85%", "target.value >= 85%")
    wrong_example = fixed.replace('target = "≥80%"', 'target = "≥88%"')
    report = verify_ruleset(load_ruleset_text(wrong_example, source="x.toml"), examples=20)
    rule = report.rule("satisfaction-below-85")
    assert rule.status == "failed" and rule.counterexamples == ()
    assert [e.example.line for e in rule.example_failures] == [24]
    rendered = render_text([report])
    assert (
        "✗ satisfaction-below-85 (x.toml:10): an example does not behave as it says / 示例不符\n"
        "  x.toml:24 satisfaction-below-85 [fire]: FAILED (expected fire, passed)\n"
    ) in rendered
