"""``perfrules parse [--json] EXPR… | -``: parse target expressions and show their meaning."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Iterator

from ..errors import IndicatorSyntaxError
from ..exprjson import error_record, node_record
from ..parser import parse

HELP = "parse target expressions (指标值) and print their meaning / 解析指标值"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "expressions",
        nargs="*",
        metavar="EXPR",
        help="expressions to parse; '-' reads one per line from standard input",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--file",
        metavar="DOC",
        help="parse every 指标值 of a target document (its indicator table)",
    )


def _inputs(args: argparse.Namespace) -> Iterator[str]:
    for expr in args.expressions:
        if expr == "-":
            for line in sys.stdin:
                line = line.rstrip("\r\n")
                if line.strip():
                    yield line
        else:
            yield expr


def _document_targets(path: str) -> Iterator[str]:
    from ..loaders import load  # documents are an optional layer over the parser

    document = load(path)
    for project in document.projects:
        for indicator in project.indicators:
            if indicator.target_text is not None:
                yield indicator.target_text


def run(args: argparse.Namespace) -> int:
    if not args.expressions and not args.file:
        print("perfrules parse: give at least one EXPR, '-' or --file", file=sys.stderr)
        return 2
    texts = list(_document_targets(args.file)) if args.file else []
    texts.extend(_inputs(args))
    failed = 0
    out = sys.stdout
    for text in texts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown units are reported in the record
            try:
                record = node_record(text, parse(text))
            except IndicatorSyntaxError as err:
                failed += 1
                if args.json:
                    out.write(json.dumps(error_record(text, err), ensure_ascii=False) + "\n")
                else:
                    out.write(f"{text}\n  error {err}\n  {err.message_zh}\n")
                continue
        if args.json:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(_describe(record) + "\n")
    return 1 if failed else 0


def _describe(record: dict[str, object]) -> str:
    details = ", ".join(
        f"{key}={value}"
        for key, value in record.items()
        if key not in ("text", "ok", "kind", "canonical")
    )
    return f"{record['text']}\t→ {record['canonical']}\t[{record['kind']}] {details}"
