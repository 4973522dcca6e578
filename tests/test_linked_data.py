"""The JSON-LD downloads as the W3C Web Annotation model and SKOS want them: read with
the W3C context (an offline copy), checked against SHACL shapes (tests/shapes)."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

from helpers import CORPUS
from linked_data import conforms, graph_of
from tifa.corpus.index import build_corpus
from tifa.site.export import data_files
from tifa.site.pages import Site

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
AS = rdflib.Namespace("http://www.w3.org/ns/activitystreams#")


@pytest.fixture(scope="module")
def files():
    checked, corpus = build_corpus(CORPUS)
    assert checked.ok
    return data_files(corpus, Site())


@pytest.fixture(scope="module")
def annotations(files):
    return graph_of(files["data/annotations.jsonld"])


def test_annotations_use_the_w3c_context_by_its_url(files):
    data = json.loads(files["data/annotations.jsonld"])
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["first"]["type"] == "AnnotationPage"


def test_annotations_conform_to_the_web_annotation_shapes(annotations):
    ok, report = conforms(annotations, "web-annotation.ttl")
    assert ok, report


def test_created_is_a_datetime_and_the_editors_an_organization(annotations):
    created = list(annotations.objects(None, DCTERMS.created))
    assert created and all(c.datatype == XSD.dateTime for c in created)
    editors = set(annotations.subjects(FOAF.name, rdflib.Literal("Tifa editors")))
    assert editors and all((e, RDF.type, FOAF.Organization) in annotations for e in editors)
    assert (None, AS.totalItems, None) in annotations  # as: in http, as the W3C context has it
    assert not any("https://www.w3.org/ns/activitystreams" in str(p) for p in annotations.predicates())


def test_the_shapes_catch_a_date_and_a_person(files):
    """The shapes are not vacuous: the old form (xsd:date, the editors as a person) fails."""
    text = files["data/annotations.jsonld"]
    bad = text.replace('"type":"Organization"', '"type":"Person"', 1)
    bad = bad.replace("T00:00:00Z", "", 1)
    ok, report = conforms(graph_of(bad), "web-annotation.ttl")
    assert not ok and "dateTime" in report and "Organization" in report


def test_skos_concepts_have_dates_and_conform(files):
    graph = rdflib.Graph().parse(data=files["data/concepts.jsonld"], format="json-ld")
    ok, report = conforms(graph, "skos.ttl")
    assert ok, report
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        created, modified = graph.value(concept, DCTERMS.created), graph.value(concept, DCTERMS.modified)
        assert created.datatype == XSD.date and str(created) <= str(modified)
