"""Figures (tifa/charts.py, tifa/dashboard.py, tifa/chartsvg.py): counted right, linked
right, inert and deterministic.

Every count is recounted here from the articles and their annotations, never taken from
the chart code; the SVG is read back (its links' titles) as well as the CSV and the
data table. Links are followed on a real build (tests/builds.py).
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from builds import hostile_site, real_site
from helpers import ROOT
from tifa import charts, model
from tifa.check import Checked
from tifa.corpus import build_corpus, index
from tifa.missing import Finder

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "annotations"
HOSTILE = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "</title><a href=javascript:alert(1)>x</a>"]


def _merged(tmp: Path) -> Path:
    import shutil

    shutil.copytree(ROOT / "annotations", tmp / "annotations")
    shutil.copytree(FIXTURE, tmp / "annotations", dirs_exist_ok=True)
    return tmp / "annotations"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    checked, corpus = build_corpus(_merged(tmp_path_factory.mktemp("charts")))
    assert checked.ok, checked.problems
    return corpus


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def svg_links(svg) -> list[tuple[str, str]]:
    """(href, title) of every link drawn in a figure's SVG."""
    soup = BeautifulSoup(str(svg), "html.parser")
    return [(a["href"], a.find("title").get_text()) for a in soup.find_all("a")]


# Independent recounts ----------------------------------------------------------

def concept_annotations(corpus, cid):
    return [(a, ann) for a in corpus.articles for ann in a.annotations if ann.concept == cid]


def paragraphs_of(corpus, cid) -> set[tuple[str, int]]:
    return {(a.id, ann.paragraph) for a, ann in concept_annotations(corpus, cid) if ann.paragraph}


def articles_of(corpus, cid) -> set[str]:
    return {a.id for a, _ in concept_annotations(corpus, cid)}


# Per concept -------------------------------------------------------------------

def test_timeline_counts_are_the_corpus_and_the_attestations(corpus):
    checked = 0
    for cid, concept in corpus.concepts.items():
        found = concept_annotations(corpus, cid)
        if not found and not concept.attestations:
            continue
        figures = charts.ConceptFigures(corpus, cid)
        occ, texts, att = Counter(), defaultdict(set), Counter()
        for a, _ in found:
            occ[a.published[:7]] += 1
            texts[a.published[:7]].add(a.id)
        for at in concept.attestations:
            att[at.date[:7] if len(at.date) >= 7 else at.date + "-01"] += 1
        data = {r["month"]: r for r in rows(figures.timeline_csv())}
        nonzero = {m: (int(r["corpus_occurrences"]), int(r["corpus_texts"]), int(r["curated_attestations"]))
                   for m, r in data.items() if r["corpus_occurrences"] != "0" or r["curated_attestations"] != "0"}
        assert nonzero == {m: (occ[m], len(texts[m]), att[m]) for m in set(occ) | set(att)}, cid
        # the drawing: one linked bar per month with occurrences, its title saying how many
        drawn = {t.split(":")[0]: int(t.split(": ")[1].split()[0]) for href, t in svg_links(figures.timeline.svg) if href.startswith(("#kwic-", "occurrences/"))}
        assert drawn == dict(occ), cid
        drawn_att = {t.split(":")[0]: int(t.split(": ")[1].split()[0]) for href, t in svg_links(figures.timeline.svg) if href == "#timeline"}
        assert drawn_att == dict(att), cid
        assert f"{len(found)} occurrence" in figures.timeline.summary or not found
        checked += 1
    assert checked == len([c for c in corpus.concepts if concept_annotations(corpus, c) or corpus.concepts[c].attestations])


def test_attestations_are_told_apart_from_the_corpus(corpus):
    figures = charts.ConceptFigures(corpus, "new-quality-productive-forces")
    svg = BeautifulSoup(str(figures.timeline.svg), "html.parser")
    legend = sorted(t.get_text() for t in svg.select(".legends text"))
    assert legend[0] == "Corpus occurrences" and legend[1].startswith("Curated attestations")
    occurrences = len(concept_annotations(corpus, "new-quality-productive-forces"))
    # against many more occurrences than attestations, the attestations get their own (right) axis
    assert (legend[1] == "Curated attestations (right axis)") == (occurrences > 5) == bool(svg.select(".axis.y2"))
    assert "7 curated attestations from 2023-09 to 2026-03-05" in figures.timeline.summary


