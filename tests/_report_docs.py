"""Folders of documents for the report tests: the corpus, the illustrative self-assessment,
and JSON variants of it whose actual values are scaled down to earn every grade."""

from __future__ import annotations

import functools
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from _documents import CORPUS, ROOT

from perfrules.loaders import load
from perfrules.loaders.json_io import document_to_dict
from perfrules.model import Document, Project

SELF_ASSESSMENT = ROOT / "examples" / "self-assessment-illustrative.xlsx"
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


@functools.cache
def illustrative() -> Document:
    return load(SELF_ASSESSMENT)


def _scaled(actual: str | None, factor: Decimal) -> str | None:
    match = _PERCENT.match(actual or "")
    if match is None:
        return actual
    value = (Decimal(match[1]) * factor).quantize(Decimal("0.1"))
    return f"{value.normalize():f}%"


def variant(index: int, factor: Decimal, project: int) -> Document:
    """One project of the illustrative self-assessment with its percentages × ``factor``."""
    base: Project = illustrative().projects[project]
    indicators = tuple(attrs.evolve(i, actual=_scaled(i.actual, factor)) for i in base.indicators)
    code = f"{(base.code or 'P')[:-3]}{index:03d}"
    changed = attrs.evolve(
        base, indicators=indicators, code=code, name=f"{base.name}（批次{index}）"
    )
    return attrs.evolve(illustrative(), projects=(changed,), duties=(), warnings=())


def _without_locators(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_locators(v) for k, v in value.items() if k not in ("locator", "locators")
        }
    if isinstance(value, list):
        return [_without_locators(v) for v in value]
    return value


def write_json(document: Document, path: Path) -> Path:
    """``document`` in perfrules' JSON schema, without locators (they would name the xlsx)."""
    record = _without_locators(document_to_dict(document))
    record["source"] = path.name
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def batch_folder(root: Path) -> Path:
    """A small mixed folder: a target table, a self-assessment, three variants, a broken file."""
    folder = root / "batch"
    folder.mkdir()
    shutil.copy(CORPUS, folder / "a-targets.txt")
    shutil.copy(SELF_ASSESSMENT, folder / "b-self-assessment.xlsx")
    write_json(variant(1, Decimal("0.8"), 0), folder / "c-variant.json")
    write_json(variant(2, Decimal("0.6"), 1), folder / "d-variant.json")
    write_json(variant(3, Decimal("0.35"), 2), folder / "e-variant.json")
    (folder / "f-broken.json").write_text('{"schema_version": 1, "kind": "nope"}', encoding="utf-8")
    return folder


_FACTORS = (Decimal("1"), Decimal("0.8"), Decimal("0.7"), Decimal("0.5"), Decimal("0.35"))


def many(root: Path, count: int) -> Path:
    """``count`` one-project JSON documents in ``root / "many"``, grades varied."""
    folder = root / "many"
    folder.mkdir()
    for i in range(count):
        write_json(variant(i, _FACTORS[i % len(_FACTORS)], i % 4), folder / f"doc-{i:04d}.json")
    return folder
