"""``load(path)``: extension dispatch and the bad-file errors, each with code and location."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _documents import CORPUS, FIXTURES

from perfrules.errors import DocumentError
from perfrules.loaders import SUFFIXES, load, load_bytes


def _error(path: Path | str, **kwargs: int) -> DocumentError:
    with pytest.raises(DocumentError) as err:
        load(path, **kwargs)
    return err.value


def test_suffixes() -> None:
    assert SUFFIXES == (".txt", ".json", ".csv", ".xlsx", ".docx")


@pytest.mark.parametrize(
    ("name", "code"),
    [("doc.pdf", "bad-extension"), ("doc", "missing-extension"), ("doc.XLS", "bad-extension")],
)
def test_bad_or_missing_extension(tmp_path: Path, name: str, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    err = _error(path)
    assert (err.code, err.location) == (code, str(path))
    assert ".xlsx" in err.message and ".xlsx" in err.message_zh


def test_upper_case_extension_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "DOC.TXT"
    path.write_bytes(CORPUS.read_bytes())
    assert len(load(path).projects) == 4


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".json", ".xlsx", ".docx"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"  \n")
    err = _error(path)
    assert (err.code, err.location) == ("empty-file", str(path))
    assert err.message_zh == "文件为空"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.xlsx").code == "unreadable-file"
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert _error(folder).code == "unreadable-file"


def test_very_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    err = _error(path, max_bytes=1024)
    assert (err.code, err.location) == ("file-too-large", str(path))
    assert "2048" in err.message


def test_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfrules.loaders import archive

    monkeypatch.setattr(archive, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(DocumentError) as err:
        load_bytes((FIXTURES / "sa-official.xlsx").read_bytes(), suffix=".xlsx", source="b.xlsx")
    assert err.value.code == "file-too-large"


def test_error_text_is_one_line_with_location(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"x")
    assert str(_error(path)).startswith(f"{path}: [bad-extension] unsupported extension '.pdf'")


@pytest.mark.parametrize(("module", "suffix"), [("openpyxl", ".xlsx"), ("docx", ".docx")])
def test_missing_extra(monkeypatch: pytest.MonkeyPatch, module: str, suffix: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    data = (FIXTURES / f"sa-official{suffix}").read_bytes()
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=suffix, source=f"f{suffix}")
    assert err.value.code == "missing-dependency"
    assert "pip install 'perfrules[" in err.value.message


def test_stacked_projects_in_one_sheet() -> None:
    sheet = (FIXTURES / "sa-official-utf8.csv").read_text(encoding="utf-8-sig")
    doc = load_bytes((sheet + sheet).encode(), suffix=".csv", source="two.csv")
    assert len(doc.projects) == 2
    assert doc.projects[0] == doc.projects[1]
    assert doc.projects[1].locate("name") is not None
    assert str(doc.projects[1].locate("name")) == "two.csv:23:2"
    assert doc.warnings == ()
