"""``perfrules report DOC|DIR [--format html|markdown] [-o FILE] [--quiet]``.

Writes a report people read: findings beside the rows they concern, a score card per
self-assessed project, and over a folder a sortable summary with the distribution of
grades. Exit codes: 0 written and no error findings, 1 written with error findings,
2 bad input (including a folder in which some document could not be read — the report is
still written, with those documents listed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import DocumentError

HELP = "write an HTML or Markdown report (findings, score cards, summary) / 生成评审报告"

_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="DOC|DIR", help="a document or a folder of documents")
    parser.add_argument(
        "--format",
        choices=("html", "markdown"),
        help="report format (default: from the -o suffix, else markdown)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="file to write ('-' or omitted: standard output)",
    )
    parser.add_argument(
        "--policy",
        default="mof-2020",
        metavar="NAME|PATH",
        help="scoring policy: a built-in name or a TOML file (default: mof-2020)",
    )
    parser.add_argument(
        "--ruleset",
        action="append",
        metavar="ID|PATH",
        help="a built-in ruleset id or a TOML file (repeatable); default: by document kind",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar on standard error"
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return _SUFFIXES.get(Path(args.output).suffix.lower(), "markdown")


def run(args: argparse.Namespace) -> int:
    from ..report import build_report, render
    from ..rules import load_ruleset

    fmt = _format(args)
    rulesets = [load_ruleset(r) for r in args.ruleset] if args.ruleset else None
    report = build_report(args.target, policy=args.policy, rulesets=rulesets, quiet=args.quiet)
    text = render(report, fmt)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        _write(Path(args.output), text)
    for failure in report.failures:
        print(f"perfrules: {failure.message}", file=sys.stderr)
        print(f"perfrules: {failure.source}: {failure.message_zh}", file=sys.stderr)
    if report.failures:
        return 2
    return 1 if report.errors else 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise DocumentError(
            f"cannot write the report: {err.strerror or err}",
            location=os.fspath(path),
            code="unwritable-output",
            message_zh=f"无法写入报告：{err.strerror or err}",
        ) from None
