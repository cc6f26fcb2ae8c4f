"""Shared guards for the zip-based formats (XLSX, DOCX) and their optional dependencies."""

from __future__ import annotations

import io
import zipfile

from ..errors import DocumentError

__all__ = ["MAX_UNZIPPED_BYTES", "check_zip", "corrupt", "missing_extra"]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""An archive that unpacks to more than this is refused (``file-too-large``): a zip bomb."""


def missing_extra(extra: str, module: str, source: str) -> DocumentError:
    """The error for a loader whose optional dependency is not installed."""
    return DocumentError(
        f"reading this file needs {module}: pip install 'perfrules[{extra}]'",
        location=source,
        code="missing-dependency",
        message_zh=f"读取此文件需要 {module}：请执行 pip install 'perfrules[{extra}]'",
    )


def corrupt(kind: str, source: str, detail: str) -> DocumentError:
    """``corrupt-xlsx`` / ``corrupt-docx``: the file is not a readable workbook/document."""
    return DocumentError(
        f"not a readable {kind.upper()} file ({detail})",
        location=source,
        code=f"corrupt-{kind}",
        message_zh=f"无法读取的 {kind.upper()} 文件（{detail}）",
    )


def check_zip(data: bytes, source: str, kind: str) -> None:
    """Refuse a non-zip (``corrupt-<kind>``) or an archive that unpacks too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise corrupt(kind, source, f"not a zip archive: {err}") from None
    if size > MAX_UNZIPPED_BYTES:
        raise DocumentError(
            f"archive unpacks to {size} bytes, above the limit of {MAX_UNZIPPED_BYTES}",
            location=source,
            code="file-too-large",
            message_zh=f"文件解压后为 {size} 字节，超过上限 {MAX_UNZIPPED_BYTES} 字节",
        )
