"""The CSV files behind every figure, written beside their pages (a figure's data can be
cited and downloaded: concepts/<id>/figures/*.csv, dashboard/*.csv)."""

from __future__ import annotations

from tifa.corpus.index import Corpus
from tifa.site.charts import ConceptFigures
from tifa.site.dashboard import Dashboard

_memo: dict = {}  # cid or ('dashboard',) -> (what its page shows, its CSV files), across the rebuilds of `mkdocs serve`


def figure_files(corpus: Corpus, shown=None, concepts=None, dashboard: bool = True) -> dict[str, str]:
    """Every figure's CSV, keyed by its path in the site (for the MkDocs hook); or those
    of some ``concepts`` (ids) and, with ``dashboard``, the dashboard's (a process that
    rendered those pages has counted for them already). Counting only: no SVG is drawn
    here. With ``shown`` (a render.Shown: what each page shows of the corpus), the files
    of a concept, and the dashboard's, are kept across the rebuilds of ``mkdocs serve``
    while what their page shows is unchanged."""
    out = {}
    for cid in corpus.concepts if concepts is None else concepts:
        concept, occurrences = corpus.concepts[cid], corpus.by_concept.get(cid, [])
        key = shown.concept(cid) if shown is not None else None
        hit = _memo.get(cid)
        if key is not None and hit is not None and hit[0] == key:
            out.update(hit[1])
            continue
        figures, files = ConceptFigures.of(corpus, cid), {}
        if occurrences or concept.attestations:
            files[f"concepts/{cid}/figures/timeline.csv"] = figures.timeline_csv()
        if any(o.article.paragraphs for o in occurrences):
            files[f"concepts/{cid}/figures/dispersion.csv"] = figures.dispersion_csv()
        if corpus.with_article.get(cid):
            files[f"concepts/{cid}/figures/cooccurrence.csv"] = figures.cooccurrence_csv()
        # A renamed concept's CSVs stay at their old addresses too (a CSV cannot redirect).
        for old in concept.former_ids:
            files.update({path.replace(f"concepts/{cid}/", f"concepts/{old}/", 1): body for path, body in list(files.items())})
        _memo[cid] = (key, files)
        out.update(files)
    if dashboard:
        key, hit = (shown.dashboard() if shown is not None else None), _memo.get(("dashboard",))
        if key is None or hit is None or hit[0] != key:
            hit = _memo[("dashboard",)] = (key, Dashboard(corpus).files())
        out.update(hit[1])
    return out
