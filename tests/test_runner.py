"""The streaming runner: same records in the same order for 1 process and ``--workers 2``,
error records for documents that cannot be loaded, recovery from a killed worker, a bounded
window, and the JSON Lines / Parquet output of ``perfrules check|score DIR``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from _corpus import write_corpus
from _scale_tasks import KillAlways, KillOnce, Started

from perfrules.cli import main
from perfrules.policy import load_policy
from perfrules.runner import (
    CheckTask,
    Record,
    ScoreTask,
    check_folder,
    run_local,
    score_folder,
    work_items,
)

DOCS = 65  # 60 generated, the XLSX fixture, and four that cannot be scored


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "corpus"
    assert write_corpus(root, 60, mixed=True) == 966
    return root


@pytest.fixture(scope="module")
def checked(corpus: Path) -> list[Record]:
    return list(check_folder(corpus))


@pytest.fixture(scope="module")
def scored(corpus: Path) -> list[Record]:
    return list(score_folder(corpus))


def _relabel(corpus: Path, record: Record) -> str:
    return Path(record["source"]).relative_to(corpus).as_posix()


def test_one_record_per_document_in_sorted_order(corpus: Path, checked: list[Record]) -> None:
    assert [r["index"] for r in checked] == list(range(DOCS))
    names = [_relabel(corpus, r) for r in checked]
    assert names[:4] == [
        "d000/sa-000000.csv",
        "d000/sa-000001.csv",
        "d000/sa-000002.csv",
        "d000/sa-000003.json",
    ]
    assert names[60:] == [
        "extra/broken.json",
        "extra/empty.csv",
        "extra/official.xlsx",
        "extra/targets.txt",
        "extra/truncated.xlsx",
    ]
    assert sum(r.get("errors", 0) for r in checked) == 445
    rules = Counter(f["rule"] for r in checked for f in r.get("findings", ()))
    assert rules["claimed-score"] == 400
    assert rules["missing-deviation-reason"] == 184


def test_a_check_record(corpus: Path, checked: list[Record]) -> None:
    first = checked[0]
    assert list(first) == [
        "index", "source", "ok", "kind", "rulesets", "warnings", "errors", "findings",
    ]  # fmt: skip
    assert (first["ok"], first["kind"], first["errors"]) == (True, "self-assessment", 8)
    assert [r["id"] for r in first["rulesets"]] == ["target-table", "self-assessment"]
    finding = first["findings"][0]
    assert finding["rule"] == "claimed-score"
    assert (
        finding["message"]
        == "“设备完好率”自评得分6，按评分规则应为5.63（实际值92%，目标不低于98%）"
    )
    assert finding["location"]["project"] == "1308000000CEF40C"
    assert finding["location"]["source"] == f"{corpus / 'd000' / 'sa-000000.csv'}:15:4"


def test_documents_that_fail_become_error_records(
    corpus: Path, checked: list[Record], scored: list[Record]
) -> None:
    failed = {_relabel(corpus, r): r["error"] for r in checked if not r["ok"]}
    assert {name: error["code"] for name, error in failed.items()} == {
        "extra/broken.json": "bad-json",
        "extra/empty.csv": "empty-file",
        "extra/truncated.xlsx": "corrupt-xlsx",
    }
    assert failed["extra/broken.json"]["location"] == f"{corpus / 'extra' / 'broken.json'}:1"
    assert failed["extra/empty.csv"]["message_zh"] == "文件为空"
    not_scored = {_relabel(corpus, r): r["error"]["code"] for r in scored if not r["ok"]}
    assert not_scored == {**{k: v["code"] for k, v in failed.items()}, "extra/targets.txt": (
        "not-self-assessment"
    )}  # fmt: skip


def test_a_score_record(scored: list[Record]) -> None:
    cards = [
        (p["project"]["code"], p["total"], p["grade"]) for r in scored[:3] for p in r["projects"]
    ]
    assert cards == [
        ("1308000000CEF40C", "72.63", "中"),
        ("1308000001BACE05", "97.40", "优"),
        ("130800000298143C", "93.71", "优"),
    ]
    row = scored[0]["projects"][0]["rows"][1]
    assert (row["name"], row["actual"], row["weight"], row["points"], row["lost"]) == (
        "监督检查工作完成率", "86%", "1", "0.96", "0.04",
    )  # fmt: skip
    assert sum(len(p["rows"]) for r in scored if r["ok"] for p in r["projects"]) == 966


def test_two_workers_give_identical_records(
    corpus: Path, checked: list[Record], scored: list[Record]
) -> None:
    assert list(check_folder(corpus, workers=2)) == checked
    assert list(score_folder(corpus, workers=2, in_flight=3)) == scored


def test_a_killed_worker_is_retried(corpus: Path, checked: list[Record], tmp_path: Path) -> None:
    items = work_items(corpus)
    marker = tmp_path / "killed"
    task = KillOnce(CheckTask(), victim=items[5][1], marker=str(marker))
    assert list(run_local(items, task, workers=2)) == checked
    assert marker.exists()  # the worker did die once


def test_a_document_that_always_kills_its_worker(
    corpus: Path, scored: list[Record], tmp_path: Path
) -> None:
    items = work_items(corpus)
    counter = tmp_path / "runs"
    task = KillAlways(ScoreTask(load_policy("mof-2020")), victim=items[2][1], counter=str(counter))
    records = list(run_local(items, task, workers=2, max_retries=1))
    victim = records[2]
    assert victim["error"]["code"] == "worker-died"
    assert victim["error"]["location"] == items[2][1]
    assert records[:2] + records[3:] == scored[:2] + scored[3:]
    assert len(counter.read_text()) == 3  # in the pool, then alone twice (max_retries=1)


def test_the_window_bounds_work_in_flight(corpus: Path, tmp_path: Path) -> None:
    items = work_items(corpus)[:30]
    started = tmp_path / "started"
    started.mkdir()
    records = run_local(items, Started(CheckTask(), str(started)), workers=2, in_flight=4)
    first = next(records)
    assert first["index"] == 0
    assert len(list(started.iterdir())) <= 4
    assert [r["index"] for r in records] == list(range(1, 30))


# -- the command line ----------------------------------------------------------------------


def _lines(text: str) -> list[Record]:
    return [json.loads(line) for line in text.splitlines()]


def test_cli_check_folder_jsonl(
    corpus: Path, checked: list[Record], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(corpus)]) == 2  # some documents could not be loaded
    out, err = capsys.readouterr()
    assert _lines(out) == checked
    assert "65 document(s), 3 failed, 445 error finding(s)" in err
    output = tmp_path / "checked.jsonl"
    assert main(["check", str(corpus), "--workers", "2", "--output", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == out


def test_cli_exit_codes_in_folder_mode(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.xlsx").write_bytes((corpus / "extra" / "official.xlsx").read_bytes())
    assert main(["score", str(clean), "--quiet"]) == 0
    assert main(["check", str(clean)]) == 1  # the fixture's claimed scores are findings
    assert main(["check", str(clean), "--format", "json"]) == 2
    assert "[format-in-folder-mode]" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "nothing"), "--workers", "2"]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty")]) == 2
    assert "[empty-folder]" in capsys.readouterr().err


def test_cli_score_parquet(
    corpus: Path, scored: list[Record], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    output = tmp_path / "scores.parquet"
    assert main(["score", str(corpus), "--workers", "2", "--output", str(output)]) == 2
    assert "65 document(s), 4 failed, 966 indicator row(s) scored" in capsys.readouterr().err
    table = pq.read_table(output)
    assert table.num_rows == 966 + 4
    rows = table.to_pylist()
    assert [r["index"] for r in rows] == sorted(r["index"] for r in rows)
    first = rows[1]
    assert (first["project_code"], first["total"], first["name"], first["points"]) == (
        "1308000000CEF40C", "72.63", "监督检查工作完成率", "0.96",
    )  # fmt: skip
    errors = {r["error_code"] for r in rows if not r["ok"]}
    assert errors == {"bad-json", "empty-file", "corrupt-xlsx", "not-self-assessment"}
    expected = [
        row["points"] for r in scored if r["ok"] for p in r["projects"] for row in p["rows"]
    ]
    assert [r["points"] for r in rows if r["ok"]] == expected


def test_cli_check_parquet(
    corpus: Path, checked: list[Record], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    output = tmp_path / "findings.parquet"
    assert main(["check", str(corpus), "--output", str(output), "--min-severity", "error"]) == 2
    rows = pq.read_table(output).to_pylist()
    findings = [r for r in rows if r["rule"] is not None]
    assert len(findings) == 445
    assert {r["severity"] for r in findings} == {"error"}
    assert len({r["index"] for r in rows}) == DOCS  # every document has a row
    first = findings[0]
    assert (first["rule"], first["row"], json.loads(first["values"])["claimed"]) == (
        "claimed-score", 3, "6",
    )  # fmt: skip


def test_the_core_does_not_import_pandas_pyarrow_or_dask() -> None:
    code = (
        "import sys, perfrules.frame, perfrules.runner, perfrules.distributed, "
        "perfrules.cli.check_cmd, perfrules.cli.score_cmd; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
