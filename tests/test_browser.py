"""The built site in a real browser: Debian's chromium driven by Playwright.

A fresh build of the project (plus the Chinese fixture) is served from 127.0.0.1; every
request the pages make is routed, and any to another host fails the test. Checked on
each kind of page, at 1,280 and 390 px, light and dark: no console error, no dialog, no
request leaving the site, no WCAG 2.1 AA violation of any impact (axe-core); search finds a concept in English and in
Chinese; a highlighted phrase's note is reachable by keyboard. Screenshots at desktop and
phone widths, light and dark, go to test-artifacts/screenshots/ (git-ignored) for people
to look at.

Locally the tests are skipped when /usr/bin/chromium is missing; in CI (CI=true), where
.ci/run installs it, they fail instead.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from builds import real_site
from helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ARTICLE = "articles/2024-03-06-xi-jiangsu-delegation/"
PAGES = {
    "home": "",
    "article": ARTICLE,
    "article-zh": "articles/2024-03-07-zh-fixture/",
    "article-excerpts": "articles/2024-03-05-xi-jiangsu-delegation-zh/",
    "compare": "compare/",
    "concept": "concepts/new-quality-productive-forces/",
    "entity": "people/xi-jinping/",
    "index": "concepts/",
    "search": "search/?q=productive+forces",
    "dashboard": "dashboard/",
    "timeline": "timeline/",
    "articles-index": "articles/",
    "people-index": "people/",
    "place": "places/jiangsu/",
    "organization": "organizations/jiangsu-delegation-14th-npc/",
    "about": "method/",
    "404": "404.html",  # self-contained (tifa/notfound.py): it loads nothing from /tifa/
}

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{CHROMIUM} is missing in CI: .ci/run should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does it in CI)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".pf_meta": "application/octet-stream",
    }

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = real_site(tmp_path_factory) / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """A page with everything that went wrong on it recorded."""

    def __init__(self, browser, base_url: str, width: str = "desktop", scheme: str = "light"):
        w, h = WIDTHS[width]
        self.context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme, service_workers="block")
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("requestfailed", lambda r: self.failed.append(f"failed {r.url}: {r.failure}") if urlsplit(r.url).hostname == "127.0.0.1" else None)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1":
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def go(self, url: str):
        response = self.page.goto(self.base_url + url, wait_until="load")
        assert response is not None and response.status == 200, url
        self.page.wait_for_load_state("networkidle")
        return self.page

    def clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.foreign == []
        assert self.failed == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened = []

    def make(width: str = "desktop", scheme: str = "light") -> Visit:
        opened.append(Visit(browser, base_url, width, scheme))
        return opened[-1]

    yield make
    for v in opened:
        v.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])  # the theme follows the reader's system setting
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_page_is_clean_accessible_and_screenshotted(visit, kind, width, scheme):
    """Each kind of page at 1,280 and 390 px, light and dark (one visit for all three
    checks): it loads clean and fits the screen's width; axe-core (WCAG 2.1 A and AA rules)
    finds no violation of any impact; a full-page screenshot is saved for people to look at."""
    from axe_playwright_python.sync_playwright import Axe

    v = visit(width, scheme)
    page = v.go(PAGES[kind])
    if kind == "search":
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
    assert page.locator("article.md-content__inner h1").count() == 1
    if kind == "404":  # no script there: the dark palette applies by media query (tifa/notfound.py)
        assert (page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(30, 33, 41)") == (scheme == "dark")
    else:
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == {"light": "default", "dark": "slate"}[scheme]
    # Nothing wider than the screen: a phone reader never scrolls sideways to read.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {width} viewport"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}-{scheme}.png"), full_page=True)
    # At the top, transitions over: the theme fades its tabs out on scrolling (a page that
    # moves focus or scrolls while loading), and axe would measure a tab half faded.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = [
        f"{x['id']} ({x['impact']}): {x['help']} — "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in x["nodes"][:5])
        for x in result.response["violations"]
    ]
    assert violations == []
    v.clean()


@pytest.mark.parametrize("query", ["productive forces", "新质生产力", "xīnzhì shēngchǎnlì"])
def test_search_finds_the_concept_page(visit, query):
    v = visit()
    page = v.go("search/?q=" + query)
    concept = page.locator("#tifa-concept-hits a[href$='concepts/new-quality-productive-forces/']")
    concept.first.wait_for(timeout=15_000)
    assert concept.first.inner_text() == "new quality productive forces"
    if query != "xīnzhì shēngchǎnlì":  # full text: Pagefind lists the concept page too
        results = page.locator(".pagefind-ui__result-link[href*='concepts/new-quality-productive-forces/']")
        results.first.wait_for(timeout=15_000)
    concept.first.click()
    page.wait_for_load_state("load")
    assert page.url == v.base_url + "concepts/new-quality-productive-forces/"
    v.clean()


def test_header_search_box_leads_to_results(visit):
    v = visit()
    page = v.go("concepts/")
    box = page.locator("form.tifa-header-search input[name=q]").first
    box.fill("新质生产力")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator("#tifa-concept-hits a").first.wait_for(timeout=15_000)
    v.clean()


def test_note_is_reachable_and_readable_by_keyboard(visit):
    """Tab reaches a highlighted phrase; its description is the note; the card shows on focus."""
    v = visit()
    page = v.go(ARTICLE)
    found = None
    for _ in range(600):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || !el.matches('a.tifa-ann')) return null;
            const note = document.getElementById(el.getAttribute('aria-describedby'));
            const text = note && note.querySelector('.tifa-note-text');
            if (!text) return null;
            return {id: el.id, describedby: el.getAttribute('aria-describedby'), tip: el.dataset.tip,
                    noteTag: note.tagName, note: text.textContent,
                    focusVisible: el.matches(':focus-visible'),
                    after: getComputedStyle(el, '::after').content,
                    display: getComputedStyle(el, '::after').display};
        }""")
        if found:
            break
    assert found, "no highlighted phrase with a note was reached by Tab"
    assert found["noteTag"] == "LI" and found["describedby"] == "note-" + found["id"][len("a-") :]
    assert found["note"] and found["note"] in found["tip"]
    assert found["focusVisible"]
    assert found["after"] == '"' + found["tip"].replace("\\", "\\\\").replace('"', '\\"') + '"'
    assert found["display"] != "none"
    # The card is on screen, not clipped away.
    box = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.right]; }""")
    assert 0 <= box[0] and box[1] <= WIDTHS["desktop"][0]
    v.clean()


def test_note_card_stays_on_a_phone_screen(visit):
    """On a phone the card is a bar across the bottom of the screen, not off its edge."""
    v = visit("phone")
    page = v.go(ARTICLE)
    page.locator("a.tifa-ann").nth(3).focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    card = page.evaluate("""() => { const s = getComputedStyle(document.activeElement, '::after');
        return {tip: document.activeElement.dataset.tip, content: s.content, position: s.position,
                left: parseFloat(s.left), right: parseFloat(s.right), bottom: parseFloat(s.bottom)}; }""")
    assert card["tip"] and card["content"].strip('"') == card["tip"]
    assert card["position"] == "fixed" and card["left"] >= 0 and card["right"] >= 0 and card["bottom"] >= 0
    v.clean()


def test_zh_article_renders_chinese_text(visit):
    """The Chinese fixture: highlights in running Chinese text, lang set for the fonts."""
    v = visit()
    page = v.go("articles/2024-03-07-zh-fixture/")
    assert page.locator(".tifa-text").get_attribute("lang") == "zh-Hans"
    assert page.locator("#a-zh-local").inner_text() == "因地制宜"
    # A CJK font is installed (fonts-noto-cjk): the phrase has a real width, not tofu boxes.
    width = page.evaluate("document.getElementById('a-zh-local').getBoundingClientRect().width")
    assert width > 30
    v.clean()


@pytest.fixture(scope="module")
def parted_base_url(tmp_path_factory):
    """The same site with its search index built in parts of 0.3 MB of HTML, as a large site's is."""
    import shutil

    from tifa.site.search import index_site

    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(real_site(tmp_path_factory) / "site", site)
    result = index_site(site, part_mb=0.3).result
    assert result is not None and result.returncode == 0, result
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()


