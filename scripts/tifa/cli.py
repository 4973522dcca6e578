"""Command line: ``python -m tifa check [PATH...]`` (more commands join as they are built)."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .check import check_tree
from .problems import summary
from .render import write_pages


def _wanted(paths) -> set[Path] | None:
    """The files named on the command line (a folder stands for the files under it)."""
    wanted = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            wanted |= {p.resolve() for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml")}
        elif path.is_file():
            wanted.add(path.resolve())
        else:
            print(f"tifa: no such file or folder: {name}", file=sys.stderr)
            raise SystemExit(2)
    return wanted


def cmd_check(args) -> int:
    wanted = _wanted(args.paths)
    result = check_tree(args.root)
    base = Path(args.root).resolve().parent
    shown = [p for p in result.problems if not wanted or (base / p.path).resolve() in wanted]
    github = args.github or os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in shown:
        print(problem)
        if github:
            print(problem.github())
    print(summary(shown, len(wanted) if wanted else result.files))
    return 1 if shown else 0


def _report(result) -> bool:
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(summary(result.problems, result.files))
    return not result.problems


def cmd_pages(args) -> int:
    """Write the generated Markdown pages to a folder (for tools that ignore MkDocs hooks)."""
    from .corpus import index
    from .render import render_all

    result = check_tree(args.root)
    if not _report(result):
        return 1
    written = write_pages(render_all(index(result)), Path(args.out))
    print(f"wrote {len(written)} changed page(s) to {args.out}")
    return 0


def cmd_site(args) -> int:
    """Build the site into a fresh folder, then swap it in: a failure leaves site/ as it was."""
    result = check_tree(args.root)
    if not _report(result):
        print("site/ left as it was")
        return 1
    project = Path(args.root).resolve().parent
    target = project / args.out
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    # Not --quiet: it hides warnings, and strict mode would then count none.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(tmp)]
    if subprocess.call(command, env=env, cwd=project) != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"build failed: {args.out}/ left as it was")
        return 1
    old = project / f".site-old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"built {args.out}/")
    return 0


def cmd_urls(args) -> int:
    """List, check or extend the manifest of published URLs."""
    from . import urls
    from .corpus import index
    from .export import data_files
    from .render import Site, concept_lookup, render_all

    result = check_tree(args.root)
    if not _report(result):
        return 1
    project = Path(args.root).resolve().parent
    corpus = index(result)
    site = Site()
    extras = {*data_files(corpus, site), "search/concepts.json"}
    served, redirected = urls.current(corpus, render_all(corpus, site), project / "docs", extras)
    manifest = urls.read_manifest(project)
    gone = urls.missing(manifest, served, redirected)
    if args.update:
        urls.write_manifest(project, set(manifest) | served)
        print(f"{urls.MANIFEST}: {len(set(manifest) | served)} URLs ({len(served - set(manifest))} new)")
    if args.check or args.update:
        for u in gone:
            line = manifest.index(u) + 1 + urls.HEADER.count("\n")
            print(f"{urls.MANIFEST}:{line}:1: published URL '{u}' no longer exists; add its old id to `former_ids:` of the file that replaced it")
        new = sorted(served - set(manifest))
        if args.check and new:
            print(f"{len(new)} new URL(s) not yet in {urls.MANIFEST} (run `python -m tifa urls --update`): {', '.join(new[:5])}{' …' if len(new) > 5 else ''}")
        return 1 if gone else 0
    for u in sorted(served | redirected):
        print(u)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tifa", description="Tifa: annotations to an atlas of formulations.")
    parser.add_argument("--root", default="annotations", help="annotations folder (default: annotations)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate annotation files; report every problem as path:line:col: CODE message")
    check.add_argument("paths", nargs="*", help="report only these files (all files are still read for cross-references)")
    check.add_argument("--github", action="store_true", help="also print GitHub Actions ::error annotations (default when GITHUB_ACTIONS=true)")
    check.set_defaults(func=cmd_check)
    pages = sub.add_parser("pages", help="write the generated Markdown pages to a folder")
    pages.add_argument("--out", required=True, help="folder to write into (only changed files are rewritten)")
    pages.set_defaults(func=cmd_pages)
    site = sub.add_parser("site", help="check, then build the site with MkDocs into --out (swapped in only when the build succeeds)")
    site.add_argument("--out", default="site", help="output folder, relative to the project (default: site)")
    site.set_defaults(func=cmd_site)
    urls_cmd = sub.add_parser("urls", help="list the published URLs; --check against published-urls.txt; --update it")
    urls_cmd.add_argument("--check", action="store_true", help="fail when a URL of published-urls.txt no longer exists")
    urls_cmd.add_argument("--update", action="store_true", help="add the current URLs to published-urls.txt")
    urls_cmd.set_defaults(func=cmd_urls)
    args = parser.parse_args(argv)
    if not Path(args.root).is_dir():
        print(f"tifa: no annotations folder at {args.root}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
