"""Figures (tifa/site/charts.py, tifa/site/dashboard.py, tifa/site/chartsvg.py): counted right, linked
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
from helpers import CORPUS, ROOT
from tifa.corpus.index import build_corpus, index
from tifa.corpus.missing import Finder
from tifa.data import model
from tifa.data.check import Checked
from tifa.site import charts, chartsvg
from tifa.site.chartsvg import Bar, Series
from tifa.site.dashboard import Dashboard
from tifa.site.figures import figure_files

HOSTILE = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "</title><a href=javascript:alert(1)>x</a>"]


def _merged(tmp: Path) -> Path:
    import shutil

    shutil.copytree(CORPUS, tmp / "annotations")
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
    return {(a.id, ann.paragraph_number) for a, ann in concept_annotations(corpus, cid) if ann.paragraph_number}


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
        nonzero = {
            m: (int(r["corpus_occurrences"]), int(r["corpus_texts"]), int(r["curated_attestations"]))
            for m, r in data.items()
            if r["corpus_occurrences"] != "0" or r["curated_attestations"] != "0"
        }
        assert nonzero == {m: (occ[m], len(texts[m]), att[m]) for m in set(occ) | set(att)}, cid
        # the drawing: one linked bar per month with occurrences, its title saying how many
        drawn = {
            t.split(":")[0]: int(t.split(": ")[1].split()[0]) for href, t in svg_links(figures.timeline.svg) if href.startswith(("#kwic-", "occurrences/"))
        }
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
            assert text[offset : offset + len(ann.quote)] == ann.quote
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
        bars = [(href[len("#with-") :], t) for href, t in svg_links(figures.cooccurrence.svg) if t.endswith(("paragraph", "paragraphs"))]
        shown = {o for o, _ in strongest[: charts.COOCCURRING_BARS]}
        assert {o for o, _ in bars} == {o for o in shown if expected[o][0]}
        for other, title in bars:
            assert title == f"{corpus.concepts[other].label}: {expected[other][0]} paragraph{'' if expected[other][0] == 1 else 's'}"


# The corpus --------------------------------------------------------------------


def test_dashboard_counts(corpus):
    d = Dashboard(corpus)
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
        1 for c in corpus.concepts if concept_annotations(corpus, c) or corpus.concepts[c].attestations
    )
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
    d = Dashboard(corpus)
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
        "x": model.Concept(
            "x",
            "the x",
            "economy",
            "d",
            (cite,),
            "annotations/concepts/x.yml",
            attestations=(model.Attestation("2015", "a year only", cite), model.Attestation("2016-05-04", "day", cite)),
        ),
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
        articles[f"a{i:04d}"] = model.Article(
            f"a{i:04d}",
            f"Text {i}",
            "speech" if i % 3 else "news-report",
            "en",
            "xinhua",
            published,
            f"annotations/articles/a{i}.yml",
            "t",
            "2024-01-01",
            paragraphs=paragraphs,
            annotations=tuple(anns),
        )
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
    for figure in (*figures, *Dashboard(corpus)):
        assert len(str(figure.svg)) < 250_000, figure.name
        assert len(figure.rows) <= charts.TABLE_ROWS
    # links to occurrences past the first 200 go to the concordance page that holds them
    links = [h for h, _ in svg_links(figures.timeline.svg) if h.startswith("occurrences/")]
    assert links and all(re.fullmatch(r"occurrences/\d+/#kwic-a\d{4}-x\d+b?", h) for h in links)


# Safe and deterministic ----------------------------------------------------------


def every_figure(corpus):
    for cid in corpus.concepts:
        yield from charts.ConceptFigures(corpus, cid)
    yield from Dashboard(corpus)


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
    assert "<script" not in svg.lower()
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
    article = next(a for a in corpus.articles if a.has_text)  # a dispersion plot needs a full text
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
        return [str(f.svg) for f in every_figure(corpus)], figure_files(corpus)

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert first == second
    joined = "".join(first[0])
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", joined)  # no random (uuid4) ids
    assert date.today().isoformat() not in joined


# The bar chart itself -----------------------------------------------------------------
# Geometry is read back from the drawing (its guide lines and tick labels), never from the
# drawing code's own formulas; numbers are written to one decimal, hence the tolerances.


def _draw(labels, series, **kw) -> BeautifulSoup:
    svg = str(chartsvg.bar_chart("fig-t", "A title", "A summary", labels, series, **kw))
    assert_inert(svg)
    return BeautifulSoup(svg, "html.parser")


def _f(el, name) -> float:
    return float(el[name])


def _bars(soup, k=None) -> list:
    return [r for r in soup.select(".series rect") if k is None or f"color-{k}" in r["class"]]


def _axis(soup, selector, coordinate) -> dict[int, float]:
    """{tick value: position} from an axis's tick labels."""
    return {int(t.get_text().replace(",", "")): _f(t, coordinate) for t in soup.select(f"{selector} text")}


