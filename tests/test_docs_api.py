"""``docs/api.md`` is generated from the docstrings of ``perfrules.__all__`` and must not drift.

Fix a failure with ``python docs/gen_api.py`` (and commit docs/api.md).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from _documents import ROOT

import perfrules


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_api", ROOT / "docs" / "gen_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_is_current() -> None:
    expected = _generator().render()
    actual = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/api.md drifted from the docstrings: run python docs/gen_api.py"


def test_every_public_name_is_documented() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in perfrules.__all__ if f"## `{name}`" not in text]
    assert missing == []


def test_check_mode_reports_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = _generator()
    stale = tmp_path / "api.md"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(module, "API", stale)
    assert module.main(["--check"]) == 1
    assert module.main([]) == 0
    assert module.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == module.render()
