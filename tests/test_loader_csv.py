"""CSV: the official sheet saved as CSV (UTF-8 with BOM and GBK) and a flat English table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from _documents import FIXTURES, assert_fixture_project, content

from perfrules.errors import DocumentError
from perfrules.loaders import load, load_bytes
from perfrules.model import DocumentKind, Locator


@pytest.mark.parametrize("name", ["sa-official-utf8.csv", "sa-official-gbk.csv"])
def test_official_sheet_as_csv(name: str) -> None:
    doc = load(FIXTURES / name)
    assert doc.kind is DocumentKind.SELF_ASSESSMENT
    assert doc.warnings == ()
    assert_fixture_project(doc.projects[0])
    assert doc.projects == load(FIXTURES / "sa-official.xlsx").projects


def test_encodings_really_differ() -> None:
    utf8 = (FIXTURES / "sa-official-utf8.csv").read_bytes()
    gbk = (FIXTURES / "sa-official-gbk.csv").read_bytes()
    assert utf8.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")


def test_locators_are_line_and_column() -> None:
    path = FIXTURES / "sa-official-utf8.csv"
    project = load(path).projects[0]
    assert project.indicators[0].locate("weight") == Locator(str(path), line=13, column=7)
    assert str(project.indicators[0].locate("weight")) == f"{path}:13:7"


def test_flat_english_table_with_two_projects() -> None:
    doc = load(FIXTURES / "sa-flat-english.csv")
    assert doc.kind is DocumentKind.SELF_ASSESSMENT
    assert [(p.code, p.name) for p in doc.projects] == [
        ("1308022118MGPM09VPFGH", "镇街纪检组织建设"),
        ("130802217ISPW0TV77BF2", "巡察工作经费"),
    ]
    first = doc.projects[0]
    official = load(FIXTURES / "sa-official.xlsx").projects[0]
    assert first.indicators == official.indicators
    assert first.assessment is not None and first.assessment.fund_rows == ()
    assert len(doc.projects[1].indicators) == 4
    assert doc.projects[1].indicators[1].target_text == "≤10万元"


def test_semicolon_and_tab_delimiters() -> None:
    rows = [
        "一级指标;二级指标;三级指标;年度指标值;实际完成值;分值;得分",
        "产出指标;数量指标;完成率;≥90%;95%;10;10",
    ]
    for sep in (";", "\t"):
        data = "\n".join(r.replace(";", sep) for r in rows).encode()
        project = load_bytes(data, suffix=".csv", source="d.csv").projects[0]
        assert project.indicators[0].weight == Decimal(10)
        assert content(project).indicators[0].target_text == "≥90%"


def test_missing_headers() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(b"a,b,c\n1,2,3\n", suffix=".csv", source="x.csv")
    assert (err.value.code, err.value.location) == ("missing-headers", "x.csv")


def test_non_numeric_weight() -> None:
    data = "tier,category,name,target,actual,weight,claimed\n"
    data += "产出指标,数量指标,完成率,≥90%,95%,ten,10\n"
    with pytest.raises(DocumentError) as err:
        load_bytes(data.encode(), suffix=".csv", source="x.csv")
    assert (err.value.code, err.value.location) == ("bad-number", "x.csv:2:6")


def test_binary_is_bad_encoding() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(b"\xff\xfe\x00a\x00b", suffix=".csv", source="x.csv")
    assert err.value.code == "bad-encoding"
