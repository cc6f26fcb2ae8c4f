"""Build the wheel, install it into a fresh virtual environment and parse from there.

The grammar lives at the repository top level (``grammar/indicator.lark``); the wheel must
carry it inside the package, and an installed perfrules must load it from site-packages —
not from this checkout. Needs network access to PyPI for attrs / lark / numpy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def _clean_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(args: list[str], cwd: Path, timeout: float, stdin: str | None = None) -> str:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=_clean_env(),
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)], REPO, 120)
    (built,) = out.glob("perfrules-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", str(root)], root.parent, 60)
    python = root / "bin" / "python"
    _run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        root.parent,
        180,
    )
    return root


def test_wheel_carries_the_grammar_inside_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = archive.read("perfrules/grammar/indicator.lark").decode("utf-8")
    assert {"perfrules/__init__.py", "perfrules/py.typed", "perfrules/parser.py"} <= names
    assert shipped == (REPO / "grammar" / "indicator.lark").read_text(encoding="utf-8")


def test_installed_command_parses(venv: Path, tmp_path: Path) -> None:
    out = _run([str(venv / "bin" / "perfrules"), "parse", "--json", "≥90%"], tmp_path, 60)
    assert json.loads(out) == {
        "text": "≥90%",
        "ok": True,
        "kind": "compare",
        "op": ">=",
        "value": "90",
        "unit": "%",
        "dimension": "percent",
        "implied_op": False,
        "canonical": "≥90%",
    }
    out = _run([str(venv / "bin" / "perfrules"), "parse", "-"], tmp_path, 60, stdin="是\n")
    assert out.startswith("是\t→ 是\t[boolean]")


SNIPPET = """
import json, sys
import perfrules
from perfrules.resources import resource_path
node = perfrules.parse("不低于90%")
print(json.dumps({
    "package": perfrules.__file__,
    "grammar": str(resource_path("grammar", "indicator.lark")),
    "canonical": perfrules.to_text(node),
    "prefix": sys.prefix,
    "hypothesis": "hypothesis" in sys.modules,
}))
"""


def test_installed_package_loads_its_own_grammar(venv: Path, tmp_path: Path) -> None:
    out = json.loads(_run([str(venv / "bin" / "python"), "-c", SNIPPET], tmp_path, 60))
    site = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = site / "site-packages"
    assert out["canonical"] == "≥90%"
    assert Path(out["prefix"]).resolve() == venv.resolve()
    assert Path(out["package"]).resolve().is_relative_to(site.resolve())
    grammar = Path(out["grammar"]).resolve()
    assert grammar == (site / "perfrules" / "grammar" / "indicator.lark").resolve()
    assert not grammar.is_relative_to(REPO)
    assert out["hypothesis"] is False
