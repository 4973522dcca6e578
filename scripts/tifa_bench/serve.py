"""The benchmark's serve figure: how long an edit to one annotation takes to show under
``mkdocs serve --livereload --dirty`` (as `make serve`), in the browser and on every page
that shows the annotation (tifa_bench/run.py calls it at --serve-size).

What "every page" means is not guessed. Before the server starts, the generator
(``python -m tifa pages``) renders the project once per state of the edited file; the
pages whose Markdown changes between two states are the pages the edit must reach, and
the raw-HTML lines the new state adds are what each must show. Tifa writes those lines
into the Markdown and MkDocs passes raw HTML through verbatim, so each one is looked for,
byte for byte, in the page the server returns. An edit that moves an annotation to
another concept reaches a dozen pages: both concept pages, the concepts its new and old
neighbours co-occur with, the concept index and the dashboard.

Timing starts when the file is saved and stops when the article page, open in Chromium,
has reloaded itself and shows the edit (so do the concept and entity pages open beside
it, when the edit reaches them) and every reached page, fetched over HTTP, carries every
new line.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tifa_bench.web import ARGS, CHROMIUM, ENV, fetch, free_port


@dataclass(frozen=True)
class Edit:
    """One save of the article file: ``fields`` of one annotation set to new values, and a
    fresh token in its note so that the article page always changes visibly."""

    kind: str  # what it exercises: "quote" (concordance row), "concept" (moved), "entity"
    annotation: str
    fields: tuple[tuple[str, str], ...]


def extension(text: str, quote: str) -> str | None:
    """The quote and the word after it, where the quote occurs once in the text and is
    followed by a space and a word (a wider span the checker still anchors)."""
    found = re.findall(re.escape(quote) + r"( \w+)\b", text)
    return quote + found[0] if len(found) == 1 and text.count(quote) == 1 else None


def edited(text: str, annotation: str, fields: dict[str, str]) -> str:
    """The article file with ``fields`` of one annotation replaced (or added), each as a
    one-line JSON string, which YAML reads as the same string."""
    lines = text.split("\n")
    start = lines.index(f"  - id: {annotation}")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    for key, value in fields.items():
        line = f"    {key}: {json.dumps(value, ensure_ascii=False)}"
        at = next((i for i in range(start + 1, end) if lines[i].startswith(f"    {key}:")), None)
        if at is None:
            lines.insert(end, line)
            end += 1
            continue
        lines[at] = line
        while at + 1 < end and lines[at + 1].startswith("      "):  # the old value's continuation lines
            del lines[at + 1]
            end -= 1
    return "\n".join(lines)


def states(original: str, edits: list[Edit], token: str) -> list[str]:
    """The file before the first edit and after each one (edits accumulate)."""
    out = [original]
    for n, edit in enumerate(edits, 1):
        out.append(edited(out[-1], edit.annotation, {**dict(edit.fields), "note": f"{token}{n} edited."}))
    return out


def url_of(page: str) -> str:
    """Site path of a generated Markdown page (directory URLs, as mkdocs.yml has them)."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def text_of(line: str) -> str:
    """What a browser shows of one line of HTML: its text, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", line))


def reached(project: Path, article: str, texts: list[str], scratch: Path) -> list[dict[str, list[str]]]:
    """For each edit (state i-1 to state i): {site path: raw-HTML lines the page gains}, from
    the generator's own pages. A page that changes without a new raw-HTML line maps to []."""
    source = project / "annotations" / article
    original = source.read_text(encoding="utf-8")
    env = {**os.environ, **ENV, "PYTHONPATH": "scripts"}
    before: dict[str, str] = {}
    out = []
    try:
        for i, text in enumerate(texts):
            source.write_text(text, encoding="utf-8")
            subprocess.run([sys.executable, "-m", "tifa", "pages", "--out", str(scratch)], cwd=project, env=env, check=True, capture_output=True)
            now = {str(p.relative_to(scratch)): p.read_text(encoding="utf-8") for p in scratch.rglob("*.md")}
            if i:
                changes = {}
                for page in sorted(set(now) | set(before)):
                    if now.get(page) != before.get(page):
                        old = set(before.get(page, "").split("\n"))
                        new = [line for line in now.get(page, "").split("\n") if line.startswith("<") and line not in old]
                        changes[url_of(page)] = list(dict.fromkeys(new))
                out.append(changes)
            before = now
    finally:
        source.write_text(original, encoding="utf-8")
    return out


