"""The real MkDocs build of the seed corpus plus a Chinese fixture, inspected as HTML."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from helpers import copy_project, mkdocs_build
from tifa.corpus.index import build_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def corpus(project):
    checked, corpus = build_corpus(project / "annotations")
    assert checked.ok, checked.problems
    return corpus


def soup(project: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_record_has_its_page(project, corpus):
    site = project / "site"
    for article in corpus.articles:
        assert (site / "articles" / article.id / "index.html").is_file()
    for cid in corpus.concepts:
        assert (site / "concepts" / cid / "index.html").is_file()
    for kind, folder in (("person", "people"), ("place", "places"), ("organization", "organizations")):
        for eid in corpus.entities[kind]:
            assert (site / folder / eid / "index.html").is_file()
    for index in ("articles", "concepts", "people", "places", "organizations", "timeline", "method"):
        assert (site / index / "index.html").is_file()


def _ids(project: Path, url: str) -> set[str]:
    return {el["id"] for el in soup(project, url).find_all(id=True)}


def test_every_highlight_links_to_an_existing_page_and_anchor(project, corpus):
    checked = 0
    for article in corpus.articles:
        url = f"articles/{article.id}/"
        page = soup(project, url)
        highlights = page.select(".tifa-ann, .tifa-outer-link")
        assert highlights, url
        for el in highlights:
            if el.name != "a":
                continue
            target, fragment = urldefrag(urljoin("/" + url, el["href"]))
            target_path = project / "site" / target.strip("/") / "index.html"
            assert target_path.is_file(), (url, el["href"])
            if fragment:
                assert fragment in _ids(project, target.strip("/")), (url, el["href"])
            checked += 1
    assert checked >= 30


def test_every_annotation_has_its_stable_anchor_and_listed_note(project, corpus):
    for article in corpus.articles:
        ids = _ids(project, f"articles/{article.id}/")
        for ann in article.annotations:
            assert f"a-{ann.id}" in ids
            assert f"note-{ann.id}" in ids
        for number in range(1, len(article.paragraphs) + 1):
            assert f"p{number}" in ids


def test_concordance_has_one_row_per_annotation(project, corpus):
    for cid in corpus.concepts:
        rows = soup(project, f"concepts/{cid}/").select("table.tifa-kwic tbody tr[id]")
        expected = [(a.id, ann.id) for a in corpus.articles for ann in a.annotations if ann.concept == cid]
        assert sorted(r["id"] for r in rows) == sorted(f"kwic-{aid}-{nid}" for aid, nid in expected), cid
        for row in rows:
            link = row.select_one(".tifa-kw a")["href"]
            assert link.endswith("#a-" + row["id"].rsplit("-", 0)[0].split("-", 1)[1].split("-", 3)[-1]) or "#a-" in link


def test_chinese_fixture_anchors_without_word_boundaries(project, corpus):
    article = corpus.article_index["2024-03-07-zh-fixture"]
    found = {a.id: (a.paragraph, article.paragraphs[a.paragraph - 1][a.start : a.end]) for a in article.annotations}
    assert found == {"zh-nqpf-1": (1, "新质生产力"), "zh-local": (1, "因地制宜"), "zh-nqpf-2": (2, "新质生产力"), "zh-sliqianpo": (2, "先立后破")}
    page = soup(project, "articles/2024-03-07-zh-fixture/")
    text = page.select_one(".tifa-text")
    assert text["lang"] == "zh-Hans"
    assert text.select_one("#a-zh-local").get_text() == "因地制宜"
    assert text.select_one("#p2").get_text(" ", strip=True).endswith("第二段再次提到 新质生产力 ，也提到 先立后破 。")
    rows = soup(project, "concepts/zh-fixture-concept/").select("table.tifa-kwic tbody tr[id]")
    assert [r.select_one(".tifa-kw").get_text() for r in rows] == ["先立后破"]


def test_pages_name_no_third_party_resource(project):
    """Scripts, styles, images and fonts all come from the site itself."""
    for html in (project / "site").rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in page.find_all(tag):
                value = el.get(attr, "")
                if tag == "link" and "stylesheet" not in el.get("rel", []) and "preconnect" not in el.get("rel", []) and "icon" not in el.get("rel", []):
                    continue
                assert not value.startswith(("http:", "https:", "//")), (html, tag, value)
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8")


def test_edit_button_opens_the_yaml_file(project, corpus):
    article = corpus.articles[0]
    edit = soup(project, f"articles/{article.id}/").select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None
    assert edit["href"].endswith("/edit/main/" + article.path)


def test_build_is_deterministic(project, tmp_path):
    """Pages and data are byte-identical across builds. (Pagefind names its index
    chunks by content hashes that vary between runs; the index is left out.)"""
    again = mkdocs_build(project, site=str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    first = {
        p.relative_to(project / "site"): p.read_bytes()
        for p in (project / "site").rglob("*")
        if p.is_file() and p.suffix != ".gz" and "pagefind" not in p.parts
    }
    second = {
        p.relative_to(tmp_path / "again"): p.read_bytes()
        for p in (tmp_path / "again").rglob("*")
        if p.is_file() and p.suffix != ".gz" and "pagefind" not in p.parts
    }
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("url", ["concepts/new-quality-productive-forces", "articles/2024-03-06-xi-jiangsu-delegation", "compare", "people/xi-jinping"])
def test_the_table_of_contents_lists_the_pages_headings(project, url):
    """Generated pages skip Python-Markdown (tifa.site.headings): their contents are read
    back from their headings, in order, nested as the toc extension nests them."""
    page = soup(project, url)
    headings = [(h.name, h["id"]) for h in page.select("article h2[id], article h3[id]") if h.select_one("a.headerlink")]
    toc = page.select_one("nav.md-nav--secondary")
    assert headings and toc is not None
    listed = [a["href"] for a in toc.select("a.md-nav__link")]
    assert listed == ["#" + anchor for _, anchor in headings]
    for name, anchor in headings:  # an h3 sits in a list under its h2
        lists = [u for u in toc.select_one(f'a[href="#{anchor}"]').find_parents("ul") if toc in u.parents]
        assert len(lists) == (1 if name == "h2" else 2), anchor


def test_a_link_to_a_missing_anchor_of_a_generated_page_fails_the_build(tmp_path):
    """MkDocs checks links into a generated page against the ids the adapter read from it."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "anchors.md").write_text(
        "# Anchors\n\n[concordance](concepts/new-quality-productive-forces.md#concordance)\n"
        "[a paragraph](articles/2024-03-06-xi-jiangsu-delegation.md#p3)\n"
        "[nowhere](concepts/new-quality-productive-forces.md#no-such-anchor)\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-anchor'" in result.stderr
    assert "'#concordance'" not in result.stderr and "'#p3'" not in result.stderr