def _grid(soup) -> dict[int, float]:
    """{tick value: height of its guide line} of a vertical chart's left axis."""
    lines, texts = soup.select(".axis.y .guide"), soup.select(".axis.y text")
    assert len(lines) == len(texts) > 1
    for line, text in zip(lines, texts):  # each label beside its line
        assert _f(line, "y1") == _f(line, "y2") and 0 < _f(text, "y") - _f(line, "y1") < 8
    return {int(t.get_text().replace(",", "")): _f(line, "y1") for line, t in zip(lines, texts)}


def _tip(rect) -> str | None:
    link = rect.find_parent("a")
    return link.find("title").get_text() if link else None


def test_bar_chart_horizontal_puts_the_first_label_on_top():
    labels = ["alpha", "beta", "gamma", "delta"]
    values = [9, 4, 7, 1]
    soup = _draw(labels, [Series("S", [Bar(v, f"#with-{n}", f"{n}: {v}") for n, v in zip(labels, values)])], horizontal=True)
    drawn = [(t.get_text(), _f(t, "y")) for t in soup.select(".axis.x text")]
    assert [n for n, _ in drawn] == labels and [y for _, y in drawn] == sorted(y for _, y in drawn)  # top to bottom
    rects = _bars(soup)
    assert [_tip(r) for r in sorted(rects, key=lambda r: _f(r, "y"))] == [f"{n}: {v}" for n, v in zip(labels, values)]
    for (name, label_y), rect in zip(drawn, rects):  # each bar on its label's row
        assert _f(rect, "y") <= label_y <= _f(rect, "y") + _f(rect, "height") + 8, name
    # widths against the drawn x axis: value v spans from x(0) to x(v)
    ticks = {int(t.get_text()): _f(t, "x") for t in soup.select(".axis.y text.tick")}
    assert min(ticks) == 0 and max(ticks) >= 9 and list(ticks) == sorted(ticks)
    unit = (ticks[max(ticks)] - ticks[0]) / max(ticks)
    for rect, v in zip(rects, values):
        assert _f(rect, "x") == pytest.approx(ticks[0], abs=0.1)
        assert _f(rect, "width") == pytest.approx(v * unit, abs=0.15)
    assert not soup.select(".legends")  # one series: no legend


def test_bar_chart_stacks_segments_and_leaves_empty_ones_out():
    labels = ["2024-01", "2024-02", "2024-03"]
    a = [Bar(3, "#a1", "a1"), Bar(5, "#a2", "a2"), None]
    b = [Bar(2, "#b1", "b1"), Bar(0, "#b2", "b2"), Bar(4, "#b3", "b3")]
    c = [Bar(1, None, "c1"), None, Bar(6, "#c3", "c3")]
    soup = _draw(labels, [Series("A", a), Series("B", b), Series("C", c)], stacked=True)
    ticks = _grid(soup)
    assert max(ticks) >= 10 > 6  # the axis reaches the tallest column (4 + 6), not the tallest segment
    zero, unit = ticks[0], (ticks[0] - ticks[max(ticks)]) / max(ticks)
    segments = {_tip(r) or "c1": r for r in _bars(soup)}
    assert sorted(segments) == ["a1", "a2", "b1", "b3", "c1", "c3"]  # None and 0 draw nothing
    columns = {"2024-01": ["a1", "b1", "c1"], "2024-02": ["a2"], "2024-03": ["b3", "c3"]}
    values = {"a1": 3, "a2": 5, "b1": 2, "b3": 4, "c1": 1, "c3": 6}
    for names in columns.values():
        bottom = zero
        for name in names:  # in series order, each on the one before
            rect = segments[name]
            assert _f(rect, "height") == pytest.approx(values[name] * unit, abs=0.15), name
            assert _f(rect, "y") + _f(rect, "height") == pytest.approx(bottom, abs=0.2), name
            bottom = _f(rect, "y")
        assert len({_f(segments[n], "x") for n in names}) == 1  # one column, not side by side
    assert segments["c1"].find_parent("a") is None  # no href: a bare bar, no link
    assert [t.get_text() for t in soup.select(".legends text")] == ["A", "B", "C"]
    # a single stacked series still says what it counts
    single = _draw(labels, [Series("Only", a)], stacked=True)
    assert [t.get_text() for t in single.select(".legends text")] == ["Only"]