def test_search_merges_an_index_built_in_parts(browser, base_url, parted_base_url):
    base, site = parted_base_url
    bundles = __import__("json").loads((site / "search" / "bundles.json").read_text(encoding="utf-8"))
    assert len(bundles) >= 3 and all((site / b[3:]).is_dir() for b in bundles)

    def found(url: str, query: str) -> str:
        v = Visit(browser, url)
        try:
            page = v.go("search/?q=" + query)
            message = page.locator(".pagefind-ui__message")
            message.filter(has_text="result").first.wait_for(timeout=15_000)
            v.clean()
            return message.first.inner_text()
        finally:
            v.close()

    # Merged, the parts find every page the whole index finds (hits in all parts).
    for query in ("新质生产力", "productive forces"):
        whole = found(base_url, query)
        assert int(whole.split()[0]) > 10  # 18 and 27 pages since boilerplate is not indexed
        # At least as many: a part whose pages lack a word matches its prefix ("for" for
        # "forces") since boilerplate that held the word everywhere is no longer indexed.
        assert int(found(base, query).split()[0]) >= int(whole.split()[0])


def test_compare_page_shows_the_series_and_any_two_texts(visit):
    v = visit()
    page = v.go("compare/")
    series = page.locator("#series-jiangsu-delegation")
    assert series.count() == 1
    kept = page.locator("table.tifa-compare-series tr.tifa-change-kept", has_text="new quality productive forces")
    assert kept.count() == 1  # 新质生产力 in both years of the fixture series
    assert kept.locator("a[href*='2024-03-05-xi-jiangsu-delegation-zh/#a-']").count() == 1
    assert kept.locator("a[href*='2025-03-05-xi-jiangsu-delegation-zh/#a-']").count() == 1
    dropped = page.locator("table.tifa-compare-series tr.tifa-change-dropped", has_text="building the new before discarding the old")
    assert dropped.count() == 1
    # Any two texts: the script fills the form from texts.json and draws the same table.
    form = page.locator("div.tifa-compare-form")
    form.wait_for(state="visible", timeout=10_000)
    form.locator("select[name=a]").select_option("2024-03-06-xi-jiangsu-delegation")
    form.locator("select[name=b]").select_option("2024-03-07-zh-fixture")
    form.locator("button").click()
    result = page.locator(".tifa-compare-result table.tifa-compare")
    result.wait_for(timeout=10_000)
    kept_two = result.locator("tr.tifa-change-kept", has_text="according to local conditions")
    assert kept_two.count() == 1
    link = kept_two.locator("a[href*='2024-03-07-zh-fixture/#a-zh-local']")
    assert link.count() == 1 and link.inner_text() == "因地制宜"
    assert "a=2024-03-06-xi-jiangsu-delegation" in page.url
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("#a-zh-local").count() == 1
    v.clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_translation_and_original_side_by_side(visit, width):
    v = visit(width)
    page = v.go(ARTICLE)
    table = page.locator("#side-by-side ~ .tifa-table-wrap table.tifa-parallel").first
    row = table.locator("tr", has=page.locator("td:first-child a[href$='concepts/new-quality-productive-forces/']")).first
    cells = row.locator("td")
    assert "新质生产力" in cells.nth(1).inner_text() and "new quality productive forces" in cells.nth(2).inner_text()
    assert cells.nth(1).locator("mark").inner_text() == "新质生产力"
    # The original lists its translation and shows the same pairs, its excerpts grouped by paragraph.
    page = v.go("articles/2024-03-05-xi-jiangsu-delegation-zh/")
    assert page.locator("dt", has_text="Translated as").count() == 1
    assert page.locator("table.tifa-parallel tr", has_text="according to local conditions").count() >= 1
    assert page.locator(".tifa-excerpt-group#p1 .tifa-excerpt").count() >= 3
    assert "only short excerpts are quoted" in page.locator("dl.tifa-facts").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    v.clean()