def test_dispersion_positions_are_where_the_quotes_stand(corpus):
    for cid in corpus.concepts:
        found = [(a, ann) for a, ann in concept_annotations(corpus, cid) if a.paragraphs]
        if not found:
            continue
        expected = {}
        for a, ann in found:
            text = "\n\n".join(a.paragraphs)
            before = "\n\n".join(a.paragraphs[: ann.paragraph - 1])
            offset = len(before) + (2 if ann.paragraph > 1 else 0) + ann.start
            assert text[offset:offset + len(ann.quote)] == ann.quote
            expected[(a.id, ann.id)] = round(offset / len(text), 4)
        figures = charts.ConceptFigures(corpus, cid)
        got = {(r["article_id"], r["annotation_id"]): float(r["relative_position"]) for r in rows(figures.dispersion_csv())}
        assert got == pytest.approx(expected, abs=1e-4), cid
        marks = [href for href, _ in svg_links(figures.dispersion.svg) if "#a-" in href]
        assert sorted(marks) == sorted(f"../../articles/{a}/#a-{n}" for a, n in expected), cid


def test_cooccurrence_counts_shared_paragraphs_and_articles(corpus):
    for cid in corpus.concepts:
        mine_p, mine_a = paragraphs_of(corpus, cid), articles_of(corpus, cid)
        expected = {}
        for other in corpus.concepts:
            if other != cid and mine_a & articles_of(corpus, other):
                expected[other] = (len(mine_p & paragraphs_of(corpus, other)), len(mine_a & articles_of(corpus, other)))
        figures = charts.ConceptFigures(corpus, cid)
        if not expected:
            assert figures.cooccurrence is None
            continue
        got = {r["concept"]: (int(r["same_paragraph"]), int(r["same_article"])) for r in rows(figures.cooccurrence_csv())}
        assert got == expected, cid
        strongest = sorted(expected.items(), key=lambda kv: (-kv[1][0], -kv[1][1], corpus.concepts[kv[0]].label.casefold()))
        bars = [(href[len("#with-"):], t) for href, t in svg_links(figures.cooccurrence.svg) if t.endswith(("paragraph", "paragraphs"))]
        shown = {o for o, _ in strongest[:charts.COOCCURRING_BARS]}
        assert {o for o, _ in bars} == {o for o in shown if expected[o][0]}
        for other, title in bars:
            assert title == f"{corpus.concepts[other].label}: {expected[other][0]} paragraph{'' if expected[other][0] == 1 else 's'}"


# The corpus --------------------------------------------------------------------

