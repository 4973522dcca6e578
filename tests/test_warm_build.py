"""A warm build (`tifa site` with the last site and its manifest, tifa/site/warm.py) takes
the HTML of unchanged pages from the last build, and makes exactly the site a cold build
makes: every file, byte for byte, but the search index, which holds the same pages."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import helpers as H
from tifa_bench.warm import commit

ARTICLE = "annotations/articles/2024/2024-03-06-xi-jiangsu-delegation.yml"
REUSED = re.compile(r"reused the HTML of ([\d,]+) of ([\d,]+) generated pages")
RENDERED = re.compile(r"rendered ([\d,]+) and reused")
KEPT = re.compile(r"and the search index of ([\d,]+) of ([\d,]+) parts")
LAST_CHECKED = re.compile(r"([\d,]+) of ([\d,]+) files as last checked")
SMALL_PARTS = {"TIFA_SEARCH_PART_MB": "0.3"}  # the fixture's site indexed in parts, as a large site is


def site(
    project: Path, *args: str, env: dict | None = None, kept: list | None = None, rendered: list | None = None, checked: list | None = None
) -> tuple[int, int]:
    """`tifa site` as `make site` runs it; the pages reused, and the pages generated
    (``kept`` receives the search parts kept, and the parts; ``rendered`` the pages the
    generator rendered; ``checked`` the files whose check was kept, and the files)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(H.ROOT / "scripts"),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": "1709700000",
        **(env or {}),
    }
    done = subprocess.run([sys.executable, "-m", "tifa", "site", *args], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    found, parts, made, last = REUSED.search(done.stderr), KEPT.search(done.stderr), RENDERED.search(done.stderr), LAST_CHECKED.search(done.stderr)
    assert found and parts and made and last, done.stderr
    if checked is not None:
        checked[:] = [int(last.group(1).replace(",", "")), int(last.group(2).replace(",", ""))]
    if rendered is not None:
        rendered[:] = [int(made.group(1).replace(",", ""))]
    if kept is not None:
        kept[:] = [int(parts.group(1).replace(",", "")), int(parts.group(2).replace(",", ""))]
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def same_site(a: Path, b: Path) -> None:
    """Every file the same, but Pagefind's index: two cold builds of the same pages already
    differ there (its Chinese filter and metadata take other names), so it is left out
    (``same_search`` compares what it holds)."""
    left, right = ({k: v for k, v in files(root).items() if not k.startswith("pagefind")} for root in (a, b))
    assert sorted(left) == sorted(right)
    differing = [path for path in left if left[path] != right[path]]
    assert not differing, differing[:10]


def edit(project: Path, path: str, old: str, new: str, day: int) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    commit(project, day)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture project with a cold build in site/ and its manifest."""
    project = H.copy_project(tmp_path_factory.mktemp("warm") / "project")
    commit(project, 1)  # each page names the version of its own files, as on CI
    reused, total = site(project)
    assert reused == 0 and total > 50  # nothing to reuse the first time
    assert (project / ".cache" / "tifa" / "site.manifest.json").is_file()
    return project


def html_changed(before: dict[str, bytes], after: Path) -> int:
    """How many HTML files of ``after`` are new or differ from ``before``: no warm build may
    convert more pages than that (a page's version changes with any commit to its files)."""
    return sum(1 for path, data in files(after).items() if path.endswith(".html") and before.get(path) != data)


def warm_then_cold(project: Path, rendered: list | None = None, checked: list | None = None) -> tuple[int, int, int]:
    """A warm build after an edit, checked against a cold one, which checks every file:
    (reused, generated, changed)."""
    before = files(project / "site")
    reused, total = site(project, rendered=rendered, checked=checked)
    cold: list = []
    site(project, "--cold", "--out", "cold", checked=cold)
    assert cold[0] == 0 and cold[1] > 50, cold
    same_site(project / "site", project / "cold")
    return reused, total, html_changed(before, project / "cold")


def test_nothing_changed_nothing_rendered_nothing_converted(built):
    rendered: list = []
    reused, total = site(built, rendered=rendered)
    assert reused == total and rendered == [0]


def test_a_build_after_one_edit_converts_only_what_changed_and_equals_a_cold_build(built):
    edit(built, ARTICLE, "note: Dateline of the report.", "note: Dateline of this report.", 2)
    rendered, checked = [], []
    reused, total, changed = warm_then_cold(built, rendered, checked)
    assert 0 < total - reused <= changed and reused > 0, (reused, total, changed)
    assert checked[0] == checked[1] - 1, checked  # every file's check kept but the edited one's (tifa.data.kept)
    # Rendered: the pages whose key changed (what they show, or their version), some of
    # which come out the same; not every page (in this small corpus most show the article).
    assert total - reused <= rendered[0] < total, (rendered, reused, total)


def test_an_edit_to_a_concept_converts_the_pages_that_show_it(built):
    edit(built, "annotations/concepts/new-quality-productive-forces.yml", "  text: Xi Jinping's name,", "  text: Xi Jinping's own name,", 3)
    reused, total, changed = warm_then_cold(built)
    assert 0 < total - reused <= changed and reused > 0, (reused, total, changed)


def test_a_page_changed_in_the_last_site_is_converted_again(built):
    page = built / "site" / "articles" / "2024-03-06-xi-jiangsu-delegation" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- changed by hand -->")
    rendered: list = []
    reused, total, _ = warm_then_cold(built, rendered)
    assert total - reused == 1 and rendered == [1], (reused, total, rendered)


def test_a_template_change_converts_every_page(built):
    main = built / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{#- a comment -#}\n", encoding="utf-8")
    commit(built, 4)
    reused, total, _ = warm_then_cold(built)
    assert reused == 0


def test_a_change_to_how_contents_are_read_converts_every_page(built):
    """The adapter reads an HTML page's contents and anchors with tifa/site/headings.py:
    the same source can give other HTML when it changes."""
    code = built / "scripts" / "tifa" / "site" / "headings.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    commit(built, 5)
    rendered: list = []
    reused, total = site(built, rendered=rendered)
    assert reused == 0 and total > 50 and rendered == [total]


def test_a_change_to_the_generator_renders_every_page(built):
    """A page kept by its key is not rendered to see whether it changed: any change to
    Tifa's own code (here a view's) renders every page again."""
    code = built / "scripts" / "tifa" / "site" / "views.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    commit(built, 6)
    rendered: list = []
    reused, total = site(built, rendered=rendered)
    assert rendered == [total] and reused == total  # the same Markdown: the HTML is still taken


def test_cold_forces_a_whole_build(built):
    assert site(built, "--cold")[0] == 0


def fragments(site: Path) -> dict[str, dict[str, bytes]]:
    """What each search bundle holds: its pages' fragments (named by their content), decoded."""
    return {
        bundle.name: {f.name: gzip.decompress(f.read_bytes()) for f in sorted((bundle / "fragment").iterdir())} for bundle in sorted(site.glob("pagefind*"))
    }


def same_search(a: Path, b: Path) -> None:
    assert (a / "search" / "bundles.json").read_bytes() == (b / "search" / "bundles.json").read_bytes()
    left, right = fragments(a), fragments(b)
    assert sorted(left) == sorted(right)
    for bundle in left:
        assert left[bundle] == right[bundle], bundle


@pytest.fixture(scope="module")
def parted(tmp_path_factory) -> Path:
    """The fixture project, its search index built in parts of 0.3 MB of HTML."""
    project = H.copy_project(tmp_path_factory.mktemp("parted") / "project")
    commit(project, 1)
    kept: list = []
    site(project, env=SMALL_PARTS, kept=kept)
    assert kept[0] == 0 and kept[1] >= 3, kept
    return project


def test_a_warm_build_keeps_the_search_parts_whose_pages_read_the_same(parted):
    """A note edited: its article's part is indexed again, and the others are kept, though
    a page's citation box (which names the commit of its files) changed in most of them:
    Pagefind does not read it. The index holds what a cold build's holds."""
    edit(parted, ARTICLE, "note: Dateline of the report.", "note: Dateline of this report.", 2)
    before = files(parted / "site")
    kept: list = []
    site(parted, env=SMALL_PARTS, kept=kept)
    assert 0 < kept[0] < kept[1], kept
    site(parted, "--cold", "--out", "cold", env=SMALL_PARTS)
    same_site(parted / "site", parted / "cold")
    same_search(parted / "site", parted / "cold")
    changed = {path.split("/")[0] for path, data in files(parted / "site").items() if path.endswith(".html") and before.get(path) != data}
    assert {"articles", "concepts"} <= changed  # the kept parts' pages changed too, where Pagefind does not read


def test_a_search_part_changed_in_the_last_site_is_indexed_again(parted):
    bundle = parted / "site" / "pagefind-2" / "pagefind-entry.json"
    bundle.write_bytes(bundle.read_bytes() + b" ")
    before: list = []
    site(parted, env=SMALL_PARTS, kept=before)
    assert before[0] == before[1] - 1, before
    assert not (parted / "site" / "pagefind-2" / "pagefind-entry.json").read_bytes().endswith(b" ")


class _AfterCite(HTMLParser):
    """What follows a page's "Cite this page" heading inside the article: tags at the top
    level, and any text there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.top, self.text = 0, [], ""

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.top.append((tag, dict(attrs).get("class", "")))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.text += data


def test_the_citation_box_is_the_last_thing_pagefind_reads_on_a_page(built):
    """A search part's key leaves out everything of a page from its "Cite this page"
    heading on (tifa.site.search.searched): only the heading and the box may be there."""
    from tifa.site.search import CITE

    seen = 0
    for path in sorted((built / "site").rglob("*.html")):
        html = path.read_bytes()
        at = html.find(CITE)
        if at < 0:
            continue
        seen += 1
        rest = html[at : html.index(b"</article>", at)].decode("utf-8")
        parser = _AfterCite()
        parser.feed(rest)
        assert parser.top == [("h2", ""), ("div", "tifa-cite-box")] and not parser.text.strip(), (path, parser.top, parser.text[:80])
    assert seen > 50


def test_a_manifest_never_makes_a_build_read_another_file(tmp_path):
    """The manifest comes from a cache: a page is read from the last site only at the path
    MkDocs writes it to, inside the site, and only under the same chrome (its key under the
    same generator)."""
    import doctest

    from tifa.site import warm

    assert doctest.testmod(warm).failed == 0
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_bytes(b"<p>a</p>")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "index.html").write_bytes(b"x")
    pages = {
        "a.md": ("m", warm.digest(b"<p>a</p>"), "k"),
        "../secret.md": ("m", warm.digest(b"x"), "k"),
        "a/../../secret.md": ("m", warm.digest(b"x"), "k"),
        "/secret.md": ("m", warm.digest(b"x"), "k"),
    }
    manifest = warm.Manifest("c", "g", pages)
    assert manifest.known("c", "g", site) == {"a.md": "k"}
    assert manifest.known("c", "other code", site) == {"a.md": ""}  # its HTML, not its key
    assert manifest.known("other chrome", "g", site) == {}
