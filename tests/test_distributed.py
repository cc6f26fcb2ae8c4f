"""The runner over a 2-worker ``LocalCluster`` (processes): the records of one process, in
the same order, whatever the partitioning; a worker killed mid-run costs nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _corpus import write_corpus

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

import _scale_tasks  # noqa: E402
from _scale_tasks import KillOnce  # noqa: E402

from perfrules.cli import main  # noqa: E402
from perfrules.distributed import check_folder, run_dask, score_folder  # noqa: E402
from perfrules.runner import CheckTask, Record, work_items  # noqa: E402
from perfrules.runner import check_folder as check_locally  # noqa: E402
from perfrules.runner import score_folder as score_locally  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask") / "corpus"
    write_corpus(root, 50, seed=7, mixed=True)
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # the test helpers travel by value: workers need not import the tests folder
    cloudpickle.register_pickle_by_value(_scale_tasks)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
    cloudpickle.unregister_pickle_by_value(_scale_tasks)


@pytest.fixture(scope="module")
def checked(corpus: Path) -> list[Record]:
    return list(check_locally(corpus))


@pytest.mark.parametrize("partition_size", [1, 4])
def test_same_records_as_one_process(
    corpus: Path, client: object, checked: list[Record], partition_size: int
) -> None:
    records = list(check_folder(corpus, client=client, partition_size=partition_size))
    assert records == checked
    assert [r["index"] for r in records] == list(range(55))
    assert sum(1 for r in records if not r["ok"]) == 3


def test_scores_and_a_small_window(corpus: Path, client: object) -> None:
    expected = list(score_locally(corpus, workers=2))
    assert list(score_folder(corpus, client=client, in_flight=2)) == expected


def test_a_killed_worker_is_retried(
    corpus: Path, client: object, checked: list[Record], tmp_path: Path
) -> None:
    items = work_items(corpus)
    marker = tmp_path / "killed"
    task = KillOnce(CheckTask(), victim=items[7][1], marker=str(marker))
    records = list(run_dask(items, task, client=client))
    assert marker.exists()  # a worker process did die
    assert records == checked  # nothing lost, nothing twice, same order
    client.wait_for_workers(2, timeout=60)  # type: ignore[attr-defined]


def test_cli_dask_address(
    corpus: Path, client: object, checked: list[Record], capsys: pytest.CaptureFixture[str]
) -> None:
    address = client.scheduler.address  # type: ignore[attr-defined]
    assert main(["check", str(corpus), "--dask", address, "--quiet"]) == 2
    out = capsys.readouterr().out
    assert [json.loads(line) for line in out.splitlines()] == checked


def test_missing_dask_is_a_clean_error(
    monkeypatch: pytest.MonkeyPatch, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["check", str(corpus), "--dask", "local"]) == 2
    assert "[missing-dependency]" in capsys.readouterr().err
