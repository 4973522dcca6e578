"""The benchmark's search figure: what a first search downloads (tifa_bench/run.py calls it;
the serve figure is in tifa_bench/serve.py and shares the browser set-up below).

Search is measured in a real browser (Debian's chromium through Playwright), as a reader
meets it: the built site is served from 127.0.0.1, ``/search/?q=…`` is opened, and every
response the query causes is summed (Pagefind's script, WebAssembly, entry, metadata,
index chunks and result fragments, and the concept lookup), not the page's own HTML, CSS
and JavaScript. The local server does not compress; Pagefind's index files are gzipped
already, so only the JavaScript would shrink on a compressing host.
"""

from __future__ import annotations

import functools
import re
import socket
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, *args) -> None:
        pass


def _part(path: str) -> str | None:
    """Which part of the search download a URL path is; None for the page's own files."""
    name = path.rsplit("/", 1)[-1]
    if path.endswith("/search/concepts.json"):
        return "concept lookup"
    if not re.search(r"/pagefind(-\d+)?/", path) or name.startswith("pagefind-ui"):  # every part of a merged index
        return None
    for prefix, part in (
        ("pagefind.js", "pagefind.js"),
        ("pagefind-entry", "entry"),
        ("wasm", "wasm"),
        ("pagefind-worker", "worker"),
        ("pagefind-highlight", "highlight"),
        ("pagefind-modular", "modular"),
    ):
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
    return {
        "bytes": sum(parts.values()),
        "requests": len(files),
        "parts": dict(sorted(parts.items())),
        "page_own_bytes": own,
        "results_shown": results,
        "files": files,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""
