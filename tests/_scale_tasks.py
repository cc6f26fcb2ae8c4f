"""Tasks that kill their own worker, for the scale-out tests (importable by worker processes).

Worker processes import this module by name (process pool) or receive it by value (Dask,
see ``cloudpickle.register_pickle_by_value`` in the Dask tests).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import attrs

from perfrules.runner import CheckTask, Record, ScoreTask


@attrs.frozen
class KillOnce:
    """``inner``, except that the first run on ``victim`` kills its worker (SIGKILL).

    The marker file records that the kill happened, so the retry runs normally.
    """

    inner: CheckTask | ScoreTask
    victim: str
    marker: str

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def token(self) -> str:
        return self.inner.token

    def __call__(self, path: str, source: str) -> Record:
        if source == self.victim and not Path(self.marker).exists():
            Path(self.marker).write_text(str(os.getpid()), encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner(path, source)


@attrs.frozen
class KillAlways:
    """``inner``, except that every run on ``victim`` kills its worker; counts the runs."""

    inner: CheckTask | ScoreTask
    victim: str
    counter: str

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def token(self) -> str:
        return self.inner.token

    def __call__(self, path: str, source: str) -> Record:
        if source == self.victim:
            with open(self.counter, "a", encoding="utf-8") as out:
                out.write("x")
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner(path, source)


@attrs.frozen
class Started:
    """``inner``, leaving a file per document started (to watch the in-flight bound)."""

    inner: CheckTask | ScoreTask
    folder: str

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def token(self) -> str:
        return self.inner.token

    def __call__(self, path: str, source: str) -> Record:
        Path(self.folder, Path(source).name).touch()
        return self.inner(path, source)
