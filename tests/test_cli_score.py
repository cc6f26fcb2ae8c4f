"""``perfrules score``: golden text/Markdown output, the JSON contract, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _documents import FIXTURES, ROOT

from perfrules.cli import main

EXAMPLE = "examples/self-assessment-illustrative.xlsx"
GOLDEN = ROOT / "tests" / "golden"
REGEN = os.environ.get("PERFRULES_REGEN_GOLDEN") == "1"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _golden(path: Path, text: str) -> None:
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # locators in the output are relative to the repository


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("text", GOLDEN / "score-illustrative.txt"),
        ("markdown", GOLDEN / "score-illustrative.md"),
        ("text", ROOT / "examples" / "self-assessment-illustrative.score.txt"),
        ("json", ROOT / "examples" / "self-assessment-illustrative.score.json"),
    ],
)
def test_golden_output(capsys: pytest.CaptureFixture[str], fmt: str, golden: Path) -> None:
    code, out, err = _run(capsys, "score", EXAMPLE, "--format", fmt)
    assert (code, err) == (0, "")
    _golden(golden, out)


def test_text_shows_claimed_recomputed_and_lost_points(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "score", EXAMPLE)
    assert "总分 total: 99.35/100  等级 grade: 优; 自评 claimed 99.57 (0.22 over)" in out
    assert "-0.22  实际值88%，目标≥90%，未达标，差2个百分点；得分9.78/10" in out
    assert "[claimed-differs] “正常运转执行率”自评得分10，复核得分9.78，相差0.22" in out


def test_json_contract_several_projects(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", EXAMPLE, "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert [p["project"]["code"] for p in record["projects"]] == [
        "1308022118MGPM09VPFGH",
        "130802217ISPW0TV77BF2",
        "13080221YC5CUF58X7C1K",
        "13080221ZMST218CULA8L",
    ]
    first = record["projects"][0]
    assert (first["total"], first["grade"], first["claimed_total"]) == ("99.35", "优", "99.57")
    assert first["execution"]["rate"] == "0.9565"
    assert first["execution"]["points"] == "9.57"
    row = first["rows"][2]
    assert {
        k: row[k] for k in ("name", "target", "actual", "weight", "points", "claimed", "verdict")
    } == {
        "name": "正常运转执行率",
        "target": "≥90百分比",
        "actual": "88%",
        "weight": "10",
        "points": "9.78",
        "claimed": "10",
        "verdict": "partly",
    }
    assert row["locator"] == f"{EXAMPLE}!1.镇街纪检组织建设!D16"


def test_json_one_project_is_an_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", str(FIXTURES / "sa-official.xlsx"), "--format", "json")
    record = json.loads(out)
    assert code == 0 and "projects" not in record
    assert (record["total"], record["grade"], record["claimed_total"]) == ("99.25", "优", "96.57")
    assert [r["verdict"] for r in record["rows"]] == [
        "met",
        "partly",
        "met",
        "met",
        "met",
        "met",
        "met",
    ]


@pytest.mark.parametrize(
    ("argv", "code_text"),
    [
        (["score", "missing.xlsx"], "unreadable-file"),
        (["score", "README"], "missing-extension"),
        (["score", "examples/shuangqiao-cdi-2021-targets.pdf"], "bad-extension"),
        (["score", "examples/shuangqiao-cdi-2021-targets.txt"], "not-self-assessment"),
        (["score", EXAMPLE, "--policy", "no-such-policy"], "policy-not-found"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], code_text: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert f"[{code_text}]" in err and "Traceback" not in err


def test_corrupt_workbook_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes((FIXTURES / "sa-official.xlsx").read_bytes()[:3000])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "perfrules", "score", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "[corrupt-xlsx]" in done.stderr and "Traceback" not in done.stderr