def test_dashboard_counts(corpus):
    d = charts.dashboard(corpus)
    files = d.files()
    by_cell = Counter((a.published[:7], a.genre) for a in corpus.articles)
    got = {}
    for r in rows(files["dashboard/articles.csv"]):
        for genre, n in r.items():
            if genre not in ("month", "all") and n != "0":
                got[(r["month"], genre)] = int(n)
    assert got == dict(by_cell)
    occurrences = Counter(ann.concept for a in corpus.articles for ann in a.annotations if ann.concept)
    assert {r["concept"]: int(r["occurrences"]) for r in rows(files["dashboard/concepts.csv"])} == dict(occurrences)
    for r in rows(files["dashboard/first-attested.csv"]):
        dates = [a.published[:10] for a, _ in concept_annotations(corpus, r["concept"])]
        dates += [at.date for at in corpus.concepts[r["concept"]].attestations]
        assert r["first_seen"] == min(dates)
    assert len(rows(files["dashboard/first-attested.csv"])) == sum(
        1 for c in corpus.concepts if concept_annotations(corpus, c) or corpus.concepts[c].attestations)
    finder = Finder(corpus.concepts.values())  # the coverage figure of article pages
    for r in rows(files["dashboard/coverage.csv"]):
        article = corpus.article_index[r["article_id"]]
        cov = finder.coverage(article)
        assert int(r["annotations"]) == len(article.annotations)
        if article.paragraphs:
            assert int(r["concept_annotations"]) == sum(1 for a in article.annotations if a.concept) == cov.annotated
            assert int(r["known_names_not_annotated"]) == cov.missed
            assert r["coverage"] == (f"{cov.annotated / (cov.annotated + cov.missed):.4f}" if cov.annotated + cov.missed else "")
            chars = len("\n\n".join(article.paragraphs))
            assert int(r["characters"]) == chars
            assert float(r["annotations_per_1000_characters"]) == pytest.approx(1000 * len(article.annotations) / chars, abs=0.01)
        else:
            assert r["characters"] == r["coverage"] == r["concept_annotations"] == ""
    deciles = Counter()
    for a in corpus.articles:
        cov = finder.coverage(a)
        if cov.ratio is not None:
            p = int(100 * cov.annotated / (cov.annotated + cov.missed))
            deciles["100%" if p == 100 else f"{p // 10 * 10}–{p // 10 * 10 + 9}%"] += 1
    drawn = [t for _, t in svg_links(d.coverage.svg)]
    assert not drawn  # bins count articles, they lead nowhere: the table lists them
    soup = BeautifulSoup(str(d.coverage.svg), "html.parser")
    assert len(soup.select(".series rect")) == len(deciles)
    edges = {(r["source"], r["target"]): int(r["shared_paragraphs"]) for r in rows(files["dashboard/network.csv"])}
    for (a, b), w in edges.items():
        assert w == len(paragraphs_of(corpus, a) & paragraphs_of(corpus, b)) > 0
    linked = {c for c in corpus.concepts if any(paragraphs_of(corpus, c) & paragraphs_of(corpus, o) for o in corpus.concepts if o != c)}
    assert len(linked) <= charts.NETWORK_NODES  # the seed corpus: every linked concept is drawn, with every pair
    assert {x for e in edges for x in e} == linked
    pairs = {(a, b) for a in linked for b in linked if a < b and paragraphs_of(corpus, a) & paragraphs_of(corpus, b)}
    assert set(edges) == pairs
    nodes = {href.split("/")[-2] for href, _ in svg_links(d.network.svg)}
    assert nodes == linked


def test_dashboard_links_bars_to_what_they_count(corpus):
    d = charts.dashboard(corpus)
    for href, title in svg_links(d.concepts.svg):
        cid = href.split("/")[-2]
        n = len(concept_annotations(corpus, cid))
        assert title.startswith(f"{corpus.concepts[cid].label}: {n} occurrence")
    for href, title in svg_links(d.articles.svg):
        month = title.split(",")[0]
        assert href == f"../articles/by-year/{month[:4]}/#month-{month}"


# Bounded at scale ----------------------------------------------------------------

def _synthetic(n_articles: int, excerpts: int = 0) -> model:
    """A corpus of ``n_articles`` texts over six years, concept 'x' in each, 'y' in every other."""
    cite = model.Citation(title="t", publisher="p")
    concepts = {
        "x": model.Concept("x", "the x", "economy", "d", (cite,), "annotations/concepts/x.yml",
                           attestations=(model.Attestation("2015", "a year only", cite), model.Attestation("2016-05-04", "day", cite))),
        "y": model.Concept("y", "the y", "reform", "d", (cite,), "annotations/concepts/y.yml"),
    }
    articles = {}
    for i in range(n_articles):
        month = i % 72
        published = f"{2018 + month // 12}-{month % 12 + 1:02d}-{i % 28 + 1:02d}"
        paragraphs = ("the x and more words here", "filler " * 20, "the y and the x at the end") if i >= excerpts else ()
        anns = [model.Annotation(f"x{i}", "the x", "t", "2024-01-01", concept="x", **({"paragraph": 1, "start": 0, "end": 5} if paragraphs else {}))]
        if i % 2:
            anns.append(model.Annotation(f"y{i}", "the y", "t", "2024-01-01", concept="y", **({"paragraph": 3, "start": 0, "end": 5} if paragraphs else {})))
            anns.append(model.Annotation(f"x{i}b", "the x", "t", "2024-01-01", concept="x", **({"paragraph": 3, "start": 12, "end": 17} if paragraphs else {})))
        articles[f"a{i:04d}"] = model.Article(f"a{i:04d}", f"Text {i}", "speech" if i % 3 else "news-report", "en", "xinhua", published,
                                             f"annotations/articles/a{i}.yml", "t", "2024-01-01", paragraphs=paragraphs, annotations=tuple(anns))
    return index(Checked([], 0, concepts=concepts, entities={"organization": {}}, articles=articles))