# Where a highlight's note card lands: its containing block is the nearest positioned
# ancestor (or the screen, for a fixed card); its width is the used border-box width.
CARD_BOX = """el => {
    const s = getComputedStyle(el, '::after');
    let left = 0;
    if (s.position !== 'fixed') {
        let p = el.parentElement;
        while (p && getComputedStyle(p).position === 'static') p = p.parentElement;
        if (p) left = p.getBoundingClientRect().left + p.clientLeft;
    }
    left += parseFloat(s.left);
    let width = parseFloat(s.width);
    if (s.boxSizing !== 'border-box') width += parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
    return {id: el.id, shown: s.content !== 'none' && s.display !== 'none', focusVisible: el.matches(':focus-visible'),
            left: left, right: left + width, screen: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_first_highlight_is_at_most_ten_tabs_away(visit, width):
    """From the top of an article: Tab reaches "Skip to content", which goes to the text
    (not to a list of links), and a few Tabs later focus is on the first highlight."""
    v = visit(width)
    page = v.go(ARTICLE)
    page.keyboard.press("Tab")
    skip = page.evaluate("() => { const a = document.activeElement; return [a.className, a.getAttribute('href')]; }")
    assert "md-skip" in skip[0].split() and skip[1].endswith("#text"), skip
    page.keyboard.press("Enter")
    tabs = 1
    while tabs < 10:
        page.keyboard.press("Tab")
        tabs += 1
        if page.evaluate("document.activeElement.matches('a.tifa-ann')"):
            break
    assert page.evaluate("document.activeElement.matches('a.tifa-ann')"), f"no highlight within {tabs} Tabs"
    assert page.evaluate("document.activeElement.closest('#p1') !== null")
    v.clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_concepts_stand_out_and_entities_are_quiet(visit, scheme):
    """A concept is filled; a person, place or organization is underlined in its own colour,
    without a fill; the legend's keys look like the highlights they name."""
    v = visit(scheme=scheme)
    page = v.go(ARTICLE)
    styles = page.evaluate("""() => {
        const look = el => { const s = getComputedStyle(el);
            return {bg: s.backgroundColor, line: s.textDecorationLine, color: s.textDecorationColor}; };
        const out = {};
        for (const kind of ['concept', 'person', 'place', 'organization']) {
            const el = document.querySelector('.tifa-text a.tifa-ann.tifa-' + kind);
            out[kind] = el ? look(el) : null;
            out[kind + '-key'] = look(document.querySelector('.tifa-legend a.tifa-key.tifa-' + kind));
        }
        out.text = getComputedStyle(document.querySelector('.tifa-text')).color;
        return out; }""")
    transparent = "rgba(0, 0, 0, 0)"
    assert styles["concept"]["bg"] != transparent
    present = [k for k in ("person", "place", "organization") if styles[k]]
    assert present, styles
    for kind in present:
        assert styles[kind]["bg"] == transparent, (kind, styles[kind])
        assert "underline" in styles[kind]["line"]
        assert styles[kind]["color"] != styles["text"]  # the kind's colour, not the text's
        assert styles[kind] == styles[kind + "-key"]
    assert styles["concept"] != styles[present[0]]
    colours = {styles[k + "-key"]["color"] for k in ("person", "place", "organization")}
    assert len(colours) == 3, styles  # each kind its own colour
    v.clean()


