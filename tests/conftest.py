"""Helpers shared by the test modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def make_tree(tmp_path):
    """Factory: copy a fixture tree (default: the checker's passing base) into tmp_path,
    lay an overlay folder and/or ``{relative path under annotations/: text or bytes}``
    over it, and return the copy's ``annotations/`` folder."""

    def make(files: dict[str, str | bytes] | None = None, *, overlay: Path | None = None, base: Path = FIXTURES / "checker" / "base") -> Path:
        shutil.copytree(base, tmp_path, dirs_exist_ok=True)
        root = tmp_path / "annotations"
        if overlay is not None:
            shutil.copytree(overlay, root, dirs_exist_ok=True)
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return root

    return make


@pytest.fixture
def run_tifa():
    """Run ``python -m tifa ARGS`` in a subprocess, as a contributor would.

    GITHUB_ACTIONS is removed from the environment (CI sets it) unless ``env`` gives it."""
    repo = Path(__file__).resolve().parents[1]

    def run(*args, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        full = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        full.update(PYTHONPATH=str(repo / "scripts"), PYTHONUTF8="1", **(env or {}))
        return subprocess.run([sys.executable, "-m", "tifa", *map(str, args)], env=full, cwd=cwd or repo, capture_output=True, encoding="utf-8", timeout=120)

    return run


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/goldens/ from the current rendering instead of comparing with it")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")
