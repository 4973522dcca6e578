"""The benchmark's figures: ratios derived from the raw ones, every budget with its
verdict, the Markdown table (results.md, docs/performance.md) and the machine it ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from pathlib import Path

from tifa_bench.process import MB
from tifa_bench.project import PROJECT_PARTS, ROOT

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


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
    base = r.get("baseline") or {}
    base_wall = base.get("wall") if base.get("rc") == 0 else None
    site_bytes = _get(r, "site", "bytes")
    return {
        "estimated": estimated,
        "check_over_parse": check / parse if check and parse else None,
        "generator_share": gen / build if gen and ok else None,
        "mkdocs_only": (done_at - gen if estimated else build - gen - (pagefind or 0)) if gen and ok else None,
        "per_article_ms": build / n * 1000 if ok else None,
        "peak_mib": max(_get(r, "build", "maxrss_mb", default=0), _get(r, "build", "tree_peak_mb", default=0)) if "build" in r else None,
        "search_mb": max(searches) / MB if searches else None,
        "site_mb": site_bytes / MB if site_bytes is not None else None,
        "baseline_ratio": build / base_wall if ok and build and base_wall else None,
        "warm_ratio": _get(r, "warm", "wall") / build if ok and build and _get(r, "warm", "rc") == 0 and "error" not in r["warm"] else None,
    }


def budgets(results: dict[int, dict]) -> list[dict]:
    """Every budget of the issue with its measured figure and PASS/FAIL (n/a: not measured)."""
    sizes = sorted(results)
    big, small = sizes[-1], sizes[0]
    d = {n: derive(results[n]) for n in sizes}
    at = "" if big == 10_000 else f" (measured at {big:,}; the budget is for 10,000)"
    rows = []

    def row(budget: str, value, limit: float, shown: str) -> None:
        rows.append(_row(budget, value, limit, shown))

    est = {n: " (estimated: the build was stopped in Pagefind; MkDocs' part plus Pagefind alone)" if d[n]["estimated"] else "" for n in sizes}
    for n in sizes:
        v = d[n]["generator_share"]
        row(f"generator ≤ 10 % of `mkdocs build` at {n:,}", v, 0.10, f"{v:.1%}{est[n]}" if v is not None else "")
    for n in sizes[1:]:
        a, b = d[small]["per_article_ms"], d[n]["per_article_ms"]
        v = b / a if a and b else None
        row(f"per-article build cost at {n:,} ≤ 1.15 × that at {small:,}", v, 1.15, f"{b:.1f} ms / {a:.1f} ms = {v:.2f}×{est[n] or est[small]}" if v else "")
    v = d[big]["check_over_parse"]
    row(
        f"check ≤ 1.5 × bare CSafeLoader parse{at}",
        v,
        1.5,
        f"{_get(results[big], 'check', 'seconds'):.1f} s / {_get(results[big], 'parse', 'seconds'):.1f} s = {v:.2f}×" if v else "",
    )
    rows.append(_page_size_row(results[big], at))
    v = d[big]["search_mb"]
    row(f"first-query search download ≤ 2 MB{at}", v, 2.0, f"{v:.2f} MB" if v is not None else "")
    v = d[big]["peak_mib"]
    killed = _get(results[big], "build", "killed_at_mib")
    if killed and killed < 2048:  # stopped below the budget: the real peak is unknown
        v = None
    row(
        f"peak build memory ≤ 2 GiB{at}", v, 2048, (f"over {killed:,.0f} MiB: stopped by the benchmark" if killed else f"{v:,.0f} MiB") if v is not None else ""
    )
    rows += [_serve_row(n, results[n]) for n in sizes if "serve" in results[n]]
    rows += _size_rows(results[big], d[big], at)
    rows.append(_baseline_row(results[big], d[big], at + est[big]))
    v = d[big]["warm_ratio"]
    shown = f"{results[big]['warm']['wall']:.1f} s / {results[big]['build']['wall']:.1f} s = {v:.2f}×" if v is not None else ""
    rows.append(_row(f"warm build after a one-annotation change ≤ 0.1 × the cold build{at}", v, 0.1, shown))
    return rows


def _row(budget: str, value, limit: float, shown: str, missing: str = "not measured") -> dict:
    """One budget's row: its figure (``shown``), and PASS when ``value`` is within ``limit``;
    ``missing`` says why there is no figure."""
    return {
        "budget": budget,
        "measured": shown if value is not None else missing,
        "verdict": "n/a" if value is None else ("PASS" if value <= limit else "FAIL"),
    }


def _size_rows(r: dict, d: dict, at: str) -> list[dict]:
    """The budgets of the built site's weight (hosting.weigh) and of its article pages."""
    mb, files, mean = d["site_mb"], _get(r, "site", "files"), _get(r, "site", "article_mean_kb")
    largest, pages = _get(r, "site", "article_largest_kb"), _get(r, "site", "article_pages")
    return [
        _row(f"built site ≤ 400 MB{at}", mb, 400, f"{mb:,.1f} MB" if mb is not None else ""),
        _row(f"built site ≤ 60,000 files{at}", files, 60_000, f"{files:,} files" if files is not None else ""),
        _row(
            f"mean article page ≤ 25 kB of HTML{at}",
            mean,
            25,
            f"{mean:.1f} kB over {pages:,} article pages; largest {largest:.1f} kB" if mean is not None else "",
        ),
    ]


