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
* the built site: largest HTML page, pages over 1 MB; its bytes and files (as
  ``tifa.site.hosting.weigh`` counts them for the host), MB per top-level folder, the
  mean and largest article page, the data downloads;
* search: bytes a first query downloads, in a real browser (tifa_bench/web.py);
* serve: seconds until each of six edits to one annotation shows under ``mkdocs serve``,
  in the browser and on every page it reaches (at --serve-size only; tifa_bench/serve.py).
* baseline: the same size built by ``mkdocs build --strict`` with the code of an older
  commit (--baseline, default 0a545ef; none: skip), on a corpus from that commit's own
  synthetic generator (same size and seed: it cannot read today's), so our cold build is
  a ratio of its time in the same run; its site is weighed too (tifa_bench/baseline.py).
  A commit the repository lacks (a shallow clone) is reported, never an error.

Figures go to <out>/results.md and results.json; ``--publish`` also writes the table into
docs/performance.md. Timings live here, never in the tests: the machine is shared.

This module runs the sizes; the steps are in steps.py, running and measuring a process in
process.py, the project copy and the site's weight in project.py, the baseline in
baseline.py, the figures and the table in report.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tifa_bench.baseline import measure_baseline
from tifa_bench.baseline import template as baseline_template
from tifa_bench.process import MB, mkdocs_build, python_step, run
from tifa_bench.project import ROOT, scan_site, snapshot, weigh_site
from tifa_bench.report import budgets, derive, machine, publish, report
from tifa_bench.warm import commit, manifest, measure_warm


def measure(n: int, template: Path, work: Path, out: Path, args, baseline: tuple[Path | None, str | None]) -> dict:
    """Every figure of one size, in a copy of ``template`` under ``work`` (removed after
    unless --keep): the corpus, the steps, the build, the built site, search and serve;
    then the baseline (``baseline``: its project files, or why there are none)."""
    say = lambda text: print(f"[{n:,}] {text}", file=sys.stderr, flush=True)  # noqa: E731
    r: dict = {"articles": n, "load_before": os.getloadavg()[0]}
    project = work / f"project-{n}"
    shutil.copytree(template, project)
    summary = _corpus(project, n, args.seed, r, say)
    commit(project, 1)  # as on CI: pages name the versions of their own files (tifa_bench/warm.py)
    _steps(project, n, out, args, r, say)
    site = project / "site"
    _build(project, site, n, out, args, r, say)
    if r["build"]["rc"] == 0 or "mkdocs_done_at" in r["build"]:
        _built_site(project, site, summary, args, r, say)
    if r["build"]["rc"] == 0:
        r["warm"] = measure_warm(project, site, n, out, args, say)
    if n == args.serve_size:
        _serve(project, summary, n, work, out, args, r, say)
    if args.keep:
        r["project"] = str(project)
    else:
        shutil.rmtree(project, ignore_errors=True)
    base, why_not = baseline
    r["baseline"] = measure_baseline(n, base, args.baseline, work, out, args, say) if base else {"commit": args.baseline, "skipped": why_not}
    r["load_after"] = os.getloadavg()[0]
    return r


def _corpus(project: Path, n: int, seed: int, r: dict, say) -> dict:
    """Write the synthetic corpus of ``n`` articles into the project; its figures go to r["corpus"]."""
    from tifa_bench.synth import write_corpus

    t0 = time.perf_counter()
    summary = write_corpus(project, n, seed)
    articles = [p.stat().st_size for p in (project / "annotations" / "articles").rglob("*.yml")]
    r["corpus"] = {k: v for k, v in summary.items() if k not in ("concept_occurrences", "samples", "root")}
    r["corpus"].update(seconds=time.perf_counter() - t0, mb=summary["bytes"] / MB, article_kb=sum(articles) / len(articles) / 1000)
    say(f"synthetic corpus: {summary['files']:,} files, {summary['bytes'] / MB:.1f} MB in {r['corpus']['seconds']:.1f} s")
    return summary


def _steps(project: Path, n: int, out: Path, args, r: dict, say) -> None:
    """The parse, check and generator steps, each in a process of its own; and the profile."""
    for name in ("parse", "check", "generator"):
        # The cheap steps are repeated and the fastest run kept: on a shared machine the
        # minimum is the figure least disturbed by others (every run is in results.json).
        runs = [python_step(name, project, limit_mib=args.memory_limit) for _ in range(args.repeat if name != "generator" else 1)]
        r[name] = min(runs, key=lambda x: x.get("seconds", float("inf")))
        if len(runs) > 1:
            r[name]["runs"] = [x.get("seconds") for x in runs]
        say(f"{name}: {r[name].get('seconds', float('nan')):.2f} s" + (f" ERROR {r[name]['error'][-300:]}" if "error" in r[name] else ""))
    if args.profile:
        python_step("generator", project, {"TIFA_BENCH_PROFILE": str((out / f"profile-{n}.txt").resolve())})
        say(f"profile of the generator: {out / f'profile-{n}.txt'}")


def _build(project: Path, site: Path, n: int, out: Path, args, r: dict, say) -> None:
    """``mkdocs build --strict`` into ``site``; its figures go to r["build"]."""
    # As `tifa site` builds: recording its pages for the next (the warm build's).
    build = mkdocs_build(project, site, {"TIFA_MANIFEST_OUT": str(manifest(project, "cold"))}, out / f"build-{n}.log", args.memory_limit)
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


def _built_site(project: Path, site: Path, summary: dict, args, r: dict, say) -> None:
    """Pagefind alone on the built site, the site's pages, and (with a browser) search."""
    from tifa.site.search import COMMAND
    from tifa_bench import web as bench_web

    pagefind = run([*COMMAND, "--site", str(site)], project, limit_mib=args.memory_limit)
    r["pagefind"] = {k: pagefind[k] for k in ("wall", "rc", "maxrss_mb")}
    r["site"] = {**scan_site(site), **weigh_site(site)}
    say(f"pagefind alone: {pagefind['wall']:.1f} s; largest page {r['site']['largest_path']} ({r['site']['largest_kb']:.0f} kB)")
    if not args.no_browser:
        top = summary["top_concepts"][0]
        top_zh = next((c for c in summary["top_concepts"] if c["zh"]), None)
        r["search"] = bench_web.search_payload(site, [top["label"]] + ([top_zh["zh"]] if top_zh else []))
        say(f"search: {json.dumps({q: v.get('bytes') if isinstance(v, dict) else v for q, v in r['search'].items()}, ensure_ascii=False)}")


def _serve(project: Path, summary: dict, n: int, work: Path, out: Path, args, r: dict, say) -> None:
    """The serve figure: edits to one article under ``mkdocs serve``."""
    from tifa_bench import serve as bench_serve

    path, edits, watch = bench_serve.serve_plan(project, summary)
    scratch = work / f"serve-pages-{n}"  # the generator's pages for each state of the edited file
    # Measured without the git history, as in the runs before it had one: with it, the
    # second edit took MkDocs's whole rebuild and its concept pages never showed the move
    # within 120 s (noticed in this round, not yet understood; see docs/performance.md).
    (project / ".git").rename(project / ".git-off")
    try:
        r["serve"] = bench_serve.serve_edit(project, path, edits, watch, out / f"serve-{n}.log", scratch, browser=not args.no_browser)
    finally:
        (project / ".git-off").rename(project / ".git")
    shutil.rmtree(scratch, ignore_errors=True)
    say(f"serve edit: {r['serve']}")


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
        template = snapshot(work, args.commit)
        baseline = baseline_template(work, args.baseline)
        if baseline[1]:
            print(baseline[1], file=sys.stderr)
        info["baseline"] = args.baseline if baseline[0] else None  # the table's header names it only when it is built
        for n in sizes:
            results[n] = measure(n, template, work, out, args, baseline)
            (out / "results.json").write_text(json.dumps({"machine": info, "results": results}, indent=1, ensure_ascii=False), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = budgets(results)
    markdown = report(info, results, rows, args.seed)
    print(markdown)
    (out / "results.md").write_text("# Tifa benchmark\n\n" + markdown, encoding="utf-8")
    payload = {
        "machine": info,
        "command": sys.argv,
        "seed": args.seed,
        "results": {n: {**r, "derived": derive(r)} for n, r in results.items()},
        "budgets": rows,
    }
    (out / "results.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.publish:
        publish(markdown)
        print(f"wrote the table into {ROOT / 'docs' / 'performance.md'}", file=sys.stderr)
    if args.keep:
        print(f"projects kept in {work}", file=sys.stderr)
    failed = [n for n, r in results.items() if any("error" in (r.get(k) or {}) for k in ("parse", "check", "generator", "build"))]
    return 1 if failed else 0


if __name__ == "__main__":  # one measured step: python -m tifa_bench.run NAME PROJECT
    from tifa_bench.steps import step

    print(json.dumps(step(sys.argv[1], Path(sys.argv[2]))))
