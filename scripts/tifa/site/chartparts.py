"""What every figure is made of, whatever it counts: the Figure (title, summary, data
table, CSV link, and its SVG drawn on use) and its table cells as HTML, CSV text, and the
time buckets a timeline counts in (months, quarters or years, by the span of its dates).
The concept figures (charts) and the dashboard's (dashboard) are built from these."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup, escape

from tifa.site.text import spreadsheet_safe

MONTHS_MAX, QUARTERS_MAX = 36, 48  # buckets before a timeline coarsens to quarters, then years
TABLE_ROWS = 100  # rows of a data table on a page; the CSV has all
MIN_POINTS = 3  # fewer data points than this: a sentence and the table instead of a chart


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    lang: str | None = None


@dataclass
class Figure:
    """One chart: title, summary sentence, data table, CSV link, and its SVG (drawn on use)."""

    name: str  # unique on its page: the SVG's id is fig-<name>
    title: str
    summary: str
    columns: tuple[str, ...]
    rows: list  # of tuples of str | int | Cell, at most TABLE_ROWS
    csv: str  # link to the CSV, relative to the page
    draw: Callable[[], Markup] = field(repr=False, default=lambda: Markup(""))
    total_rows: int = 0
    # What a phone shows instead of the chart, when the chart cannot be read at 390 px
    # (the network): always in the page, the stylesheet picks one by the screen's width.
    narrow: Callable[[], Markup] | None = field(repr=False, default=None)

    @cached_property
    def svg(self) -> Markup:
        return self.draw()

    @property
    def ident(self) -> str:
        return f"fig-{self.name}"

    def html(self) -> Markup:
        """The figure as the page prints it: caption with its summary, the SVG, its data
        table (every cell escaped) and the CSV link. Python rather than a Jinja macro: a
        concept page has three figures of up to a hundred rows, and a macro call per cell
        was most of its rendering time."""
        points = self.total_rows or len(self.rows)
        if points < MIN_POINTS:  # a chart of one or two points shows a pattern that is not there: say it in words
            drawn = (
                f'<p class="tifa-help">Only {plural(points, "data point")} so far: too few for a chart; the table has {"it" if points == 1 else "them"}.</p>'
            )
        else:
            drawn = f'<div class="tifa-chart-wrap">{self.svg}</div>'
            if self.narrow is not None:
                drawn = f'<div class="tifa-chart-wrap tifa-wide-only">{self.svg}</div>\n<div class="tifa-narrow-only">{self.narrow()}</div>'
        out = [
            f'<figure class="tifa-figure">\n<figcaption><strong>{escape(self.title)}.</strong> {escape(self.summary)}</figcaption>\n'
            f'{drawn}\n<details class="tifa-figure-data"><summary>Data table</summary>\n'
            '<div class="tifa-table-wrap">\n<table>\n<thead><tr>'
        ]
        out += [f'<th scope="col">{escape(c)}</th>' for c in self.columns]
        out.append("</tr></thead>\n<tbody>\n")
        for row in self.rows:
            out.append("<tr>")
            out += [f"<td>{_cell(c)}</td>" for c in row]
            out.append("</tr>\n")
        out.append("</tbody>\n</table>\n</div>\n")
        if self.total_rows > len(self.rows):
            out.append(f'<p class="tifa-help">{len(self.rows)} of {self.total_rows} rows shown; the CSV has them all.</p>\n')
        out.append(f'</details>\n<p class="tifa-figure-csv"><a href="{escape(self.csv)}">Data as CSV</a></p>\n</figure>\n')
        return Markup("".join(out))


def _cell(c) -> str:
    """One data-table cell: a Cell (linked when it has an address), a number or a text."""
    if isinstance(c, Cell):
        if c.href:
            lang = f' lang="{escape(c.lang)}"' if c.lang else ""
            return f'<a href="{escape(c.href)}"{lang}>{escape(c.text)}</a>'
        return escape(c.text)
    return escape(c)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def to_csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(c.text if isinstance(c, Cell) else c) for c in row])
    return out.getvalue()


# Time buckets -----------------------------------------------------------------


def _month_index(date: str) -> int:
    """'2024-03-06', '2024-03' or '2024' -> months since year 0 (a bare year counts as its January)."""
    return int(date[:4]) * 12 + (int(date[5:7]) - 1 if len(date) >= 7 else 0)


def granularity(dates: list[str]) -> str:
    if not dates:
        return "month"
    span = _month_index(max(dates)) - _month_index(min(dates)) + 1
    return "month" if span <= MONTHS_MAX else "quarter" if span <= QUARTERS_MAX * 3 else "year"


def bucket(date: str, unit: str) -> str:
    """The bucket a date falls in: '2024-03', '2024-Q1' or '2024' (a bare year: its first bucket)."""
    if unit == "year":
        return date[:4]
    month = int(date[5:7]) if len(date) >= 7 else 1
    if unit == "month":
        return f"{date[:4]}-{month:02d}"
    if unit == "quarter":
        return f"{date[:4]}-Q{(month - 1) // 3 + 1}"
    raise ValueError(f"unknown time unit {unit!r}")


def buckets_between(first: str, last: str, unit: str) -> list[str]:
    """Every bucket from the one of ``first`` to the one of ``last``, gaps included."""
    out, m = [], _month_index(first)
    end = _month_index(last)
    while m <= end or not out:
        key = bucket(f"{m // 12:04d}-{m % 12 + 1:02d}", unit)
        if not out or out[-1] != key:
            out.append(key)
        m += 1
    return out


def label_every(n: int) -> int:
    """Every how many of ``n`` x labels one is written, so that they stay readable."""
    return 1 if n <= 24 else 3 if n <= 48 else 6 if n <= 96 else 12


NARROW_PAIRS = 15  # pairs a phone lists instead of drawing the network


def ranked_pairs(edges, label) -> Markup:
    """The strongest pairs as a ranked list, full names linked: the network's form on a
    phone, where a circle of 190 lines and small labels cannot be read."""
    out = ['<p class="tifa-help">The strongest pairs, in order:</p>\n<ol class="tifa-pairs">\n']
    for a, b, w, _ in edges:
        out.append(
            f'<li><a href="../concepts/{escape(a)}/">{escape(label[a].label)}</a> and '
            f'<a href="../concepts/{escape(b)}/">{escape(label[b].label)}</a>: {plural(w, "shared paragraph")}</li>\n'
        )
    out.append("</ol>")
    return Markup("".join(out))