def test_legend_filters_highlights_with_and_without_script(browser, base_url, visit):
    """The legend's links show one kind only: with JavaScript the choice is kept on the
    next page; without, the link goes to #hl-KIND and CSS :target does it."""
    fill = "el => getComputedStyle(el).backgroundColor"
    line = "el => getComputedStyle(el).textDecorationLine"
    v = visit()
    page = v.go(ARTICLE)
    concept = page.locator(".tifa-text a.tifa-ann.tifa-concept").first
    person = page.locator(".tifa-text a.tifa-ann.tifa-person").first
    page.locator(".tifa-legend a[data-show=person]").click()
    assert concept.evaluate(fill) == "rgba(0, 0, 0, 0)" and "underline" in person.evaluate(line)
    assert "#hl-" not in page.url
    page = v.go("articles/2024-03-07-zh-fixture/")  # remembered on another text
    assert page.locator(".tifa-text a.tifa-ann.tifa-concept").first.evaluate(fill) == "rgba(0, 0, 0, 0)"
    page.locator(".tifa-legend a[data-show=all]").first.click()
    assert page.locator(".tifa-text a.tifa-ann.tifa-concept").first.evaluate(fill) != "rgba(0, 0, 0, 0)"
    v.clean()

    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + ARTICLE)
        page.locator(".tifa-legend a[data-show=none]").click()
        assert page.url.endswith("#hl-none")
        assert page.locator(".tifa-text a.tifa-ann.tifa-concept").first.evaluate(fill) == "rgba(0, 0, 0, 0)"
        assert "underline" not in page.locator(".tifa-text a.tifa-ann.tifa-person").first.evaluate(line)
        page.locator(".tifa-legend a[data-show=concept]").click()
        assert page.locator(".tifa-text a.tifa-ann.tifa-concept").first.evaluate(fill) != "rgba(0, 0, 0, 0)"
        assert "underline" not in page.locator(".tifa-text a.tifa-ann.tifa-person").first.evaluate(line)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_note_card_stays_inside_the_viewport(visit, width):
    """Each highlight's card, on keyboard focus, lies inside the screen's width (at 1,280 px
    it once ran off the right edge over the table of contents)."""
    v = visit(width)
    page = v.go(ARTICLE)
    page.keyboard.press("Shift")  # a keyboard user: focus() below shows :focus-visible
    boxes = page.evaluate(f"""() => {{ const box = {CARD_BOX};
        return [...document.querySelectorAll('.tifa-text a.tifa-ann, .tifa-text a.tifa-outer-link')].map(el => {{ el.focus(); return box(el); }}); }}""")
    assert len(boxes) > 10
    for b in boxes:
        assert b["focusVisible"] and b["shown"], b
        assert 0 <= b["left"] and b["right"] <= b["screen"], b
    v.clean()


