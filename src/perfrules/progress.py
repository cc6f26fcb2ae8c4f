"""Progress on standard error for long batches, silent when nobody is watching.

A bar is shown only when standard error is a terminal and the caller did not ask for
``quiet``; piped or redirected output stays clean for the next program. The bar itself is
tqdm's (the ``progress`` extra); without tqdm there is simply no bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["Progress", "progress"]


class Progress(Protocol):
    """What a batch loop calls: ``advance(n)`` after finishing ``n`` items."""

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def advance(self, n: int = 1) -> None:
        return None


class _Bar:
    def __init__(self, bar: Any):
        self._bar = bar

    def advance(self, n: int = 1) -> None:
        self._bar.update(n)


def wanted(quiet: bool = False) -> bool:
    """Whether a bar would be shown: stderr is a terminal and not ``quiet``."""
    isatty = getattr(sys.stderr, "isatty", None)
    return not quiet and bool(isatty and isatty())


@contextmanager
def progress(total: int, *, label: str, quiet: bool = False) -> Iterator[Progress]:
    """A progress reporter for ``total`` items; a no-op when not :func:`wanted`."""
    if not wanted(quiet):
        yield _Silent()
        return
    try:
        from tqdm import tqdm
    except ImportError:  # the progress extra is not installed: no bar, same results
        yield _Silent()
        return
    with tqdm(total=total, desc=label, unit="doc", file=sys.stderr, dynamic_ncols=True) as bar:
        yield _Bar(bar)
