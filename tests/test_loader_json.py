"""JSON: versioned schema, exact round-trip, strict loading with JSON-pointer locations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _documents import CORPUS, FIXTURES

from perfrules.errors import DocumentError
from perfrules.loaders import load, load_bytes
from perfrules.loaders.json_io import SCHEMA_VERSION, document_to_dict, dumps
from perfrules.model import Document

SOURCES = [
    CORPUS,
    FIXTURES / "sa-official.xlsx",
    FIXTURES / "sa-regional-split.xlsx",
    FIXTURES / "sa-regional-reordered.xlsx",
    FIXTURES / "sa-flat-english.csv",
    FIXTURES / "targets-corpus.docx",
]


def _same_everywhere(a: Document, b: Document) -> None:
    """Equal, and equal in what equality ignores: locators, warnings, source."""
    assert a == b
    assert (a.source, a.warnings, a.locator, a.locators) == (
        b.source,
        b.warnings,
        b.locator,
        b.locators,
    )
    assert [(w.code, w.locator) for w in a.warnings] == [(w.code, w.locator) for w in b.warnings]
    for p, q in zip(a.projects, b.projects, strict=True):
        assert (p.locator, p.locators) == (q.locator, q.locators)
        for i, j in zip(p.indicators, q.indicators, strict=True):
            assert (i.locator, i.locators, i.tier_text, i.category_text) == (
                j.locator,
                j.locators,
                j.tier_text,
                j.category_text,
            )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).name)
def test_exact_round_trip(path: Path, tmp_path: Path) -> None:
    doc = load(path)
    text = dumps(doc)
    target = tmp_path / "doc.json"
    target.write_text(text, encoding="utf-8")
    again = load(target)
    _same_everywhere(again, doc)
    assert dumps(again) == text


def test_schema_shape() -> None:
    record = document_to_dict(load(CORPUS))
    assert record["schema_version"] == SCHEMA_VERSION == 1
    assert record["kind"] == "target-table"
    project = record["projects"][0]
    assert project["budget"]["total"] == "55.20"
    assert project["locators"]["code"] == {"file": str(CORPUS), "line": 137}
    indicator = project["indicators"][0]
    assert indicator["target_text"] == "≥90百分比"
    assert indicator["target_canonical"] == "≥90%"
    assert indicator["weight"] is None


def _corpus_record() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(dumps(load(CORPUS)))
    return record


def _load(record: object) -> Document:
    return load_bytes(
        json.dumps(record, ensure_ascii=False).encode(), suffix=".json", source="d.json"
    )


def test_unknown_schema_version() -> None:
    record = _corpus_record()
    record["schema_version"] = 99
    with pytest.raises(DocumentError) as err:
        _load(record)
    assert (err.value.code, err.value.location) == ("unsupported-schema", "d.json#/schema_version")


@pytest.mark.parametrize(
    ("edit", "pointer"),
    [
        (lambda r: r["projects"][0]["indicators"][2].__setitem__("weight", 5.5), None),
        (
            lambda r: r["projects"][0]["indicators"][2].__setitem__("weight", "abc"),
            "#/projects/0/indicators/2/weight",
        ),
        (lambda r: r["projects"][1].__setitem__("surprise", 1), "#/projects/1/surprise"),
        (lambda r: r["projects"][0]["goals"][0].pop("text"), "#/projects/0/goals/0/text"),
        (lambda r: r.__setitem__("kind", "report"), "#/kind"),
        (lambda r: r["duties"].__setitem__(0, "x"), "#/duties/0"),
        (
            lambda r: r["projects"][0]["locators"].__setitem__("code", {"line": 3}),
            "#/projects/0/locators/code/file",
        ),
    ],
)
def test_strict_loading(edit: object, pointer: str | None) -> None:
    record = _corpus_record()
    edit(record)  # type: ignore[operator]
    with pytest.raises(DocumentError) as err:
        _load(record)
    assert err.value.code == "bad-json"
    if pointer is not None:
        assert err.value.location == f"d.json{pointer}"


def test_malformed_json() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(b'{"schema_version": 1,\n  "kind": }', suffix=".json", source="m.json")
    assert (err.value.code, err.value.location) == ("bad-json", "m.json:2")


def test_minimal_hand_written_document() -> None:
    doc = _load(
        {
            "schema_version": 1,
            "kind": "self-assessment",
            "source": "hand.json",
            "projects": [
                {
                    "name": "p",
                    "indicators": [
                        {
                            "name": "完成率",
                            "tier": "产出指标",
                            "target_text": "≥90%",
                            "actual": "95%",
                            "weight": "10",
                        }
                    ],
                }
            ],
        }
    )
    indicator = doc.projects[0].indicators[0]
    assert indicator.target is not None and str(indicator.weight) == "10"
