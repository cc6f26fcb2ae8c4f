"""Check or score many documents, one at a time, streaming one record per document.

``check_folder(paths)`` and ``score_folder(paths)`` load each document, check or score it,
and yield a JSON-ready record for it, in input order, never holding more than a bounded
number of documents or records in memory. ``workers=N`` runs them in N processes
(:class:`concurrent.futures.ProcessPoolExecutor`); the records and their order are the same
whatever N is. :mod:`perfrules.distributed` does the same over a Dask cluster.

A record is ``{"index": i, "source": path, "ok": true, …}`` — for ``check`` the document's
kind, rulesets, loader warnings, findings (as ``perfrules check --format json`` prints
them) and its count of error findings; for ``score`` one ``perfrules score --format json``
record per project. A document that cannot be loaded (or scored) is
``{"index": i, "source": path, "ok": false, "error": {"code", "message", "message_zh",
"location"}}`` and the run goes on.

A worker process that dies (killed, out of memory) breaks the pool; the documents it may
have been working on are run again, one at a time, in a new pool, so that the one that
kills its worker is found. A document that kills its worker ``max_retries + 1`` times in a
row becomes an error record (``worker-died``); every other document gets exactly one
record. Tasks are pure functions of the document and the settings, so running one twice
is harmless.

:class:`JsonlSink` and :class:`ParquetSink` write the records (Parquet needs pyarrow:
``pip install perfrules[parquet]``); :func:`write_records` drives them and counts.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, Any, Final, Protocol

import attrs

from .errors import DocumentError, PerfrulesError
from .folder import expand
from .loaders import load
from .model import Document
from .policy import Policy, PolicyLike, resolve_policy
from .progress import progress

__all__ = [
    "CheckTask",
    "JsonlSink",
    "ParquetSink",
    "Record",
    "RulesetSpec",
    "ScoreTask",
    "Summary",
    "Task",
    "check_folder",
    "error_record",
    "load_document",
    "open_sink",
    "ruleset_spec",
    "rulesets_for",
    "run_local",
    "score_folder",
    "work_items",
    "write_records",
]

Record = dict[str, Any]
"""One document's result: JSON-ready (decimals as strings), in a fixed key order."""

WorkItem = tuple[str, str]
"""``(path to open, source label)``: the label is what records and locators show."""

DEFAULT_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "target-table": ("target-table",),
    "self-assessment": ("target-table", "self-assessment"),
}
"""The built-in rulesets a document is checked with when none are chosen, by kind."""


# -- loading -------------------------------------------------------------------------------


def load_document(path: str | os.PathLike[str], source: str | None = None) -> Document:
    """Load ``path`` as :func:`perfrules.loaders.load` does, naming it ``source`` in locators.

    Workers open documents by absolute path (a Dask worker's working directory is not the
    client's) while records keep the path the user gave, so that output does not depend
    on where it ran.
    """
    return load(path, source=source)


def error_record(source: str, err: PerfrulesError) -> Record:
    """The record of a document that could not be processed."""
    location = getattr(err, "location", None) or source
    return {
        "source": source,
        "ok": False,
        "error": {
            "code": err.code,
            "message": err.message,
            "message_zh": err.message_zh,
            "location": location,
        },
    }


# -- tasks ---------------------------------------------------------------------------------


class Task(Protocol):
    """What runs on a worker: ``task(path, source) -> record`` (picklable, pure)."""

    @property
    def name(self) -> str:
        """``check`` or ``score``: which record shape (and Parquet schema) it gives."""
        ...

    def __call__(self, path: str, source: str) -> Record: ...

    @property
    def token(self) -> str:
        """A short digest of the settings: equal tokens give equal records."""
        ...


RulesetSpec = tuple[str, str]
"""``(source, TOML text)`` of a ruleset, shipped to workers that cannot read the file."""


