"""``perfrules check DOC… [--ruleset ID|PATH]… [--format text|json] [--min-severity …]``.

Given a folder (or ``--workers`` / ``--dask`` / ``--output``) it runs in folder mode
(:mod:`.stream`): one JSON record per document, streamed in input order.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..loaders import load
from ..model import Document
from ..rules import Report, Severity, check_document, load_ruleset
from ..runner import CheckTask, ruleset_spec, rulesets_for
from .stream import add_stream_arguments, run_stream, stream_mode

HELP = "check documents against rulesets / 按规则集检查绩效目标表、自评表"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "documents", nargs="+", metavar="DOC|DIR", help="documents (or folders of them) to check"
    )
    parser.add_argument(
        "--ruleset",
        action="append",
        metavar="ID|PATH",
        help="a built-in ruleset id or a TOML file (repeatable); default: by document kind",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), help="single documents: text (default) or json"
    )
    parser.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        default="info",
        help="hide findings below this severity",
    )
    add_stream_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if stream_mode(args, args.documents, several=False):
        specs = tuple(ruleset_spec(r) for r in args.ruleset) if args.ruleset else None
        return run_stream(args, args.documents, CheckTask(specs, args.min_severity))
    chosen = [load_ruleset(r) for r in args.ruleset] if args.ruleset else None
    floor = Severity(args.min_severity).rank
    reports: list[tuple[Document, list[Report]]] = []
    for path in args.documents:
        document = load(path)
        reports.append((document, check_document(document, rulesets_for(document, chosen))))
    errors = sum(r.errors for _, rs in reports for r in rs)
    if args.format == "json":
        payload = {
            "documents": [
                {
                    "source": doc.source,
                    "kind": doc.kind.value,
                    "rulesets": [
                        {"id": r.ruleset, "version": r.version, "hash": r.content_hash} for r in rs
                    ],
                    "warnings": [str(w) for w in doc.warnings],
                }
                for doc, rs in reports
            ],
            "findings": [
                {"source": doc.source, **f.to_dict()}
                for doc, rs in reports
                for r in rs
                for f in r.findings
                if f.severity.rank >= floor
            ],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for document, rs in reports:
            _print_text(document, rs, floor)
    return 1 if errors else 0


def _print_text(document: Document, reports: list[Report], floor: int) -> None:
    out = sys.stdout
    names = ", ".join(f"{r.ruleset} {r.version} ({r.content_hash})" for r in reports)
    out.write(f"{document.source} — {document.kind.value}; rulesets: {names}\n")
    for warning in document.warnings:
        out.write(f"  note: {warning}\n")
    findings = [f for r in reports for f in r.findings if f.severity.rank >= floor]
    groups: dict[str, list[str]] = {}
    titles = {p.code or "": p.label for p in document.projects}
    for f in findings:
        key = f.location.project or ""
        line = f"  {f.severity.value:<7} {f.rule:<24} {f.message_zh}"
        detail = []
        if f.location.row is not None:
            detail.append(f"row {f.location.row}")
        if f.location.item:
            detail.append(f.location.item)
        if f.location.source:
            detail.append(f.location.source)
        groups.setdefault(key, []).append(
            line + (f"\n            {' · '.join(detail)}" if detail else "")
        )
    for key, lines in groups.items():
        out.write(f"\n{titles.get(key, key) if key else '(document)'}\n")
        out.write("\n".join(lines) + "\n")
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    out.write(
        f"\n{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info — "
        f"{counts[Severity.ERROR]}个错误，{counts[Severity.WARNING]}个警告\n"
    )
