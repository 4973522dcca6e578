"""Tifa: turn hand-curated YAML annotations of political texts into an atlas of tifa.

The package is pure: it never imports MkDocs (``tifa_mkdocs`` is the only adapter).
The data flows through its subpackages in order: ``data`` loads and checks the files,
``corpus`` cross-indexes them, ``site`` renders the pages and files of the site.

>>> from tifa.corpus.index import build_corpus
>>> checked, corpus = build_corpus("tests/fixtures/corpus/annotations")
>>> checked.ok, len(corpus.articles) > 0
(True, True)
"""
