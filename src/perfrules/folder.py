"""Find the documents to process when a command is given a folder.

One place decides what counts as a document in a folder, so ``check``, ``score`` and
``report`` over a folder — one process, ``--workers N`` or a Dask cluster — see the same
files in the same (sorted) order, which keeps their results deterministic.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import DocumentError
from .loaders import SUFFIXES

__all__ = ["discover", "expand"]


def discover(folder: str | os.PathLike[str]) -> list[Path]:
    """Every loadable document below ``folder`` (recursively, hidden files skipped), sorted."""
    root = Path(folder)
    if not root.is_dir():
        raise DocumentError(
            f"not a folder: {root}",
            location=str(root),
            code="not-a-folder",
            message_zh="不是文件夹",
        )
    found = [
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not any(part.startswith((".", "~$")) for part in path.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Command-line paths with every folder replaced by the documents it holds."""
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        out.extend(discover(path) if path.is_dir() else [path])
    return out
