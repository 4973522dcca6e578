"""Controlled vocabularies, read once from the schemas: the one place they are defined.

Kinds of record (with their folders under annotations/, which are also the site's
sections, and their names), genres, categories and series. Each enum in the schemas
carries its display titles in ``x-titles``, so adding a value is one edit there.
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def _read(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


_COMMON = _read("common.schema.json")["$defs"]
_ARTICLE = _read("article.schema.json")["properties"]
_CONCEPT = _read("concept.schema.json")["properties"]


def _titled(definition: dict) -> dict[str, str]:
    """An enum's values with their titles, in the schema's order (which pages keep)."""
    titles = definition["x-titles"]
    return {value: titles[value] for value in definition["enum"]}


KINDS: tuple[str, ...] = tuple(_COMMON["kind"]["enum"])  # article, concept, person, place, organization
FOLDERS: dict[str, str] = {k: _COMMON["kind"]["x-folders"][k] for k in KINDS}  # kind -> folder and site section
KIND_OF_FOLDER: dict[str, str] = {folder: kind for kind, folder in FOLDERS.items()}
KIND_NAMES: dict[str, str] = _titled(_COMMON["kind"])  # "person" -> "Person"
ENTITY_KINDS: tuple[str, ...] = ("person", "place", "organization")  # the kinds an annotation mentions besides concepts
RECORD_KINDS: tuple[str, ...] = ("concept", *ENTITY_KINDS)  # the kinds an annotation may name
GENRES: dict[str, str] = _titled(_ARTICLE["genre"])
CATEGORIES: dict[str, str] = _titled(_CONCEPT["category"])
SERIES: dict[str, str] = _titled(_COMMON["series"])  # "jiangsu-delegation" -> its title

# Languages named on pages, by BCP 47 tag (the schema accepts any well-formed tag; an
# unnamed one is shown as its tag).
LANGUAGES = {"en": "English", "zh-Hans": "Chinese", "zh": "Chinese", "zh-Hant": "Chinese (traditional)"}

assert set(ENTITY_KINDS) < set(KINDS), "every entity kind has a schema of its own"
