"""Every built page, audited as a browser would parse it: nothing executable came from content.

Run over a fresh build of the real project (plus the Chinese fixture) and over the
hostile build (tests/hostile_corpus.py). The theme's own scripts and forms are allowed
by an explicit list; everything else that could run code, leave the site or submit data
is reported with its page, so one run lists every breach.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from builds import hostile_site, real_site
from helpers import ROOT

pytestmark = pytest.mark.slow

SITE_PATH = "/tifa/"  # path of site_url in mkdocs.yml: 404.html uses absolute URLs under it

# Scripts by source, as site-relative paths: the theme's bundle and mkdocs.yml's
# extra_javascript on every page, Pagefind's UI and ours on the search page only.
THEME_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")
SCRIPTS_BY_PAGE = {"search/": {"pagefind/pagefind-ui.js", "assets/search.js"}}


def _extra_javascript() -> set[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)  # mkdocs.yml's site_url
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return {entry if isinstance(entry, str) else entry["path"] for entry in config.get("extra_javascript") or ()}


SITE_SCRIPTS = _extra_javascript()
# The theme's inline scripts (mkdocs-material base.html), by how they start; none may
# stand inside the page content.
THEME_INLINE = (
    "__md_scope=new URL(",
    "var palette=__md_get(",
    "var target=document.getElementById(location.hash.slice(1))",
)
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal")
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "lowsrc",
    "dynsrc",
)
SAFE_SCHEMES = {"http", "https", "mailto"}
# What the templates and Markdown put inside <article class="md-content__inner">: any
# other element or attribute there came from somewhere it should not have. (data-*
# attributes are inert data for our scripts, e.g. the citation box's copy buttons.)
CONTENT_TAGS = {
    "a",
    "p",
    "div",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "em",
    "small",
    "code",
    "pre",
    "br",
    "time",
    "details",
    "summary",
    "blockquote",
    "mark",
    "hr",
    "sup",
    "sub",
    "abbr",
    "cite",
    "q",
    "i",
    "b",
    "kbd",
    "samp",
    "var",
    "dfn",
    "figure",
    "figcaption",
    "section",
    "nav",
    "svg",
    "path",  # the Edit button's icon
    "g",
    "rect",
    "line",
    "circle",
    "text",
    "title",
    "desc",  # the figures' static SVG (tifa/site/chartsvg.py)
    "noscript",
    "link",
    "script",
    "button",
    "input",
    "label",  # the search page's own
    "select",  # the compare page's choice of two texts (its options come from texts.json)
}
CONTENT_ATTRIBUTES = {
    "aria-describedby",
    "aria-label",
    "aria-live",
    "aria-hidden",
    "class",
    "d",
    "data-pagefind-filter",
    "data-pagefind-ignore",
    "data-pagefind-weight",
    "data-pagefind-body",
    "data-tip",
    "datetime",
    "href",
    "id",
    "lang",
    "rel",
    "scope",
    "src",
    "title",
    "viewbox",
    "xmlns",
    "colspan",
    "rowspan",
    "open",
    "start",
    "type",
    "name",
    "role",
    "hidden",
    "tabindex",
    "translate",
    "dir",
    "value",
    "for",
    "data-clipboard-text",
    "aria-labelledby",
    "x",
    "y",
    "width",
    "height",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "transform",  # figures
}


def page_url(site: Path, html: Path) -> str:
    """Site-relative URL of a page: 'concepts/x/' for concepts/x/index.html."""
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def site_path(page: str, url: str) -> str | None:
    """A first-party URL as a site-relative path, or None when it leaves the site."""
    if url.startswith(SITE_PATH):
        return url[len(SITE_PATH) :]
    joined = urljoin("http://site.invalid/" + page, url)
    return joined[len("http://site.invalid/") :] if joined.startswith("http://site.invalid/") else None


def scheme(url: str) -> str | None:
    """The scheme a browser would see: it drops leading spaces and controls and tabs/newlines inside."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else None


