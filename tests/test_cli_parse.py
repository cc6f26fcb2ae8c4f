"""``perfrules parse``: the JSON contract of DESIGN §2, exit codes, stdin; as a subprocess and
in-process through :func:`perfrules.cli.main`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from perfrules.cli import main

# DESIGN §2, verbatim
CONTRACT_LINE = (
    '{"text":"≥90百分比","ok":true,"kind":"compare","op":">=","value":"90","unit":"%",'
    '"dimension":"percent","implied_op":false,"canonical":"≥90%"}'
)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "perfrules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


# ------------------------------------------------------------------ as a subprocess


def test_json_output_is_the_design_contract() -> None:
    result = run_cli("parse", "--json", "≥90百分比")
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    expected = json.loads(CONTRACT_LINE)
    got = json.loads(lines[0])
    assert got == expected
    assert list(got) == list(expected)  # the same keys, in the contract's order
    assert json.dumps(got, ensure_ascii=False, separators=(",", ":")) == CONTRACT_LINE
    assert "≥90百分比" in lines[0]  # UTF-8, not \u escapes


def test_one_object_per_expression_and_exit_1_on_any_failure() -> None:
    result = run_cli("parse", "--json", "≥90%", "≥≥90%", "严格按照合同执行", "[80,90)")
    assert result.returncode == 1
    out = records(result.stdout)
    assert [r["text"] for r in out] == ["≥90%", "≥≥90%", "严格按照合同执行", "[80,90)"]
    assert [r["ok"] for r in out] == [True, False, True, True]
    assert out[1]["error"]["code"] == "unexpected-token"
    assert out[1]["error"]["column"] == 2
    assert {"code", "message", "column"} <= set(out[1]["error"])
    assert out[2] == {
        "text": "严格按照合同执行",
        "ok": True,
        "kind": "text",
        "canonical": "严格按照合同执行",
    }
    assert out[3] == {
        "text": "[80,90)",
        "ok": True,
        "kind": "range",
        "low": "80",
        "high": "90",
        "low_closed": True,
        "high_closed": False,
        "unit": "",
        "dimension": "count",
        "canonical": "[80,90)",
    }


def test_every_kind_of_the_contract() -> None:
    result = run_cli("parse", "--json", "2021年12月31日前", "是", "较好", "≤15个工作日", "5艘")
    assert result.returncode == 0
    deadline, boolean, level, duration, unknown = records(result.stdout)
    assert deadline == {
        "text": "2021年12月31日前",
        "ok": True,
        "kind": "deadline",
        "op": "<=",
        "date": "2021-12-31",
        "canonical": "2021年12月31日前",
    }
    assert boolean == {
        "text": "是",
        "ok": True,
        "kind": "boolean",
        "value": True,
        "canonical": "是",
    }
    assert level == {
        "text": "较好",
        "ok": True,
        "kind": "qualitative",
        "scale": "good",
        "level": "较好",
        "rank": 2,
        "canonical": "较好",
    }
    assert (duration["kind"], duration["dimension"], duration["unit"]) == (
        "compare",
        "duration",
        "工作日",
    )
    assert unknown["warnings"] == ["unknown unit '艘'"]
    assert result.stderr == ""  # the warning is in the record, not on stderr


def test_dash_reads_one_expression_per_line_from_stdin() -> None:
    result = run_cli("parse", "--json", "-", stdin="≥90%\r\n\n  \n≥≥\n55.2万元\n")
    assert result.returncode == 1
    out = records(result.stdout)
    assert [r["text"] for r in out] == ["≥90%", "≥≥", "55.2万元"]  # blank lines skipped
    assert [r["ok"] for r in out] == [True, False, True]
    assert out[2]["value"] == "552000"


def test_stdin_all_good_exits_0() -> None:
    result = run_cli("parse", "--json", "-", stdin="≥90%\n是\n")
    assert result.returncode == 0
    assert len(records(result.stdout)) == 2


@pytest.mark.parametrize(
    "args",
    [("parse",), ("parse", "--bogus", "≥90%"), (), ("no-such-command",)],
    ids=["no-expression", "unknown-option", "no-command", "unknown-command"],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr


def test_text_output_shows_canonical_and_error_caret() -> None:
    result = run_cli("parse", "≥ 90 %", "不低于%")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "≥ 90 %\t→ ≥90%\t[compare] op=>=, value=90, unit=%, dimension=percent, implied_op=False"
    )
    assert lines[1] == "不低于%"
    assert "[unexpected-token] line 1, column 4" in lines[2]
    assert lines[3:5] == ["不低于%", "      ^"]


# ------------------------------------------------------------------ in-process


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "≥90百分比"]) == 0
    out, err = capsys.readouterr()
    assert out == json.dumps(json.loads(CONTRACT_LINE), ensure_ascii=False) + "\n"
    assert err == ""


def test_main_in_process_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--json", "90%%"]) == 1
    (record,) = records(capsys.readouterr().out)
    assert record["error"]["code"] == "unexpected-token"
    assert record["error"]["column"] == 4
    assert main(["parse"]) == 2
    with pytest.raises(SystemExit) as info:
        main(["parse", "--bogus"])
    assert info.value.code == 2


def test_main_in_process_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("≥ 90 %\n[80%,90%)\n"))
    assert main(["parse", "--json", "-"]) == 0
    out = records(capsys.readouterr().out)
    assert [r["canonical"] for r in out] == ["≥90%", "[80%,90%)"]