def ruleset_spec(id_or_path: str | os.PathLike[str]) -> RulesetSpec:
    """The spec of a built-in ruleset id or a TOML file, validated by loading it here."""
    from .resources import resource_path
    from .rules import load_ruleset, load_ruleset_text

    ruleset = load_ruleset(os.fspath(id_or_path))  # raises a RulesetError at file:line when broken
    candidate = Path(id_or_path)
    if not candidate.suffix and not candidate.exists():
        text = resource_path("rulesets", f"{id_or_path}.toml").read_text(encoding="utf-8")
    else:
        text = candidate.read_bytes().decode("utf-8-sig")
    assert load_ruleset_text(text, source=ruleset.source).content_hash == ruleset.content_hash
    return (ruleset.source, text)


_RULESETS: dict[tuple[RulesetSpec, ...] | None, Any] = {}


def _loaded_rulesets(specs: tuple[RulesetSpec, ...] | None) -> Any:
    """The rulesets of ``specs`` (None: every built-in), loaded once per process."""
    found = _RULESETS.get(specs)
    if found is None:
        from .rules import builtin_rulesets, load_ruleset_text

        if specs is None:
            found = builtin_rulesets()
        else:
            found = [load_ruleset_text(text, source=source) for source, text in specs]
        _RULESETS[specs] = found
    return found


def rulesets_for(document: Document, chosen: Sequence[Any] | None) -> list[Any]:
    """``chosen``, or the built-in rulesets for the document's kind."""
    if chosen is not None:
        return list(chosen)
    available = _loaded_rulesets(None)
    return [available[i] for i in DEFAULT_KINDS[document.kind.value] if i in available]


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:12]


_SEVERITIES: Final = ("info", "warning", "error")


@attrs.frozen
class CheckTask:
    """Check one document with ``rulesets`` (None: the built-in ones for its kind)."""

    rulesets: tuple[RulesetSpec, ...] | None = None
    min_severity: str = attrs.field(default="info")
    name: str = attrs.field(default="check", init=False)

    @min_severity.validator
    def _known(self, _: object, value: str) -> None:
        if value not in _SEVERITIES:
            raise ValueError(f"min_severity must be one of {_SEVERITIES}, got {value!r}")

    @property
    def token(self) -> str:
        return _digest(self.name, self.rulesets, self.min_severity)

    def __call__(self, path: str, source: str) -> Record:
        from .rules import check_document

        try:
            document = load_document(path, source)
        except PerfrulesError as err:
            return error_record(source, err)
        chosen = None if self.rulesets is None else _loaded_rulesets(self.rulesets)
        reports = check_document(document, rulesets_for(document, chosen))
        floor = _SEVERITIES.index(self.min_severity)
        return {
            "source": source,
            "ok": True,
            "kind": document.kind.value,
            "rulesets": [
                {"id": r.ruleset, "version": r.version, "hash": r.content_hash} for r in reports
            ],
            "warnings": [str(w) for w in document.warnings],
            "errors": sum(r.errors for r in reports),
            "findings": [
                f.to_dict()
                for r in reports
                for f in r.findings
                if _SEVERITIES.index(f.severity.value) >= floor
            ],
        }


@attrs.frozen
class ScoreTask:
    """Score every project of one self-assessment under ``policy``."""

    policy: Policy
    name: str = attrs.field(default="score", init=False)

    @property
    def token(self) -> str:
        return _digest(self.name, self.policy)

    def __call__(self, path: str, source: str) -> Record:
        from .cli.score_cmd import card_record, score_document

        try:
            document = load_document(path, source)
            cards = score_document(document, policy=self.policy)
        except PerfrulesError as err:
            return error_record(source, err)
        return {
            "source": source,
            "ok": True,
            "projects": [card_record(project, card) for project, card in cards],
            "warnings": [str(w) for w in document.warnings],
        }


# -- running -------------------------------------------------------------------------------


