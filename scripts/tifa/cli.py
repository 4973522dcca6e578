"""Command line: ``python -m tifa check [PATH...]`` (more commands join as they are built)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .check import check_tree
from .problems import summary


def cmd_check(args) -> int:
    result = check_tree(args.root)
    wanted = {Path(p).resolve() for p in args.paths}
    base = Path(args.root).resolve().parent
    shown = [p for p in result.problems if not wanted or (base / p.path).resolve() in wanted]
    github = args.github or os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in shown:
        print(problem)
        if github:
            print(problem.github())
    print(summary(shown, len(wanted) if wanted else result.files))
    return 1 if shown else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tifa", description="Tifa: annotations to an atlas of formulations.")
    parser.add_argument("--root", default="annotations", help="annotations folder (default: annotations)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate annotation files; report every problem as path:line:col: CODE message")
    check.add_argument("paths", nargs="*", help="report only these files (all files are still read for cross-references)")
    check.add_argument("--github", action="store_true", help="also print GitHub Actions ::error annotations (default when GITHUB_ACTIONS=true)")
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
