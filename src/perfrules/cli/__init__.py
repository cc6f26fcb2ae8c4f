"""The ``perfrules`` command: a thin dispatcher over one module per subcommand.

Each subcommand module exposes ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Exit codes: 0 clean, 1 findings (or a failed parse), 2 bad input or
usage. Library errors (:class:`~perfrules.errors.PerfrulesError`) become a one-line message
on stderr and exit 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import PerfrulesError

__all__ = ["COMMANDS", "main"]

#: subcommand name → module implementing it; the modules stay light (heavy imports happen
#: inside ``run``) because building the argument parser imports all of them
COMMANDS: dict[str, str] = {
    "parse": "perfrules.cli.parse_cmd",
    "score": "perfrules.cli.score_cmd",
    "check": "perfrules.cli.check_cmd",
    "report": "perfrules.cli.report_cmd",
    "explain": "perfrules.cli.explain_cmd",
    "test": "perfrules.cli.test_cmd",
}

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default too, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"perfrules: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="perfrules",
        description="Check and score Chinese budget performance indicators "
        "(绩效目标表 / 绩效自评表).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``perfrules`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        code: int = args._run(args)
    except PerfrulesError as err:
        print(f"perfrules: {err}", file=sys.stderr)
        if err.message_zh != err.message:
            print(f"perfrules: {err.message_zh}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    return code
