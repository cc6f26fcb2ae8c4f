"""``perfrules report``: golden Markdown reports, the report model, escaping, exit codes.

Regenerate the golden files with ``PERFRULES_REGEN_GOLDEN=1 python -m pytest tests/test_report.py``.
"""

from __future__ import annotations

import html
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from _documents import ROOT
from _report_docs import batch_folder, illustrative, write_json

from perfrules.cli import main
from perfrules.report import build_report, render, render_html, render_markdown
from perfrules.report.charts import grade_chart, loss_chart, tier_chart
from perfrules.report.markdown import md

GOLDEN = ROOT / "tests" / "golden" / "reports"
REGEN = os.environ.get("PERFRULES_REGEN_GOLDEN") == "1"
CORPUS = "examples/shuangqiao-cdi-2021-targets.txt"
EXAMPLE = "examples/self-assessment-illustrative.xlsx"


def _golden(path: Path, text: str) -> None:
    if REGEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} drifted; see module docstring"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- golden Markdown ------------------------------------------------------------------------


def test_golden_target_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _run(capsys, "report", CORPUS, "--format", "markdown")
    assert (code, err) == (1, "")  # written, with error findings
    _golden(GOLDEN / "target-table.md", out)


def test_golden_self_assessment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _run(capsys, "report", EXAMPLE, "--format", "markdown")
    assert (code, err) == (1, "")
    _golden(GOLDEN / "self-assessment.md", out)


def test_golden_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    batch_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "report", "batch", "-o", "report.md")
    assert code == 2  # one document could not be read: bad input, report written anyway
    assert (out, err.splitlines()) == (
        "",
        [
            "perfrules: batch/f-broken.json#/kind: [bad-json] kind must be one of target-table, self-assessment",
            "perfrules: batch/f-broken.json: kind 应为 target-table, self-assessment 之一",
        ],
    )
    _golden(GOLDEN / "folder.md", (tmp_path / "report.md").read_text(encoding="utf-8"))


# -- what the reports say -------------------------------------------------------------------


def test_target_table_findings_sit_beside_their_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = build_report(CORPUS)
    (section,) = report.loaded
    project = section.projects[3]
    assert project.project.code == "13080221ZMST218CULA8L"
    flagged = {row.number: [f.rule for f in row.findings] for row in project.rows if row.findings}
    assert flagged == {
        2: ["boolean-target"],
        4: ["implied-direction"],
        6: ["duplicate-indicator"],
        9: ["duplicate-indicator"],
        10: ["duplicate-indicator"],
    }
    assert [g.label for g in project.goals if g.findings] == ["goal 3"]
    assert [d.label for d in section.duties if d.findings] == ["duty 7", "duty 8", "duty 9"]
    assert [f.rule for f in section.findings] == ["duplicate-duty"] * 3
    assert (report.errors, report.warnings) == (13, 15)
    text = render_markdown(report)
    assert "| **✖ 2** | 产出指标 | 质量指标 | **✖ 养老补助档案资料是否建立** |" in text


def test_self_assessment_card_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = build_report(EXAMPLE)
    rows = [
        (r.code, r.total, r.grade, r.claimed_total, r.errors, r.warnings) for r in report.summary
    ]
    assert rows == [
        ("1308022118MGPM09VPFGH", Decimal("99.35"), "优", Decimal("99.57"), 4, 4),
        ("130802217ISPW0TV77BF2", Decimal("99.60"), "优", Decimal("99.6"), 3, 1),
        ("13080221YC5CUF58X7C1K", Decimal("99.44"), "优", Decimal("99"), 4, 3),
        ("13080221ZMST218CULA8L", Decimal("99.67"), "优", Decimal("99.67"), 4, 1),
    ]
    card = report.loaded[0].projects[0].card
    assert card is not None
    assert card.difference == Decimal("0.22")
    assert [(t.tier, str(t.points), str(t.row_weight)) for t in card.scorecard.tiers] == [
        ("预算执行率", "9.57", "10"),
        ("产出指标", "49.78", "50"),
        ("效益指标", "30.00", "30"),
        ("满意度指标", "10.00", "10"),
    ]
    text = render_markdown(report)
    assert "- 自评总分 Claimed total: 99.57 (高于复核 0.22 above the recomputed total)" in text
    assert (
        "| 3. 正常运转执行率 | −0.22 | 实际值88%，目标≥90%，未达标，差2个百分点；得分9.78/10"
        "<br>actual 88%, target ≥90%, not met, 2 percentage points short; score 9.78/10 |"
    ) in text