def work_items(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[WorkItem]:
    """Folders expanded to their documents (sorted), each as ``(absolute path, label)``."""
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    return [(os.path.abspath(p), os.fspath(p)) for p in expand(given)]


def _numbered(index: int, record: Record) -> Record:
    return {"index": index, **record}


def run_local(
    items: Sequence[WorkItem],
    task: Task,
    *,
    workers: int = 1,
    in_flight: int | None = None,
    max_retries: int = 2,
) -> Iterator[Record]:
    """Run ``task`` over ``items`` and yield the records in input order.

    ``workers`` ≤ 1 runs in this process; more runs a process pool with at most
    ``in_flight`` documents submitted or finished but not yet yielded (default
    ``8 × workers``).
    """
    if workers <= 1:
        for index, (path, source) in enumerate(items):
            yield _numbered(index, task(path, source))
        return
    yield from _PoolRun(items, task, workers, in_flight or 8 * workers, max_retries).records()


# The task a pool worker runs, installed once per worker process by the initializer so that
# its settings (ruleset texts, the policy) cross the process boundary once, not per document.
_WORKER_TASK: list[Task] = []


def _install(task: Task) -> None:
    _WORKER_TASK[:] = [task]


def _run_installed(path: str, source: str) -> Record:
    return _WORKER_TASK[0](path, source)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where available (no fork of a threaded parent), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["perfrules.runner"])
        return context
    return multiprocessing.get_context("spawn")


class _PoolRun:
    """A process pool with a bounded window, in-order output and recovery from dead workers."""

    def __init__(
        self, items: Sequence[WorkItem], task: Task, workers: int, window: int, retries: int
    ):
        self.items = items
        self.task = task
        self.workers = workers
        self.window = max(window, 1)
        self.retries = retries
        self.pending: dict[int, cf.Future[Record]] = {}
        self.done: dict[int, Record] = {}
        self.suspects: deque[int] = deque()  # in flight when a worker died: rerun one by one
        self.deaths: dict[int, int] = {}
        self.fresh = 0  # next index never submitted
        self.culprits = 0  # documents in a row found to kill their worker

    def _pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=_install,
            initargs=(self.task,),
        )

    def records(self) -> Iterator[Record]:
        pool = self._pool()
        out = 0
        try:
            while out < len(self.items):
                self._fill(pool)
                while out in self.done:
                    yield _numbered(out, self.done.pop(out))
                    out += 1
                if out >= len(self.items):
                    break
                if not self.pending:  # everything in flight was just yielded: refill
                    continue
                if self._collect():
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = self._pool()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _fill(self, pool: cf.ProcessPoolExecutor) -> None:
        if self.suspects:  # isolation: one suspect alone in the pool
            if not self.pending:
                self._submit(pool, self.suspects[0])
            return
        while self.fresh < len(self.items) and len(self.pending) + len(self.done) < self.window:
            self._submit(pool, self.fresh)
            self.fresh += 1

    def _submit(self, pool: cf.ProcessPoolExecutor, index: int) -> None:
        path, source = self.items[index]
        try:
            self.pending[index] = pool.submit(_run_installed, path, source)
        except (BrokenProcessPool, OSError):  # noticed at submission: as at collection
            future: cf.Future[Record] = cf.Future()
            future.set_exception(BrokenProcessPool("the pool broke before submission"))
            self.pending[index] = future

    def _collect(self) -> bool:
        """Wait for some work; True when the pool broke and must be replaced."""
        finished, _ = cf.wait(self.pending.values(), return_when=cf.FIRST_COMPLETED)
        broken = False
        for index, future in list(self.pending.items()):
            if future not in finished:
                continue
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                broken = True
                continue
            if error is not None:
                raise error
            del self.pending[index]
            self.done[index] = future.result()
            self.culprits = 0
            if self.suspects and self.suspects[0] == index:
                self.suspects.popleft()
        if broken:
            self._broke()
        return broken

    def _broke(self) -> None:
        lost = sorted(self.pending)
        self.pending.clear()
        if self.suspects and lost == [self.suspects[0]]:
            index = lost[0]  # it was alone: it is the one that kills its worker
            self.deaths[index] = self.deaths.get(index, 0) + 1
            if self.deaths[index] > self.retries:
                self.suspects.popleft()
                self.done[index] = _died(self.items[index][1], self.deaths[index])
                self.culprits += 1
                if self.culprits >= _SYSTEMIC:
                    raise PerfrulesError(
                        f"worker processes died on {self.culprits} documents in a row; "
                        "giving up (is the machine out of memory, or can workers not start?)",
                        code="workers-failing",
                        message_zh=f"工作进程连续在{self.culprits}个文档上意外退出，已停止运行",
                    )
            return
        self.suspects = deque(sorted({*self.suspects, *lost}))


