"""The two benchmark figures that need a server: what a first search downloads, and how
long an edit takes to show under ``mkdocs serve`` (tifa/bench.py calls both).

Search is measured in a real browser (Debian's chromium through Playwright), as a reader
meets it: the built site is served from 127.0.0.1, ``/search/?q=…`` is opened, and every
response the query causes is summed (Pagefind's script, WebAssembly, entry, metadata,
index chunks and result fragments, and the concept lookup), not the page's own HTML, CSS
and JavaScript. The local server does not compress; Pagefind's index files are gzipped
already, so only the JavaScript would shrink on a compressing host.
"""
from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

from markupsafe import escape

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript",
                      ".json": "application/json"}

    def log_message(self, *args) -> None:
        pass


def _part(path: str) -> str | None:
    """Which part of the search download a URL path is; None for the page's own files."""
    name = path.rsplit("/", 1)[-1]
    if path.endswith("/search/concepts.json"):
        return "concept lookup"
    if not re.search(r"/pagefind(-\d+)?/", path) or name.startswith("pagefind-ui"):  # every part of a merged index
        return None
    for prefix, part in (("pagefind.js", "pagefind.js"), ("pagefind-entry", "entry"), ("wasm", "wasm"), ("pagefind-worker", "worker"),
                         ("pagefind-highlight", "highlight"), ("pagefind-modular", "modular")):
        if name.startswith(prefix):
            return part
    folder = path.rsplit("/", 2)[-2]
    return {"index": "index chunks", "fragment": "fragments", "filter": "filters"}.get(folder, "meta" if name.endswith(".pf_meta") else "other")


def search_payload(site: Path, queries: list[str], timeout: float = 120.0) -> dict:
    """{query: {"bytes", "requests", "parts": {part: bytes}, "results"}} for a first query
    on a fresh page (empty cache), or {"error": …} when no browser can run."""
    if not CHROMIUM.exists():
        return {"error": f"{CHROMIUM} is not installed"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        return {"error": f"playwright is not installed ({err})"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                for q in queries:
                    out[q] = _one_query(browser, base, q, timeout)
            finally:
                browser.close()
    except Exception as err:  # a benchmark figure missing is reported, never fatal
        out["error"] = f"{type(err).__name__}: {err}"
    finally:
        server.shutdown()
        server.server_close()
    return out


def _one_query(browser, base: str, q: str, timeout: float) -> dict:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + "search/?q=" + quote(q), wait_until="load")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=timeout * 1000)
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)
    page.wait_for_load_state("networkidle")
    results = page.locator(".pagefind-ui__result").count()
    parts: dict[str, int] = {}
    files, own = [], 0
    for r in responses:
        size = len(r.body()) if r.status == 200 else 0
        path = urlsplit(r.url).path
        part = _part(path)
        if part is None:
            own += size
        else:
            parts[part] = parts.get(part, 0) + size
            files.append((path, size))
    context.close()
    return {"bytes": sum(parts.values()), "requests": len(files), "parts": dict(sorted(parts.items())), "page_own_bytes": own,
            "results_shown": results, "files": files}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def extension(text: str, quote: str) -> str | None:
    """The quote and the word after it, where the quote occurs once in the text and is
    followed by a space and a word (a wider span the checker still anchors)."""
    found = re.findall(re.escape(quote) + r"( \w+)\b", text)
    return quote + found[0] if len(found) == 1 and text.count(quote) == 1 else None


def _edited(text: str, token: str, annotation: str, quote: str) -> str:
    """The article with one annotation changed: its quote set to ``quote`` (shown in the
    concordance of its concept page) and ``token`` in its note (shown on the article page)."""
    lines = text.split("\n")
    start = lines.index(f"  - id: {annotation}")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    for i in range(start, end):
        if lines[i].startswith("    quote: "):
            lines[i] = f"    quote: {json.dumps(quote, ensure_ascii=False)}"
    note = next((i for i in range(start, end) if lines[i].startswith("    note: ")), None)
    if note is None:
        lines.insert(end, f"    note: {token} edited.")
    else:
        lines[note] = f"    note: {token} edited."
    return "\n".join(lines)


def _row(page: str, row_id: str) -> str:
    """One concordance row of a page ('' if absent)."""
    at = page.find(f'<tr id="{row_id}">')
    return page[at:page.find("</tr>", at)] if at >= 0 else ""


def serve_edit(project: Path, article: str, annotation: str, concept: str, quotes: tuple[str, str], log: Path,
               edits: int = 3, startup_timeout: float = 1800.0, edit_timeout: float = 120.0) -> dict:
    """Seconds from saving an edit to one annotation to the edit showing, under
    ``mkdocs serve --livereload --dirty`` (as `make serve`): its new quote in the
    concordance row of its concept page and its new note on the article page. ``quotes``:
    (original, wider) spans; the edits alternate between them."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    source = project / "annotations" / article
    original = source.read_text(encoding="utf-8")
    aid = source.stem
    article_url, concept_url = base + f"articles/{aid}/", base + f"concepts/{concept}/"
    row_id = f"kwic-{aid}-{annotation}"
    env = {**os.environ, **ENV, "TIFA_SITE_URL": base}
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    out: dict = {"article": f"annotations/{article}", "annotation": annotation, "concept": concept, "seconds": []}
    with open(log, "w", encoding="utf-8") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            if not _wait(lambda: aid in _fetch(article_url), startup_timeout):
                return {**out, "error": f"the server did not come up in {startup_timeout:.0f} s (see {log})"}
            out["startup"] = time.perf_counter() - started
            time.sleep(5)  # let the first build's background work (downloads, search index) start
            for n in range(1, edits + 1):
                token = f"Benchedit{n}x{os.getpid()}"
                quote = quotes[n % 2]
                edited = _edited(original, token, annotation, quote)
                shown = f">{escape(quote)}</a>"  # as the concordance escapes it
                t0 = time.perf_counter()
                source.write_text(edited, encoding="utf-8")
                if not _wait(lambda: f"{token} edited." in _fetch(article_url) and shown in _row(_fetch(concept_url), row_id),
                             edit_timeout, 0.05):
                    return {**out, "error": f"edit {n} did not show within {edit_timeout:.0f} s (see {log})"}
                out["seconds"].append(time.perf_counter() - t0)
                time.sleep(2)
        finally:
            source.write_text(original, encoding="utf-8")
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    out["median"] = sorted(out["seconds"])[len(out["seconds"]) // 2]
    return out


def _wait(predicate, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False
