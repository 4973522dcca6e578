"""Static SVG for the figures, drawn here: bar charts, a strip plot and a network.

Every chart leaves here through one serializer (``svgsafe``) with an allow-list of SVG
elements and attributes; the page's stylesheet (tifa.css) styles charts, with CSS variables for the
light and dark palettes; every text is escaped; every link must be relative. Same data,
same bytes. Charts carry ``role="graphics-document"`` with ``aria-labelledby`` (their
title) and ``aria-describedby`` (their summary): ``role="img"`` would hide the links
inside them from keyboard and screen-reader users (axe: nested-interactive), and each
link has a ``<title>`` as its accessible name and hover tooltip.

Example: ``bar_chart("timeline", "Occurrences", "5 occurrences…", ["2024-03"], [Series("Corpus", [Bar(5, "#kwic-x-1", "2024-03: 5")])])``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from tifa.site.svgsafe import Node, frame

FONT = 13  # px in the SVG's own units, as tifa.css sets them


@dataclass(frozen=True)
class Bar:
    value: int | float
    href: str | None = None
    tip: str = ""  # the link's accessible name and tooltip, e.g. "2024-03: 5 occurrences"


@dataclass(frozen=True)
class Series:
    name: str
    bars: list  # one Bar (or None for nothing) per x label
    secondary: bool = False


def integer_ticks(top: float, most: int = 6) -> list[int]:
    """Whole-number axis ticks from 0 past ``top``: counts have no halves."""
    top = max(1, math.ceil(top))
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000):
        step = candidate
        if top / candidate <= most:
            break
    return list(range(0, top + step, step))


def bar_chart(
    ident: str,
    title: str,
    summary: str,
    labels: list[str],
    series: list[Series],
    horizontal: bool = False,
    stacked: bool = False,
    height: int = 280,
    width: int = 480,
    label_every: int = 1,
) -> Markup:
    """A bar chart of counts (grouped, stacked or horizontal), each bar a link, drawn here.

    Grouped bars stand side by side in a label's slot; stacked ones pile up in series
    order (an empty segment is not drawn). Horizontal charts put the first label on top
    and take their height from their labels (26 units a label), not from ``height``.
    A ``secondary`` series (grouped vertical charts only) is drawn against an axis on the
    right with its own whole-number ticks, on the left axis's grid lines. A legend under
    the plot names the series when there are several, or when they are stacked.
    """
    primary = [s for s in series if not s.secondary]
    secondary = [s for s in series if s.secondary]
    if secondary and (horizontal or stacked):
        raise ValueError("a secondary axis is drawn on grouped vertical charts only")
    ticks, ticks2 = _bar_ticks(primary, secondary, stacked)
    per_row = 1 if horizontal else min(len(series), 3)
    legend_rows = math.ceil(len(series) / per_row) if (len(series) > 1 or stacked) else 0
    legend_h = legend_rows * 20 + (8 if legend_rows else 0)
    root = Node("svg", {})
    grid, axis_x = root.add("g", class_="axis y"), root.add("g", class_="axis x")
    # Numbers go to the serializer as numbers: it writes them to one decimal.
    if horizontal:
        total_h = _horizontal_bars(root, grid, axis_x, labels, series, ticks, stacked, width, legend_h)
    else:
        total_h = _vertical_bars(root, grid, axis_x, labels, series, ticks, ticks2, stacked, height, width, legend_h, label_every)
    if legend_rows:
        _legend(root, series, per_row, width, total_h, legend_h)
    root.attrs["viewBox"] = f"0 0 {width} {total_h:.0f}"
    return frame(root, ident, title, summary, "bar")


def _bar_ticks(primary: list[Series], secondary: list[Series], stacked: bool) -> tuple[list[int], list[int]]:
    """Ticks of the left axis, and of the right one (none without a secondary series)."""
    if stacked:
        top = max([sum(b.value for b in col if b) for col in zip(*[s.bars for s in primary])] or [1])
    else:
        top = max([b.value for s in primary for b in s.bars if b] or [1])
    ticks = integer_ticks(top)
    ticks2 = integer_ticks(max([b.value for s in secondary for b in s.bars if b] or [1]), len(ticks) - 1) if secondary else []
    if ticks2 and len(ticks2) < len(ticks):  # one grid: the right axis gets as many steps as the left
        step = ticks2[1] - ticks2[0]
        ticks2 = [step * i for i in range(len(ticks))]
    return ticks, ticks2


def _horizontal_bars(
    root: Node, grid: Node, axis_x: Node, labels: list[str], series: list[Series], ticks: list[int], stacked: bool, width: int, legend_h: float
) -> float:
    """Axes, labels and bars of a horizontal chart, one row a label from the top; its height."""
    char = FONT * 0.6
    label_w = min(max([len(_cut(t, 30)) for t in labels] or [1]), 30) * char + 12
    left, right, top_m = 12 + label_w, 16, 12
    bottom = 24 + legend_h
    slot = 26
    plot_h = slot * max(len(labels), 1)
    total_h = top_m + plot_h + bottom
    plot_w = width - left - right
    scale = plot_w / (ticks[-1] or 1)
    for t in ticks:
        x = left + t * scale
        grid.add("line", class_="guide line", x1=x, y1=top_m, x2=x, y2=top_m + plot_h)
        grid.add("text", f"{t:,}", x=x, y=top_m + plot_h + 16, class_="tick")
    grid.add("line", class_="line", x1=left, y1=top_m, x2=left, y2=top_m + plot_h)
    for i, label in enumerate(labels):  # label i in row i, from the top
        axis_x.add("text", _cut(label, 30), x=left - 6, y=top_m + slot * i + slot / 2 + 4, class_="end")
    thick = (slot - 8) if stacked else (slot - 8) / len(series)
    before = [0] * len(labels)  # stacked: where row i's next segment starts
    for k, s in enumerate(series):
        group, cls = root.add("g", class_=f"series serie-{k} color-{k}"), f"rect reactive color-{k}"
        for i, bar in enumerate(s.bars):
            if bar is None or not bar.value:
                continue
            if stacked:
                _bar(group, bar, cls, left + before[i] * scale, top_m + slot * i + 4, bar.value * scale, thick)
                before[i] += bar.value
            else:
                _bar(group, bar, cls, left, top_m + slot * i + 4 + thick * k, bar.value * scale, thick)
    return total_h


def _vertical_bars(
    root: Node,
    grid: Node,
    axis_x: Node,
    labels: list[str],
    series: list[Series],
    ticks: list[int],
    ticks2: list[int],
    stacked: bool,
    height: int,
    width: int,
    legend_h: float,
    label_every: int,
) -> float:
    """Axes, labels and bars of a vertical chart (a right axis for a secondary series); its height."""
    char = FONT * 0.6
    ticks_w = len(f"{ticks[-1]:,}") * char + 10
    left, right, top_m = 12 + ticks_w, (12 + len(f"{ticks2[-1]:,}") * char + 10) if ticks2 else 16, 12
    shown = labels[::label_every]
    rotate = not _fits(labels, width, label_every)
    label_h = (min(max([len(t) for t in shown] or [1]), 30) * char * 0.58 + 20) if rotate else 22
    total_h = max(height, 160 + legend_h + label_h)
    plot_h = total_h - top_m - label_h - legend_h
    plot_w = width - left - right
    scale = plot_h / (ticks[-1] or 1)
    base = top_m + plot_h
    for t in ticks:
        y = base - t * scale
        grid.add("line", class_="guide line", x1=left, y1=y, x2=left + plot_w, y2=y)
        grid.add("text", f"{t:,}", x=left - 6, y=y + 4)
    if ticks2:
        right_axis = root.add("g", class_="axis y2")
        scale2 = plot_h / (ticks2[-1] or 1)
        for t in ticks2:
            right_axis.add("text", f"{t:,}", x=left + plot_w + 6, y=base - t * scale2 + 4)
    grid.add("line", class_="line", x1=left, y1=base, x2=left + plot_w, y2=base)
    slot = plot_w / max(len(labels), 1)
    for i in range(0, len(labels), label_every):
        x, y = left + slot * i + slot / 2, base + 16
        if rotate:
            axis_x.add("text", _cut(labels[i], 30), x=x, y=y, transform=f"rotate(35 {x:.1f} {y:.1f})")
        else:
            axis_x.add("text", labels[i], x=x, y=y)
    groups = 1 if stacked else len(series)
    thick = min(slot * 0.8 / groups, 48)  # a lone month is a bar, not a wall
    below = [0] * len(labels)  # stacked: how high column i stands so far
    for k, s in enumerate(series):
        group, cls = root.add("g", class_=f"series serie-{k} color-{k}"), f"rect reactive color-{k}"
        factor = (plot_h / (ticks2[-1] or 1)) if s.secondary else scale
        pad, shift = (slot - thick * groups) / 2, (0 if stacked else thick * k)
        for i, bar in enumerate(s.bars):
            if bar is None or not bar.value:
                continue
            h = bar.value * factor
            _bar(group, bar, cls, left + slot * i + pad + shift, base - below[i] * factor - h, thick, h)
            if stacked:
                below[i] += bar.value
    return total_h


def _legend(root: Node, series: list[Series], per_row: int, width: int, total_h: float, legend_h: float) -> None:
    """The legend under the plot: a colour swatch and a name for each series, ``per_row`` a row."""
    legend = root.add("g", class_="legends")
    col_w = (width - 24) / per_row
    for k, s in enumerate(series):
        x, y = 12 + (k % per_row) * col_w, total_h - legend_h + 8 + (k // per_row) * 20
        item = legend.add("g", class_="legend")
        item.add("rect", class_=f"color-{k}", x=x, y=y, width=12, height=12)
        item.add("text", s.name, x=x + 18, y=y + 11)


def _bar(group: Node, bar: Bar, cls: str, x: float, y: float, w: float, h: float) -> None:
    """One bar: a rect, inside a link with its tooltip (its accessible name) when it leads somewhere."""
    rect = Node("rect", {"class": cls, "x": x, "y": y, "width": max(w, 0.5), "height": max(h, 0.5)}, [], None)
    if bar.href:
        group.children.append(Node("a", {"href": bar.href}, [Node("title", {}, [], bar.tip or str(bar.value)), rect], None))
    else:
        group.children.append(rect)


def strip_plot(ident: str, title: str, summary: str, rows: list) -> Markup:
    """AntConc's concordance plot: a line per text, a tick where each occurrence stands.

    ``rows``: (label, href of the text, lang, [(position 0–1, href, tip), …]).
    """
    left, right, row_h, top = 180, 20, 16, 8
    width = 480
    inner = width - left - right
    height = top + row_h * len(rows) + 28
    root = Node("svg", {"viewBox": f"0 0 {width} {height}"})
    axis = root.add("g", class_="axis")
    for frac in (0, 0.25, 0.5, 0.75, 1):
        x = left + frac * inner
        axis.add("line", class_="guide line", x1=f"{x:.1f}", y1=top, x2=f"{x:.1f}", y2=top + row_h * len(rows))
        axis.add("text", f"{round(frac * 100)}%", class_="tick", x=f"{x:.1f}", y=top + row_h * len(rows) + 16)
    for i, (label, href, lang, marks) in enumerate(rows):
        y = top + i * row_h
        row = root.add("g", class_="strip")
        link = row.add("a", href=href)
        link.add("title", label)
        link.add("text", _cut(label, 22), class_="strip-label", x=left - 8, y=y + row_h - 4, lang=lang)
        row.add("rect", class_="strip-line", x=left, y=y + row_h / 2 - 0.5, width=inner, height=1)
        for pos, mark_href, tip in marks:
            a = row.add("a", href=mark_href)
            a.add("title", tip)
            a.add("rect", class_="mark color-0", x=f"{left + pos * inner - 1.5:.1f}", y=y + 2, width=3, height=row_h - 4)
    return frame(root, ident, title, summary, "strip")


def network(ident: str, title: str, summary: str, nodes: list, edges: list, categories: list[tuple[str, str]]) -> Markup:
    """Concepts on a circle, grouped by category (deterministic: no random layout).

    ``nodes``: (id, label, category, size, href); ``edges``: (a, b, weight, tip);
    ``categories``: (category id, name) in drawing order, keyed below the circle.
    """
    size, radius, per_row = 960, 230, 3
    cx = cy = size / 2
    colour = {cat: i % 12 for i, (cat, _) in enumerate(categories)}  # tifa.css has 12 colours
    where = {}
    for i, (nid, *_rest) in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(nodes), 1)
        where[nid] = (angle, cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    keyed = math.ceil(len(categories) / per_row)
    root = Node("svg", {"viewBox": f"0 0 {size} {size + keyed * 24}"})
    lines = root.add("g", class_="edges")
    heaviest = max([w for _, _, w, _ in edges] or [1])
    for a, b, weight, tip in edges:
        (_, x1, y1), (_, x2, y2) = where[a], where[b]
        strength = round(1 + 4 * math.log1p(weight) / math.log1p(heaviest))
        edge = lines.add("path", class_=f"edge w{strength}", d=f"M{x1:.1f} {y1:.1f} Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}")
        edge.add("title", tip)
    largest = max([n[3] for n in nodes] or [1])
    dots = root.add("g", class_="nodes")
    for nid, label, category, count, href in nodes:
        angle, x, y = where[nid]
        link = dots.add("a", href=href)
        link.add("title", f"{label}: {count} occurrence{'' if count == 1 else 's'}")
        link.add("circle", class_=f"node color-{colour[category]}", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{3 + 7 * math.sqrt(count / largest):.1f}")
        degrees = math.degrees(angle) % 360
        flip = 90 < degrees < 270  # the left half reads from the outside in
        tx, ty = cx + (radius + 14) * math.cos(angle), cy + (radius + 14) * math.sin(angle)
        link.add(
            "text",
            _cut(label, 28),
            class_="node-label end" if flip else "node-label",
            x=f"{tx:.1f}",
            y=f"{ty + 4:.1f}",
            transform=f"rotate({(degrees + 180 if flip else degrees) % 360:.1f} {tx:.1f} {ty:.1f})",
        )
    key = root.add("g", class_="legend")
    for i, (cat, name) in enumerate(categories):
        x, y = 40 + (i % per_row) * ((size - 80) / per_row), size + (i // per_row) * 24
        key.add("circle", class_=f"node color-{colour[cat]}", cx=f"{x + 6:.1f}", cy=y - 4, r=6)
        key.add("text", name, x=f"{x + 18:.1f}", y=y)
    return frame(root, ident, title, summary, "network")


def _fits(labels: list[str], width: int, every: int) -> bool:
    """Whether the shown x labels fit side by side unrotated (about 0.6 em a character)."""
    shown = labels[::every]
    return sum(len(label) + 2 for label in shown) * FONT * 0.6 < width - 60


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
