"""How a large site's search index is cut into parts (tifa.site.search): bounded parts
whose boundaries an edit barely moves, and a key per part that changes only with what
Pagefind reads."""

from __future__ import annotations

import random

from tifa.site.search import CITE, ROOT, partition, searched

LIMIT = 40_000_000  # 700 pages of about 55 kB: a part as large sites have them (120 MB of 80 kB pages)


def pages(n: int, seed: int = 1) -> list[tuple[str, int]]:
    rng = random.Random(seed)
    return [(f"articles/{i:06d}/index.html", rng.randint(20_000, 90_000)) for i in range(n)]


def test_parts_hold_every_page_once_in_order_and_stay_under_the_limit():
    listed = pages(3_000)
    parts = partition(listed, LIMIT)
    assert [p for part in parts for p in part] == [p for p, _ in listed]
    size = dict(listed)
    assert all(sum(size[p] for p in part) <= LIMIT for part in parts)
    assert all(sum(size[p] for p in part) >= 0.5 * LIMIT for part in parts[:-1])  # no needless small parts


def test_a_page_too_large_for_any_part_is_a_part_alone():
    assert partition([("a.html", 10), ("big.html", 2 * LIMIT), ("c.html", 10)], LIMIT) == [["a.html"], ["big.html"], ["c.html"]]


def changed_parts(before: list[list[str]], after: list[list[str]]) -> int:
    return len({tuple(p) for p in after} - {tuple(p) for p in before})


def greedy(listed: list[tuple[str, int]]) -> list[list[str]]:
    """Parts cut wherever the next page would pass the limit (the rule before): every
    boundary depends on every page before it."""
    parts: list[list[str]] = [[]]
    size = 0
    for path, bytes_ in listed:
        if parts[-1] and size + bytes_ > LIMIT:
            parts.append([])
            size = 0
        parts[-1].append(path)
        size += bytes_
    return parts


def test_a_page_added_moves_its_own_part_not_the_ones_after_it():
    """100 pages added, one at a time, at places drawn at random over ten sites: on
    average about one part changes (the one that takes the page), where cutting by size
    alone changed seven (every boundary after the page moved until the sizes lined up)."""
    ours = theirs = 0
    for seed in range(1, 11):
        listed = pages(20_000, seed)
        before, before_greedy = partition(listed, LIMIT), greedy(listed)
        assert len(before) > 20
        draw = random.Random(seed)
        for _ in range(10):
            at = draw.randrange(1, len(listed))
            added = listed[:at] + [(listed[at - 1][0].replace("/index", "a/index"), 50_000)] + listed[at:]
            ours += changed_parts(before, partition(added, LIMIT))
            theirs += changed_parts(before_greedy, greedy(added))
    assert ours <= 200 and theirs > 2 * ours, (ours, theirs)


def test_pages_a_digit_longer_move_no_part():
    listed = pages(20_000)
    grown = [(p, s + 2) if i % 7 == 0 else (p, s) for i, (p, s) in enumerate(listed)]  # version lines a digit longer
    assert changed_parts(partition(listed, LIMIT), partition(grown, LIMIT)) == 0


def page(body: bytes, cite: bytes = b"") -> bytes:
    return (
        b"<html><head><title>t</title><meta name='v' content='1'></head><body><nav>menu</nav>"
        + ROOT
        + b' md-typeset">'
        + body
        + cite
        + b"</article><footer>f</footer></body></html>"
    )


def test_what_pagefind_reads_leaves_out_the_head_the_chrome_and_the_citation_box():
    box = CITE + b'Cite this page</h2><div class="tifa-cite-box">Version 2</div>'
    read = searched(page(b"<h1>Title</h1><p>text</p>", box))
    assert read.startswith(ROOT) and b"<p>text</p>" in read
    assert b"Version" not in read and b"menu" not in read and b"<title>" not in read
    assert searched(page(b"<p>text</p>", box.replace(b"Version 2", b"Version 3"))) == searched(page(b"<p>text</p>", box))
    assert searched(page(b"<p>text!</p>", box)) != searched(page(b"<p>text</p>", box))


def test_escaped_text_cannot_end_what_pagefind_reads_early():
    """A stranger's text is escaped on every page: it cannot spell the citation heading."""
    sneaky = b'<p>&lt;h2 id="cite"&gt; and the rest</p>'
    assert b"the rest" in searched(page(sneaky))