def test_folder_summary_and_grades(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = build_report("batch")
    assert report.folder
    assert [(g.grade, g.count) for g in report.grades] == [
        ("优", 4),
        ("良", 1),
        ("中", 1),
        ("差", 1),
        (None, 4),
    ]
    assert [(f.source, f.code) for f in report.failures] == [("batch/f-broken.json", "bad-json")]
    scored = [(r.source, str(r.total), r.grade) for r in report.summary if r.total is not None]
    assert scored[-3:] == [
        ("batch/c-variant.json", "85.23", "良"),
        ("batch/d-variant.json", "69.99", "中"),
        ("batch/e-variant.json", "49.46", "差"),
    ]


def test_charts_are_svg_with_exact_geometry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = build_report(EXAMPLE)
    section = report.loaded[0].projects[0]
    tiers = tier_chart(section)
    assert tiers is not None and tiers.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<desc id="d1-p1-tiers-d">预算执行率 9.57 / 10; 产出指标 49.78 / 50; ' in tiers
    # 产出指标: 49.78 of 50 on the widest bar; the bar area is 600 − 82 − 110 = 408 px
    assert 'width="408" height="14" rx="2" fill="#e3a08f"' in tiers
    assert 'width="406.2" height="14" rx="2" fill="#2e7d5b"' in tiers
    lost = loss_chart(section)
    assert lost is not None
    assert re.findall(r"<g><title>([^<]*)</title>", lost)[0].startswith("执行率 execution")
    assert "−0.43" in lost and "−0.22" in lost
    assert loss_chart(report.loaded[0].projects[3]) is not None
    grades = grade_chart(report)
    assert '<desc id="grades-d">优 4; 良 0; 中 0; 差 0</desc>' in grades


# -- untrusted documents --------------------------------------------------------------------


def test_document_text_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>" onmouseover="x'
    base = illustrative()
    project = base.projects[0]
    first = attrs.evolve(project.indicators[0], name=hostile, actual="[x](javascript:alert(1))")
    doc = attrs.evolve(
        base,
        projects=(
            attrs.evolve(project, name=hostile, indicators=(first, *project.indicators[1:])),
        ),
    )
    path = write_json(doc, tmp_path / "hostile.json")
    report = build_report(path)
    page = render_html(report)
    assert "<script>alert(1)" not in page
    assert html.escape(hostile, quote=True) in page
    assert page.count("<script>") == 1  # the sorting script only
    text = render_markdown(report)
    assert "<script>" not in text and "[x](javascript:" not in text
    assert "\\[x\\](javascript:alert(1))" in text
    assert md(hostile) == '\\<script\\>alert(1)\\</script\\>" onmouseover="x'


def test_html_is_self_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    page = render(build_report(EXAMPLE), "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
    assert "Noto Sans CJK SC" in page and "Microsoft YaHei" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "@import" not in page and "url(" not in page
    assert html.escape("default-src 'none'") in page


# -- command line ---------------------------------------------------------------------------


def test_format_follows_the_output_suffix(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "r.html"
    code, out, err = _run(capsys, "report", EXAMPLE, "-o", str(target))
    assert (code, out, err) == (1, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "nope.xlsx"], "nope.xlsx: [unreadable-file] cannot read the file"),
        (["report", "README.md"], "README.md: [bad-extension] unsupported extension '.md'"),
        (["report", EXAMPLE, "--policy", "no-such"], "no-such.toml: [policy-not-found]"),
        (["report", EXAMPLE, "-o", "/nonexistent/dir/r.md"], "[unwritable-output]"),
        (["report", "tests/golden/reports"], "[empty-folder] the folder holds no documents"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err


def test_report_of_a_json_round_trip(tmp_path: Path) -> None:
    path = write_json(illustrative(), tmp_path / "sa.json")
    report = build_report(path)
    assert [str(r.total) for r in report.summary] == ["99.35", "99.60", "99.44", "99.67"]
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["source"] == "sa.json"