def serve_plan(project: Path, summary: dict) -> tuple[str, list, list[str]]:
    """(article path, edits, site paths open in the browser) for the serve figure. Among
    the first articles, one with an annotation of a rare concept (so the article is on the
    first page of its concordance) and an annotation of a person, place or organization,
    both of whose quotes can take in the next word. The six edits widen the
    concept annotation's quote, move it to the rarest other concept, widen the entity's
    quote, then undo each in turn."""
    import yaml

    from tifa.data.model import split_paragraphs

    counts = summary["concept_occurrences"]
    options = []
    for path, anns in summary["samples"].items():
        data = yaml.load((project / "annotations" / path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        text = "\n\n".join(split_paragraphs(data.get("text") or ""))
        concept_of = dict(anns)
        concepts = [
            (counts[cid], a["id"], cid, a["quote"], wider)
            for a in data["annotations"]
            if (cid := concept_of.get(a["id"])) and (wider := extension(text, a["quote"]))
        ]
        entities = [
            (a["id"], a["quote"], wider)
            for a in data["annotations"]
            for kind in ("person", "place", "organization")
            if kind in a and (wider := extension(text, a["quote"]))
        ]
        if concepts and entities:
            options.append((min(concepts), min(entities), path))
    (_, ann, cid, quote, wider), (ent, equote, ewider), path = min(options)
    other = min((n, c) for c, n in counts.items() if c != cid)[1]
    edits = [
        Edit("quote", ann, (("quote", wider),)),
        Edit("concept", ann, (("concept", other),)),
        Edit("entity", ent, (("quote", ewider),)),
        Edit("quote", ann, (("quote", quote),)),
        Edit("concept", ann, (("concept", cid),)),
        Edit("entity", ent, (("quote", equote),)),
    ]
    # One tab, as a contributor works: the article being edited. Every other page the edit
    # reaches is checked over HTTP; four tabs reloading at once on two cores measured
    # 1.9-3.0 s an edit instead of 0.6-2.0 s, the browser's time rather than Tifa's.
    return path, edits, [f"articles/{Path(path).stem}/"]


# A page shows an edit when it has reloaded since the save and its text holds every new line's text.
SHOWN = """([savedAt, texts]) => performance.timeOrigin > savedAt
    && texts.every(t => document.documentElement.textContent.includes(t))"""


def serve_edit(
    project: Path,
    article: str,
    edits: list[Edit],
    watch: list[str],
    log: Path,
    scratch: Path,
    browser: bool = True,
    startup_timeout: float = 1800.0,
    edit_timeout: float = 120.0,
) -> dict:
    """Seconds from saving each edit of ``article`` (a path under annotations/) until it
    shows: in Chromium on the ``watch`` pages it reaches (site paths, open in tabs from the
    start; the article's page first) and, over HTTP, on every page it reaches. Without a
    browser (``browser`` False, or none installed) the figure is over HTTP only, and
    says so in "no_browser"."""
    source = project / "annotations" / article
    original = source.read_text(encoding="utf-8")
    texts = states(original, edits, f"Benchedit{os.getpid()}x")
    started = time.perf_counter()
    changes = reached(project, article, texts, scratch)
    out: dict = {"article": f"annotations/{article}", "watch": watch, "ground_truth_seconds": time.perf_counter() - started, "edits": [], "seconds": []}
    unmarked = sorted({url for c in changes for url, lines in c.items() if not lines})
    if unmarked:  # the measure would have nothing to look for on these pages
        return {**out, "error": f"pages change with no new raw-HTML line to look for: {', '.join(unmarked)}"}
    missing = "not asked for" if not browser else None if CHROMIUM.exists() else f"{CHROMIUM} is not installed"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, **ENV, "TIFA_SITE_URL": base}
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    errors: list[str] = []
    with open(log, "w", encoding="utf-8") as sink, contextlib.ExitStack() as stack:
        chromium, missing = _chromium(stack, missing)
        if missing is not None:
            out["no_browser"] = missing
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            if not _wait(lambda: all(fetch(base + url) for url in watch), startup_timeout):
                return {**out, "error": f"the server did not come up in {startup_timeout:.0f} s (see {log})"}
            out["startup"] = time.perf_counter() - started
            tabs = _open_tabs(chromium, watch, base, errors)
            time.sleep(5)  # let the first build's background work (downloads, search index) start
            failed = _edits(source, edits, texts, changes, tabs, base, edit_timeout, out)
            if failed:
                return {**out, "error": f"{failed} (see {log})"}
        finally:
            source.write_text(original, encoding="utf-8")
            stack.close()  # the browser first: a page still open would log the server's going as an error
            _stop(proc)
    ordered = sorted(out["seconds"])
    out.update(median=ordered[len(ordered) // 2], max=ordered[-1], console_errors=errors)
    return out


def _chromium(stack: contextlib.ExitStack, missing: str | None):
    """(Chromium launched through Playwright and closed with ``stack``, or None; why there
    is none, or None)."""
    if missing is not None:
        return None, missing
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        return None, f"playwright is not installed ({err})"
    chromium = stack.enter_context(sync_playwright()).chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    stack.callback(chromium.close)
    return chromium, None


def _open_tabs(chromium, watch: list[str], base: str, errors: list[str]) -> dict:
    """A loaded tab for each watched page (none without a browser); console errors go to ``errors``."""
    tabs = {}
    for url in watch if chromium is not None else ():
        tab = chromium.new_page()
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(base + url, wait_until="load")
        tabs[url] = tab
    return tabs


def _edits(source: Path, edits: list[Edit], texts: list[str], changes: list[dict], tabs: dict, base: str, timeout: float, out: dict) -> str | None:
    """Save each edit in turn and time it into ``out``; the first failure, or None."""
    for n, (edit, text, change) in enumerate(zip(edits, texts[1:], changes), 1):
        seen = _one_edit(source, text, change, tabs, base, timeout)
        if "error" in seen:
            return f"edit {n} ({edit.kind}): {seen['error']}"
        out["edits"].append({"kind": edit.kind, "annotation": edit.annotation, **seen})
        out["seconds"].append(seen["seconds"])
        time.sleep(2)
    return None


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _one_edit(source: Path, text: str, change: dict[str, list[str]], tabs: dict, base: str, timeout: float) -> dict:
    saved_at = time.time() * 1000  # the browser's clock: performance.timeOrigin is in epoch milliseconds
    t0 = time.perf_counter()
    source.write_text(text, encoding="utf-8")
    in_tabs = [url for url in tabs if url in change]
    for url in in_tabs:
        shown = [t for t in map(text_of, change[url]) if t.strip()]
        left = max(0.1, timeout - (time.perf_counter() - t0))
        try:
            tabs[url].wait_for_function(SHOWN, arg=[saved_at, shown], polling=50, timeout=left * 1000)
        except Exception as err:  # Playwright's TimeoutError, or a page that crashed
            return {"error": f"{base + url} did not show it in the browser ({type(err).__name__})"}
    browser = time.perf_counter() - t0
    pending = dict(change)
    while pending:
        for url in list(pending):
            page = fetch(base + url)
            if all(line in page for line in pending[url]):
                del pending[url]
        if pending and time.perf_counter() - t0 > timeout:
            return {"error": f"not shown within {timeout:.0f} s on {', '.join(base + u for u in sorted(pending))}"}
        if pending:
            time.sleep(0.05)
    return {"seconds": time.perf_counter() - t0, "browser": browser, "tabs": in_tabs, "pages": sorted(change)}


def _wait(predicate, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False
