"""The baseline: each size also built by an older commit's code (``--baseline``, default
0a545ef) on the same machine in the same run, so that our cold build can be given as a
ratio of its time (timings of two runs on a shared machine do not compare).

An older commit cannot read today's synthetic corpus (its schema lacks fields added
since, e.g. ``rights``), so the baseline writes its corpus with its own generator, with
the same number of articles and the same seed, in a copy of its own project files.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from tifa_bench.process import MB, mkdocs_build, run
from tifa_bench.project import has_commit, snapshot, weigh_site
from tifa_bench.warm import commit as commit_all

DEFAULT = "0a545ef"

# Run with the baseline's scripts on PYTHONPATH: its ``tifa`` package, not ours, is imported.
# The generator moved from tifa/synth.py (0a545ef) to tifa_bench/synth.py since.
CORPUS = """
import json, sys
from importlib import import_module
write_corpus = import_module(sys.argv[1]).write_corpus
summary = write_corpus(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
print(json.dumps({k: summary[k] for k in ("files", "bytes", "annotations", "zh_articles")}))
"""


def template(work: Path, commit: str | None) -> tuple[Path | None, str | None]:
    """The baseline's project files (a snapshot of ``commit``), or why there is none."""
    if not commit or commit.lower() == "none":
        return None, "no baseline (--baseline none)"
    if not has_commit(commit):
        return None, f"commit {commit} is not in this repository (a shallow clone?): no baseline built"
    return snapshot(work, commit, name=f"baseline-{commit}"), None


def _generator(project: Path) -> str:
    return "tifa_bench.synth" if (project / "scripts" / "tifa_bench" / "synth.py").exists() else "tifa.synth"


def measure_baseline(n: int, base: Path, commit: str, work: Path, out: Path, args, say) -> dict:
    """The baseline at ``n`` articles: its corpus, its cold ``mkdocs build --strict`` (wall
    time, exit code, memory) and its built site's weight. The project is removed after
    unless --keep."""
    project = work / f"baseline-{n}"
    shutil.copytree(base, project)
    env = {"PYTHONPATH": str(project / "scripts")}  # absolute: ours (PYTHONPATH=scripts) would be found first otherwise
    r: dict = {"commit": commit}
    corpus = run([sys.executable, "-c", CORPUS, _generator(project), str(project), str(n), str(args.seed)], project, env)
    if corpus["rc"] != 0:
        r["error"] = "its synthetic corpus: " + corpus["stderr"].strip()[-2000:]
        say(f"baseline {commit}: {r['error'][-300:]}")
        return _done(project, r, args)
    r["corpus"] = json.loads(corpus["stdout"].strip().splitlines()[-1])
    commit_all(project, 1)  # a git history, as our own project has (tifa_bench/warm.py)
    r["corpus"].update(seconds=corpus["wall"], mb=r["corpus"]["bytes"] / MB)
    site = project / "site"
    build = mkdocs_build(project, site, env, out / f"baseline-build-{n}.log", args.memory_limit)
    r.update({k: build[k] for k in ("wall", "rc", "maxrss_mb", "tree_peak_mb", "killed_at_mib")})
    if build["rc"] != 0:
        r["error"] = build["stderr"].strip()[-2000:]
    elif site.is_dir():
        r["site"] = weigh_site(site)
    size = f", site {r['site']['bytes'] / MB:,.1f} MB in {r['site']['files']:,} files" if "site" in r else ""
    say(f"baseline {commit}: mkdocs build {build['wall']:.1f} s, exit {build['rc']}{size}")
    return _done(project, r, args)


def _done(project: Path, r: dict, args) -> dict:
    if args.keep:
        r["project"] = str(project)
    else:
        shutil.rmtree(project, ignore_errors=True)
    return r