def test_large_concepts_are_summed_by_quarter_and_capped():
    corpus = _synthetic(300, excerpts=20)
    figures = charts.ConceptFigures(corpus, "x")
    unit, data = figures.time_data()
    assert unit == "quarter"  # 2015 to 2023: past 36 months
    quarters = Counter()
    for a in corpus.articles:
        m = int(a.published[5:7])
        quarters[f"{a.published[:4]}-Q{(m - 1) // 3 + 1}"] += 1 + (1 if any(n.id.endswith("b") for n in a.annotations) else 0)
    assert {r[0]: r[1] for r in data if r[1]} == dict(quarters)
    assert {r[0]: r[3] for r in data if r[3]} == {"2015-Q1": 1, "2016-Q2": 1}
    assert "Attestations dated to a year only are counted in its first quarter." in figures.timeline.summary
    assert f"The plot shows the {charts.DISPERSION_TEXTS} most recent texts; the CSV has all 280." in figures.dispersion.summary
    assert "20 texts are only excerpted" in figures.dispersion.summary
    soup = BeautifulSoup(str(figures.dispersion.svg), "html.parser")
    assert len(soup.select(".strip")) == charts.DISPERSION_TEXTS
    assert len(rows(figures.dispersion_csv())) == sum(1 + (i % 2) for i in range(20, 300))
    for figure in (*figures, *charts.dashboard(corpus)):
        assert len(str(figure.svg)) < 250_000, figure.name
        assert len(figure.rows) <= charts.TABLE_ROWS
    # links to occurrences past the first 200 go to the concordance page that holds them
    links = [h for h, _ in svg_links(figures.timeline.svg) if h.startswith("occurrences/")]
    assert links and all(re.fullmatch(r"occurrences/\d+/#kwic-a\d{4}-x\d+b?", h) for h in links)


# Safe and deterministic ----------------------------------------------------------

def every_figure(corpus):
    for cid in corpus.concepts:
        yield from charts.ConceptFigures(corpus, cid)
    yield from charts.dashboard(corpus)


def assert_inert(svg: str) -> BeautifulSoup:
    soup = BeautifulSoup(svg, "html.parser")
    root = soup.find("svg")
    assert root is not None and len(soup.find_all("svg")) == 1
    for el in soup.find_all(True):
        assert el.name in {"svg", "g", "rect", "line", "path", "circle", "text", "title", "desc", "a"}, el.name
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), (el.name, attr)
            assert attr.lower() not in ("style", "xlink:href", "src")
            if attr == "href":
                assert not re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*:|//)", value), value
    assert "<script" not in svg.lower() and "pygal" not in svg.lower()
    assert root["role"] == "graphics-document"
    assert root.find(id=root["aria-labelledby"]).name == "title"
    assert root.find(id=root["aria-describedby"]).name == "desc"
    return soup


def test_every_svg_is_inert_and_labelled(corpus):
    drawn = 0
    for figure in every_figure(corpus):
        soup = assert_inert(str(figure.svg))
        assert soup.find("svg")["id"] == figure.ident
        assert all(a.find("title") is not None and a.find("title").get_text() for a in soup.find_all("a"))  # accessible names
        drawn += 1
    assert drawn >= 40


def test_hostile_labels_stay_text(corpus):
    checked = Checked([], 0, concepts=dict(corpus.concepts), entities=corpus.entities, articles={a.id: a for a in corpus.articles})
    for cid, hostile in zip(["new-quality-productive-forces", "high-quality-development", "emerging-industries"], HOSTILE):
        checked.concepts[cid] = replace(checked.concepts[cid], label=hostile)
    article = corpus.articles[0]
    checked.articles[article.id] = replace(article, title=HOSTILE[1])
    evil = index(checked)
    for figure in every_figure(evil):
        soup = assert_inert(str(figure.svg))
        texts = {t.get_text() for t in soup.find_all(["text", "title", "desc"])}
        if figure.name in ("timeline", "dispersion", "cooccurrence") and figure.title.startswith(tuple(HOSTILE)):
            assert figure.title in texts
    npf = charts.ConceptFigures(evil, "high-quality-development")
    soup = BeautifulSoup(str(npf.cooccurrence.svg), "html.parser")
    labels = {t.get_text() for t in soup.find_all("text")}
    assert HOSTILE[0] in labels  # new-quality-productive-forces co-occurs, its label shown as text
    assert "<script>" not in str(npf.cooccurrence.svg) and "&lt;script&gt;" in str(npf.cooccurrence.svg)
    strip = BeautifulSoup(str(charts.ConceptFigures(evil, "emerging-industries").dispersion.svg), "html.parser")
    assert any(t.get_text().startswith(article.date + ' "><svg') for t in strip.find_all("text"))
    assert strip.find("svg").find("svg") is None


