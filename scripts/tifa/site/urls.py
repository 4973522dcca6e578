"""The public URLs of the site, and the committed manifest that keeps them alive.

Scholars cite page URLs, so a URL once published must keep working: either its page
still exists, or a renamed id lists the old one in ``former_ids`` and the old address
redirects. ``published-urls.txt`` (committed) lists every URL ever published;
``python -m tifa urls --check`` fails when one of them is gone, and ``--update`` adds
the new ones.
"""

from __future__ import annotations

from pathlib import Path

from tifa.corpus.index import Corpus
from tifa.site.listings import redirect_map
from tifa.site.pages import Page

MANIFEST = "published-urls.txt"
HEADER = (
    "# Every URL the site has published (below site_url). Never remove a line:\n# a renamed page keeps its old URL through `former_ids:` in its YAML file.\n"
)


def url_of_md(path: str) -> str:
    """'concepts/x.md' -> '/concepts/x/'; 'index.md' -> '/' (paths below site_url)."""
    return "/" + Page(path, "").url


def current(corpus: Corpus, generated, docs: Path) -> tuple[set[str], set[str]]:
    """(URLs served by a page or file, URLs served by a redirect), from the paths of the
    generated files and the hand-written pages under ``docs``."""
    served = {url_of_md(path) if path.endswith(".md") else "/" + path for path in generated}
    served |= {url_of_md(f.relative_to(docs).as_posix()) for f in docs.rglob("*.md")}
    redirected = {url_of_md(old) for old in redirect_map(corpus)}
    return served, redirected


def read_manifest(project: Path) -> list[str]:
    path = project / MANIFEST
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def missing(manifest: list[str], served: set[str], redirected: set[str]) -> list[str]:
    return [u for u in manifest if u not in served and u not in redirected]


def write_manifest(project: Path, urls: set[str]) -> None:
    ordered = sorted(urls, key=lambda u: (u.count("/"), u))
    (project / MANIFEST).write_text(HEADER + "".join(f"{u}\n" for u in ordered), encoding="utf-8")
