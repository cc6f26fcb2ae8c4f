"""docs/rule-authoring.md shows real commands and real output: replay them."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from perfrules.cli import main
from perfrules.model import DocumentKind
from perfrules.strategies import MUTATIONS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "rule-authoring.md"
STEP = re.compile(r"<!-- authoring-step: (file|run) (.*?) -->\n```\w+\n(.*?)```", re.S)


def normalise(text: str) -> str:
    """Mask timings, and the held / fired counts: Hypothesis mixes constants from every
    loaded local module into generation, so the documents drawn after the first (the
    simplest, which fails or passes the same everywhere) depend on what pytest imported."""
    text = re.sub(r" — \d+\.\d s$", " — T s", text, flags=re.M)
    text = re.sub(r"(held|fired) \d+", r"\1 N", text)
    return re.sub(r" in \d+\.\d+s$", " in Ts", text, flags=re.M)


def plugin_args() -> list[str]:
    registered = any(
        ep.value == "perfrules.pytest_plugin"
        for ep in importlib.metadata.entry_points(group="pytest11")
    )
    return [] if registered else ["-p", "perfrules.pytest_plugin"]


def test_the_walkthrough_output_is_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = STEP.findall(GUIDE.read_text(encoding="utf-8"))
    assert [kind for kind, _, _ in steps] == ["file", "run", "file", "run", "run"]
    monkeypatch.chdir(tmp_path)
    for kind, what, body in steps:
        if kind == "file":
            path = tmp_path / what
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            continue
        command, expected_code = re.fullmatch(r"(.*) \(exit (\d)\)", what).groups()  # type: ignore[union-attr]
        prompt, shown = body.split("\n", 1)
        assert prompt == f"$ {command}"
        args = command.split()
        if args[0] == "perfrules":
            code = main(args[1:])
            out = capsys.readouterr().out
        else:
            assert args[0] == "pytest"
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    *plugin_args(),
                    "-p",
                    "no:cacheprovider",
                    *args[1:],
                ],
                cwd=tmp_path,
                capture_output=True,
                text=True,
            )
            code, out = result.returncode, result.stdout
        assert code == int(expected_code), out
        assert normalise(out) == normalise(shown)


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    steps = STEP.findall(text)
    (rules_dir := tmp_path / "my-rules").mkdir()
    (rules_dir / "satisfaction.toml").write_text(steps[2][2], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, "rule-authoring.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 2
    quick = settings(
        max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    for test in tests:
        quick(test)()


def test_the_mutation_table_lists_every_mutation() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    names = {DocumentKind.TARGET_TABLE: "绩效目标表", DocumentKind.SELF_ASSESSMENT: "自评表"}
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (.*?) \| (.*?) \| (.*?) \|$", text, re.M)
    assert len(rows) == len(MUTATIONS)
    for name, rules, kinds, what in rows:
        info = MUTATIONS[name]
        assert rules == ", ".join(f"`{r}`" for r in info.rules)
        assert kinds == ", ".join(names[k] for k in info.kinds)
        assert what == f"{info.description_zh} / {info.description_en}"
