"""The throwaway copy of the project the benchmark builds (what a build reads, never
annotations/ or site/), and the figures of the site built in it."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from tifa_bench.process import MB

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "schemas", "CONTRIBUTING.md")


def snapshot(work: Path, commit: str | None = None, name: str = "project-template") -> Path:
    """A copy of what a build reads (not annotations/), taken once, so every size runs the
    same code even while someone edits the project: the working tree, or ``commit``, in
    ``work/name`` (the baseline's copy sits beside ours)."""
    base = work / name
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


def has_commit(commit: str) -> bool:
    """Whether the repository holds ``commit`` (a shallow clone may not)."""
    found = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True)
    return found.returncode == 0


# The site's top-level folders reported one by one; anything else (the home page, assets,
# the other sections) is "other". Pagefind's merged index spreads over pagefind-N/ folders.
FOLDERS = ("articles", "concepts", "data", "pagefind", "people", "places", "organizations")


def weigh_site(site: Path) -> dict:
    """What a built site weighs: bytes and files in all (hosting.weigh, as a build reports
    them), MB by top-level folder, and the article pages' HTML (articles/<id>/index.html)."""
    from tifa.site.hosting import weigh

    total = weigh(site)
    folders = dict.fromkeys((*FOLDERS, "other"), 0.0)
    for entry in site.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            name = "pagefind" if entry.name.startswith("pagefind") else entry.name
            folders[name if name in FOLDERS else "other"] += weigh(entry).bytes / MB
    folders["other"] = total.bytes / MB - sum(v for k, v in folders.items() if k != "other")  # top-level files too
    articles = [p.stat().st_size for p in (site / "articles").glob("*/index.html") if p.parent.name != "by-year"]
    # data/ also holds the Data page (data/index.html): the downloads are the other files
    downloads = [p.stat().st_size for p in (site / "data").glob("*") if p.is_file() and p.suffix != ".html"]
    return {
        "bytes": total.bytes,
        "files": total.files,
        "folders_mb": folders,
        "article_pages": len(articles),
        "article_mean_kb": sum(articles) / len(articles) / 1000 if articles else None,
        "article_largest_kb": max(articles) / 1000 if articles else None,
        "downloads_mb": sum(downloads) / MB,
    }


def scan_site(site: Path) -> dict:
    pages = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
    pagefind = [p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()]
    size, path = pages[-1]
    return {
        "html_pages": len(pages),
        "html_mb": sum(s for s, _ in pages) / MB,
        "largest_path": path,
        "largest_kb": size / 1000,
        "over_1mb": [p for s, p in pages if s > MB],
        "pagefind_files": len(pagefind),
        "pagefind_mb": sum(pagefind) / MB,
    }
