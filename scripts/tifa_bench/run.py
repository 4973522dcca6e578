"""Scale figures on a synthetic corpus: ``python -m tifa bench [--sizes 1000,10000]``.

For each size, in one run: a synthetic annotations tree (tifa_bench/synth.py) goes into a
throwaway copy of the project (mkdocs.yml, docs/, overrides/, scripts/, schemas/; never
this project's annotations/ or site/), and each step runs as a subprocess of its own so
that its wall time and peak memory are its own:

* parse: bare ``yaml.load(f, Loader=yaml.CSafeLoader)`` of every file (the check budget's reference);
* check: ``check_tree`` (timed inside the process, as parse is);
* generator: check, cross-index, render every page and the small generated files,
  without MkDocs (what a build waits for before MkDocs starts); then the data downloads,
  timed apart (a build writes them while MkDocs converts the pages);
* build: ``mkdocs build --strict`` (the hook runs the generator and Pagefind inside it);
* pagefind: the hook's Pagefind command again on the built site, timed alone;
* the built site: largest HTML page, pages over 1 MB;
* search: bytes a first query downloads, in a real browser (tifa_bench/web.py);
* serve: seconds until each of six edits to one annotation shows under ``mkdocs serve``,
  in the browser and on every page it reaches (at --serve-size only; tifa_bench/serve.py).

Figures go to <out>/results.md and results.json; ``--publish`` also writes the table into
docs/performance.md. Timings live here, never in the tests: the machine is shared.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "schemas", "CONTRIBUTING.md")
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONUTF8": "1"}
MB, MIB = 1_000_000, 1024 * 1024  # file sizes in MB (10^6 bytes), memory in MiB
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


# ---------------------------------------------------------------- steps, in their own process

def _step(name: str, project: Path) -> dict:
    """Run one measured step inside this process (``python -m tifa_bench.run NAME PROJECT``)."""
    import resource

    root = project / "annotations"
    t0 = time.perf_counter()
    if name == "parse":
        import yaml

        files = sorted(root.rglob("*.yml"))
        for path in files:
            with open(path, "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
        out = {"seconds": time.perf_counter() - t0, "files": len(files)}
    elif name == "check":
        from tifa.data.check import check_tree

        checked = check_tree(root)
        out = {"seconds": time.perf_counter() - t0, "files": checked.files, "problems": [str(p) for p in checked.problems[:5]]}
    elif name == "generator":
        out = _generator(project, os.environ.get("TIFA_BENCH_PROFILE"))
    else:
        raise SystemExit(f"unknown step {name}")
    out["self_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _generator(project: Path, profile: str | None) -> dict:
    """What the hook does before MkDocs sees a file: check, index, render every page to
    disk and the other generated files; then, timed apart, the data downloads."""
    import tempfile

    from tifa.data.check import check_tree
    from tifa.corpus.index import index
    from tifa.site.export import write_data
    from tifa.site.generate import default_workers, generate
    from tifa.site.pages import Site
    from tifa.site.versions import History

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    scratch = tempfile.TemporaryDirectory(prefix="tifa-bench-")
    folder = Path(scratch.name)
    t0 = time.perf_counter()
    checked = check_tree(project / "annotations")
    t1 = time.perf_counter()
    corpus = index(checked)
    t2 = time.perf_counter()
    site = Site(history=History(project))
    made = generate(corpus, site, folder / "pages", workers=default_workers(), pack=True)  # as a build does
    t3 = time.perf_counter()
    # The build writes the downloads after the pages, while MkDocs converts them: timed
    # apart, as they add nothing to the build's time while MkDocs is slower.
    write_data(corpus, site, folder / "data")
    t4 = time.perf_counter()
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        for order in ("tottime", "cumulative"):
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(30)
        Path(profile).write_text(text.getvalue(), encoding="utf-8")
    sizes = {path: page.packed[2] for path, page in made.pages.items()}
    data_mb = sum(f.stat().st_size for f in (folder / "data").rglob("*") if f.is_file()) / MB
    extras = made.extras
    scratch.cleanup()
    return {
        "seconds": t3 - t0, "check": t1 - t0, "index": t2 - t1, "render": t3 - t2, "data": t4 - t3,
        "pages": len(made.pages), "markdown_mb": sum(sizes.values()) / MB, "largest_markdown": max(sizes.items(), key=lambda kv: (kv[1], kv[0])),
        "markdown_over_1mb": sum(1 for v in sizes.values() if v > MB),
        "data_mb": data_mb, "extras_mb": sum(len(v.encode("utf-8")) for v in extras.values()) / MB, "problems": len(checked.problems),
    }


# ---------------------------------------------------------------- running and measuring a process

def _pss(p: int) -> int | None:
    """Bytes of memory a process holds: its proportional set size (PSS), where pages it
    shares with another process (forked workers share the corpus) count half in each,
    so a sum over processes is the memory really used."""
    try:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _tree(pid: int) -> dict[int, str]:
    """A process and each of its descendants, now: {pid: name}."""
    out, pending = {}, [pid]
    while pending:
        p = pending.pop()
        try:
            out[p] = Path(f"/proc/{p}/comm").read_text().strip()
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def _rss(p: int, page: int) -> int:
    """Resident bytes of a process (pages shared with another count in full in each)."""
    try:
        return int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page
    except (OSError, IndexError, ValueError):
        return 0


def _tree_memory(tree: dict[int, str], page: int) -> dict[str, int]:
    """{"pid name": bytes} of each process: PSS, else (no smaps_rollup) RSS."""
    out = {}
    for p, name in tree.items():
        pss = _pss(p)
        out[f"{p} {name}"] = pss if pss is not None else _rss(p, page)
    return out


def _first_to_go() -> None:
    """In the child: should the machine run out of memory, the kernel kills the benchmark's
    processes before anyone else's (raising one's own OOM score needs no privilege)."""
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


PSS_EVERY = 1.0  # s: PSS of the tree at least this often...
PSS_AT_MOST = 0.25  # s: ...and sooner, when the resident total reaches a new high (where a peak can be), but not sooner than this


def run(command: list[str], cwd: Path, env: dict | None = None, log: Path | None = None, limit_mib: float | None = None) -> dict:
    """Run a command; its wall time, exit code, peak RSS (``ru_maxrss``: the largest single
    process among it and its children), the peak of its whole process tree (the sum of
    each process's PSS) and the tree's memory every 10 s. Past ``limit_mib`` (checked at
    each PSS reading) the whole tree is killed (the machine is shared).

    The sampler must not slow down what it measures. Reading a process's PSS walks its
    page tables (30 ms for two processes of 800 MB): read ten times a second, as it once
    was, that took a third of a core from steps that use both. So the cheap resident
    size is read every 0.1 s, and the PSS every second, or when the resident total
    reaches a new high, at most four times a second."""
    peak, at_peak, timeline, killed, started = [0], [{}], [], [None], {}
    done = threading.Event()
    page = os.sysconf("SC_PAGE_SIZE")
    with tempfile.TemporaryFile() as out, (open(log, "w+b") if log else tempfile.TemporaryFile()) as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **ENV, **(env or {})}, stdout=out, stderr=err,
                                start_new_session=True, preexec_fn=_first_to_go)

        def sample() -> None:
            rss_high, pss_at = 0, float("-inf")  # the highest resident total a PSS reading saw; when the last was
            while not done.wait(0.1):
                tree = _tree(proc.pid)
                elapsed = time.perf_counter() - t0
                for name in tree.values():  # when each program first ran, e.g. Pagefind at the end of a build
                    started.setdefault(name, round(elapsed, 1))
                rss = sum(_rss(p, page) for p in tree)
                since = elapsed - pss_at
                if since < PSS_AT_MOST or (since < PSS_EVERY and rss <= rss_high):
                    continue
                rss_high, pss_at = max(rss_high, rss), elapsed
                now = _tree_memory(tree, page)
                total = sum(now.values())
                if total > peak[0]:
                    peak[0], at_peak[0] = total, now
                if not timeline or elapsed - timeline[-1][0] >= 10:
                    timeline.append((round(elapsed, 1), round(total / MIB)))
                if limit_mib and total > limit_mib * MIB and killed[0] is None:
                    killed[0] = elapsed
                    os.killpg(proc.pid, signal.SIGKILL)  # its own session: only what it started

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if killed[0] is not None:
            err.write(f"\nkilled by the benchmark after {killed[0]:.0f} s: its processes held more than {limit_mib:,.0f} MiB\n".encode())
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {"wall": wall, "rc": proc.returncode, "maxrss_mb": usage.ru_maxrss / 1024, "tree_peak_mb": peak[0] / MIB,
            "at_peak_mib": {k: round(v / MIB) for k, v in at_peak[0].items()}, "timeline_mib": timeline, "started": started,
            "killed_at_mib": limit_mib if killed[0] is not None else None, "stdout": stdout, "stderr": stderr}


def _python_step(name: str, project: Path, env: dict | None = None, limit_mib: float | None = None) -> dict:
    result = run([sys.executable, "-m", "tifa_bench.run", name, str(project)], project,
                 {"PYTHONPATH": str(project / "scripts"), **(env or {})}, limit_mib=limit_mib)
    if result["rc"] != 0:
        return {"error": result["stderr"].strip()[-2000:], "wall": result["wall"]}
    return {**json.loads(result["stdout"].strip().splitlines()[-1]), "wall": result["wall"], "maxrss_mb": result["maxrss_mb"]}


# ---------------------------------------------------------------- one size

def _snapshot(work: Path, commit: str | None = None) -> Path:
    """A copy of what a build reads (not annotations/), taken once, so every size runs the
    same code even while someone edits the project: the working tree, or ``commit``."""
    base = work / "project-template"
    base.mkdir(parents=True)
    if commit:
        listed = subprocess.run(["git", "ls-tree", "--name-only", commit, "--", *PROJECT_PARTS], cwd=ROOT, capture_output=True, text=True, check=True)
        archive = subprocess.run(["git", "archive", "--format=tar", commit, "--", *listed.stdout.split()], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(base, filter="data")
        return base
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, base / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif src.exists():
            shutil.copy2(src, base / part)
    return base


def scan_site(site: Path) -> dict:
    pages = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
    pagefind = [p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()]
    size, path = pages[-1]
    return {"html_pages": len(pages), "html_mb": sum(s for s, _ in pages) / MB, "largest_path": path, "largest_kb": size / 1000,
            "over_1mb": [p for s, p in pages if s > MB], "pagefind_files": len(pagefind), "pagefind_mb": sum(pagefind) / MB}


def serve_plan(project: Path, summary: dict) -> tuple[str, list, list[str]]:
    """(article path, edits, site paths open in the browser) for the serve figure. Among
    the first articles, one with an annotation of a rare concept (so the article is on the
    first page of its concordance) and an annotation of a person, place or organization,
    both of whose quotes can take in the next word. The six edits widen the
    concept annotation's quote, move it to the rarest other concept, widen the entity's
    quote, then undo each in turn."""
    import yaml

    from tifa_bench.serve import Edit, extension
    from tifa.data.model import split_paragraphs

    counts = summary["concept_occurrences"]
    options = []
    for path, anns in summary["samples"].items():
        data = yaml.load((project / "annotations" / path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        text = "\n\n".join(split_paragraphs(data.get("text") or ""))
        concept_of = dict(anns)
        concepts = [(counts[cid], a["id"], cid, a["quote"], wider) for a in data["annotations"]
                    if (cid := concept_of.get(a["id"])) and (wider := extension(text, a["quote"]))]
        entities = [(a["id"], a["quote"], wider) for a in data["annotations"]
                    for kind in ("person", "place", "organization") if kind in a and (wider := extension(text, a["quote"]))]
        if concepts and entities:
            options.append((min(concepts), min(entities), path))
    (_, ann, cid, quote, wider), (ent, equote, ewider), path = min(options)
    other = min((n, c) for c, n in counts.items() if c != cid)[1]
    edits = [Edit("quote", ann, (("quote", wider),)), Edit("concept", ann, (("concept", other),)),
             Edit("entity", ent, (("quote", ewider),)), Edit("quote", ann, (("quote", quote),)),
             Edit("concept", ann, (("concept", cid),)), Edit("entity", ent, (("quote", equote),))]
    # One tab, as a contributor works: the article being edited. Every other page the edit
    # reaches is checked over HTTP; four tabs reloading at once on two cores measured
    # 1.9-3.0 s an edit instead of 0.6-2.0 s, the browser's time rather than Tifa's.
    return path, edits, [f"articles/{Path(path).stem}/"]


def measure(n: int, template: Path, work: Path, out: Path, args) -> dict:
    from tifa_bench import serve as bench_serve
    from tifa_bench import web as bench_web
    from tifa.site.search import COMMAND
    from tifa_bench.synth import write_corpus

    say = lambda text: print(f"[{n:,}] {text}", file=sys.stderr, flush=True)  # noqa: E731
    r: dict = {"articles": n, "load_before": os.getloadavg()[0]}
    project = work / f"project-{n}"
    shutil.copytree(template, project)
    t0 = time.perf_counter()
    summary = write_corpus(project, n, args.seed)
    articles = [p.stat().st_size for p in (project / "annotations" / "articles").rglob("*.yml")]
    r["corpus"] = {k: v for k, v in summary.items() if k not in ("concept_occurrences", "samples", "root")}
    r["corpus"].update(seconds=time.perf_counter() - t0, mb=summary["bytes"] / MB, article_kb=sum(articles) / len(articles) / 1000)
    say(f"synthetic corpus: {summary['files']:,} files, {summary['bytes'] / MB:.1f} MB in {r['corpus']['seconds']:.1f} s")
    for name in ("parse", "check", "generator"):
        # The cheap steps are repeated and the fastest run kept: on a shared machine the
        # minimum is the figure least disturbed by others (every run is in results.json).
        runs = [_python_step(name, project, limit_mib=args.memory_limit) for _ in range(args.repeat if name != "generator" else 1)]
        r[name] = min(runs, key=lambda x: x.get("seconds", float("inf")))
        if len(runs) > 1:
            r[name]["runs"] = [x.get("seconds") for x in runs]
        say(f"{name}: {r[name].get('seconds', float('nan')):.2f} s" + (f" ERROR {r[name]['error'][-300:]}" if "error" in r[name] else ""))
    if args.profile:
        _python_step("generator", project, {"TIFA_BENCH_PROFILE": str((out / f"profile-{n}.txt").resolve())})
        say(f"profile of the generator: {out / f'profile-{n}.txt'}")
    site = project / "site"
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, log=out / f"build-{n}.log",
                limit_mib=args.memory_limit)
    r["build"] = {k: build[k] for k in ("wall", "rc", "maxrss_mb", "tree_peak_mb", "at_peak_mib", "timeline_mib", "killed_at_mib", "started")}
    say(f"mkdocs build: {build['wall']:.1f} s, exit {build['rc']}, peak {max(build['maxrss_mb'], build['tree_peak_mb']):.0f} MiB")
    pagefind_start = next((t for name, t in build["started"].items() if name.startswith("pagefind")), None)
    if build["rc"] != 0:
        r["build"]["error"] = build["stderr"].strip()[-2000:]
    if build["killed_at_mib"] and pagefind_start is not None and (site / "sitemap.xml").exists():
        # Stopped while Pagefind indexed the finished pages (on_post_build): MkDocs' part is
        # done, so the pages can still be measured and Pagefind run alone.
        r["build"]["mkdocs_done_at"] = pagefind_start
        say(f"stopped during Pagefind; MkDocs had written every page after {pagefind_start:.0f} s")
    if build["rc"] == 0 or "mkdocs_done_at" in r["build"]:
        pagefind = run([*COMMAND, "--site", str(site)], project, limit_mib=args.memory_limit)
        r["pagefind"] = {k: pagefind[k] for k in ("wall", "rc", "maxrss_mb")}
        r["site"] = scan_site(site)
        say(f"pagefind alone: {pagefind['wall']:.1f} s; largest page {r['site']['largest_path']} ({r['site']['largest_kb']:.0f} kB)")
        if not args.no_browser:
            top = summary["top_concepts"][0]
            top_zh = next((c for c in summary["top_concepts"] if c["zh"]), None)
            r["search"] = bench_web.search_payload(site, [top["label"]] + ([top_zh["zh"]] if top_zh else []))
            say(f"search: {json.dumps({q: v.get('bytes') if isinstance(v, dict) else v for q, v in r['search'].items()}, ensure_ascii=False)}")
    if n == args.serve_size:
        path, edits, watch = serve_plan(project, summary)
        scratch = work / f"serve-pages-{n}"  # the generator's pages for each state of the edited file
        r["serve"] = bench_serve.serve_edit(project, path, edits, watch, out / f"serve-{n}.log", scratch, browser=not args.no_browser)
        shutil.rmtree(scratch, ignore_errors=True)
        say(f"serve edit: {r['serve']}")
    r["load_after"] = os.getloadavg()[0]
    if args.keep:
        r["project"] = str(project)
    else:
        shutil.rmtree(project, ignore_errors=True)
    return r


# ---------------------------------------------------------------- figures, budgets, report

def _get(r: dict, *keys, default=None):
    for key in keys:
        if not isinstance(r, dict) or key not in r:
            return default
        r = r[key]
    return r


def derive(r: dict) -> dict:
    """Ratios and sums of one size's raw figures (None where a step failed). A build stopped
    during Pagefind is *estimated* as MkDocs' part (until Pagefind started) plus Pagefind alone."""
    n, build, gen = r["articles"], _get(r, "build", "wall"), _get(r, "generator", "seconds")
    pagefind, parse, check = _get(r, "pagefind", "wall"), _get(r, "parse", "seconds"), _get(r, "check", "seconds")
    searches = [v["bytes"] for q, v in (r.get("search") or {}).items() if isinstance(v, dict)]
    ok = _get(r, "build", "rc") == 0
    done_at = _get(r, "build", "mkdocs_done_at")
    estimated = not ok and done_at is not None and pagefind is not None
    if estimated:
        build, ok = done_at + pagefind, True
    return {
        "estimated": estimated,
        "check_over_parse": check / parse if check and parse else None,
        "generator_share": gen / build if gen and ok else None,
        "mkdocs_only": (done_at - gen if estimated else build - gen - (pagefind or 0)) if gen and ok else None,
        "per_article_ms": build / n * 1000 if ok else None,
        "peak_mib": max(_get(r, "build", "maxrss_mb", default=0), _get(r, "build", "tree_peak_mb", default=0)) if "build" in r else None,
        "search_mb": max(searches) / MB if searches else None,
    }


def budgets(results: dict[int, dict]) -> list[dict]:
    """Every budget of the issue with its measured figure and PASS/FAIL (n/a: not measured)."""
    sizes = sorted(results)
    big, small = sizes[-1], sizes[0]
    d = {n: derive(results[n]) for n in sizes}
    at = "" if big == 10_000 else f" (measured at {big:,}; the budget is for 10,000)"
    rows = []

    def row(budget: str, value, limit: float, shown: str) -> None:
        rows.append({"budget": budget, "measured": shown if value is not None else "not measured",
                     "verdict": "n/a" if value is None else ("PASS" if value <= limit else "FAIL")})

    est = {n: " (estimated: the build was stopped in Pagefind; MkDocs' part plus Pagefind alone)" if d[n]["estimated"] else "" for n in sizes}
    for n in sizes:
        v = d[n]["generator_share"]
        row(f"generator ≤ 10 % of `mkdocs build` at {n:,}", v, 0.10, f"{v:.1%}{est[n]}" if v is not None else "")
    for n in sizes[1:]:
        a, b = d[small]["per_article_ms"], d[n]["per_article_ms"]
        v = b / a if a and b else None
        row(f"per-article build cost at {n:,} ≤ 1.15 × that at {small:,}", v, 1.15,
            f"{b:.1f} ms / {a:.1f} ms = {v:.2f}×{est[n] or est[small]}" if v else "")
    v = d[big]["check_over_parse"]
    row(f"check ≤ 1.5 × bare CSafeLoader parse{at}", v, 1.5,
        f"{_get(results[big], 'check', 'seconds'):.1f} s / {_get(results[big], 'parse', 'seconds'):.1f} s = {v:.2f}×" if v else "")
    over = _get(results[big], "site", "over_1mb")
    markdown = _get(results[big], "generator", "largest_markdown")
    if over is None and markdown and markdown[1] > MB:  # not built, but a page's Markdown alone is over 1 MB
        row(f"no HTML page over 1 MB{at}", 1, 0, f"not built; {results[big]['generator']['markdown_over_1mb']} generated pages over 1 MB "
            f"as Markdown, largest {markdown[1] / 1000:,.0f} kB")
    else:
        row(f"no HTML page over 1 MB{at}", None if over is None else len(over), 0,
            f"{len(over or [])} over 1 MB; largest {_get(results[big], 'site', 'largest_kb', default=0):,.0f} kB")
    v = d[big]["search_mb"]
    row(f"first-query search download ≤ 2 MB{at}", v, 2.0, f"{v:.2f} MB" if v is not None else "")
    v = d[big]["peak_mib"]
    killed = _get(results[big], "build", "killed_at_mib")
    if killed and killed < 2048:  # stopped below the budget: the real peak is unknown
        v = None
    row(f"peak build memory ≤ 2 GiB{at}", v, 2048, (f"over {killed:,.0f} MiB: stopped by the benchmark" if killed else f"{v:,.0f} MiB") if v is not None else "")
    for n in sizes:
        v = _get(results[n], "serve", "median")
        if "serve" in results[n]:
            row(f"an edit shows under `mkdocs serve` in ≤ 2 s at {n:,} (median of the edits)",
                None if "no_browser" in results[n]["serve"] else v, 2.0,  # over HTTP only, it is not the figure the budget asks for
                f"median {v:.2f} s of {', '.join(f'{s:.2f}' for s in results[n]['serve']['seconds'])}; {_slowest(results[n]['serve'])}"
                if v is not None else results[n]["serve"].get("error", ""))
    return rows


def _slowest(serve: dict) -> str:
    worst = max(serve["edits"], key=lambda e: e["seconds"])
    return f"slowest {worst['seconds']:.2f} s ({worst['kind']} edit, {len(worst['pages'])} pages)"


def _serve_cell(r: dict) -> str:
    """The serve figure by kind of edit: the seconds of each edit of that kind, in order."""
    serve = r.get("serve") or {}
    if not serve.get("edits"):
        return serve.get("error", "—")
    kinds: dict[str, list[str]] = {}
    for e in serve["edits"]:
        kinds.setdefault(f"{e['kind']} ({len(e['pages'])} pages)", []).append(f"{e['seconds']:.2f}")
    http_only = f" (over HTTP only: no browser, {serve['no_browser']})" if "no_browser" in serve else ""
    return f"median {serve['median']:.2f} s{http_only}, {_slowest(serve)}<br>" + "<br>".join(
        f"{kind}: {', '.join(seconds)} s" for kind, seconds in kinds.items())


def _fmt(value, spec: str, unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def _runs(r: dict, step: str) -> str:
    runs = _get(r, step, "runs")
    return f" ({', '.join(f'{x:.1f}' for x in runs)})" if runs else ""


ROWS = [  # (label, figure of one size's results r and derived figures d)
    ("YAML files (MB)", lambda r, d: f"{r['corpus']['files']:,} ({r['corpus']['mb']:.1f} MB)"),
    ("mean article file", lambda r, d: f"{r['corpus']['article_kb']:.1f} kB"),
    ("annotations (Chinese articles)", lambda r, d: f"{r['corpus']['annotations']:,} ({r['corpus']['zh_articles']:,})"),
    ("most frequent concept", lambda r, d: f"{r['corpus']['top_concepts'][0]['occurrences']:,} occurrences"),
    ("writing the synthetic corpus", lambda r, d: _fmt(r["corpus"]["seconds"], ".1f", " s")),
    ("bare CSafeLoader parse (fastest of the runs)", lambda r, d: _fmt(_get(r, "parse", "seconds"), ".2f", " s") + _runs(r, "parse")),
    ("check, `check_tree` (fastest of the runs)", lambda r, d: _fmt(_get(r, "check", "seconds"), ".2f", " s") + _runs(r, "check")),
    ("check ÷ parse", lambda r, d: _fmt(d["check_over_parse"], ".2f", "×")),
    ("generator: check + index + render", lambda r, d: _fmt(_get(r, "generator", "seconds"), ".1f", " s")),
    ("… of which check / index / render", lambda r, d: " / ".join(_fmt(_get(r, "generator", k), ".1f", " s") for k in ("check", "index", "render"))),
    ("data downloads (written while MkDocs converts pages)", lambda r, d: _fmt(_get(r, "generator", "data"), ".1f", " s")
     + f" ({_fmt(_get(r, 'generator', 'data_mb'), ',.0f', ' MB')})"),
    ("generated pages (Markdown MB)", lambda r, d: f"{_get(r, 'generator', 'pages', default=0):,} ({_fmt(_get(r, 'generator', 'markdown_mb'), '.0f')} MB)"),
    ("largest generated page (Markdown)", lambda r, d: f"{r['generator']['largest_markdown'][1] / 1000:,.0f} kB `{r['generator']['largest_markdown'][0]}`"),
    ("generator peak memory", lambda r, d: _fmt(_get(r, "generator", "maxrss_mb"), ",.0f", " MiB")),
    ("`mkdocs build --strict` (total)", lambda r, d: _fmt(_get(r, "build", "wall"), ".1f", " s")
     + (f" (stopped at {r['build']['killed_at_mib']:,.0f} MiB" + (f" during Pagefind; every page written after {r['build']['mkdocs_done_at']:.0f} s; "
        f"estimated total {d['per_article_ms'] * r['articles'] / 1000:.0f} s)" if d["estimated"] else ")") if _get(r, "build", "killed_at_mib") else "")
     + (f" (failed, exit {r['build']['rc']})" if _get(r, "build", "rc") not in (0, None) and not _get(r, "build", "killed_at_mib") else "")),
    ("Pagefind indexing (run alone)", lambda r, d: _fmt(_get(r, "pagefind", "wall"), ".1f", " s")),
    ("MkDocs only (total − generator − Pagefind)", lambda r, d: _fmt(d["mkdocs_only"], ".1f", " s")),
    ("generator ÷ build", lambda r, d: _fmt(d["generator_share"], ".1%")),
    ("build cost per article", lambda r, d: _fmt(d["per_article_ms"], ".1f", " ms")),
    ("peak build memory (process tree)", lambda r, d: _fmt(d["peak_mib"], ",.0f", " MiB")),
    ("HTML pages (MB)", lambda r, d: f"{_get(r, 'site', 'html_pages', default=0):,} ({_fmt(_get(r, 'site', 'html_mb'), '.0f')} MB)"),
    ("largest HTML page", lambda r, d: f"{_fmt(_get(r, 'site', 'largest_kb'), ',.0f', ' kB')} `{_get(r, 'site', 'largest_path', default='')}`"),
    ("HTML pages over 1 MB", lambda r, d: _fmt(None if _get(r, "site") is None else len(r["site"]["over_1mb"]), ",")),
    ("Pagefind index (files, MB)", lambda r, d: f"{_get(r, 'site', 'pagefind_files', default=0):,} ({_fmt(_get(r, 'site', 'pagefind_mb'), '.1f')} MB)"),
    ("first query downloads", lambda r, d: "<br>".join(f"{v['bytes'] / 1000:,.0f} kB in {v['requests']} requests for “{q}”"
                                                       for q, v in (r.get("search") or {}).items() if isinstance(v, dict)) or "—"),
    ("edit visible under `mkdocs serve` (the article in Chromium, every page it reaches over HTTP)", lambda r, d: _serve_cell(r)),
    ("load average before / after", lambda r, d: f"{r['load_before']:.1f} / {r.get('load_after', 0):.1f}"),
]


def machine(commit: str | None = None) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", commit or "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = not commit and bool(subprocess.run(["git", "status", "--porcelain", "--", *PROJECT_PARTS], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    except OSError:
        rev, dirty = "", False
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(), "cpu": cpu,
            "memory_gib": round(memory / 1024 / 1024, 1), "python": platform.python_version(), "system": platform.platform(),
            "commit": rev + (" with uncommitted changes" if dirty else "")}


def report(info: dict, results: dict[int, dict], rows: list[dict], seed: int) -> str:
    sizes = sorted(results)
    d = {n: derive(results[n]) for n in sizes}
    out = [f"Measured {info['date']} on {info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB of memory, "
           f"Python {info['python']}, {info['system']}; code at commit {info['commit'] or 'unknown'}; synthetic corpus seed {seed}. "
           "One run on a shared machine: compare figures within a column, not across runs.", "",
           "| measure | " + " | ".join(f"{n:,} articles" for n in sizes) + " |", "|---|" + "---|" * len(sizes)]
    for label, figure in ROWS:
        cells = []
        for n in sizes:
            try:
                cells.append(figure(results[n], d[n]))
            except (KeyError, TypeError, IndexError, ZeroDivisionError):
                cells.append("—")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += ["", "| budget | measured | verdict |", "|---|---|---|"]
    out += [f"| {b['budget']} | {b['measured']} | **{b['verdict']}** |" for b in rows]
    return "\n".join(out) + "\n"


def publish(markdown: str, page: Path = ROOT / "docs" / "performance.md") -> None:
    """Put the table between the bench markers of docs/performance.md."""
    text = page.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{page} has no {START} … {END} markers")
    head, rest = text.split(START, 1)
    page.write_text(head + START + "\n" + markdown + END + rest.split(END, 1)[1], encoding="utf-8")


def main(args) -> int:
    sizes = sorted({int(s.strip().replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    info = machine(args.commit)
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)  # a scratch folder named on the command line may not exist yet
    work = Path(tempfile.mkdtemp(prefix="tifa-bench-", dir=args.work))
    results: dict[int, dict] = {}
    try:
        template = _snapshot(work, args.commit)
        for n in sizes:
            results[n] = measure(n, template, work, out, args)
            (out / "results.json").write_text(json.dumps({"machine": info, "results": results}, indent=1, ensure_ascii=False), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = budgets(results)
    markdown = report(info, results, rows, args.seed)
    print(markdown)
    (out / "results.md").write_text("# Tifa benchmark\n\n" + markdown, encoding="utf-8")
    payload = {"machine": info, "command": sys.argv, "seed": args.seed, "results": {n: {**r, "derived": derive(r)} for n, r in results.items()},
               "budgets": rows}
    (out / "results.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.publish:
        publish(markdown)
        print(f"wrote the table into {ROOT / 'docs' / 'performance.md'}", file=sys.stderr)
    if args.keep:
        print(f"projects kept in {work}", file=sys.stderr)
    failed = [n for n, r in results.items() if any("error" in (r.get(k) or {}) for k in ("parse", "check", "generator", "build"))]
    return 1 if failed else 0


if __name__ == "__main__":  # one measured step: python -m tifa_bench.run NAME PROJECT
    print(json.dumps(_step(sys.argv[1], Path(sys.argv[2]))))