def test_same_corpus_same_bytes(tmp_path):
    def draw(folder):
        checked, corpus = build_corpus(_merged(folder))
        return [str(f.svg) for f in every_figure(corpus)], charts.figure_files(corpus)

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert first == second
    joined = "".join(first[0])
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", joined)  # pygal's uuid4 ids
    assert date.today().isoformat() not in joined


# On a real build --------------------------------------------------------------------

def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_every_figure_link_leads_to_an_existing_page_and_anchor(tmp_path_factory):
    site = real_site(tmp_path_factory) / "site"
    checked, corpus = build_corpus(site.parent / "annotations")
    pages = ["dashboard/"] + [f"concepts/{cid}/" for cid in corpus.concepts]
    ids: dict[str, set] = {}
    followed = Counter()
    for url in pages:
        page = _page(site, url)
        figures = page.select(".tifa-figures")
        assert figures or not (corpus.by_concept.get(url.split("/")[1]) or url == "dashboard/"), url
        for block in figures:
            for svg in block.select("svg"):
                assert svg["role"] == "graphics-document" and svg.find(id=svg["aria-labelledby"]) is not None
            for a in block.find_all("a"):
                target, fragment = urldefrag(urljoin("/" + url, a["href"]))
                path = site / target.strip("/")
                if target.endswith(".csv"):
                    assert path.is_file(), (url, a["href"])
                    followed["csv"] += 1
                    continue
                assert (path / "index.html").is_file(), (url, a["href"])
                if fragment:
                    key = target.strip("/")
                    if key not in ids:
                        ids[key] = {el["id"] for el in _page(site, key).find_all(id=True)}
                    assert fragment in ids[key], (url, a["href"])
                followed["svg" if a.find_parent("svg") else "table"] += 1
    assert followed["svg"] > 100 and followed["table"] > 50 and followed["csv"] > 40
    nav = _page(site, "")
    assert any(a.get_text(strip=True) == "Dashboard" for a in nav.select(".md-tabs a, .md-nav a"))


@pytest.mark.slow
def test_hostile_concept_figures_on_a_real_build(tmp_path_factory):
    import hostile_corpus

    site = hostile_site(tmp_path_factory) / "site"
    page = _page(site, f"concepts/{hostile_corpus.CONCEPT_ID}/")
    svg = page.select_one("svg#fig-timeline")
    assert svg.find("title").get_text() == f"{hostile_corpus.CONCEPT_TEXTS['label']}: occurrences over time"
    strip = page.select_one("svg#fig-dispersion")
    assert f"2024-03-08 {hostile_corpus.ARTICLE_TITLE}" in {t.get_text() for t in strip.find_all("title")}
    assert any(t.get_text().startswith("2024-03-08 </title>") for t in strip.find_all("text"))
    assert page.select(".tifa-figures script") == [] and page.select(".tifa-figures svg svg") == []


def test_csv_files_are_kept_until_a_file_they_count_from_changes(corpus):
    paths = {a.path for a in corpus.articles} | {c.path for c in corpus.concepts.values()}
    fingerprints = {p: (1, 1) for p in paths}
    fresh = charts.figure_files(corpus)
    assert charts.figure_files(corpus, fingerprints) == fresh
    checked = Checked([], 0, concepts=dict(corpus.concepts), entities=corpus.entities, articles={a.id: a for a in corpus.articles})
    checked.concepts["emerging-industries"] = replace(checked.concepts["emerging-industries"], label="renamed")
    renamed = index(checked)
    partner = "concepts/industries-for-the-future/figures/cooccurrence.csv"
    assert "renamed" not in charts.figure_files(renamed, fingerprints)[partner]  # same fingerprints: kept
    fingerprints[corpus.concepts["emerging-industries"].path] = (2, 1)
    again = charts.figure_files(renamed, fingerprints)
    assert "renamed" in again[partner]  # its co-occurring concept's file changed: counted again
    assert again == charts.figure_files(renamed)
