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


def snapshot(work: Path, commit: str | None = None) -> Path:
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
    return {
        "html_pages": len(pages),
        "html_mb": sum(s for s, _ in pages) / MB,
        "largest_path": path,
        "largest_kb": size / 1000,
        "over_1mb": [p for s, p in pages if s > MB],
        "pagefind_files": len(pagefind),
        "pagefind_mb": sum(pagefind) / MB,
    }
