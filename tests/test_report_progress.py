"""Progress over a folder of 200 generated documents: a tqdm bar on a terminal, none when piped.

The command runs in a subprocess whose standard error is the slave side of a pseudo-terminal
(``pty.openpty``), so ``stderr.isatty()`` is true exactly as in an analyst's shell.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from _report_docs import many

pytest.importorskip("tqdm", reason="the progress extra (tqdm) is not installed")

COUNT = 200


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many(tmp_path_factory.mktemp("progress"), COUNT)


def _command(folder: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "perfrules", "report", str(folder), "-o", str(out), *extra]


def _under_pty(argv: list[str]) -> tuple[int, str]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(master)
    code = process.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_bar(folder: Path, tmp_path: Path) -> None:
    code, screen = _under_pty(_command(folder, tmp_path / "r.md"))
    assert code == 1  # written; the variants carry error findings
    assert re.search(rf"report: +100%\|[^|]*\| {COUNT}/{COUNT} \[", screen), screen[-400:]
    assert (tmp_path / "r.md").read_text(encoding="utf-8").count("## 文档 Document: ") == COUNT


def test_quiet_silences_the_bar_on_a_terminal(folder: Path, tmp_path: Path) -> None:
    code, screen = _under_pty(_command(folder, tmp_path / "r.md", "--quiet"))
    assert (code, screen) == (1, "")


def test_piped_stderr_gets_nothing(folder: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        _command(folder, tmp_path / "r.html"), capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('<details class="doc"') == COUNT
