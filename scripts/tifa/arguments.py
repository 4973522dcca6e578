"""The command line's grammar: the sub-commands, their options and help texts, in the
order ``--help`` lists them. What each command does is tifa.cli's: it hands the
functions in, and each parser records its own as ``func``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tifa.site.hosting import HOSTS
from tifa.vocab import ENTITY_KINDS, FOLDERS


def parser(commands: dict[str, Callable]) -> argparse.ArgumentParser:
    """The parser of ``python -m tifa``; ``commands``: sub-command name -> the function it runs."""
    top = argparse.ArgumentParser(prog="python -m tifa", description="Tifa: annotations to an atlas of formulations.")
    top.add_argument("--root", default="annotations", help="annotations folder (default: annotations)")
    sub = top.add_subparsers(dest="command", required=True)
    for name, add in SUBCOMMANDS.items():
        add(sub, commands[name])
    return top


def _check(sub, run) -> None:
    check = sub.add_parser("check", help="validate annotation files; report every problem as path:line:col: CODE message")
    check.add_argument("paths", nargs="*", help="report only these files (all files are still read for cross-references)")
    check.add_argument("--github", action="store_true", help="also print GitHub Actions ::error annotations (default when GITHUB_ACTIONS=true)")
    check.set_defaults(func=run)


def _pages(sub, run) -> None:
    pages = sub.add_parser("pages", help="write the generated Markdown pages to a folder")
    pages.add_argument("--out", required=True, help="folder to write into (only changed files are rewritten)")
    pages.set_defaults(func=run)


def _site(sub, run) -> None:
    site = sub.add_parser("site", help="check, then build the site with MkDocs into --out (swapped in only when the build succeeds)")
    site.add_argument("--out", default="site", help="output folder, relative to the project (default: site)")
    site.add_argument(
        "--cold", action="store_true", help="convert every page; by default a page unchanged since the last build into --out keeps that build's HTML"
    )
    site.set_defaults(func=run)


def _size(sub, run) -> None:
    size = sub.add_parser("size", help="the built site's size and file count; fail if its host would refuse it (before an upload)")
    size.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    size.add_argument("--host", choices=sorted(HOSTS), default="github-pages", help="whose limits apply (default: github-pages)")
    size.add_argument("--max-bytes", type=int, help="a smaller limit of bytes than the host's (e.g. to keep a margin)")
    size.set_defaults(func=run)


def _urls(sub, run) -> None:
    urls_cmd = sub.add_parser("urls", help="list the published URLs; --check against published-urls.txt; --update it")
    urls_cmd.add_argument("--check", action="store_true", help="fail when a URL of published-urls.txt no longer exists, or a published URL is not in it")
    urls_cmd.add_argument("--update", action="store_true", help="add the current URLs to published-urls.txt")
    urls_cmd.set_defaults(func=run)


def _bench(sub, run) -> None:
    bench = sub.add_parser("bench", help="scale figures on a synthetic corpus (a throwaway copy of the project; timings, memory, page and search sizes)")
    bench.add_argument("--sizes", default="1000,10000", help="numbers of articles, comma-separated (default: 1000,10000)")
    bench.add_argument("--out", default="bench-out", help="folder for results.md, results.json and logs (default: bench-out)")
    bench.add_argument("--keep", action="store_true", help="keep the synthetic projects and their built sites")
    bench.add_argument("--publish", action="store_true", help="also write the table into docs/performance.md")
    bench.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus (default: 1)")
    bench.add_argument("--serve-size", type=int, default=1000, help="size at which to time an edit under mkdocs serve (0: never)")
    bench.add_argument("--profile", action="store_true", help="also write a cProfile of the generator to <out>/profile-<size>.txt")
    bench.add_argument("--no-browser", action="store_true", help="no Chromium: the search download is skipped, the serve edit timed over HTTP only")
    bench.add_argument("--work", default=None, help="scratch folder for the synthetic projects (default: the system's temporary folder)")
    bench.add_argument("--memory-limit", type=float, default=14 * 1024, help="MiB: a build whose processes hold more is stopped (default: 14336)")
    bench.add_argument("--repeat", type=int, default=3, help="runs of the parse and check steps; the fastest is kept (default: 3)")
    bench.add_argument("--commit", default=None, help="measure the code of this commit (e.g. HEAD) instead of the working tree")
    bench.add_argument(
        "--baseline", default="0a545ef", help="also build each size with this commit's code, for the ratio of the build times (default: 0a545ef; none: skip)"
    )
    bench.set_defaults(func=run)


def _new(sub, run) -> None:
    new = sub.add_parser("new", help="write a new annotation file (article, concept, person, place, organization)")
    kinds = new.add_subparsers(dest="kind", required=True)
    new_article = kinds.add_parser("article", help="a new article: annotations/articles/<year>/<id>.yml")
    new_article.add_argument("--title", required=True, help="the headline exactly as published")
    new_article.add_argument("--publisher", required=True, metavar="ID", help="organization id of the publisher, e.g. xinhua")
    new_article.add_argument("--published", required=True, metavar="DATE", help="YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+08:00")
    new_article.add_argument("--text-file", metavar="FILE", help="plain-text file with the full text (paragraphs are normalised)")
    new_article.add_argument("--id", help="article id (default: date, publisher and a few words of the title)")
    new_article.add_argument("--genre", help="news-report, meeting-readout, speech, signed-article, commentary or policy-document")
    new_article.add_argument("--language", help="BCP 47 tag of the text (default: zh-Hans for a Chinese text, else en)")
    new_article.add_argument("--url", help="address of the copy you read: the publisher's page or a faithful re-publication")
    new_article.add_argument("--holder", help="who holds the rights in the text (default: the publisher's name)")
    new_article.add_argument("--basis", help="with --text-file: why the whole text may be shown (a licence, a permission)")
    new_article.add_argument("--annotator", help="your name or handle")
    new_concept = kinds.add_parser("concept", help="a new concept: annotations/concepts/<id>.yml")
    new_concept.add_argument("ident", metavar="ID", help="concept id, e.g. new-quality-productive-forces")
    new_concept.add_argument("--label", required=True, help="the English label, the page title")
    new_concept.add_argument("--zh", help="the formulation in Chinese characters, when a source gives it")
    new_concept.add_argument("--pinyin", help="Hanyu Pinyin with tone marks")
    new_concept.add_argument("--category", help="subject area, e.g. development")
    new_concept.add_argument("--definition", help="the definition in your own words (its sources go in the file)")
    for kind in ENTITY_KINDS:
        one = kinds.add_parser(kind, help=f"a new {kind}: annotations/{FOLDERS[kind]}/<id>.yml")
        one.add_argument("ident", metavar="ID", help=f"{kind} id, e.g. " + {"person": "xi-jinping", "place": "jiangsu", "organization": "xinhua"}[kind])
        one.add_argument("--name", required=True, help="the English name")
        one.add_argument("--zh", help="the name in Chinese characters, when a source gives it")
        one.add_argument("--description", help="one or two sentences of your own")
        if kind != "person":
            one.add_argument("--kind", dest="type", help=f"what sort of {kind} it is")
    new.set_defaults(func=run)


def _missing(sub, run) -> None:
    missing = sub.add_parser("missing", help="list known concept names in articles' texts that no annotation covers, and each article's coverage")
    missing.add_argument("articles", nargs="*", metavar="ARTICLE", help="article ids or paths (default: every article)")
    missing.set_defaults(func=run)


def _fields(sub, run) -> None:
    fields = sub.add_parser("fields", help="print the field reference generated from the schemas (docs/fields.md)")
    fields.add_argument("--check", action="store_true", help="fail when docs/fields.md differs from the schemas")
    fields.add_argument("--write", action="store_true", help="rewrite docs/fields.md")
    fields.set_defaults(func=run)


# Sub-command -> what adds its parser, in the order --help lists them.
SUBCOMMANDS = {
    "check": _check,
    "pages": _pages,
    "site": _site,
    "size": _size,
    "urls": _urls,
    "bench": _bench,
    "new": _new,
    "missing": _missing,
    "fields": _fields,
}