def _baseline_row(r: dict, d: dict, at: str) -> dict:
    """The budget of our cold build against the baseline's, both built in this run."""
    base = r.get("baseline") or {}
    commit = base.get("commit") or "the baseline"
    v = d["baseline_ratio"]
    if "skipped" in base:
        missing = base["skipped"]
    elif base.get("rc") not in (0, None):
        missing = f"the baseline build failed (exit {base['rc']})"
    elif "error" in base:
        missing = "the baseline's synthetic corpus failed"
    else:
        missing = "not measured"
    shown = f"{v * base['wall']:.1f} s / {base['wall']:.1f} s = {v:.2f}×" if v is not None else ""
    return _row(f"cold `mkdocs build` ≤ 0.6 × {commit}'s, built in the same run{at}", v, 0.6, shown, missing)


def _page_size_row(r: dict, at: str) -> dict:
    """The budget of no HTML page over 1 MB; when the site was not built, a page whose
    Markdown alone is over 1 MB already fails it."""
    over = _get(r, "site", "over_1mb")
    markdown = _get(r, "generator", "largest_markdown")
    if over is None and markdown and markdown[1] > MB:
        return _row(
            f"no HTML page over 1 MB{at}",
            1,
            0,
            f"not built; {r['generator']['markdown_over_1mb']} generated pages over 1 MB as Markdown, largest {markdown[1] / 1000:,.0f} kB",
        )
    return _row(
        f"no HTML page over 1 MB{at}",
        None if over is None else len(over),
        0,
        f"{len(over or [])} over 1 MB; largest {_get(r, 'site', 'largest_kb', default=0):,.0f} kB",
    )


def _serve_row(n: int, r: dict) -> dict:
    """The budget of an edit shown under `mkdocs serve` within 2 s, at ``n`` articles."""
    v = _get(r, "serve", "median")
    return _row(
        f"an edit shows under `mkdocs serve` in ≤ 2 s at {n:,} (median of the edits)",
        None if "no_browser" in r["serve"] else v,
        2.0,  # over HTTP only, it is not the figure the budget asks for
        f"median {v:.2f} s of {', '.join(f'{s:.2f}' for s in r['serve']['seconds'])}; {_slowest(r['serve'])}" if v is not None else r["serve"].get("error", ""),
    )


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
        f"{kind}: {', '.join(seconds)} s" for kind, seconds in kinds.items()
    )


def _article_pages(site: dict) -> str:
    if site.get("article_mean_kb") is None:
        return "—"
    return f"{site['article_mean_kb']:.1f} kB / {site['article_largest_kb']:.1f} kB ({site['article_pages']:,} pages)"


def _warm_cell(warm: dict) -> str:
    if "reused" not in warm:
        return "—" if not warm else f"failed (exit {warm.get('rc')})"
    kept = f"; the search index of {warm['search_kept']:,} of {warm['search_parts']:,} parts kept" if "search_kept" in warm else ""
    rendered = f"{warm['rendered']:,} of {warm['pages']:,} generated pages rendered, " if "rendered" in warm else ""
    return f"{warm['wall']:.1f} s; {rendered}the HTML of {warm['reused']:,} of {warm['pages']:,} reused{kept}"


def _baseline_cell(base: dict) -> str:
    """The baseline's build time, or why there is none (the error itself is in the log and results.json)."""
    if "skipped" in base:
        return base["skipped"]
    if "wall" not in base:
        return f"{base['commit']}: its synthetic corpus failed"
    failed = f" (failed, exit {base['rc']})" if base["rc"] != 0 else ""
    return f"{base['commit']}: {base['wall']:.1f} s{failed}, {base['corpus']['files']:,} YAML files ({base['corpus']['mb']:.1f} MB)"


