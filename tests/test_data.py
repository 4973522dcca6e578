"""Open data: the downloads parse, round-trip and agree with the corpus."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from helpers import CORPUS, ROOT
from linked_data import graph_of
from tifa.corpus.index import build_corpus
from tifa.site.export import CSV_COLUMNS, data_files
from tifa.site.pages import Site

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")


@pytest.fixture(scope="module")
def corpus():
    checked, corpus = build_corpus(CORPUS)
    assert checked.ok
    return corpus


@pytest.fixture(scope="module")
def files(corpus):
    return data_files(corpus, Site())


def annotations(corpus):
    return [(a, ann) for a in corpus.articles for ann in a.annotations]


def test_exports_are_deterministic(corpus, files):
    assert data_files(corpus, Site()) == files


def test_csv_round_trips(corpus, files):
    rows = list(csv.DictReader(io.StringIO(files["data/occurrences.csv"])))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(annotations(corpus))
    by_id = {(a.id, ann.id): (a, ann) for a, ann in annotations(corpus)}
    for row in rows:
        article, ann = by_id[(row["article_id"], row["annotation_id"])]
        assert row["quote"] == ann.quote and row["concept"] == (ann.concept or "") and row["note"] == (ann.note or "")
        assert row["text_rights_holder"] == article.rights_holder and row["text_shown"] == ("full" if article.has_text else "excerpts")
        if not article.has_text:  # an excerpt: the curator's paragraph and context, no offsets
            assert row["paragraph"] == str(ann.excerpt_paragraph or "") and row["start"] == row["text_start"] == ""
            assert (row["selector_prefix"], row["selector_suffix"]) == (ann.prefix or "", ann.suffix or "")
            continue
        text = "\n\n".join(article.paragraphs)
        assert text[int(row["text_start"]) : int(row["text_end"])] == ann.quote
        paragraph = article.paragraphs[int(row["paragraph"]) - 1]
        assert paragraph[int(row["start"]) : int(row["end"])] == ann.quote
        assert text[: int(row["text_start"])].endswith(row["selector_prefix"])
    # Written back by the csv module, it is the same file.
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue() == files["data/occurrences.csv"]


def test_csv_columns_are_documented():
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    section = page.split("## `occurrences.csv`", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", section, re.M)
    names = [n for cell in documented for n in re.findall(r"`([a-z_]+)`", cell)]
    assert names == list(CSV_COLUMNS)


def test_web_annotations_parse_into_the_expected_triples(corpus, files):
    graph = graph_of(files["data/annotations.jsonld"])  # the W3C context from its offline copy
    found = set(graph.subjects(RDF.type, OA.Annotation))
    assert len(found) == len(annotations(corpus))
    for article, ann in annotations(corpus):
        me = rdflib.URIRef(f"https://tifa-atlas.github.io/tifa/articles/{article.id}/#{ann.anchor}")
        assert me in found
        target = graph.value(me, OA.hasTarget)
        assert graph.value(target, OA.hasSource) == rdflib.URIRef(f"https://tifa-atlas.github.io/tifa/articles/{article.id}/")
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        assert str(graph.value(quote, OA.exact)) == ann.quote
        positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
        if not article.has_text:  # an excerpt has no position in a text the site does not hold
            assert positions == [] and str(graph.value(quote, OA.prefix)) == (ann.prefix or "")
            continue
        start, end = int(graph.value(positions[0], OA.start)), int(graph.value(positions[0], OA.end))
        assert "\n\n".join(article.paragraphs)[start:end] == ann.quote
        if ann.concept:
            bodies = set(graph.objects(me, OA.hasBody))
            assert rdflib.URIRef(f"https://tifa-atlas.github.io/tifa/concepts/{ann.concept}/") in bodies


def test_skos_concepts_parse(corpus, files):
    graph = rdflib.Graph().parse(data=files["data/concepts.jsonld"], format="json-ld")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(corpus.concepts)
    nqpf = rdflib.URIRef("https://tifa-atlas.github.io/tifa/concepts/new-quality-productive-forces/")
    assert (nqpf, SKOS.prefLabel, rdflib.Literal("新质生产力", lang="zh-Hans")) in graph
    assert (nqpf, SKOS.inScheme, rdflib.URIRef("https://tifa-atlas.github.io/tifa/concepts/")) in graph
    for concept in corpus.concepts.values():
        for up in concept.broader:
            assert (
                rdflib.URIRef(f"https://tifa-atlas.github.io/tifa/concepts/{concept.id}/"),
                SKOS.broader,
                rdflib.URIRef(f"https://tifa-atlas.github.io/tifa/concepts/{up}/"),
            ) in graph


def test_json_holds_every_record(corpus, files):
    data = json.loads(files["data/tifa.json"])
    assert [a["id"] for a in data["articles"]] == [a.id for a in corpus.articles]
    assert len(data["concepts"]) == len(corpus.concepts)
    assert sum(len(a["annotations"]) for a in data["articles"]) == len(annotations(corpus))
