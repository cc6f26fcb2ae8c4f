"""``perfrules test RULESET|DIR… [--examples N] [--seed S]``.

Runs every rule's examples, then the properties of :mod:`perfrules.authoring`: valid
generated documents pass, each mutation fires the rule declared to catch it, no rule is
dead or always firing. A failure is printed as a shrunk ``[[rule.examples]]`` block.
Exit 0 when every rule passes (notes about dead rules do not fail), 1 on a failure, 2 on
bad input (a broken ruleset, no ruleset found, Hypothesis not installed).
"""

from __future__ import annotations

import argparse
import sys

HELP = "test rulesets on their examples and generated documents / 用示例和生成文档测试规则集"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r} / 不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value} / 至少为1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="RULESET|DIR",
        help="ruleset TOML files, or folders searched for them / 规则集文件或所在文件夹",
    )
    parser.add_argument(
        "--examples",
        type=_positive,
        default=200,
        metavar="N",
        help="generated documents per rule (default 200) / 每条规则生成的文档数",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same documents (default 0) / 随机种子",
    )


def run(args: argparse.Namespace) -> int:
    try:
        from ..authoring import load_and_verify, render_text
    except ImportError as err:  # Hypothesis is an optional dependency
        print(
            f"perfrules test needs Hypothesis ({err.name} is not installed): "
            "pip install 'perfrules[dev]'\n"
            "perfrules test 需要安装 Hypothesis：pip install 'perfrules[dev]'",
            file=sys.stderr,
        )
        return 2
    reports = load_and_verify(args.paths, examples=args.examples, seed=args.seed)
    sys.stdout.write(render_text(reports))
    return 1 if any(report.failed for report in reports) else 0
