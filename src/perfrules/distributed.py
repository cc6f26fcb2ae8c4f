"""The runner over a ``dask.distributed`` cluster: the same records, in the same order.

``check_folder(paths, client=client)`` and ``score_folder(paths, client=client)`` give
exactly what :func:`perfrules.runner.check_folder` / :func:`~perfrules.runner.score_folder`
give in one process. The work is partitioned by document: each task holds
``partition_size`` whole documents (4 by default, as a task costs the scheduler about a
millisecond), is a pure function of its documents and the settings, and the client puts
the records back in input order.

Each task's key is ``("perfrules-<check|score>-<settings digest>", first document, count)``:
the same documents with the same settings always make the same key, so a task that Dask
runs again — after its worker died (the scheduler reassigns it), or submitted twice — gives
the same records once. At most ``in_flight`` documents (default 4 per worker thread) are
submitted or held for ordering at any time, and results are released as soon as they are
written, so neither the client nor the cluster ever holds the whole corpus.

Workers open the documents by absolute path: on a real cluster the documents must be on a
file system every worker sees (records still show the paths as given). Needs the ``dask``
extra: ``pip install 'perfrules[dask]'``; nothing here imports dask until it runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .errors import PerfrulesError
from .policy import PolicyLike, resolve_policy
from .runner import CheckTask, Record, ScoreTask, Task, WorkItem, ruleset_spec, work_items

__all__ = ["check_folder", "connect", "run_dask", "score_folder"]


def _require_dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise PerfrulesError(
            "running on Dask needs the dask extra: pip install 'perfrules[dask]'",
            code="missing-dependency",
            message_zh="在 Dask 上运行需要安装 dask 扩展：pip install 'perfrules[dask]'",
        ) from None
    return distributed


@contextmanager
def connect(address: str, *, workers: int | None = None) -> Iterator[Any]:
    """A :class:`distributed.Client` for ``address``, closed on exit.

    ``"local"`` starts a :class:`distributed.LocalCluster` of ``workers`` processes (default
    2) with one thread each, and stops it on exit.
    """
    distributed = _require_dask()
    if address == "local":
        with (
            distributed.LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(address, timeout="30s")
    except OSError as err:
        raise PerfrulesError(
            f"cannot reach the Dask scheduler at {address}: {err}",
            code="dask-unreachable",
            message_zh=f"无法连接 Dask 调度器 {address}：{err}",
        ) from None
    with client:
        yield client


def _process(task: Task, items: tuple[WorkItem, ...]) -> list[Record]:
    """What a Dask task runs: the records of a partition of documents."""
    return [task(path, source) for path, source in items]


def run_dask(
    items: Sequence[WorkItem],
    task: Task,
    *,
    client: Any,
    in_flight: int | None = None,
    partition_size: int = 4,
) -> Iterator[Record]:
    """Run ``task`` over ``items`` on the cluster of ``client``; records in input order."""
    distributed = _require_dask()
    threads = max(sum(client.nthreads().values()), 1)
    window = max(in_flight or 4 * threads * partition_size, partition_size)
    prefix = f"perfrules-{task.name}-{task.token}"
    pending: dict[int, Any] = {}  # first index of a partition → its future
    done: dict[int, Record] = {}
    fresh = out = 0
    try:
        while out < len(items):
            while fresh < len(items) and _held(pending, done, partition_size) < window:
                part = tuple(items[fresh : fresh + partition_size])
                key = (prefix, part[0][1], len(part))
                pending[fresh] = client.submit(_process, task, part, key=key, retries=0)
                fresh += len(part)
            while out in done:
                yield {"index": out, **done.pop(out)}
                out += 1
            if out >= len(items):
                break
            if not pending:  # everything in flight was just yielded: refill
                continue
            distributed.wait(list(pending.values()), return_when="FIRST_COMPLETED")
            finished = [first for first, future in pending.items() if future.done()]
            results = client.gather([pending[first] for first in finished])
            for first, records in zip(finished, results, strict=True):
                del pending[first]
                for offset, record in enumerate(records):
                    done[first + offset] = record
    finally:
        for future in pending.values():
            future.release()


def _held(pending: dict[int, Any], done: dict[int, Record], partition_size: int) -> int:
    return len(pending) * partition_size + len(done)


def check_folder(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    client: Any,
    rulesets: Sequence[str | os.PathLike[str]] | None = None,
    min_severity: str = "info",
    in_flight: int | None = None,
    partition_size: int = 4,
) -> Iterator[Record]:
    """Check every document under ``paths`` on the cluster; one record each, in order."""
    specs = None if rulesets is None else tuple(ruleset_spec(r) for r in rulesets)
    task = CheckTask(specs, min_severity)
    return run_dask(
        work_items(paths), task, client=client, in_flight=in_flight, partition_size=partition_size
    )


def score_folder(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    client: Any,
    policy: PolicyLike = "mof-2020",
    in_flight: int | None = None,
    partition_size: int = 4,
) -> Iterator[Record]:
    """Score every self-assessment under ``paths`` on the cluster; one record each, in order."""
    task = ScoreTask(resolve_policy(policy))
    return run_dask(
        work_items(paths), task, client=client, in_flight=in_flight, partition_size=partition_size
    )