_SYSTEMIC: Final = 3
"""Documents in a row that kill their worker before the run is taken as failing as a whole."""


def _died(source: str, times: int) -> Record:
    return error_record(
        source,
        DocumentError(
            f"the worker process died {times} times on this document",
            location=source,
            code="worker-died",
            message_zh=f"处理该文档时工作进程{times}次意外退出",
        ),
    )


def check_folder(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    rulesets: Sequence[str | os.PathLike[str]] | None = None,
    min_severity: str = "info",
    workers: int = 1,
    in_flight: int | None = None,
) -> Iterator[Record]:
    """Check every document under ``paths`` (files or folders); one record each, in order.

    ``rulesets`` are built-in ids or TOML files (default: by document kind).
    """
    specs = None if rulesets is None else tuple(ruleset_spec(r) for r in rulesets)
    task = CheckTask(specs, min_severity)
    return run_local(work_items(paths), task, workers=workers, in_flight=in_flight)


def score_folder(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    policy: PolicyLike = "mof-2020",
    workers: int = 1,
    in_flight: int | None = None,
) -> Iterator[Record]:
    """Score every self-assessment under ``paths``; one record each, in order."""
    task = ScoreTask(resolve_policy(policy))
    return run_local(work_items(paths), task, workers=workers, in_flight=in_flight)


# -- writing -------------------------------------------------------------------------------


class Sink(Protocol):
    def write(self, record: Record) -> None: ...

    def close(self) -> None: ...


class JsonlSink:
    """JSON Lines: one record per line, UTF-8 characters kept, keys in record order."""

    def __init__(self, stream: IO[str], *, close: bool = False):
        self._stream = stream
        self._close = close

    def write(self, record: Record) -> None:
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._stream.flush()
        if self._close:
            self._stream.close()


_CHECK_COLUMNS: Final = (
    ("kind", "string"),
    ("ruleset", "string"),
    ("rule", "string"),
    ("severity", "string"),
    ("message", "string"),
    ("message_en", "string"),
    ("project", "string"),
    ("project_name", "string"),
    ("row", "int64"),
    ("indicator", "string"),
    ("item", "string"),
    ("location", "string"),
    ("values", "string"),
)
_SCORE_COLUMNS: Final = (
    ("project_code", "string"),
    ("project_name", "string"),
    ("policy", "string"),
    ("total", "string"),
    ("max_points", "string"),
    ("grade", "string"),
    ("claimed_total", "string"),
    ("execution_rate", "string"),
    ("execution_points", "string"),
    ("row", "int64"),
    ("tier", "string"),
    ("category", "string"),
    ("name", "string"),
    ("target", "string"),
    ("actual", "string"),
    ("weight", "string"),
    ("points", "string"),
    ("lost", "string"),
    ("claimed", "string"),
    ("verdict", "string"),
    ("counted", "bool"),
    ("locator", "string"),
)
_COMMON_COLUMNS: Final = (
    ("index", "int64"),
    ("source", "string"),
    ("ok", "bool"),
    ("error_code", "string"),
    ("error_message", "string"),
    ("error_location", "string"),
)


def _flat_check(record: Record) -> list[dict[str, Any]]:
    base = _flat_base(record)
    if not record["ok"]:
        return [base]
    base["kind"] = record["kind"]
    rows = []
    for finding in record["findings"]:
        where = finding["location"]
        rows.append(
            {
                **base,
                "ruleset": finding["ruleset"],
                "rule": finding["rule"],
                "severity": finding["severity"],
                "message": finding["message"],
                "message_en": finding["message_en"],
                "project": where.get("project"),
                "project_name": where.get("project_name"),
                "row": where.get("row"),
                "indicator": where.get("indicator"),
                "item": where.get("item"),
                "location": where.get("source"),
                "values": json.dumps(finding["values"], ensure_ascii=False, sort_keys=True),
            }
        )
    return rows or [base]


