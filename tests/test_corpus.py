"""The published corpus (annotations/) as a reader and a citing scholar rely on it.

Unlike every other test, these read the live annotations: they assert what the project
promises of any corpus it publishes (each text sourced, dated and with its rights; the
Jiangsu series without gaps; no public claim without its base), never what one version
of it contains, so a valid content pull request keeps them green. The thresholds are the
corpus's floor: counts are computed from the data.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import ROOT, copy_project, mkdocs_build, tifa
from tifa.corpus.index import build_corpus

LIVE = ROOT / "annotations"


@pytest.fixture(scope="module")
def corpus():
    checked, corpus = build_corpus(LIVE)
    assert checked.ok, [str(p) for p in checked.problems]
    return corpus


def test_every_text_is_sourced_dated_and_has_its_rights(corpus):
    for a in corpus.articles:
        assert a.url and a.url.startswith(("http://", "https://")), a.id
        assert a.publisher in corpus.entities["organization"], a.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.date), a.id
        assert a.accessed and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.accessed), f"{a.id}: no reading date (source.accessed)"
        assert a.rights_holder, a.id
        assert bool(a.rights_basis) == a.has_text or not a.has_text, a.id  # full text only with a basis


def test_the_corpus_spans_languages_and_years(corpus):
    languages = Counter(a.language.split("-")[0] for a in corpus.articles)
    years = {a.date[:4] for a in corpus.articles}
    assert len(corpus.articles) >= 16
    assert languages["zh"] >= 6 and languages["en"] >= 1
    assert len(years) >= 4


def test_texts_shown_in_full_are_few_and_say_why(corpus):
    full = [a for a in corpus.articles if a.has_text]
    assert all(a.rights_basis for a in full)
    assert len(full) < len(corpus.articles)  # most texts may only be quoted


def test_the_jiangsu_series_has_no_gap(corpus):
    texts = corpus.series_texts("jiangsu-delegation")
    years = sorted(int(a.date[:4]) for a in texts)
    assert len(years) >= 4 and years == list(range(years[0], years[-1] + 1)), years
    assert all(a.language.startswith("zh") for a in texts)  # compared on the Chinese originals


def test_translations_pair_with_their_originals(corpus):
    pairs = [(a, corpus.article_index[a.translation_of]) for a in corpus.articles if a.translation_of]
    assert len(pairs) >= 2
    for translation, original in pairs:
        assert translation.language != original.language
        shared = {x.concept for x in translation.annotations if x.concept} & {x.concept for x in original.annotations if x.concept}
        assert shared, f"{translation.id} and {original.id} annotate no concept in common"


def test_no_citation_lacks_its_title():
    for path in LIVE.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "exact title not recorded" not in text, path
        assert not re.search(r"\bthe seed\b(?! industr)", text, re.IGNORECASE), path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("live"), corpus=LIVE)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.mark.slow
def test_no_public_page_claims_more_than_the_corpus(site):
    """No project-internal word, no untitled source, no unqualified 'first attested'."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(site).as_posix()
        assert not re.search(r"\bthe seed\b(?! industr)", text, re.IGNORECASE), where
        assert "exact title not recorded" not in text, where
        assert "First attested" not in text, where
    for data in list(site.glob("data/*")) + list(site.glob("dashboard/*.csv")):
        text = data.read_text(encoding="utf-8")
        assert "exact title not recorded" not in text and not re.search(r"\bthe seed\b(?! industr)", text, re.IGNORECASE), data.name


@pytest.mark.slow
def test_every_url_of_the_manifest_is_published(site):
    """published-urls.txt is the live corpus's: each URL it lists is a page of the live build."""
    result = tifa("urls", "--check")
    assert result.returncode == 0, result.stdout
    listed = [u for u in (ROOT / "published-urls.txt").read_text(encoding="utf-8").splitlines() if u.startswith("/")]
    for url in listed:
        assert (site / url.strip("/") / ("index.html" if url.endswith("/") else "")).exists(), url
