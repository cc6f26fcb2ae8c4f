"""``perfrules explain EXPR [--actual X [--weight W]] [--name N] [--category C]``.

Prints the canonical form, the parse tree, the meaning in Chinese and English and — with
``--actual`` (and ``--weight``) — each judging and scoring step with its formula.
"""

from __future__ import annotations

import argparse
import json
import sys

HELP = "explain a target expression and how it is scored / 解释指标值的含义与评分步骤"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("expression", metavar="EXPR", help="a target expression (指标值)")
    parser.add_argument("--actual", metavar="X", help="actual value (实际完成值), e.g. 87%%")
    parser.add_argument("--weight", metavar="W", help="row weight (分值), e.g. 10")
    parser.add_argument("--name", metavar="N", help="indicator name (三级指标), e.g. 总成本")
    parser.add_argument("--category", metavar="C", help="category (二级指标), e.g. 成本指标")
    parser.add_argument(
        "--policy",
        default="mof-2020",
        metavar="NAME|PATH",
        help="scoring policy: a built-in name or a TOML file (default: mof-2020)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from ..explain import explain, render_text

    if args.weight is not None and args.actual is None:
        print(
            "perfrules explain: --weight needs --actual / 给出 --weight 时须同时给出 --actual",
            file=sys.stderr,
        )
        return 2
    found = explain(
        args.expression,
        actual=args.actual,
        weight=args.weight,
        name=args.name,
        category=args.category,
        policy=args.policy,
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(found))
    return 0