def _flat_score(record: Record) -> list[dict[str, Any]]:
    base = _flat_base(record)
    if not record["ok"]:
        return [base]
    rows = []
    for card in record["projects"]:
        execution = card["execution"] or {}
        head = {
            **base,
            "project_code": card["project"]["code"],
            "project_name": card["project"]["name"],
            "policy": card["policy"],
            "total": card["total"],
            "max_points": card["max_points"],
            "grade": card["grade"],
            "claimed_total": card["claimed_total"],
            "execution_rate": execution.get("rate"),
            "execution_points": execution.get("points"),
        }
        for i, row in enumerate(card["rows"]):
            actual = row["actual"]
            rows.append(
                {
                    **head,
                    "row": i,
                    **{k: row[k] for k in ("tier", "category", "name", "target")},
                    "actual": None if actual is None else str(actual),
                    **{k: row[k] for k in ("weight", "points", "lost", "claimed", "verdict")},
                    "counted": row["counted"],
                    "locator": row["locator"],
                }
            )
        if not card["rows"]:
            rows.append(head)
    return rows or [base]


def _flat_base(record: Record) -> dict[str, Any]:
    error = record.get("error") or {}
    return {
        "index": record["index"],
        "source": record["source"],
        "ok": record["ok"],
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "error_location": error.get("location"),
    }


class ParquetSink:
    """Parquet, one row per finding (``check``) or per scored indicator row (``score``).

    Every document has at least one row (a clean document: a row without a finding; a
    failed one: its ``error_*`` columns). Numbers are exact decimal strings. Rows are
    written in row groups of ``batch_rows`` so memory stays bounded. Needs pyarrow.
    """

    def __init__(self, path: str | os.PathLike[str], kind: str, *, batch_rows: int = 16384):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - exercised without pyarrow
            raise PerfrulesError(
                "writing Parquet needs pyarrow: pip install 'perfrules[parquet]'",
                code="missing-dependency",
                message_zh="写入 Parquet 需要安装 pyarrow：pip install 'perfrules[parquet]'",
            ) from None
        columns = _COMMON_COLUMNS + (_CHECK_COLUMNS if kind == "check" else _SCORE_COLUMNS)
        types = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_()}
        self._pa = pa
        self._schema = pa.schema([(name, types[kind_]) for name, kind_ in columns])
        self._flatten: Callable[[Record], list[dict[str, Any]]] = (
            _flat_check if kind == "check" else _flat_score
        )
        self._rows: list[dict[str, Any]] = []
        self._batch = batch_rows
        self._writer = pq.ParquetWriter(os.fspath(path), self._schema)

    def write(self, record: Record) -> None:
        self._rows.extend(self._flatten(record))
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            batch = self._pa.RecordBatch.from_pylist(self._rows, schema=self._schema)
            self._writer.write_batch(batch)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def open_sink(output: str | None, kind: str, stdout: IO[str]) -> Sink:
    """A sink for ``--output``: ``.parquet`` → Parquet, anything else (or stdout) → JSONL."""
    if output is None or output == "-":
        return JsonlSink(stdout)
    if output.lower().endswith(".parquet"):
        return ParquetSink(output, kind)
    try:
        stream = open(output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as err:
        raise DocumentError(
            f"cannot write the output: {err.strerror or err}",
            location=output,
            code="unwritable-output",
            message_zh=f"无法写入输出文件：{err.strerror or err}",
        ) from None
    return JsonlSink(stream, close=True)


@attrs.define
class Summary:
    """Counts over a run: documents, failed ones, error findings, indicator rows."""

    documents: int = 0
    failed: int = 0
    error_findings: int = 0
    rows: int = 0

    def add(self, record: Record) -> None:
        self.documents += 1
        if not record["ok"]:
            self.failed += 1
            return
        self.error_findings += record.get("errors", 0)
        self.rows += sum(len(card["rows"]) for card in record.get("projects", ()))

    @property
    def exit_code(self) -> int:
        """2 when a document failed, else 1 when an error finding was found, else 0."""
        if self.failed:
            return 2
        return 1 if self.error_findings else 0


def write_records(
    records: Iterable[Record], sink: Sink, *, total: int, label: str, quiet: bool = False
) -> Summary:
    """Write every record to ``sink`` (then close it), with a progress bar; count them."""
    summary = Summary()
    try:
        with progress(total, label=label, quiet=quiet) as bar:
            for record in records:
                sink.write(record)
                summary.add(record)
                bar.advance()
    finally:
        sink.close()
    return summary
