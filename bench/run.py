"""Run every benchmark and write ``bench/RESULTS.md``: ``python bench/run.py``.

Each ``bench/bench_*.py`` module exposes ``run() -> str`` returning a markdown section; they
run in name order, each in this process, and the results file gets the machine and version
header first. A module that fails gets its traceback as its section, the others still run,
and the command exits 1.

``python bench/run.py parse check`` runs only ``bench_parse`` and ``bench_check`` and prints
their sections without touching ``RESULTS.md``.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import platform
import sys
import time
import traceback
from importlib import metadata
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def discover(names: list[str] | None = None) -> list[Path]:
    """The benchmark modules, in name order (all of them, or those named ``bench_<name>``)."""
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in names}
    chosen = [path for path in found if path.stem.removeprefix("bench_") in wanted]
    missing = wanted - {path.stem.removeprefix("bench_") for path in chosen}
    if missing:
        raise SystemExit(f"no benchmark named {', '.join(sorted(missing))} in {HERE}")
    return chosen


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_header() -> str:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    rows = [
        ("date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", _cpu_model()),
        ("CPU count", f"{os.cpu_count()} (usable: {affinity if affinity is not None else '?'})"),
        ("load average at start", load),
        ("platform", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("perfrules", _version("perfrules")),
        ("lark", _version("lark")),
        ("numpy", _version("numpy")),
        ("attrs", _version("attrs")),
    ]
    lines = ["| | |", "|---|---|", *(f"| {key} | {value} |" for key, value in rows)]
    return "\n".join(lines) + "\n"


def run_all(paths: list[Path]) -> tuple[list[str], bool]:
    sections: list[str] = []
    ok = True
    for path in paths:
        started = time.perf_counter()
        print(f"running {path.name} …", file=sys.stderr, flush=True)
        try:
            section = load(path).run()
        except Exception:
            ok = False
            section = f"## {path.stem}: FAILED\n\n```\n{traceback.format_exc()}```\n"
        elapsed = time.perf_counter() - started
        print(f"  {path.name} took {elapsed:.1f} s", file=sys.stderr, flush=True)
        sections.append(section.rstrip("\n") + f"\n\n_{path.name}: {elapsed:.1f} s._\n")
    return sections, ok


def main(argv: list[str]) -> int:
    paths = discover(argv)
    sections, ok = run_all(paths)
    if argv:
        print("\n".join(sections))
        return 0 if ok else 1
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `python bench/run.py` (every `bench/bench_*.py`); do not edit by hand.",
            "",
            machine_header(),
            *sections,
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main(sys.argv[1:]))
