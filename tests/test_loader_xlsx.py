"""XLSX: the official 项目支出绩效自评表 and two regional layouts load to the same model."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

import openpyxl
import pytest
from _documents import CORPUS, FIXTURES, assert_fixture_project, content

from perfrules.errors import DocumentError
from perfrules.loaders import load, load_bytes
from perfrules.loaders.xlsx import cell_text
from perfrules.model import DocumentKind, Locator, TierWeight

OFFICIAL = FIXTURES / "sa-official.xlsx"


def test_official_layout() -> None:
    doc = load(OFFICIAL)
    assert doc.kind is DocumentKind.SELF_ASSESSMENT
    assert doc.year == 2021
    assert doc.warnings == ()
    assert len(doc.projects) == 1
    assert_fixture_project(doc.projects[0])
    assert doc.projects[0].code is None  # the official layout has no 项目编码 row


def test_official_locators_point_at_cells() -> None:
    project = load(OFFICIAL).projects[0]
    src, sheet = str(OFFICIAL), "镇街纪检组织建设"
    first, second = project.indicators[0], project.indicators[1]
    assert first.locate("weight") == Locator(src, sheet=sheet, cell="G13")
    assert str(first.locate("weight")) == f"{src}!{sheet}!G13"
    assert first.locate("target") == Locator(src, sheet=sheet, cell="E13")
    # 一级 is merged B13:B16: every row points at the merged cell's origin
    assert second.locate("tier") == Locator(src, sheet=sheet, cell="B13")
    assert project.assessment is not None
    assert project.assessment.fund_rows[0].locate("spent") == Locator(src, sheet=sheet, cell="E6")
    assert project.assessment.locate("total_claimed") == Locator(src, sheet=sheet, cell="H20")
    assert project.locate("name") == Locator(src, sheet=sheet, cell="B3")


def test_regional_split_operator_value_unit() -> None:
    doc = load(FIXTURES / "sa-regional-split.xlsx")
    project = doc.projects[0]
    assert project.code == "1308022118MGPM09VPFGH"
    assert_fixture_project(project)
    assert content(project) == content(load(OFFICIAL).projects[0])
    src = str(FIXTURES / "sa-regional-split.xlsx")
    assert [(w.code, str(w.locator)) for w in doc.warnings] == [
        ("ignored-table", f"{src}!填表说明!A1"),
        ("ignored-row", f"{src}!1308022118MGPM09VPFGH!A21"),
    ]
    cost = project.indicators[3]
    assert cost.locators.get("target_op") == Locator(src, sheet="1308022118MGPM09VPFGH", cell="D16")
    assert cost.locate("target") == Locator(src, sheet="1308022118MGPM09VPFGH", cell="E16")


def test_regional_reordered_weights_first_traditional_tiers_placeholders() -> None:
    doc = load(FIXTURES / "sa-regional-reordered.xlsx")
    assert [p.name for p in doc.projects] == ["镇街纪检组织建设", "巡察工作经费"]
    first = doc.projects[0]
    assert_fixture_project(first)
    assert content(first) == content(load(OFFICIAL).projects[0])
    assert first.indicators[0].tier_text == "產出指標（50分）"
    assert [(t.tier, t.weight) for t in first.tier_weights] == [
        ("产出指标", Decimal(50)),
        ("效益指标", Decimal(30)),
        ("满意度指标", Decimal(10)),
    ]
    assert first.tier_weights[0] == TierWeight("产出指标", Decimal(50))
    src, sheet = str(FIXTURES / "sa-regional-reordered.xlsx"), "镇街纪检组织建设"
    assert [(w.code, str(w.locator)) for w in doc.warnings] == [
        ("placeholder-row", f"{src}!{sheet}!C15"),
        ("placeholder-row", f"{src}!{sheet}!C16"),
        ("placeholder-row", f"{src}!{sheet}!C19"),
        ("placeholder-row", f"{src}!{sheet}!C20"),
    ]
    second = doc.projects[1]
    assert second.code == "130802217ISPW0TV77BF2"
    assert [i.name for i in second.indicators] == [
        "巡视督查工作完成率",
        "总成本",
        "社会稳定水平",
        "机关单位人员满意度",
    ]


def test_target_table_workbook_matches_the_text_corpus() -> None:
    doc = load(FIXTURES / "targets-corpus.xlsx")
    assert doc.kind is DocumentKind.TARGET_TABLE
    assert doc.warnings == ()
    assert doc.projects == load(CORPUS).projects


def _workbook(rows: Sequence[Sequence[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def test_non_numeric_weight_is_an_error_with_its_cell() -> None:
    data = _workbook([HEADER, ["产出指标", "数量指标", "完成率", "≥90%", "95%", "十分", "10"]])
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".xlsx", source="w.xlsx")
    assert err.value.code == "bad-number"
    assert err.value.location == "w.xlsx!表1!F2"
    assert "十分" in err.value.message and "分值" in err.value.message_zh


def test_no_table_is_missing_headers() -> None:
    data = _workbook([["名称", "数值"], ["a", 1]])
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".xlsx", source="w.xlsx")
    assert err.value.code == "missing-headers"


def test_unparseable_target_loads_with_its_error() -> None:
    data = _workbook([HEADER, ["产出指标", "数量指标", "完成率", "≥≥9", "95%", 10, 10]])
    project = load_bytes(data, suffix=".xlsx", source="w.xlsx").projects[0]
    row = project.indicators[0]
    assert (row.target, row.target_text) == (None, "≥≥9")
    assert row.target_error is not None


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.9058, "0.00%", "90.58%"),
        (0.25, "0%", "25%"),
        (55.2, "General", "55.2"),
        (100, "General", "100"),
        (1e-05, "General", "0.00001"),
        (True, "General", "是"),
        ("≥90%", "@", "≥90%"),
    ],
)
def test_cell_text(value: object, fmt: str, text: str) -> None:
    assert cell_text(value, fmt) == text


def test_corrupt_and_truncated() -> None:
    data = OFFICIAL.read_bytes()
    for bad in (b"not a zip", data[: len(data) // 2], data[:100]):
        with pytest.raises(DocumentError) as err:
            load_bytes(bad, suffix=".xlsx", source="c.xlsx")
        assert err.value.code == "corrupt-xlsx"
        assert err.value.location == "c.xlsx"
