"""Shared by the tests: copy the project somewhere else and build it for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "CONTRIBUTING.md", "docs", "overrides", "scripts", "schemas")
# The corpus every test builds: a frozen copy under tests/, never annotations/, so that a
# pull request adding or correcting content cannot change what a test sees.
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "annotations"


def copy_project(dest: Path, extra_annotations: Path | None = None, corpus: Path = CORPUS) -> Path:
    """A throwaway copy of what a build reads, with the fixture corpus (or ``corpus``) as its
    annotations/, optionally with more annotation files laid over it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(corpus, dest / "annotations")
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if extra_annotations is not None:
        shutil.copytree(extra_annotations, dest / "annotations", dirs_exist_ok=True)
    return dest


def mkdocs_build(project: Path, site: str = "site") -> subprocess.CompletedProcess:
    """The real `mkdocs build --strict`, as `make site` runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1709700000"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def tifa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command line as a contributor would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run([sys.executable, "-m", "tifa", *args], cwd=cwd, env=env, capture_output=True, text=True)
