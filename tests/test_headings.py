"""Pages whose template writes HTML skip Python-Markdown (tifa.site.headings): their
headings, table of contents and anchors must be what a conversion made of them.

Checked against the real Python-Markdown, with the project's own extensions, and
against html.parser (what MkDocs reads a converted page's ids with), on every page the
fixture corpus and the hostile corpus generate."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import markdown
import pytest
import yaml

import hostile_corpus
from helpers import CORPUS, ROOT
from tifa.corpus.index import build_corpus
from tifa.site.generate import site_files
from tifa.site.headings import HTML_BODY, anchor_ids, section_heading, toc_tokens


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml lists (but snippets, which reads files)."""
    listed = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nmarkdown_extensions:\n")[1].split("\n\n")[0]
    extensions, configs = [], {}
    for entry in yaml.safe_load(listed):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name != "pymdownx.snippets":
            extensions.append(name)
            configs[name] = options
    assert "toc" in extensions and configs["toc"] == {"permalink": True}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


@pytest.mark.parametrize("text", ["Cite this page", "2023 → 2024", "A & B", "x < y > z", 'say "so"', "提法 tifa"])
def test_a_heading_is_what_the_toc_extension_writes(text):
    md = _markdown()
    assert str(section_heading(2, text, "the-anchor")) == md.convert(f"## {text} {{#the-anchor}}")


def test_the_contents_are_what_the_toc_extension_finds():
    md = _markdown()
    converted = md.convert("## One {#one}\n\n### One a {#one-a}\n\n### One b {#one-b}\n\n## Two & more {#two}\n\n### Two a {#two-a}\n")

    def shape(tokens):
        return [(t["level"], t["id"], t["name"], shape(t["children"])) for t in tokens]

    assert shape(toc_tokens(converted)) == shape(md.toc_tokens)
    assert len(shape(md.toc_tokens)) == 2


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id")


def _bodies(annotations) -> dict[str, str]:
    checked, corpus = build_corpus(annotations)
    assert checked.ok, checked.problems
    bodies = {}
    for path, text in site_files(corpus).items():
        if path.endswith(".md"):
            _, front, body = text.split("---\n", 2)
            if yaml.safe_load(front).get(HTML_BODY):
                bodies[path] = body
    return bodies


@pytest.fixture(scope="module")
def hostile_bodies(tmp_path_factory) -> dict[str, str]:
    annotations = tmp_path_factory.mktemp("hostile") / "annotations"
    shutil.copytree(CORPUS, annotations)
    hostile_corpus.write(annotations)
    return _bodies(annotations)


def test_every_page_but_home_is_html_and_its_ids_are_the_parsers(hostile_bodies):
    assert "index.md" not in hostile_bodies  # the home page is Markdown
    assert any(p.startswith("articles/") for p in hostile_bodies) and any(p.startswith("concepts/") for p in hostile_bodies)
    for path, body in hostile_bodies.items():
        parser = _Ids()
        parser.feed(body)
        parser.close()
        assert anchor_ids(body) == parser.ids, path


def test_contributor_text_makes_no_heading_and_no_anchor(hostile_bodies):
    """The hostile strings sit in headings' neighbourhood (an article's title, notes,
    a person's name); none of them adds to the contents or the anchors."""
    page = hostile_bodies[f"articles/{hostile_corpus.ARTICLE_ID}.md"]
    ids = anchor_ids(page)
    assert not {i for i in ids if "alert" in i or "evil" in i or "onfocus" in i}
    assert [t["id"] for t in toc_tokens(page)] == ["text", "at-a-glance", "annotations", "cite"]
    for case in hostile_corpus.INERT:
        person = hostile_bodies.get(f"people/{case.person}.md")
        if person is not None:
            assert all("<" not in t["name"] for t in toc_tokens(person)), case.slug
