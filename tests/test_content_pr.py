"""A content-only pull request cannot fail a test unless its data is invalid.

In a copy of the repository (its tracked files, as a fresh clone has them), a contributor
adds a valid article to annotations/ the way CONTRIBUTING says (`tifa new`, annotate,
`tifa check`, `tifa urls --update`), and the tests that could see the content (goldens,
data exports, the site, the live corpus's promises, the checker's fixtures) run in that
copy with its own pytest: they pass. Goldens and pinned outputs read tests/fixtures/,
never annotations/; tests/test_corpus.py reads annotations/ but asserts only what any
corpus must keep.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, tifa

ARTICLE_ID = "2024-03-07-xinhua-a-contributors-new-article"
TEXT = """\
Delegates said on Thursday that new quality productive forces should be developed
according to local conditions.

The report was written for a test and describes no real event.
"""
ANNOTATIONS = """\
annotations:
  - id: nqpf-1
    quote: new quality productive forces
    concept: new-quality-productive-forces
"""
# Every test module that reads what a build makes of a corpus, or the corpus itself.
CONTENT_SENSITIVE = ["tests/test_goldens.py", "tests/test_data.py", "tests/test_corpus.py", "tests/test_site.py", "tests/test_check_fixtures.py"]


def clone(dest: Path) -> Path:
    """The repository's tracked files, as `git clone` would give them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"], cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "clone"], cwd=dest, check=True)
    return dest


@pytest.mark.slow
def test_a_new_valid_article_keeps_the_suite_green(tmp_path):
    project = clone(tmp_path / "fork")
    (tmp_path / "text.txt").write_text(TEXT, encoding="utf-8")
    new = tifa(
        "new",
        "article",
        "--id",
        ARTICLE_ID,
        "--title",
        "A contributor's new article",
        "--publisher",
        "xinhua",
        "--published",
        "2024-03-07",
        "--genre",
        "news-report",
        "--annotator",
        "A Contributor",
        "--text-file",
        str(tmp_path / "text.txt"),
        "--url",
        "https://example.org/new-article.html",
        "--basis",
        "Invented for this test",
        cwd=project,
    )
    assert new.returncode == 0, new.stdout + new.stderr
    article = project / "annotations" / "articles" / "2024" / f"{ARTICLE_ID}.yml"
    article.write_text(article.read_text(encoding="utf-8").replace("annotations: []\n", ANNOTATIONS), encoding="utf-8")
    check = tifa("check", cwd=project)
    assert check.returncode == 0, check.stdout
    # The new page is not in the manifest yet: the check says so, and the guide's command fixes it.
    assert tifa("urls", "--check", cwd=project).returncode == 1
    assert tifa("urls", "--update", cwd=project).returncode == 0
    assert tifa("urls", "--check", cwd=project).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser", "--rootdir", str(project), *CONTENT_SENSITIVE],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1] and "failed" not in run.stdout.splitlines()[-1]
