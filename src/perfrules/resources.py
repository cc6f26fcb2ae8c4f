"""Locate the data folders shipped with perfrules (``grammar/``, ``rulesets/``).

They live at the repository top level. An installed wheel carries them inside the package
(hatch ``force-include`` maps them to ``perfrules/grammar`` and ``perfrules/rulesets``); an
editable install does not, so we fall back to the repository checkout.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["resource_path"]

_REPO_ROOT = Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Traversable:
    """The shipped data file or folder at ``parts``, e.g. ``("grammar", "indicator.lark")``.

    Returns a :class:`~importlib.resources.abc.Traversable` (a :class:`~pathlib.Path` in
    practice): use ``.read_text(encoding="utf-8")`` or ``.is_file()``. Raises
    :class:`FileNotFoundError` naming both places looked in when neither has it.
    """
    if not parts:
        raise ValueError("resource_path needs at least one path part")
    checkout = _REPO_ROOT.joinpath(*parts)
    # a source checkout (editable install) wins: hatch's editable install also leaves a
    # stale copy of the force-included folders in site-packages
    if (_REPO_ROOT / "pyproject.toml").is_file() and checkout.exists():
        return checkout
    packaged: Traversable = files("perfrules")
    for part in parts:
        packaged = packaged.joinpath(part)
    if packaged.is_file() or packaged.is_dir():
        return packaged
    raise FileNotFoundError(
        f"{'/'.join(parts)} not found in the package ({packaged}) or at {checkout}"
    )
