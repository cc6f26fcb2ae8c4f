"""Folder mode of ``check`` and ``score``: ``DIR --workers N | --dask ADDRESS --output FILE``.

A command is in folder mode when it is given a folder, several documents with ``score``,
or any of ``--workers``, ``--dask``, ``--output``. It then streams one record per
document (:mod:`perfrules.runner`) to JSON Lines on standard output, or to ``--output``
(``.jsonl``, or ``.parquet`` with pyarrow), prints a one-line summary on standard error,
and exits 2 if a document could not be processed, else 1 if ``check`` found an error,
else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence

from ..errors import DocumentError
from ..runner import Record, Task, open_sink, run_local, work_items, write_records

__all__ = ["add_stream_arguments", "run_stream", "stream_mode"]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number ≥ 1, got {value}")
    return value


def add_stream_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("folders / 批量处理")
    group.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="process documents in N worker processes (folder mode; default 1)",
    )
    group.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask cluster at ADDRESS (tcp://host:8786), or 'local' for a "
        "LocalCluster of --workers processes (needs perfrules[dask])",
    )
    group.add_argument(
        "--output",
        metavar="FILE",
        help="write records to FILE: .jsonl (JSON Lines) or .parquet (needs pyarrow); "
        "default: JSON Lines on standard output",
    )
    group.add_argument(
        "--in-flight",
        type=_positive,
        metavar="K",
        help="at most K documents in flight or waiting to be written "
        "(default 8 per worker process, 4 per Dask thread and partition)",
    )
    group.add_argument(
        "--partition-size",
        type=_positive,
        default=4,
        metavar="K",
        help="with --dask: whole documents per task (default 4)",
    )
    group.add_argument("--quiet", action="store_true", help="no progress bar")


def stream_mode(args: argparse.Namespace, paths: Sequence[str], *, several: bool) -> bool:
    """Whether the command runs in folder mode (see the module docstring)."""
    if args.workers is not None or args.dask is not None or args.output is not None:
        return True
    return (several and len(paths) > 1) or any(os.path.isdir(p) for p in paths)


def _records(
    args: argparse.Namespace, items: list[tuple[str, str]], task: Task
) -> Iterator[Record]:
    if args.dask is None:
        yield from run_local(items, task, workers=args.workers or 1, in_flight=args.in_flight)
        return
    from ..distributed import connect, run_dask

    with connect(args.dask, workers=args.workers) as client:
        yield from run_dask(
            items,
            task,
            client=client,
            in_flight=args.in_flight,
            partition_size=args.partition_size,
        )


def run_stream(args: argparse.Namespace, paths: Sequence[str], task: Task) -> int:
    """Run ``task`` over ``paths`` and write the records; returns the exit code."""
    if getattr(args, "format", None) is not None:
        raise DocumentError(
            "--format applies to single documents; folder mode writes JSON Lines or Parquet "
            "(choose with --output FILE.jsonl / FILE.parquet)",
            location=" ".join(paths),
            code="format-in-folder-mode",
            message_zh="--format 仅用于单个文档；批量模式输出 JSON Lines 或 Parquet"
            "（用 --output 指定）",
        )
    items = work_items(paths)
    if not items:
        raise DocumentError(
            "no documents found (.txt .json .csv .xlsx .docx)",
            location=" ".join(paths),
            code="empty-folder",
            message_zh="未找到可读取的文档（.txt .json .csv .xlsx .docx）",
        )
    sink = open_sink(args.output, task.name, sys.stdout)
    summary = write_records(
        _records(args, items, task), sink, total=len(items), label=task.name, quiet=args.quiet
    )
    where = args.output or "standard output"
    found = (
        f"{summary.error_findings} error finding(s)"
        if task.name == "check"
        else f"{summary.rows} indicator row(s) scored"
    )
    print(
        f"perfrules {task.name}: {summary.documents} document(s), {summary.failed} failed, "
        f"{found} → {where}",
        file=sys.stderr,
    )
    return summary.exit_code
