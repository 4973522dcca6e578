"""Concept and entity pages in a real browser (issue 20): the concordance as a reader of
AntConc or Voyant expects it, the compact tables, at 1,280 and 390 px.

Same set-up as tests/test_browser.py (its fixtures are imported: one fresh build of the
fixture corpus, served from 127.0.0.1, Debian's chromium).
"""

# ruff: noqa: F811  (the fixtures imported from test_browser are test parameters here)
from __future__ import annotations

import pytest

from test_browser import CHROMIUM, WIDTHS, base_url, browser, visit  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONCEPT = "concepts/new-quality-productive-forces/"
PERSON = "people/xi-jinping/"
ENTITY = "organizations/jiangsu-delegation-14th-npc/"  # the fixture's entity mentioned in two texts

# Every concordance row's geometry, and what the reader sees of it.
ROWS = """() => {
    const table = document.querySelector('table.tifa-kwic');
    const wrap = table.closest('.tifa-kwic-wrap');
    const rows = [...table.querySelectorAll('tbody tr[id]')].map(tr => {
        const kw = tr.querySelector('td.tifa-kw');
        const s = getComputedStyle(kw);
        const where = tr.querySelector('td.tifa-where a').getBoundingClientRect();
        return {id: tr.id, height: tr.getBoundingClientRect().height,
                line: parseFloat(s.lineHeight) + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom),
                left: getComputedStyle(tr.querySelector('td.tifa-left')).textAlign,
                right: getComputedStyle(tr.querySelector('td.tifa-right')).textAlign,
                kw: s.textAlign, whereLeft: where.left, whereRight: where.right,
                visible: getComputedStyle(tr).display !== 'none'};
    });
    const texts = [...table.querySelectorAll('tr.tifa-kwic-text')].filter(tr => getComputedStyle(tr).display !== 'none')
        .map(tr => tr.querySelector('a').textContent);
    return {rows, texts, table: table.getBoundingClientRect().width, wrapWidth: wrap.clientWidth, wrapScroll: wrap.scrollWidth,
            role: wrap.getAttribute('role'), tabindex: wrap.getAttribute('tabindex'), label: wrap.getAttribute('aria-label'),
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            screen: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("url", [CONCEPT, ENTITY])
@pytest.mark.parametrize("width", WIDTHS)
def test_concordance_reads_like_a_concordance(visit, width, url):
    """Keyword centred in its own column, left context right-aligned, right context
    left-aligned, each text named once above its rows; at 1,280 px one line a row and no
    wider than its column; at 390 px it scrolls sideways in a focusable region with the ¶
    link still on screen."""
    v = visit(width)
    page = v.go(url)
    got = page.evaluate(ROWS)
    rows = got["rows"]
    assert len(rows) >= (5 if url == CONCEPT else 2)
    for r in rows:
        assert (r["left"], r["kw"], r["right"]) == ("right", "center", "left"), r
    # One header row a text, no title repeated.
    assert len(got["texts"]) == len(set(got["texts"])) >= 2
    assert got["role"] == "region" and got["tabindex"] == "0" and got["label"].startswith("Concordance")
    assert got["overflow"] <= 0
    if width == "desktop":
        assert got["table"] <= got["wrapWidth"] and got["wrapScroll"] <= got["wrapWidth"], got
        for r in rows:
            assert r["height"] < 1.5 * r["line"], r  # one line: two would be twice the line
    else:
        assert got["wrapScroll"] > got["wrapWidth"]  # it does scroll sideways, inside its frame
        page.evaluate("() => { const w = document.querySelector('.tifa-kwic-wrap'); w.scrollLeft = w.scrollWidth; }")
        got = page.evaluate(ROWS)
        for r in got["rows"]:
            assert 0 <= r["whereLeft"] and r["whereRight"] <= got["screen"], r
    v.clean()


def test_concordance_shows_a_clipped_context_whole_on_focus(visit):
    v = visit("desktop")
    page = v.go(CONCEPT)
    clipped = page.evaluate("""() => [...document.querySelectorAll('table.tifa-kwic td.tifa-right')]
        .filter(td => td.scrollWidth > td.clientWidth).map(td => td.parentElement.id)""")
    assert clipped, "no context long enough to be clipped in the fixture"
    row = page.locator(f"#{clipped[0]}")
    cell = row.locator("td.tifa-right")
    assert cell.get_attribute("title") is None  # not written into the page: kwic.js adds it on hover
    cell.hover()
    assert cell.get_attribute("title") == cell.text_content().strip()
    row.locator("td.tifa-kw a").focus()
    assert cell.evaluate("td => td.scrollWidth <= td.clientWidth && td.getBoundingClientRect().height > 30")
    v.clean()


SORT_STATE = """() => {
    const t = document.querySelector('table.tifa-kwic');
    const rows = [...t.querySelectorAll('tbody tr[id]')];
    return {ids: rows.map(r => r.id), right: rows.map(r => r.querySelector('td.tifa-right').textContent),
            left: rows.map(r => r.querySelector('td.tifa-left').textContent),
            dates: rows.map(r => r.closest('tbody').dataset.date || r.querySelector('.tifa-kwic-date').textContent.trim()),
            flat: t.classList.contains('tifa-kwic-flat'),
            sorted: [...t.querySelectorAll('thead th[aria-sort]')].map(th => th.dataset.sort),
            headers: [...t.querySelectorAll('tr.tifa-kwic-text')].filter(tr => getComputedStyle(tr).display !== 'none').length};
}"""

KEY = r"""([texts, side]) => {
    const collator = new Intl.Collator(undefined, {sensitivity: 'base', numeric: true});
    const clean = s => s.replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
    const keys = texts.map(t => { t = clean(t); if (side === 'right') return t;
        return /[\u3400-\u9fff]/.test(t) ? Array.from(t.replace(/\s/g, '')).reverse().join('') : t.split(' ').reverse().join(' '); });
    return keys.every((k, i) => i === 0 || collator.compare(keys[i - 1], k) <= 0);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_concordance_sorts_by_the_words_either_side(visit, width):
    """Date order (grouped by text) first; sorted by the right or left word the rows are in
    that order, each showing its date; back to date order, as built."""
    v = visit(width)
    page = v.go(CONCEPT)
    built = page.evaluate(SORT_STATE)
    assert built["dates"] == sorted(built["dates"]) and built["sorted"] == ["date"] and not built["flat"]
    assert built["headers"] >= 2
    for side in ("right", "left"):
        page.locator(f"table.tifa-kwic thead th[data-sort={side}] button").click()
        state = page.evaluate(SORT_STATE)
        assert state["sorted"] == [side] and state["flat"] and state["headers"] == 0
        assert sorted(state["ids"]) == sorted(built["ids"])
        assert page.evaluate(KEY, [state[side], side]), state[side]
        assert state["ids"] != built["ids"] or side == "left"  # the fixture's right words are not in date order
        date = page.locator("table.tifa-kwic tbody tr[id] .tifa-kwic-date").first
        assert date.is_visible() and date.bounding_box()["width"] > 20
    page.locator("table.tifa-kwic thead th[data-sort=date] button").click()
    assert page.evaluate(SORT_STATE) == built
    v.clean()


def test_concordance_without_javascript_is_in_date_order(browser, base_url):
    """No script: rows in date order under their texts' header rows, nothing to click."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + CONCEPT)
        state = page.evaluate(SORT_STATE)
        assert state["dates"] == sorted(state["dates"]) and state["headers"] >= 2 and not state["flat"]
        assert page.locator("table.tifa-kwic th button").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_concept_and_person_pages_say_each_thing_once(visit, width):
    """Co-occurring concepts: one compact table, no collapsible box a concept, no row of 0
    paragraphs, each ¶ a link to the paragraph. A person: formulations once (one table with
    both counts); roles: each source cited once."""
    v = visit(width)
    page = v.go(CONCEPT)
    assert page.locator("details.tifa-with").count() == 0
    assert page.locator("table.tifa-cooc").count() == 1
    rows = page.evaluate("""() => [...document.querySelectorAll('table.tifa-cooc tbody tr')].map(tr => ({
        concept: tr.querySelector('td a').getAttribute('href'), paragraphs: tr.cells[1].textContent,
        links: [...tr.cells[2].querySelectorAll('a')].map(a => a.getAttribute('href'))}))""")
    assert len(rows) >= 10
    assert len({r["concept"] for r in rows}) == len(rows)
    for r in rows:
        assert int(r["paragraphs"]) > 0 and r["links"] and all("#p" in h for h in r["links"]), r
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    page = v.go(PERSON)
    assert page.locator("#formulations").count() == 0  # merged into "Concepts nearby"
    nearby = page.evaluate("""() => ({heads: [...document.querySelectorAll('table.tifa-nearby thead th')].map(th => th.textContent),
        concepts: [...document.querySelectorAll('table.tifa-nearby tbody td:first-child a')].map(a => a.getAttribute('href'))})""")
    assert nearby["heads"] == ["Concept", "Annotations in the same paragraphs", "Attributed to Xi Jinping"]
    assert len(nearby["concepts"]) == len(set(nearby["concepts"])) >= 5
    cites = page.locator("table.tifa-roles .tifa-cite").all_inner_texts()
    assert page.locator("table.tifa-roles tbody tr").count() > len(cites) >= 1
    assert len(cites) == len(set(cites)), cites
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    v.clean()


# Pagefind's own ranking and excerpts, through its JavaScript API on the search page.
PAGEFIND = """async (q) => {
    const pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
    await pf.init();
    const found = await pf.search(q);
    const data = await Promise.all(found.results.map(r => r.data()));
    return data.map(d => ({url: d.url, excerpt: d.excerpt.replace(/<[^>]+>/g, '')}));
}"""


def test_search_index_leaves_boilerplate_out(visit, tmp_path_factory):
    """What every page repeats (citation boxes, cited titles, "At a glance", facts) is not
    indexed: "Jiangsu" (in the title of the text most pages cite) no longer finds nearly
    every page (75 of 92 before); excerpts show no file path and no words run together."""
    import re

    from builds import real_site

    pages = len(list((real_site(tmp_path_factory) / "site").rglob("index.html")))
    v = visit()
    page = v.go("search/")
    hits = page.evaluate(PAGEFIND, "Jiangsu")
    assert 10 <= len(hits) < pages / 2, (len(hits), pages)
    for query in ("Jiangsu", "productive forces", "development", "新质生产力", "Xinhua"):
        for hit in page.evaluate(PAGEFIND, query):
            if not hit["url"].startswith(("/concepts/", "/articles/", "/people/", "/places/", "/organizations/")):
                continue  # the guides (Contributing, Fields) are about file names
            assert ".yml" not in hit["excerpt"] and "annotations/" not in hit["excerpt"], hit
            run = re.findall(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", hit["excerpt"])
            assert [w for w in run if w not in ("GitHub", "JavaScript")] == [], hit
    v.clean()


def test_search_ranks_the_concept_page_first(visit):
    """For its 汉字, label and toneless pinyin, the first result a reader sees on the results
    page is the concept's page, before a person whose name holds the same syllables (Jiang
    Xinzhi); in Pagefind's own list the concept is first for its pinyin and label, and among
    the first three for its 汉字 (Pagefind matches Chinese by its first character: 新)."""
    v = visit()
    page = v.go("search/")
    for query in ("xinzhi shengchanli", "xinzhishengchanli", "productive forces"):
        assert page.evaluate(PAGEFIND, query)[0]["url"].endswith(CONCEPT), query
    assert any(h["url"].endswith(CONCEPT) for h in page.evaluate(PAGEFIND, "新质生产力")[:3])
    xinzhi = [h["url"] for h in page.evaluate(PAGEFIND, "xinzhi")]
    assert any(u.endswith(CONCEPT) for u in xinzhi[:2]), xinzhi
    for query in ("新质生产力", "xinzhi shengchanli", "xinzhi", "new quality productive forces"):
        page = v.go("search/?q=" + query)
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        first = page.locator("#tifa-concept-hits a, .pagefind-ui__result-link").first
        assert first.get_attribute("href").endswith(CONCEPT), query
    v.clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_filter_is_the_sites_own(visit, width):
    """The "Type" filter is a heading and a row of checkboxes, not the theme's admonition
    box (a border, a shadow and a pencil icon over "Type", 400 px of a phone's screen)."""
    v = visit(width)
    page = v.go("search/?q=development")
    block = page.locator("details.pagefind-ui__filter-block")
    block.wait_for(timeout=15_000)
    look = block.evaluate("""d => { const s = getComputedStyle(d), m = getComputedStyle(d.querySelector('summary'), '::before');
        const n = getComputedStyle(d.querySelector('summary'), '::after');
        return {border: s.borderTopWidth, shadow: s.boxShadow, before: m.content + '|' + m.display, after: n.content + '|' + n.display,
                height: d.getBoundingClientRect().height}; }""")
    assert look["border"] == "0px" and look["shadow"] == "none", look
    assert look["before"].endswith("none") and look["after"].endswith("none"), look
    assert look["height"] < 200, look
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    v.clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_network_reads_at_every_width(visit, width):
    """At 1,280 px the network is drawn, every shortened label with its full name in the
    SVG's <title>; at 390 px a ranked list of the strongest pairs, with full names, shows
    instead, and the page does not scroll sideways."""
    v = visit(width)
    page = v.go("dashboard/")
    got = page.evaluate("""() => { const fig = document.querySelector('#fig-network').closest('figure');
        const svg = fig.querySelector('.tifa-wide-only'), list = fig.querySelector('.tifa-narrow-only');
        const labels = [...fig.querySelectorAll('svg a')].filter(a => a.querySelector('text')).map(a => ({
            text: a.querySelector('text').textContent, title: a.querySelector('title').textContent}));
        return {svg: getComputedStyle(svg).display, list: getComputedStyle(list).display, labels,
                pairs: [...list.querySelectorAll('li')].map(li => [...li.querySelectorAll('a')].map(a => a.textContent)),
                names: Object.fromEntries([...fig.querySelectorAll('svg a')].map(a => [a.getAttribute('href'), a.querySelector('title').textContent])),
                overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth}; }""")
    assert got["overflow"] <= 0
    assert len(got["pairs"]) >= 10 and all(len(p) == 2 for p in got["pairs"])
    for label in got["labels"]:
        shown = label["text"].rstrip("…")
        assert label["title"].startswith(shown), label  # a cut label's full name is its <title>
    assert any(label["text"].endswith("…") for label in got["labels"])  # the fixture has long names
    if width == "desktop":
        assert got["svg"] != "none" and got["list"] == "none"
    else:
        assert got["svg"] == "none" and got["list"] != "none"
        assert not any(name.endswith("…") for pair in got["pairs"] for name in pair)
    v.clean()


FOCUS_PAGES = {
    "home": "",
    "article": "articles/2024-03-06-xi-jiangsu-delegation/",
    "concept": CONCEPT,
    "entity": PERSON,
    "index": "concepts/",
    "dashboard": "dashboard/",
    "search": "search/?q=development",
    "compare": "compare/",
}
# A visually hidden radio (the palette switch) shows its focus on the label after it.
FOCUSED = """() => { const el = document.activeElement;
    const s = getComputedStyle(el.matches('input.md-option') ? el.nextElementSibling : el);
    // A chart's link shows its focus on its shape, drawn with a stroke of 2 or more (1 or none otherwise).
    const shape = el instanceof SVGElement ? el.querySelector('rect, circle') : null, ss = shape && getComputedStyle(shape);
    const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || (s.boxShadow && s.boxShadow !== 'none')
                  || (ss !== null && ss.stroke !== 'none' && parseFloat(ss.strokeWidth) >= 2);
    return {what: el.tagName + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
                  + ' ' + (el.getAttribute('href') || el.getAttribute('name') || el.textContent.trim().slice(0, 30)),
            shown, outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, shadow: s.boxShadow}; }"""
STOPS = 25


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", FOCUS_PAGES)
def test_every_focus_is_visible(visit, kind, width, scheme):
    """Tab through the first stops of each kind of page: every element focused shows an
    outline or a ring (the header search box had none)."""
    v = visit(width, scheme)
    page = v.go(FOCUS_PAGES[kind])
    page.wait_for_timeout(300)  # the search page's Pagefind box
    hidden = []
    for _ in range(STOPS):
        page.keyboard.press("Tab")
        got = page.evaluate(FOCUSED)
        if not got["shown"] and not got["what"].startswith("BODY"):
            hidden.append(got)
    assert hidden == []
    v.clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_search_has_a_visible_focus_ring(visit, scheme):
    """The ring around the focused header search box stands out from the header (3:1)."""
    v = visit("desktop", scheme)
    page = v.go(CONCEPT)
    box = page.locator(".md-header form.tifa-header-search input[name=q]")
    page.keyboard.press("Tab")
    while not box.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    ring = box.evaluate("""el => { const s = getComputedStyle(el), h = getComputedStyle(el.closest('.md-header'));
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, header: h.backgroundColor}; }""")
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert _contrast(ring["color"], ring["header"]) >= 3, ring
    v.clean()


def _contrast(a: str, b: str) -> float:
    def lum(css: str) -> float:
        parts = [float(x) for x in css[css.index("(") + 1 : -1].replace("/", ",").split(",")[:3]]
        c = [p / 255 for p in parts]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def missing_page_server(tmp_path_factory):
    """The built site served twice by one server, as a host serves it: from the root and
    from /sub/, 404.html answering every missing path."""
    import functools
    import shutil
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from builds import real_site

    root = tmp_path_factory.mktemp("served")
    site = real_site(tmp_path_factory) / "site"
    shutil.copytree(site, root / "sub")
    shutil.copy2(site / "404.html", root / "404.html")

    class Host(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            sub = self.path.startswith("/sub/")
            body = (root / ("sub/404.html" if sub else "404.html")).read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", ["", "sub/", "sub/concepts/no/such/page/"])
def test_404_page_works_from_any_base(browser, missing_page_server, where, width):
    """A missing page at the root, under /sub/ and deep below it: the 404 page is styled
    (the theme's header colour, our stylesheet's rules) and the console stays empty (from
    the root it once logged 6 errors for assets under /tifa/)."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    try:
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        response = page.goto(missing_page_server + where + "missing-page/")
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == "rgb(211, 47, 47)"  # tifa.css's red 700, over the theme's own
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != '"Times New Roman"'
        assert requests == [missing_page_server + where + "missing-page/"]  # nothing else to load
        # The document's own 404 status is the only "error" Chrome reports (no favicon.ico).
        assert len(errors) == 1 and "status of 404" in errors[0], errors
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        from test_browser import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"404-{where.strip('/').replace('/', '-') or 'root'}-{width}.png"))
    finally:
        context.close()
