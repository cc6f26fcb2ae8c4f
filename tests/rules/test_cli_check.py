"""``perfrules check``: text grouped by project, JSON findings, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfrules.cli import main

CORPUS = str(Path(__file__).resolve().parents[2] / "examples" / "shuangqiao-cdi-2021-targets.txt")


def test_corpus_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", CORPUS, "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["documents"][0]["rulesets"][0]["id"] == "target-table"
    findings = payload["findings"]
    assert len(findings) == 28
    first = findings[0]
    assert set(first) >= {"rule", "severity", "message", "location"}
    boolean = next(f for f in findings if f["rule"] == "boolean-target")
    assert boolean["location"]["project"] == "13080221ZMST218CULA8L"
    assert boolean["location"]["row"] == 2
    assert boolean["severity"] == "error"


def test_text_is_grouped_by_project(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", CORPUS]) == 1
    out = capsys.readouterr().out
    assert "\n1308022118MGPM09VPFGH 镇街纪检组织建设\n" in out
    assert out.rstrip().endswith("13 error(s), 15 warning(s), 0 info — 13个错误，15个警告")


def test_min_severity_hides_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", CORPUS, "--format", "json", "--min-severity", "error"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["severity"] for f in findings} == {"error"}
    assert len(findings) == 13


def test_clean_document_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "only-budget.toml"
    rules.write_text(
        '[ruleset]\nid = "only-budget"\nversion = "1"\n[[rule]]\nid = "budget-sum"\nscope = "project"\n'
        'assert = "budget.total == sum(budget.sources.amount)"\nmessage.zh = "x"\nmessage.en = "x"\n',
        encoding="utf-8",
    )
    assert main(["check", CORPUS, "--ruleset", str(rules)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_bad_inputs_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[ruleset]\nid = 1\n", encoding="utf-8")
    assert main(["check", CORPUS, "--ruleset", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2
