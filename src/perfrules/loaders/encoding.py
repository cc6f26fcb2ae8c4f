"""Decode text files: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

Many real files come out of Chinese Excel or WPS as GBK. Strict UTF-8 is tried first
because GB18030 decodes almost any byte string, including UTF-8 text, into garbage.
"""

from __future__ import annotations

from ..errors import DocumentError

__all__ = ["decode"]


def decode(data: bytes, location: str) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``; :class:`DocumentError` ``bad-encoding`` if neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # UTF-16 or a binary file that happened to decode
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise DocumentError(
        "not a text file in UTF-8 or GBK/GB18030",
        location=location,
        code="bad-encoding",
        message_zh="文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码的文本",
    )
