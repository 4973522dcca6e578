"""Command line: what each command of ``python -m tifa COMMAND`` does (check, pages, site,
urls, bench, new, missing, fields); their options and help texts are in tifa.arguments."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tifa.arguments import parser
from tifa.data.check import check_tree
from tifa.data.problems import did_you_mean, summary
from tifa.site.pages import Page, write_pages


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
    """Write the generated Markdown pages, and the files they link to (figure CSVs, the
    search lookup), to a folder (for tools that ignore MkDocs hooks)."""
    from tifa.corpus.index import index
    from tifa.site.generate import site_files

    result = check_tree(args.root)
    if not _report(result):
        return 1
    written = write_pages({path: Page(path, text) for path, text in site_files(index(result)).items()}, Path(args.out))
    print(f"wrote {len(written)} changed file(s) to {args.out}")
    return 0


def cmd_site(args) -> int:
    """Build the site into a fresh folder, then swap it in: a failure leaves site/ as it was.
    The build checks the annotations (once: at 10,000 texts a check is some 10 s); their
    problems come back through a file and are printed as `tifa check` prints them."""
    project = Path(args.root).resolve().parent
    target = project / args.out
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    problems = tmp.with_name(tmp.name + ".problems")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "TIFA_PROBLEMS_OUT": str(problems),
        **_reuse(project, target, tmp, args.cold),
    }
    # Not --quiet: it hides warnings, and strict mode would then count none.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(tmp)]
    # Its own process group (a Ctrl-C or a kill of the group reaches the build and its
    # workers), and killed with this process: a `make site` killed with SIGKILL used to
    # leave `mkdocs build` running.
    build = subprocess.Popen(command, env=env, cwd=project, process_group=0, preexec_fn=_die_with_parent)
    try:
        code = build.wait()
    except BaseException:
        _stop(build)
        shutil.rmtree(tmp, ignore_errors=True)
        Path(env["TIFA_MANIFEST_OUT"]).unlink(missing_ok=True)
        problems.unlink(missing_ok=True)
        raise
    fresh_manifest, manifest = Path(env["TIFA_MANIFEST_OUT"]), _manifest_of(project, args.out)
    if code != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        fresh_manifest.unlink(missing_ok=True)
        found = problems.read_text(encoding="utf-8") if problems.is_file() else ""
        problems.unlink(missing_ok=True)
        if found:  # problems in the annotations: the build stopped before MkDocs read a page
            print(found, end="")
            print(f"{args.out}/ left as it was")
        else:
            print(f"build failed: {args.out}/ left as it was")
        return 1
    manifest.unlink(missing_ok=True)  # never a moment when the manifest describes the other site
    swap_in(tmp, target)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    fresh_manifest.replace(manifest)
    from tifa.site import hosting

    print(f"built {args.out}/: {hosting.report(hosting.weigh(target), hosting.HOSTS['github-pages'])}")
    return 0


def _manifest_of(project: Path, out: str) -> Path:
    """Where the manifest of the site built into ``out`` is kept (tifa.site.warm): outside
    the site, which is published whole; CI caches it with the site."""
    return project / ".cache" / "tifa" / f"{Path(out).name}.manifest.json"


def _reuse(project: Path, target: Path, tmp: Path, cold: bool) -> dict[str, str]:
    """The environment that makes the build record its pages, and reuse those of the last
    site built into ``target`` when it and its manifest are there (a warm build)."""
    env = {"TIFA_MANIFEST_OUT": str(tmp.with_name(tmp.name + ".manifest.json"))}
    manifest = _manifest_of(project, target.name)
    if not cold and target.is_dir() and manifest.is_file():
        env.update(TIFA_PREVIOUS_SITE=str(target), TIFA_MANIFEST_IN=str(manifest))
    return env


def cmd_size(args) -> int:
    """Weigh a built site against its host's limits: one line, and a failure (before an
    upload) when the host would refuse it."""
    from dataclasses import replace

    from tifa.site import hosting

    site = Path(args.site)
    if not site.is_dir():
        print(f"{site}: no built site here (make site builds it)", file=sys.stderr)
        return 1
    host = hosting.HOSTS[args.host]
    if args.max_bytes is not None:
        host = replace(host, max_bytes=min(host.max_bytes, args.max_bytes))
    weight = hosting.weigh(site)
    print(f"{site}: {hosting.report(weight, host)}")
    refused = hosting.refusal(weight, host)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to kill it when its parent dies (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def swap_in(fresh: Path, target: Path) -> None:
    """Put ``fresh`` where ``target`` is with no moment without a complete ``target``:
    Linux exchanges the two names in one step (renameat2 with RENAME_EXCHANGE); elsewhere,
    or on a file system that cannot, two renames leave a short gap."""
    if not target.exists():
        fresh.rename(target)
        return
    if _exchange(fresh, target):
        shutil.rmtree(fresh, ignore_errors=True)  # it holds the old site now
        return
    old = target.with_name(f".site-old-{os.getpid()}")
    target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def cmd_urls(args) -> int:
    """List, check or extend the manifest of published URLs: pages, redirects, data
    downloads, the figures' and dashboard's CSVs, and the JSON files pages read."""
    from tifa.corpus.index import index
    from tifa.site import urls
    from tifa.site.export import data_files
    from tifa.site.generate import site_files
    from tifa.site.pages import Site

    result = check_tree(args.root)
    if not _report(result):
        return 1
    project = Path(args.root).resolve().parent
    corpus = index(result)
    site = Site()
    generated = [*site_files(corpus, site), *data_files(corpus, site)]
    served, redirected = urls.current(corpus, generated, project / "docs")
    manifest = urls.read_manifest(project)
    gone = urls.missing(manifest, served, redirected)
    new = sorted(served - set(manifest))
    if args.update:
        urls.write_manifest(project, set(manifest) | served)
        print(f"{urls.MANIFEST}: {len(set(manifest) | served)} URLs ({len(new)} new)")
        new = []
    if args.check or args.update:
        for u in gone:
            line = manifest.index(u) + 1 + urls.HEADER.count("\n")
            print(f"{urls.MANIFEST}:{line}:1: published URL '{u}' no longer exists; add its old id to `former_ids:` of the file that replaced it")
        if new:
            listed = ", ".join(new[:10]) + (", …" if len(new) > 10 else "")
            print(
                f"{urls.MANIFEST}:1:1: {len(new)} published URL{'s are' if len(new) > 1 else ' is'} not listed ({listed}); "
                f"run `python -m tifa urls --update` and commit {urls.MANIFEST}"
            )
        return 1 if gone or new else 0
    for u in sorted(served | redirected):
        print(u)
    return 0


def cmd_bench(args) -> int:
    """Scale figures on a synthetic corpus (tifa_bench/run.py): timings, memory, page and search sizes."""
    from tifa_bench.run import main as bench

    return bench(args)


def cmd_new(args) -> int:
    """Write a new annotation file with the values given; print what is left to fill in."""
    from tifa.tools import cleaning, scaffold

    root = Path(args.root)
    try:
        if args.kind == "article":
            text = None
            if args.text_file:
                try:
                    raw = Path(args.text_file).read_bytes()
                except OSError as err:
                    raise scaffold.ScaffoldError(f"cannot read {args.text_file}: {err.strerror}") from None
                text = cleaning.normalise_text(raw, args.text_file)
            path, content = scaffold.article(
                root, args.title, args.publisher, args.published, text, args.id, args.genre, args.language, args.url, args.annotator, args.holder, args.basis
            )
        else:
            name = args.label if args.kind == "concept" else args.name
            category = args.category if args.kind == "concept" else getattr(args, "type", None)
            description = args.definition if args.kind == "concept" else args.description
            path, content = scaffold.record(
                root, args.kind, args.ident, name, zh=args.zh, category=category, description=description, pinyin=getattr(args, "pinyin", None)
            )
        scaffold.write(path, content, root)
    except scaffold.ScaffoldError as err:
        print(f"tifa: {err}", file=sys.stderr)
        return err.status
    shown = scaffold.shown_path(root, path)
    print(f"wrote {shown}")
    if args.kind == "article" and text is not None:
        how = "one paragraph per line (the file has no blank line)" if text.one_per_line else "paragraphs separated by blank lines"
        removed = f"; removed {text.removed} invisible or control character(s)" if text.removed else ""
        print(f"text: {text.paragraphs} paragraph(s), {how}{removed}")
    result = check_tree(root)
    mine = [p for p in result.problems if p.path == shown]
    if mine:
        print(f"still to do in {shown} (then run `python -m tifa check {shown}`):")
        for problem in mine:
            print(f"  {problem}")
    else:
        print(f"{shown} passes the checker")
    return 0


def cmd_missing(args) -> int:
    """Known concept names in articles' texts that no annotation of that concept covers."""
    from tifa.corpus.missing import Finder, report

    result = check_tree(args.root)
    if not _report(result):
        print("fix these first: `missing` reads checked annotations only")
        return 1
    base = Path(args.root).resolve().parent
    chosen = []
    for item in args.articles or []:
        path = Path(item)
        if path.exists():
            wanted = _wanted([item])
            chosen += [a for a in result.articles.values() if (base / a.path).resolve() in wanted]
        elif item in result.articles:
            chosen.append(result.articles[item])
        else:
            print(f"tifa: no article '{item}'{did_you_mean(item, result.articles)}", file=sys.stderr)
            return 2
    articles = sorted({a.id: a for a in chosen}.values() if args.articles else result.articles.values(), key=lambda a: (a.date, a.id))
    finder = Finder(result.concepts.values())
    missed = 0
    for article in articles:
        lines, coverage = report(article, finder, base / article.path)
        for line in lines:
            print(line)
        missed += len(lines)
        print(f"{article.path}: coverage {coverage}")
    print(f"{len(articles)} article{'s' if len(articles) != 1 else ''}: {missed} occurrence{'s' if missed != 1 else ''} of known concepts not annotated")
    return 0


def cmd_fields(args) -> int:
    """Print, --check or --write the field reference generated from the schemas."""
    from tifa.tools.fields import PAGE, reference

    page = Path(args.root).resolve().parent / PAGE
    text = reference()
    if args.write:
        page.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE}")
    elif args.check:
        if not page.is_file() or page.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is not what the schemas say; run `python -m tifa fields --write` and commit it")
            return 1
        print(f"{PAGE} is up to date")
    else:
        sys.stdout.write(text)
    return 0


def main(argv=None) -> int:
    # The parser records with each sub-command the function that runs it (as args.func).
    commands = {
        "check": cmd_check,
        "pages": cmd_pages,
        "site": cmd_site,
        "size": cmd_size,
        "urls": cmd_urls,
        "bench": cmd_bench,
        "new": cmd_new,
        "missing": cmd_missing,
        "fields": cmd_fields,
    }
    args = parser(commands).parse_args(argv)
    if not Path(args.root).is_dir():
        print(f"tifa: no annotations folder at {args.root}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
