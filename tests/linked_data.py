"""Read the JSON-LD downloads as linked-data clients do, offline: the W3C Web Annotation
context comes from the copy in tests/fixtures/contexts (pyld's document loader), never
from the network; then validate the graphs with the SHACL shapes in tests/shapes."""

from __future__ import annotations

import json
from functools import cache

import pyshacl
import rdflib
from pyld import jsonld

from helpers import ROOT

CONTEXTS = {"http://www.w3.org/ns/anno.jsonld": ROOT / "tests" / "fixtures" / "contexts" / "anno.jsonld"}
SHAPES = ROOT / "tests" / "shapes"


def offline_loader(url: str, options=None) -> dict:
    """pyld document loader that knows only the shipped contexts (anything else fails)."""
    key = url.replace("https://", "http://", 1)
    if key not in CONTEXTS:
        raise jsonld.JsonLdError(f"no offline copy of {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXTS[key].read_text(encoding="utf-8"))}


def graph_of(text: str) -> rdflib.Graph:
    """The RDF of a JSON-LD document, its remote contexts read from the copies."""
    quads = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads", "documentLoader": offline_loader})
    return rdflib.Graph().parse(data=quads, format="nt") if quads else rdflib.Graph()


@cache
def shapes(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES / name, format="turtle")


def conforms(data: rdflib.Graph, shape_file: str) -> tuple[bool, str]:
    ok, _, report = pyshacl.validate(data, shacl_graph=shapes(shape_file), inference="none", advanced=True)
    return ok, report
