"""The benchmark's measured steps, each run in a process of its own so that its wall time
and peak memory are its own (``python -m tifa_bench.run NAME PROJECT`` runs one):
parse (bare CSafeLoader), check (``check_tree``) and generator (check, index, render)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tifa_bench.process import MB


def step(name: str, project: Path) -> dict:
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
        out = generator(project, os.environ.get("TIFA_BENCH_PROFILE"))
    else:
        raise SystemExit(f"unknown step {name}")
    out["self_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def generator(project: Path, profile: str | None) -> dict:
    """What the hook does before MkDocs sees a file: check, index, render every page to
    disk and the other generated files; then, timed apart, the data downloads."""
    import tempfile

    from tifa.corpus.index import index
    from tifa.data.check import check_tree
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
        "seconds": t3 - t0,
        "check": t1 - t0,
        "index": t2 - t1,
        "render": t3 - t2,
        "data": t4 - t3,
        "pages": len(made.pages),
        "markdown_mb": sum(sizes.values()) / MB,
        "largest_markdown": max(sizes.items(), key=lambda kv: (kv[1], kv[0])),
        "markdown_over_1mb": sum(1 for v in sizes.values() if v > MB),
        "data_mb": data_mb,
        "extras_mb": sum(len(v.encode("utf-8")) for v in extras.values()) / MB,
        "problems": len(checked.problems),
    }
