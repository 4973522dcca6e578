"""What an editor shows: the schemas, read by the YAML language server that editors run
(Red Hat's, as in VS Code's YAML extension), flag the mistakes the checker reports as
schema problems, at the same place: an impossible date, a `javascript:` URL.

The server comes from the npm registry, pinned by tests/editor/package-lock.json, and is
installed into tests/editor/node_modules with `npm ci` the first time. Without npm the
test is skipped on a contributor's machine, and fails in CI (CI=true), where .ci/run
installs Node.js.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tifa.data.check import check_tree

ROOT = Path(__file__).resolve().parents[1]
EDITOR = ROOT / "tests" / "editor"
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
ART = "annotations/articles/2024/2024-01-02-example-report.yml"


@pytest.fixture(scope="module")
def language_server() -> Path:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not (npm and node):
        if os.environ.get("CI") == "true":
            pytest.fail("npm and node are needed for the editor test; .ci/run installs them")
        pytest.skip("npm and node are not installed")
    if not (EDITOR / "node_modules" / "yaml-language-server").is_dir():
        run = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=EDITOR, capture_output=True, encoding="utf-8", timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
    return EDITOR / "validate.js"


def editor(script: Path, project: Path, *files: str) -> list[str]:
    """The editor's diagnostics, as `path:line:col: message` relative to ``project``."""
    run = subprocess.run(["node", str(script), *files], cwd=project, capture_output=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.splitlines()


def project_with(tmp_path: Path, overlay: Path | None = None) -> Path:
    """The checker's base corpus with the real schemas beside it, as in a clone."""
    shutil.copytree(FIXTURES / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    if overlay is not None:
        shutil.copytree(overlay, tmp_path / "annotations", dirs_exist_ok=True)
    return tmp_path


def test_base_corpus_is_clean_in_the_editor(language_server, tmp_path):
    project = project_with(tmp_path)
    files = sorted(str(p.relative_to(project)) for p in (project / "annotations").rglob("*.yml"))
    assert editor(language_server, project, *files) == []


def test_five_mistakes_in_the_editor(language_server, tmp_path):
    """The editor underlines the duplicate key, the URL and the impossible date (2025-13-45)
    where the checker puts T006, T121 and T120; references and quotes are the checker's."""
    project = project_with(tmp_path, FIXTURES / "mixed" / "five-mistakes" / "annotations")
    shown = editor(language_server, project, ART)
    assert [line.rsplit(": ", 1)[0].split(": ")[0] for line in shown] == [f"{ART}:4:1", f"{ART}:10:8", f"{ART}:23:45"]
    assert shown[2] == f"{ART}:23:45: A date that exists on the calendar: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known."
    checker = [str(p) for p in check_tree(project / "annotations").problems]
    assert [line.split(": ")[0] + ": " + line.split(": ")[1][:4] for line in checker[:3]] == [f"{ART}:4:1: T006", f"{ART}:10:8: T121", f"{ART}:23:45: T120"]


@pytest.mark.parametrize(
    "value, flagged",
    [
        ("2025-13-45", True),
        ("2024-02-30", True),
        ("2024-04-31", True),
        ("2024-00", True),
        ("2024-1-3", True),
        ("2024-02-29", False),
        ("2024-12", False),
        ("2024-03-31", False),
    ],
)
def test_dates_in_the_editor(language_server, tmp_path, value, flagged):
    """The same dates flagged by the editor and by the checker (T120)."""
    project = project_with(tmp_path)
    file = project / ART
    file.write_text(file.read_text(encoding="utf-8").replace("date: 2024-01-03}", f"date: {value}}}"), encoding="utf-8")
    shown = editor(language_server, project, ART)
    assert bool(shown) == flagged, shown
    checker = [p for p in check_tree(project / "annotations").problems]
    assert [p.code for p in checker] == (["T120"] if flagged else [])
    if flagged:
        assert shown[0].startswith(f"{ART}:{checker[0].line}:{checker[0].col}: ")
