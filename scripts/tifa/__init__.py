"""Tifa: turn hand-curated YAML annotations of political texts into an atlas of tifa.

The package is pure: it never imports MkDocs. ``scripts/hooks.py`` is the only adapter.

>>> from tifa.corpus import build_corpus
>>> result = build_corpus("annotations")          # doctest: +SKIP
>>> result.ok, len(result.corpus.articles)         # doctest: +SKIP
(True, 1)
"""