def test_home_shows_what_is_inside_and_project_pages_are_grouped(visit):
    """The home page links into the content (most used formulations, latest texts, the
    series on the compare page); the project's own pages share one "About" tab."""
    v = visit()
    page = v.go("")
    inside = page.locator(".tifa-home-inside")
    assert inside.locator(".tifa-featured a[href$='concepts/new-quality-productive-forces/']").count() == 1
    assert inside.locator(f".tifa-latest a[href$='{ARTICLE}']").count() == 1
    assert inside.locator(".tifa-series a[href$='compare/#series-jiangsu-delegation']").count() == 1
    tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
    assert "About" in tabs and not {"Performance", "Changelog", "Contributing", "Method", "Data"} & set(tabs), tabs
    assert len(tabs) <= 11, tabs  # 14 before
    inside.locator(".tifa-series a").click()
    page.wait_for_load_state("load")
    assert page.locator("#series-jiangsu-delegation").is_visible()
    v.clean()


def _toneless(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def test_search_puts_each_concept_first_for_its_names(visit, base_url, tmp_path_factory):
    """For every concept of the fixture corpus, its label, 汉字, each alias and its pinyin
    without tones (as typed, and without spaces) put its own page first among the hits."""
    import json

    concepts = json.loads((real_site(tmp_path_factory) / "site" / "search" / "concepts.json").read_text(encoding="utf-8"))

    def own(c):
        return {n.lower() for n in (c["label"], c["zh"], _toneless(c["pinyin"]), _toneless(c["pinyin"]).replace(" ", "")) if n}

    owners: dict = {}
    for c in concepts:
        for name in own(c):
            owners.setdefault(name, []).append(c)
    queries = []
    for c in concepts:
        for name in sorted(own(c)) + c["names"]:
            sharing = owners.get(name.lower(), [c])
            if c not in sharing:
                continue  # another concept's own name: that one comes first, rightly
            # Two concepts with the same 汉字 (the fixture has such a pair): the more used first.
            best = max(sharing, key=lambda x: (x["uses"], -len(x["label"])))
            if best is c:
                queries.append((name, c["url"]))
    assert len(queries) > 3 * len(concepts)
    v = visit()
    page = v.go("search/")
    page.wait_for_function("typeof window.tifaRankConcepts === 'function'", timeout=10_000)
    tops = page.evaluate("qs => Promise.all(qs.map(q => window.tifaRankConcepts(q).then(r => r[0])))", [q for q, _ in queries])
    wrong = [(q, url, top) for (q, url), top in zip(queries, tops) if top != url]
    assert wrong == []
    # And as a reader sees it: the first link on the results page, from the address.
    for query in ("xinzhi shengchanli", "新质生产力", "new quality productive forces"):
        page = v.go("search/?q=" + query)
        first = page.locator("#tifa-concept-hits a").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").endswith("concepts/new-quality-productive-forces/"), query
    v.clean()


def test_a_tap_opens_the_note_in_place_and_a_second_follows_it(browser, base_url):
    """On a phone (touch, 390 px): the first tap on a highlight shows its note inside the
    screen without leaving the page; a second tap goes on to the concept or entity."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + ARTICLE)
        ann = page.locator(".tifa-text a.tifa-ann.tifa-concept").first
        ann.scroll_into_view_if_needed()
        href = ann.get_attribute("href")
        ann.tap()
        assert page.url == base_url + ARTICLE
        card = ann.evaluate(CARD_BOX)
        assert card["shown"] and 0 <= card["left"] and card["right"] <= card["screen"], card
        assert "tifa-open" in ann.get_attribute("class")
        with page.expect_navigation():
            ann.tap()
        assert page.url.split("#")[0].endswith(href.split("#")[0].replace("../", "")), (page.url, href)
    finally:
        context.close()