def _baseline_site(base: dict) -> str:
    site = base.get("site")
    if not site:
        return "—"
    return f"{site['bytes'] / MB:,.1f} MB, {site['files']:,} files; {_article_pages(site)}"


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
    (
        "data downloads (written while MkDocs converts pages)",
        lambda r, d: _fmt(_get(r, "generator", "data"), ".1f", " s") + f" ({_fmt(_get(r, 'generator', 'data_mb'), ',.0f', ' MB')})",
    ),
    (
        "generated pages (as the generator writes them, MB)",
        lambda r, d: f"{_get(r, 'generator', 'pages', default=0):,} ({_fmt(_get(r, 'generator', 'markdown_mb'), '.0f')} MB)",
    ),
    (
        "largest generated page (as the generator writes it)",
        lambda r, d: f"{r['generator']['largest_markdown'][1] / 1000:,.0f} kB `{r['generator']['largest_markdown'][0]}`",
    ),
    ("generator peak memory", lambda r, d: _fmt(_get(r, "generator", "maxrss_mb"), ",.0f", " MiB")),
    (
        "`mkdocs build --strict` (total)",
        lambda r, d: (
            _fmt(_get(r, "build", "wall"), ".1f", " s")
            + (
                f" (stopped at {r['build']['killed_at_mib']:,.0f} MiB"
                + (
                    f" during Pagefind; every page written after {r['build']['mkdocs_done_at']:.0f} s; "
                    f"estimated total {d['per_article_ms'] * r['articles'] / 1000:.0f} s)"
                    if d["estimated"]
                    else ")"
                )
                if _get(r, "build", "killed_at_mib")
                else ""
            )
            + (f" (failed, exit {r['build']['rc']})" if _get(r, "build", "rc") not in (0, None) and not _get(r, "build", "killed_at_mib") else "")
        ),
    ),
    ("Pagefind indexing (run alone)", lambda r, d: _fmt(_get(r, "pagefind", "wall"), ".1f", " s")),
    ("MkDocs only (total − generator − Pagefind)", lambda r, d: _fmt(d["mkdocs_only"], ".1f", " s")),
    ("generator ÷ build", lambda r, d: _fmt(d["generator_share"], ".1%")),
    ("build cost per article", lambda r, d: _fmt(d["per_article_ms"], ".1f", " ms")),
    ("peak build memory (process tree)", lambda r, d: _fmt(d["peak_mib"], ",.0f", " MiB")),
    ("HTML pages (MB)", lambda r, d: f"{_get(r, 'site', 'html_pages', default=0):,} ({_fmt(_get(r, 'site', 'html_mb'), '.0f')} MB)"),
    ("largest HTML page", lambda r, d: f"{_fmt(_get(r, 'site', 'largest_kb'), ',.0f', ' kB')} `{_get(r, 'site', 'largest_path', default='')}`"),
    ("HTML pages over 1 MB", lambda r, d: _fmt(None if _get(r, "site") is None else len(r["site"]["over_1mb"]), ",")),
    ("Pagefind index (files, MB)", lambda r, d: f"{_get(r, 'site', 'pagefind_files', default=0):,} ({_fmt(_get(r, 'site', 'pagefind_mb'), '.1f')} MB)"),
    ("built site (MB, files)", lambda r, d: f"{_fmt(d['site_mb'], ',.1f', ' MB')} ({_fmt(_get(r, 'site', 'files'), ',')} files)"),
    ("… by top-level folder (MB)", lambda r, d: ", ".join(f"{k} {v:,.1f}" for k, v in r["site"]["folders_mb"].items())),
    ("article pages: mean / largest HTML", lambda r, d: _article_pages(r["site"])),
    ("data downloads in the built site", lambda r, d: _fmt(r["site"]["downloads_mb"], ",.1f", " MB")),
    (
        "first query downloads",
        lambda r, d: (
            "<br>".join(f"{v['bytes'] / 1000:,.0f} kB in {v['requests']} requests for “{q}”" for q, v in (r.get("search") or {}).items() if isinstance(v, dict))
            or "—"
        ),
    ),
    ("edit visible under `mkdocs serve` (the article in Chromium, every page it reaches over HTTP)", lambda r, d: _serve_cell(r)),
    ("baseline: `mkdocs build --strict` of its commit, on its own synthetic corpus", lambda r, d: _baseline_cell(r["baseline"])),
    ("baseline: built site, mean article page", lambda r, d: _baseline_site(r["baseline"])),
    ("cold build ÷ baseline's", lambda r, d: _fmt(d["baseline_ratio"], ".2f", "×")),
    (
        "warm build after one edited note (`mkdocs build` with the cold build's site and manifest, as `tifa site` runs it)",
        lambda r, d: _warm_cell(r.get("warm") or {}),
    ),
    ("warm build ÷ cold build", lambda r, d: _fmt(d["warm_ratio"], ".2f", "×")),
    ("load average before / after", lambda r, d: f"{r['load_before']:.1f} / {r.get('load_after', 0):.1f}"),
]


def machine(commit: str | None = None) -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()
    )
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", commit or "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = not commit and bool(
            subprocess.run(["git", "status", "--porcelain", "--", *PROJECT_PARTS], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        )
    except OSError:
        rev, dirty = "", False
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory / 1024 / 1024, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "commit": rev + (" with uncommitted changes" if dirty else ""),
    }


def report(info: dict, results: dict[int, dict], rows: list[dict], seed: int) -> str:
    sizes = sorted(results)
    d = {n: derive(results[n]) for n in sizes}
    out = [
        f"Measured {info['date']} on {info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB of memory, "
        f"Python {info['python']}, {info['system']}; code at commit {info['commit'] or 'unknown'}; synthetic corpus seed {seed}. "
        "One run on a shared machine: compare figures within a column, not across runs."
        + (
            f" Baseline: commit {info['baseline']}'s code built each size in the same run, on its own synthetic corpus of the same size and seed."
            if info.get("baseline") not in (None, "none")
            else ""
        ),
        "",
        "| measure | " + " | ".join(f"{n:,} articles" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
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