def _urls(attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


def audit_page(soup: BeautifulSoup, page: str) -> list[str]:
    """Every breach on one parsed page, as 'page: what'."""
    out = []
    content = soup.select_one("article.md-content__inner")
    in_content = set(map(id, content.find_all(True))) if content else set()
    if content is None:
        out.append(f"{page}: no article.md-content__inner")
    for el in soup.find_all(True):
        where = f"{page}: <{el.name}{' in content' if id(el) in in_content else ''}>"
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attr.lower().startswith("on"):
                out.append(f"{where} has event handler {attr}={value!r}")
            if attr.lower() in URL_ATTRIBUTES:
                if el.name == "link" and el.get("rel") == ["icon"] and value == "data:,":
                    continue  # 404.html's empty icon (tifa/notfound.py): inert, and nothing to request
                for url in _urls(attr.lower(), value):
                    s = scheme(url)
                    if s is not None and s not in SAFE_SCHEMES:
                        out.append(f"{where} {attr}={url!r}: scheme {s!r}")
            if attr.lower() == "style" and re.search(r"url\s*\(|expression\s*\(|javascript:", value, re.I):
                out.append(f"{where} style={value!r}")
            if id(el) in in_content and attr.lower() not in CONTENT_ATTRIBUTES and not attr.startswith("data-"):
                out.append(f"{where} attribute {attr}={value!r} that no template writes")
        if el.name in FORBIDDEN_TAGS:
            out.append(f"{where} is forbidden")
        if el.name == "meta" and el.get("http-equiv", "").lower() == "refresh":
            out.append(f"{where} http-equiv=refresh")
        if el.name == "style" and id(el) in in_content:
            out.append(f"{where} style element in content")
        if id(el) in in_content and el.name not in CONTENT_TAGS:
            out.append(f"{where} element that no template writes")
        if el.name == "script":
            out += _script(el, page, where, id(el) in in_content)
        if el.name == "form":
            out += _form(el, page, where, id(el) in in_content)
        if el.name in ("button", "input") and (el.get("formaction") or el.get("form")):
            out.append(f"{where} submits elsewhere")
    return out


def _script(el, page: str, where: str, in_content: bool) -> list[str]:
    src = el.get("src")
    if src is not None:
        path = site_path(page, src)
        allowed = SCRIPTS_BY_PAGE.get(page, set())
        if path is None or not (THEME_BUNDLE.match(path) or path in SITE_SCRIPTS or path in allowed):
            return [f"{where} script src={src!r} is not on the allow-list"]
        if in_content and path not in allowed:
            return [f"{where} theme script inside content"]
        return []
    text = el.string or ""
    if in_content:
        return [f"{where} inline script in content: {text[:80]!r}"]
    if (el.get("type") == "application/json" and el.get("id") == "__config") or el.get("type") == "application/ld+json":
        # Data, not code, as long as it is whole: text that closed the element early
        # (a '</script>' in a value) leaves JSON that does not parse.
        try:
            json.loads(text)
        except ValueError:
            return [f"{where} {el.get('type')} script is not valid JSON: {text[:80]!r}"]
        return []
    if el.get("type") not in (None, "text/javascript") or not text.startswith(THEME_INLINE):
        return [f"{where} inline script that is not the theme's: {text[:80]!r}"]
    return []


def _form(el, page: str, where: str, in_content: bool) -> list[str]:
    classes = el.get("class", [])
    if in_content:
        return [f"{where} form inside content"]
    if "md-header__option" in classes and el.get("data-md-component") == "palette" and not el.get("action"):
        return []  # the theme's light/dark switch: radio buttons, never submitted
    if "tifa-header-search" in classes and (el.get("method") or "get").lower() == "get" and site_path(page, el.get("action", "")) == "search/":
        return []  # overrides/partials/source.html: goes to our own search page
    return [f"{where} form {el.attrs!r} is not on the allow-list"]


def audit_site(site: Path) -> tuple[int, list[str]]:
    """(pages audited, breaches) for every HTML page of a built site."""
    pages, out = 0, []
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        out += audit_page(soup, page_url(site, html))
        pages += 1
    return pages, out


@pytest.mark.parametrize("build", [real_site, hostile_site], ids=["real", "hostile"])
def test_no_page_runs_or_loads_anything_from_content(build, tmp_path_factory):
    site = build(tmp_path_factory) / "site"
    pages, breaches = audit_site(site)
    assert pages >= 70
    assert breaches == []


def test_the_search_page_keeps_its_two_scripts(tmp_path_factory):
    """The allow-list is exact: the search page's scripts are found where they belong."""
    soup = BeautifulSoup((real_site(tmp_path_factory) / "site" / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
    srcs = {site_path("search/", s["src"]) for s in soup.select("article.md-content__inner script[src]")}
    assert srcs == SCRIPTS_BY_PAGE["search/"]


# The audit itself: each rule catches what it is for (an audit that finds nothing proves
# nothing unless it can find something).

PAGE = """<!doctype html><html><head><script>__md_scope=new URL("..",location)</script>
<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script></head><body>
<form class="tifa-header-search" action="../search/" method="get" role="search"><input name="q"></form>
<article class="md-content__inner md-typeset">{}</article></body></html>"""


def parsed(content: str = "", head: str = "", page: str = PAGE) -> BeautifulSoup:
    return BeautifulSoup(page.replace("</head>", head + "</head>").replace("{}", content), "html.parser")


@pytest.mark.parametrize(
    "content, breach",
    [
        ("<p>fine <a href='https://example.org/'>x</a> <a href='mailto:a@b.c'>m</a> <a href='#x'>f</a></p>", None),
        ("<script>alert(1)</script>", "inline script in content"),
        ("<script src='https://evil.example/x.js'></script>", "not on the allow-list"),
        ("<script src='../assets/search.js'></script>", "not on the allow-list"),
        ("<img src=x onerror=alert(1)>", "event handler onerror"),
        ("<svg onload=alert(1)></svg>", "event handler onload"),
        ("<iframe src='https://example.org/'></iframe>", "is forbidden"),
        ("<object data='x.swf'></object>", "is forbidden"),
        ("<embed src='x.swf'>", "is forbidden"),
        ("<base href='https://evil.example/'>", "is forbidden"),
        ("<form action='https://evil.example/'><input></form>", "form inside content"),
        ("<a href='javascript:alert(1)'>x</a>", "scheme 'javascript'"),
        ("<a href=' \tJaVa\nScRiPt:alert(1)'>x</a>", "scheme 'javascript'"),
        ("<a href='&#106;avascript:alert(1)'>x</a>", "scheme 'javascript'"),
        ("<a href='data:text/html,x'>x</a>", "scheme 'data'"),
        ("<a href='vbscript:msgbox(1)'>x</a>", "scheme 'vbscript'"),
        ("<img srcset='a.png 1x, javascript:alert(1) 2x'>", "scheme 'javascript'"),
        ("<svg><use xlink:href='data:image/svg+xml,x'></use></svg>", "scheme 'data'"),
        ("<p style='background:url(javascript:alert(1))'>x</p>", "style="),
        ("<style>body{}</style>", "style element in content"),
        ("<marquee>x</marquee>", "element that no template writes"),
        ("<p x-data='1'>x</p>", "attribute x-data"),
        ("<meta http-equiv='refresh' content='0;url=https://evil.example/'>", "http-equiv=refresh"),
    ],
)
def test_the_audit_finds_what_it_is_for(content, breach):
    found = audit_page(parsed(content), "concepts/")
    if breach is None:
        assert found == []
    else:
        assert len(found) >= 1 and any(breach in f for f in found), found


@pytest.mark.parametrize(
    "head, breach",
    [
        ('<script type="application/ld+json">{"name": "x"}</script>', None),
        ('<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>', "not valid JSON"),
        ('<script>__md_scope=new URL("..",location)</script><script>alert(1)</script>', "not the theme's"),
        ('<script type="module">__md_scope=new URL("..",location)</script>', "not the theme's"),
        ('<script src="https://cdn.example/x.js"></script>', "not on the allow-list"),
    ],
)
def test_the_audit_checks_the_head(head, breach):
    found = audit_page(parsed(head=head), "concepts/")
    assert found == [] if breach is None else any(breach in f for f in found), found


def test_the_audit_refuses_a_foreign_header_form():
    page = PAGE.replace('action="../search/"', 'action="https://evil.example/"')
    assert any("not on the allow-list" in f for f in audit_page(parsed(page=page), "concepts/"))
