"""The public API: every name in ``perfrules.__all__`` resolves, and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import perfrules


def test_every_public_name_resolves() -> None:
    missing = [name for name in perfrules.__all__ if getattr(perfrules, name, None) is None]
    assert missing == []


def test_all_is_sorted_and_unique() -> None:
    assert perfrules.__all__ == sorted(set(perfrules.__all__))


def test_import_does_not_pull_heavy_dependencies() -> None:
    code = (
        "import sys, perfrules; "
        "print(sorted(m for m in ('numpy', 'lark', 'hypothesis', 'openpyxl', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_names_are_the_real_objects() -> None:
    from perfrules.loaders import load
    from perfrules.scoring import score

    assert perfrules.load is load
    assert perfrules.score is score
    assert (
        perfrules.score("≥90%", "87%", 10).explanation_zh
        == "实际值87%，目标≥90%，未达标，差3个百分点；得分9.67/10"
    )


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        perfrules.no_such_thing  # noqa: B018
    except AttributeError as err:
        assert "no_such_thing" in str(err)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