def test_bar_chart_groups_series_side_by_side_with_their_colours():
    labels = ["x", "y"]
    soup = _draw(labels, [Series("One", [Bar(2, "#1x", "1x"), Bar(3, "#1y", "1y")]), Series("Two", [Bar(4, "#2x", "2x"), None])])
    first, second = _bars(soup, 0), _bars(soup, 1)
    assert [_tip(r) for r in first] == ["1x", "1y"] and [_tip(r) for r in second] == ["2x"]
    assert _f(first[0], "x") + _f(first[0], "width") <= _f(second[0], "x") + 0.1 < _f(first[1], "x")
    for rect in first + second:
        assert "reactive" in rect["class"]
    assert [t.get_text() for t in soup.select(".legends text")] == ["One", "Two"]
    links = soup.select(".series a")
    assert [a["href"] for a in links] == ["#1x", "#1y", "#2x"] and all(a.find("rect") for a in links)


def test_bar_chart_secondary_series_has_its_own_right_axis():
    labels = [f"2024-{m:02d}" for m in range(1, 7)]
    occ = [Bar(v, f"#o{i}", f"o{i}") for i, v in enumerate([120, 80, 0, 45, 200, 10])]
    att = [None, Bar(1, "#timeline", "t1"), Bar(3, "#timeline", "t2"), None, Bar(2, "#timeline", "t4"), None]
    soup = _draw(labels, [Series("Corpus", occ), Series("Attestations (right axis)", att, secondary=True)])
    left, right = _grid(soup), _axis(soup, ".axis.y2", "y")
    assert max(left) >= 200 and 3 <= max(right) < 20  # whole-number ticks of its own scale
    assert list(right) == [i * (max(right) // (len(right) - 1)) for i in range(len(right))]
    assert list(right.values()) == pytest.approx(list(_axis(soup, ".axis.y", "y").values()), abs=0.1)  # on the same grid lines
    assert min(_f(t, "x") for t in soup.select(".axis.y2 text")) > max(_f(r, "x") + _f(r, "width") for r in _bars(soup))
    base, top = left[0], left[max(left)]
    for rect in _bars(soup, 1):  # attestations measured on the right axis
        value = {"t1": 1, "t2": 3, "t4": 2}[_tip(rect)]
        assert _f(rect, "height") == pytest.approx(value * (base - top) / max(right), abs=0.15)
        assert _f(rect, "y") + _f(rect, "height") == pytest.approx(base, abs=0.15)
    for rect in _bars(soup, 0):  # occurrences on the left one
        value = {"o0": 120, "o1": 80, "o3": 45, "o4": 200, "o5": 10}[_tip(rect)]
        assert _f(rect, "height") == pytest.approx(value * (base - top) / max(left), abs=0.15)
    assert len(_bars(soup, 1)) == 3 and max(_f(r, "height") for r in _bars(soup, 1)) > 40  # visible, unlike on the left axis
    assert not _draw(labels, [Series("Corpus", occ), Series("Att", att)]).select(".axis.y2")
    for kw in ({"horizontal": True}, {"stacked": True}):
        with pytest.raises(ValueError):
            chartsvg.bar_chart("fig-t", "t", "s", labels, [Series("Corpus", occ), Series("Att", att, secondary=True)], **kw)


def test_bar_chart_labels_thinned_and_rotated_when_crowded():
    months = [f"{2018 + i // 12}-{i % 12 + 1:02d}" for i in range(60)]
    soup = _draw(months, [Series("S", [Bar(i % 7 + 1, None, "") for i in range(60)])], label_every=12)
    shown = soup.select(".axis.x text")
    assert [t.get_text() for t in shown] == months[::12]
    assert not any(t.has_attr("transform") for t in shown)  # five labels fit side by side
    assert [_f(t, "x") for t in shown] == sorted(_f(t, "x") for t in shown)
    every_sixth = _draw(months, [Series("S", [Bar(1, None, "") for _ in range(60)])], label_every=6).select(".axis.x text")
    assert [t.get_text() for t in every_sixth] == months[::6] and all(t.has_attr("transform") for t in every_sixth)  # ten do not
    crowded = _draw(months[:20], [Series("S", [Bar(1, None, "") for _ in range(20)])])
    texts = crowded.select(".axis.x text")
    assert len(texts) == 20 and all(t["transform"].startswith("rotate(35 ") for t in texts)
    assert len(_bars(soup)) == 60 and not soup.select(".series a")  # no hrefs: no links


def test_bar_chart_bytes_are_stable_rounded_and_safe():
    series = [Series("S", [Bar(v, f"#b{v}", f"{v} <b>&</b>") for v in (1, 7, 13)])]
    labels = ["<script>x</script>", "a & b", '"quoted"']
    first = str(chartsvg.bar_chart("fig-t", "T <i>", "S & s", labels, series))
    assert first == str(chartsvg.bar_chart("fig-t", "T <i>", "S & s", list(labels), [Series("S", list(series[0].bars))]))
    assert not re.search(r"\d\.\d\d", first)  # one decimal at most
    assert "<script>" not in first and "&lt;script&gt;x&lt;/script&gt;" in first and "<i>" not in first
    soup = assert_inert(first)
    assert soup.find("svg")["class"] == ["tifa-chart", "tifa-chart-bar"] and soup.find("svg")["id"] == "fig-t"
    assert [t.get_text() for t in soup.select(".series a title")] == ["1 <b>&</b>", "7 <b>&</b>", "13 <b>&</b>"]
    for href in ("https://example.com/", "javascript:alert(1)", "//evil.example/"):
        with pytest.raises(ValueError):
            chartsvg.bar_chart("fig-t", "t", "s", ["x"], [Series("S", [Bar(1, href, "x")])])


def test_bar_chart_classes_are_the_ones_tifa_css_styles():
    css = (ROOT / "docs" / "assets" / "tifa.css").read_text(encoding="utf-8")
    soup = _draw(["a", "b"], [Series("One", [Bar(3, "#a", "a"), Bar(1, "#b", "b")]), Series("Two", [Bar(2, "#c", "c"), None])])
    horizontal = _draw(["a"], [Series("One", [Bar(3, "#a", "a")])], horizontal=True)
    styled = {
        ".tifa-chart .color-1": soup.select(".series rect.color-1"),
        ".tifa-chart .reactive": soup.select(".series a rect.reactive") and horizontal.select(".series a rect.reactive"),
        ".tifa-chart .color-0": horizontal.select(".series rect.color-0"),
        ".tifa-chart .axis .guide.line": soup.select(".axis .guide.line"),
        ".tifa-chart .axis .line": soup.select(".axis .line:not(.guide)"),
        ".tifa-chart .axis.y text": soup.select(".axis.y text"),
        ".tifa-chart .axis.x text.end": horizontal.select(".axis.x text.end"),
        ".tifa-chart .axis.y text.tick": horizontal.select(".axis.y text.tick"),
    }
    for selector, drawn in styled.items():
        assert selector in css, selector
        assert drawn, selector


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
    # One text, one month: too few points for a chart, so each figure is its caption and table.
    assert page.select("svg#fig-timeline") == [] and page.select("svg#fig-dispersion") == []
    captions = [c.get_text() for c in page.select(".tifa-figures figcaption")]
    assert any(c.startswith(f"{hostile_corpus.CONCEPT_TEXTS['label']}: occurrences over time.") for c in captions), captions
    assert any("too few for a chart" in p.get_text() for p in page.select(".tifa-figures figure p"))
    cells = {td.get_text() for td in page.select(".tifa-figures td")}
    assert hostile_corpus.ARTICLE_TITLE in cells  # the title as text in the dispersion table
    assert page.select(".tifa-figures script") == [] and page.select(".tifa-figures svg svg") == []


def test_csv_files_are_kept_until_what_they_count_changes(corpus):
    from tifa.site.shown import Shown

    paths = {a.path for a in corpus.articles} | {c.path for c in corpus.concepts.values()}
    fingerprints = {p: (1, 1) for p in paths}
    fresh = figure_files(corpus)
    kept = Shown(corpus, fingerprints, None, {})
    assert figure_files(corpus, kept) == fresh
    assert figure_files(corpus, kept) == fresh  # from the memo this time
    checked = Checked([], 0, concepts=dict(corpus.concepts), entities=corpus.entities, articles={a.id: a for a in corpus.articles})
    checked.concepts["emerging-industries"] = replace(checked.concepts["emerging-industries"], label="renamed")
    renamed = index(checked)
    partner = "concepts/industries-for-the-future/figures/cooccurrence.csv"
    # Same file fingerprints, but a label shown in the partner's CSV changed: counted again.
    again = figure_files(renamed, Shown(renamed, fingerprints, None, {}))
    assert "renamed" in again[partner]
    assert again == figure_files(renamed)


# On a real build --------------------------------------------------------------------


def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
