"""Fuzzed bytes, mangled workbooks and random tables raise only DocumentError."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from _documents import CORPUS, FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfrules.errors import DocumentError
from perfrules.loaders import SUFFIXES, load_bytes
from perfrules.model import Document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

XLSX = (FIXTURES / "sa-official.xlsx").read_bytes()
DOCX = (FIXTURES / "sa-official.docx").read_bytes()
SEEDS = {
    ".xlsx": XLSX,
    ".docx": DOCX,
    ".csv": (FIXTURES / "sa-official-utf8.csv").read_bytes(),
    ".txt": CORPUS.read_bytes(),
    ".json": b'{"schema_version": 1, "kind": "target-table", "projects": []}',
}

# words the table reader looks for, so random tables hit its real paths
WORDS = [
    "项目名称",
    "项目编码",
    "主管部门",
    "实施单位",
    "预算数",
    "其中：财政资金",
    "其他资金",
    "资金支出计划（%）",
    "3月底",
    "绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "权重",
    "指标性质",
    "指标值",
    "度量单位",
    "偏差原因分析及改进措施",
    "全年预算数",
    "全年执行数",
    "执行率",
    "年初预算数",
    "年度资金总额",
    "上年结转资金",
    "总分",
    "产出指标",
    "产出指标（50分）",
    "数量指标",
    "≥90%",
    "55.2万元",
    "是",
    "较好",
    "……",
    "指标2：",
    "/",
    "—",
    "预期目标",
    "实际完成情况",
    "年度总体目标",
    "（2021年度）",
    "项目支出绩效自评表",
    "10",
    "9.5",
    "95%",
    "abc",
    "",
    "",
    "",
]
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)
cells = st.one_of(
    st.sampled_from(WORDS), _TEXT, st.integers(-5, 200), st.floats(-1, 100, allow_nan=False)
)
tables = st.lists(st.lists(cells, min_size=1, max_size=9), min_size=1, max_size=14)


def _load_only_document_errors(data: bytes, suffix: str) -> Document | None:
    try:
        return load_bytes(data, suffix=suffix, source=f"fuzz{suffix}")
    except DocumentError as err:
        assert err.code and err.location.startswith("fuzz")
        return None


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data: bytes, suffix: str) -> None:
    _load_only_document_errors(data, suffix)


@FUZZ
@given(
    suffix=st.sampled_from(sorted(SEEDS)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_mangled_real_files(suffix: str, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(SEEDS[suffix])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    _load_only_document_errors(
        bytes(data[: max(1, int(len(data) * cut))] if cut < 1 else data), suffix
    )


def _rezip(original: bytes, name: str, mangle: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, mangle(data) if info.filename == name else data)  # type: ignore[operator]
    return out.getvalue()


@FUZZ
@given(
    part=st.sampled_from(
        ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml"]
    ),
    start=st.floats(0, 1),
    junk=st.binary(max_size=40),
)
def test_mangled_workbook_xml(part: str, start: float, junk: bytes) -> None:
    def mangle(data: bytes) -> bytes:
        at = int(start * len(data))
        return data[:at] + junk + data[at + len(junk) :]

    _load_only_document_errors(_rezip(XLSX, part, mangle), ".xlsx")


@FUZZ
@given(start=st.floats(0, 1), junk=st.binary(max_size=40))
def test_mangled_docx_xml(start: float, junk: bytes) -> None:
    def mangle(data: bytes) -> bytes:
        at = int(start * len(data))
        return data[:at] + junk + data[at + len(junk) :]

    _load_only_document_errors(_rezip(DOCX, "word/document.xml", mangle), ".docx")


@FUZZ
@given(
    rows=tables,
    merges=st.lists(
        st.tuples(st.integers(1, 14), st.integers(1, 9), st.integers(0, 3), st.integers(0, 3)),
        max_size=4,
    ),
)
def test_random_workbook_tables(
    rows: list[list[object]], merges: list[tuple[int, int, int, int]]
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    used: set[tuple[int, int]] = set()
    for r, c, dr, dc in merges:
        span = {(rr, cc) for rr in range(r, r + dr + 1) for cc in range(c, c + dc + 1)}
        if span & used:
            continue
        used |= span
        ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
    buffer = io.BytesIO()
    wb.save(buffer)
    _load_only_document_errors(buffer.getvalue(), ".xlsx")


@FUZZ
@given(rows=tables, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_random_csv_tables(rows: list[list[object]], encoding: str) -> None:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    try:
        data = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    _load_only_document_errors(data, ".csv")


@FUZZ
@given(rows=tables)
def test_random_text_tables(rows: list[list[object]]) -> None:
    lines = ["1.测试项目绩效目标表"]
    for row in rows:
        lines += [f"\t{cell}" for cell in row] + [""]
    _load_only_document_errors("\n".join(lines).encode(), ".txt")
