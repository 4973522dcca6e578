"""`mkdocs serve` as a contributor uses it: edits show up, broken files never stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import copy_project

pytestmark = pytest.mark.slow
ARTICLE = "annotations/articles/2024/2024-03-06-xi-jiangsu-delegation.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "TIFA_SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "new quality productive forces" in fetch(base + "concepts/new-quality-productive-forces/"), 90)
        yield project, base, Path(log.name)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_edit_rebuilds_and_broken_file_is_reported_without_stopping(server):
    project, base, log = server
    article = project / ARTICLE
    original = article.read_text(encoding="utf-8")
    concept_url = base + "concepts/new-quality-productive-forces/"

    # annotations/ is watched through file events, not MkDocs's half-second poll.
    assert "Watching 'annotations' for changes through file events" in log.read_text(encoding="utf-8")

    # An edited note shows on the article and on the concept page it links to.
    edited = original.replace("    note: Chinese 新质生产力.", "    note: Edited while serving. Chinese 新质生产力.", 1)
    assert edited != original
    article.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Edited while serving." in fetch(base + "articles/2024-03-06-xi-jiangsu-delegation/"))
    assert "Edited while serving." not in original
    # Only annotations changed: the pages it changed were converted, without MkDocs' whole rebuild.
    wait_for(lambda: "Detected an edit to annotations/ only" in log.read_text(encoding="utf-8"))
    # After a pause, the downloads follow (written apart, then copied into the site).
    wait_for(lambda: "Edited while serving." in fetch(base + "data/tifa.json"), 60)

    # A hand-written page changes: that takes MkDocs' whole rebuild, and it shows.
    method = project / "docs" / "method.md"
    method.write_text(method.read_text(encoding="utf-8") + "\nA sentence added while serving.\n", encoding="utf-8")
    wait_for(lambda: "A sentence added while serving." in fetch(base + "method/"))

    # A broken file: the terminal shows path:line:col: CODE, the server keeps serving
    # the last good pages with a banner.
    broken = edited.replace("genre: meeting-readout", "genre: meeting-readout\ngenra: speech", 1)
    article.write_text(broken, encoding="utf-8")
    wait_for(lambda: "tifa-problems" in fetch(concept_url))
    line = broken.splitlines().index("genra: speech") + 1
    expected = f"{ARTICLE}:{line}:1: T101 unknown field 'genra' (did you mean 'genre'?)"
    wait_for(lambda: expected in log.read_text(encoding="utf-8"))
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert "new quality productive forces" in fetch(concept_url)

    # Fixed: the banner goes, the pages follow the file again.
    article.write_text(original, encoding="utf-8")
    wait_for(lambda: "tifa-problems" not in fetch(concept_url) and "Edited while serving." not in fetch(base + "articles/2024-03-06-xi-jiangsu-delegation/"))


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
def test_an_open_page_reloads_itself_with_the_edit(server):
    """What a contributor sees: the page open in the browser reloads by itself (MkDocs's
    live reload, after Tifa's quick rebuild) and shows the edit, with no console error."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"{CHROMIUM} is missing in CI: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    project, base, log = server
    article = project / ARTICLE
    original = article.read_text(encoding="utf-8")
    edited = original.replace("    note: Chinese 新质生产力.", "    note: Seen without reloading. Chinese 新质生产力.", 1)
    assert edited != original
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "articles/2024-03-06-xi-jiangsu-delegation/", wait_until="load")
            assert "Seen without reloading." not in page.inner_text("body")
            article.write_text(edited, encoding="utf-8")
            page.wait_for_function("document.body.innerText.includes('Seen without reloading.')", timeout=60_000)
        finally:
            browser.close()
    assert "Detected an edit to annotations/ only" in log.read_text(encoding="utf-8")
    assert errors == []


def _children(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    below, grew = set(), True
    while grew:
        more = {p for p, parent in parents.items() if (parent == pid or parent in below) and p not in below}
        below |= more
        grew = bool(more)
    return below


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigterm_ends_the_server_like_ctrl_c_leaving_nothing_behind(tmp_path):
    """Stopped with SIGTERM (a supervisor, `kill`), the server shuts down as for Ctrl-C:
    MkDocs's temporary site folder is removed, and the background work of the last build
    (the downloads' process, Pagefind) stops with it instead of running on, orphaned."""
    project = copy_project(tmp_path / "project")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "TMPDIR": str(temp), "TIFA_SITE_URL": f"http://127.0.0.1:{port}/"}
    with open(tmp_path / "serve.log", "w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: "new quality productive forces" in fetch(f"http://127.0.0.1:{port}/concepts/new-quality-productive-forces/"), 90)
            assert [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")]  # the served site is in TMPDIR
            # The background work starts after a 3 s pause; stop the server while it runs.
            deadline, working = time.monotonic() + 30, set()
            while not working and time.monotonic() < deadline:
                working = _children(proc.pid)
                time.sleep(0.02)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        log.seek(0)
        output = log.read()
    assert working, "no background work was seen running"
    assert "Shutting down..." in output and "Traceback" not in output
    wait_for(lambda: not any(map(_alive, working)), 10)
    assert [p.name for p in temp.iterdir() if p.name.startswith(("mkdocs_", "tifa-"))] == []
