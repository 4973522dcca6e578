"""The page-kind registry (tifa.site.kinds): a kind is one declaration plus a template,
and every generation path (MkDocs, `tifa pages`, the benchmark, the tests) makes it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers import CORPUS, ROOT
from tifa.corpus.index import build_corpus
from tifa.site import kinds
from tifa.site.generate import generate, site_files
from tifa.site.pages import Site
from tifa.site.views import View

TEMPLATES = ROOT / "scripts" / "tifa" / "site" / "templates"


@dataclass(frozen=True)
class ToyView(View):
    texts: int
    newest: str

    def key(self, shown):
        return self.texts, self.newest


def toy_pages(build: kinds.Build):
    articles = build.corpus.articles
    yield kinds.Spec("toy/index.md", "Toy", "A page kind added by a test.", ToyView(len(articles), articles[-1].title), build.everything)


TOY = kinds.PageKind("toy", "toy.md.j2", toy_pages, source='<p class="toy">{{ texts }} texts; the newest: {{ newest }}</p>\n')


def test_a_toy_page_kind_is_made_through_the_registry_alone(tmp_path):
    checked, corpus = build_corpus(CORPUS)
    assert checked.ok
    made = generate(corpus, Site(), tmp_path / "pages", kinds=(*kinds.KINDS, TOY))
    assert "toy/index.md" in made.pages
    page = (tmp_path / "pages" / "toy" / "index.md").read_text(encoding="utf-8")
    newest = corpus.articles[-1].title.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
    assert f'<p class="toy">{len(corpus.articles)} texts; the newest: {newest}</p>' in page
    assert page.startswith("---\n") and "title: Toy" in page  # front matter and head metadata as every page has
    # The in-memory path makes it too, and the built-in kinds are untouched.
    files = site_files(corpus, Site(), kinds=(*kinds.KINDS, TOY))
    assert "toy/index.md" in files and "toy/index.md" not in site_files(corpus, Site())


def test_a_toy_page_is_reused_while_its_view_key_is_unchanged(tmp_path):
    checked, corpus = build_corpus(CORPUS)
    folder = tmp_path / "pages"
    first = generate(corpus, Site(), folder, checked.fingerprints, {}, kinds=(*kinds.KINDS, TOY))
    again = generate(corpus, Site(), folder, checked.fingerprints, first.memo, kinds=(*kinds.KINDS, TOY))
    assert "toy/index.md" not in again.written and again.reused == len(again.pages)


def test_every_page_template_belongs_to_one_kind():
    """A template without a kind is dead; two kinds sharing one would share its cache key's template part."""
    named = [kind.template for kind in kinds.KINDS]
    assert len(named) == len(set(named))
    pages = {p.name for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_")}
    assert pages == set(named)


def test_templates_never_read_the_corpus():
    """A template reads its view: the corpus is not in its context (a page reused while
    serving could otherwise show what its key does not cover)."""
    for template in TEMPLATES.glob("*.j2"):
        code = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", template.read_text(encoding="utf-8"), flags=re.S))
        code = re.sub(r"'[^']*'|\"[^\"]*\"", "", code)  # words in string literals are text
        assert not re.search(r"\bcorpus\b", code), f"{template.name} reads the corpus"


def test_contributing_says_how_to_add_a_page_kind():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "Adding a page kind" in guide and "tifa/site/kinds.py" in guide and "tifa urls --update" in guide
    assert Path(kinds.__file__).name == "kinds.py"
