"""DOCX: a self-assessment table and the corpus document (Part 1 + target tables)."""

from __future__ import annotations

import pytest
from _documents import CORPUS, FIXTURES, assert_fixture_project

from perfrules.errors import DocumentError
from perfrules.loaders import load, load_bytes
from perfrules.model import DocumentKind, Locator


def test_self_assessment_table() -> None:
    path = FIXTURES / "sa-official.docx"
    doc = load(path)
    assert doc.kind is DocumentKind.SELF_ASSESSMENT
    assert doc.warnings == ()
    assert_fixture_project(doc.projects[0])
    assert doc.projects == load(FIXTURES / "sa-official.xlsx").projects
    weight = doc.projects[0].indicators[0].locate("weight")
    assert weight == Locator(str(path), table=1, cell="G13")
    assert str(weight) == f"{path}#table1!G13"


def test_target_document_matches_the_text_corpus() -> None:
    path = FIXTURES / "targets-corpus.docx"
    doc, text = load(path), load(CORPUS)
    assert doc.kind is DocumentKind.TARGET_TABLE
    assert doc.warnings == ()
    assert doc.projects == text.projects
    assert (doc.duties, doc.overall_goals, doc.measures) == (
        text.duties,
        text.overall_goals,
        text.measures,
    )
    assert (doc.summary, doc.year, doc.department) == (text.summary, text.year, text.department)
    assert doc.duties[0].locator == Locator(str(path), paragraph=14)
    assert doc.projects[0].locate("code") == Locator(str(path), table=1, cell="B2")


def test_corrupt_and_truncated() -> None:
    data = (FIXTURES / "sa-official.docx").read_bytes()
    for bad in (b"PK\x03\x04garbage", data[: len(data) // 2], b"plain text"):
        with pytest.raises(DocumentError) as err:
            load_bytes(bad, suffix=".docx", source="c.docx")
        assert err.value.code == "corrupt-docx"
