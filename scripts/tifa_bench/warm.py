"""The warm build's figure: after the cold build, one annotation's note is edited and
committed, and the site is built again from the cold build's output and manifest
(tifa.site.warm), as `tifa site` does on CI with its cache restored.

The project is a git repository, as on CI: each page names the version of its own files.
Without a history every page names one digest of the whole corpus, so that any edit
changes every page and nothing could be reused.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tifa_bench.process import mkdocs_build

GIT = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
REUSED = re.compile(r"reused the HTML of ([\d,]+) of ([\d,]+) generated pages")
KEPT = re.compile(r"the search index of ([\d,]+) of ([\d,]+) parts")
RENDERED = re.compile(r"rendered ([\d,]+) and reused")
NOTE = re.compile(r"^(    note: )(.+)$", re.M)


def commit(project: Path, day: int) -> None:
    """Everything in ``project`` committed, on a fixed day (a repository is made first)."""
    when = f"2026-01-{day:02d}T12:00:00Z"
    env = {**os.environ, **GIT, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if not (project / ".git").exists():
        (project / ".gitignore").write_text("site/\nsite-*/\ncold/\n.site-*\n.cache/\n__pycache__/\n", encoding="utf-8")  # builds, never sources
        subprocess.run(["git", "init", "-q"], cwd=project, env=env, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", f"day {day}"], cwd=project, env=env, check=True)


def manifest(project: Path, name: str) -> Path:
    return project / ".cache" / f"{name}.manifest.json"


def edit_one_note(project: Path) -> str:
    """The first article (by path) with a note: its first note gets two more words."""
    for path in sorted((project / "annotations" / "articles").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if NOTE.search(text):
            path.write_text(NOTE.sub(r"\1\2 (edited once)", text, count=1), encoding="utf-8")
            return path.relative_to(project).as_posix()
    raise ValueError("no article with a note in the synthetic corpus")


def measure_warm(project: Path, site: Path, n: int, out: Path, args, say) -> dict:
    """The warm build after one edit: wall time, exit code, pages reused of those generated."""
    edited = edit_one_note(project)
    commit(project, 2)
    warm_site = project / "site-warm"
    env = {"TIFA_PREVIOUS_SITE": str(site), "TIFA_MANIFEST_IN": str(manifest(project, "cold")), "TIFA_MANIFEST_OUT": str(manifest(project, "warm"))}
    build = mkdocs_build(project, warm_site, env, out / f"warm-build-{n}.log", args.memory_limit)
    r = {"edited": edited, **{k: build[k] for k in ("wall", "rc", "maxrss_mb", "tree_peak_mb")}}
    found = REUSED.search(build["stderr"])
    if build["rc"] != 0 or not found:
        r["error"] = build["stderr"].strip()[-2000:]
    else:
        r["reused"], r["pages"] = (int(g.replace(",", "")) for g in found.groups())
        if rendered := RENDERED.search(build["stderr"]):
            r["rendered"] = int(rendered.group(1).replace(",", ""))
        if kept := KEPT.search(build["stderr"]):
            r["search_kept"], r["search_parts"] = (int(g.replace(",", "")) for g in kept.groups())
    say(
        f"warm build after editing one note: {build['wall']:.1f} s, exit {build['rc']}, rendered {r.get('rendered', 0):,} and reused {r.get('reused', 0):,} of {r.get('pages', 0):,} pages, kept {r.get('search_kept', 0)} of {r.get('search_parts', 0)} search parts"
    )
    return r
