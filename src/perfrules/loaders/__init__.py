"""Load a document from a file: ``load(path) -> Document``, chosen by the file's extension.

=========  ===============================================================  =================
extension  layout                                                           needs
=========  ===============================================================  =================
``.txt``   Word-extracted text of a 绩效目标表 document (the corpus layout)  —
``.json``  perfrules' own versioned schema (:mod:`.json_io`)                 —
``.csv``   a sheet saved as CSV, or a flat indicator table; UTF-8/GBK        —
``.xlsx``  绩效自评表 / 绩效目标表 workbooks, one project per sheet          ``perfrules[xlsx]``
``.docx``  Word documents with the tables (and Part 1 paragraphs)            ``perfrules[docx]``
=========  ===============================================================  =================

Every failure is a :class:`~perfrules.errors.DocumentError` with a stable code and the
file (and, where known, line or cell); partial documents load with
:attr:`Document.warnings <perfrules.model.Document.warnings>` instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import DocumentError
from ..model import Document

__all__ = ["MAX_BYTES", "SUFFIXES", "load", "load_bytes"]

MAX_BYTES = 50 * 1024 * 1024
"""Files above this size are refused (``file-too-large``) rather than read into memory."""


def _text(data: bytes, source: str) -> Document:
    from .text import load_text

    return load_text(data, source)


def _json(data: bytes, source: str) -> Document:
    from .json_io import load_json

    return load_json(data, source)


def _csv(data: bytes, source: str) -> Document:
    from .csv_io import load_csv

    return load_csv(data, source)


def _xlsx(data: bytes, source: str) -> Document:
    from .xlsx import load_xlsx

    return load_xlsx(data, source)


def _docx(data: bytes, source: str) -> Document:
    from .docx import load_docx

    return load_docx(data, source)


_LOADERS: dict[str, Callable[[bytes, str], Document]] = {
    ".txt": _text,
    ".json": _json,
    ".csv": _csv,
    ".xlsx": _xlsx,
    ".docx": _docx,
}
SUFFIXES = tuple(_LOADERS)
"""Extensions :func:`load` accepts."""


def load(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, source: str | None = None
) -> Document:
    """Load the document at ``path``; the extension picks the loader.

    ``source`` names the document in locators and errors (default: ``path``) — a worker
    opening an absolute path still reports the path the user gave.
    """
    opened = os.fspath(path)
    source = opened if source is None else source
    suffix = _suffix(source)
    file = Path(opened)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise IsADirectoryError(source)
    except OSError as err:
        raise DocumentError(
            f"cannot read the file: {err.strerror or err}",
            location=source,
            code="unreadable-file",
            message_zh=f"无法读取文件：{err.strerror or err}",
        ) from None
    if size > max_bytes:
        raise DocumentError(
            f"file is {size} bytes, above the limit of {max_bytes} bytes",
            location=source,
            code="file-too-large",
            message_zh=f"文件大小 {size} 字节，超过上限 {max_bytes} 字节",
        )
    return load_bytes(file.read_bytes(), suffix=suffix, source=source)


def load_bytes(data: bytes, *, suffix: str, source: str = "<bytes>") -> Document:
    """Load a document held in memory; ``suffix`` (``.xlsx`` …) picks the loader."""
    suffix = suffix.lower()
    if suffix not in _LOADERS:
        raise _bad_extension(source, suffix)
    if not data.strip():
        raise DocumentError(
            "the file is empty",
            location=source,
            code="empty-file",
            message_zh="文件为空",
        )
    return _LOADERS[suffix](data, source)


def _suffix(source: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix not in _LOADERS:
        raise _bad_extension(source, suffix)
    return suffix


def _bad_extension(source: str, suffix: str) -> DocumentError:
    accepted = ", ".join(SUFFIXES)
    if not suffix:
        return DocumentError(
            f"the file name has no extension; expected one of {accepted}",
            location=source,
            code="missing-extension",
            message_zh=f"文件名没有扩展名；应为 {accepted} 之一",
        )
    return DocumentError(
        f"unsupported extension {suffix!r}; expected one of {accepted}",
        location=source,
        code="bad-extension",
        message_zh=f"不支持的扩展名“{suffix}”；应为 {accepted} 之一",
    )
