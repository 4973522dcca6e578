"""Static SVG for the figures: pygal bar charts and two hand-drawn plots, made safe.

Every chart leaves here through one serializer with an allow-list of SVG elements and
attributes: pygal's inline ``<script>`` (its tooltip config, written even with
``js=[]``), its ``<style>`` (the page's stylesheet, tifa.css, styles charts instead,
with CSS variables for the light and dark palettes), its dated comment, random ids and
tooltip data are dropped; every text is escaped; every link must be relative. Same data,
same bytes. Charts carry ``role="graphics-document"`` with ``aria-labelledby`` (their
title) and ``aria-describedby`` (their summary): ``role="img"`` would hide the links
inside them from keyboard and screen-reader users (axe: nested-interactive), and each
link has a ``<title>`` as its accessible name and hover tooltip.

Example: ``bar_chart("timeline", "Occurrences", "5 occurrences…", ["2024-03"], [Series("Corpus", [Bar(5, "#kwic-x-1", "2024-03: 5")])])``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
TAGS = ("svg", "g", "rect", "line", "path", "circle", "text", "title", "desc", "a")
ATTRIBUTES = ("viewBox", "class", "role", "aria-labelledby", "aria-describedby", "id", "lang", "href", "x", "y",
              "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "transform")
NUMERIC = ("x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "transform")
FONT = 13  # px in the SVG's own units, as tifa.css sets them
_FLOAT = re.compile(r"-?\d+\.\d+")
_UNSAFE_HREF = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:|^\s*//")


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


@dataclass
class Node:
    """A hand-drawn SVG element: serialized through the same allow-list as pygal's."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, text: str | None = None, **attrs) -> "Node":
        node = Node(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}, [], text)
        self.children.append(node)
        return node


def _round(number: str) -> str:
    text = f"{float(number):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number(value: str) -> str:
    """Coordinates to one decimal: pygal writes 15 digits, which only cost bytes."""
    return _FLOAT.sub(lambda m: _round(m.group()), value)


def _attr(name: str, value) -> str:
    value = str(value)
    if name in NUMERIC:
        value = _number(value)
    if name == "href" and _UNSAFE_HREF.match(value):
        raise ValueError(f"charts link only inside the site, not to {value!r}")
    return f' {name}="{escape(value)}"'


def _lxml_to_node(el, root: bool = False) -> Node | None:
    """pygal's lxml tree as Nodes: only allowed elements and attributes, no ids but the root's."""
    if not isinstance(el.tag, str):  # comments, processing instructions
        return None
    tag = el.tag.replace(SVG_NS, "")
    classes = (el.get("class") or "").split()
    if tag not in TAGS or "tooltip-overlay" in classes or "titles" in classes:
        return None
    if tag == "desc" or (tag == "title" and el.getparent() is not None and el.getparent().tag.replace(SVG_NS, "") != "a"):
        return None  # pygal.js tooltip data, and axis labels repeated as titles
    if tag == "rect" and el.get("height") in ("0", "0.0") and "reactive" in classes:
        return None  # an empty bar of a stack
    attrs = {}
    for name, value in el.attrib.items():
        name = "href" if name == XLINK_HREF else name
        if name in ATTRIBUTES and (name != "id" or root) and value != "":
            attrs[name] = value
    node = Node(tag, attrs, [], el.text if tag in ("text", "title") else None)
    for child in el:
        converted = _lxml_to_node(child)
        if converted is not None:
            node.children.append(converted)
    if tag == "g" and not node.children and "background" not in classes:
        return None
    return node


def serialize(node: Node) -> str:
    if node.tag not in TAGS:
        raise ValueError(f"<{node.tag}> is not an element charts draw")
    attrs = "".join(_attr(k, v) for k, v in node.attrs.items() if v is not None and k in ATTRIBUTES)
    inner = escape(node.text) if node.text is not None else ""
    inner += "".join(serialize(c) for c in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _frame(root: Node, ident: str, title: str, summary: str, kind: str) -> Markup:
    """Root attributes every chart shares, then the markup."""
    root.tag = "svg"
    root.attrs = {"viewBox": root.attrs["viewBox"], "class": f"tifa-chart tifa-chart-{kind}", "role": "graphics-document",
                  "aria-labelledby": f"{ident}-title", "aria-describedby": f"{ident}-desc", "id": ident}
    root.children[:0] = [Node("title", {"id": f"{ident}-title"}, [], title), Node("desc", {"id": f"{ident}-desc"}, [], summary)]
    return Markup(serialize(root).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def integer_ticks(top: float, most: int = 6) -> list[int]:
    """Whole-number axis ticks from 0 past ``top``: counts have no halves."""
    top = max(1, math.ceil(top))
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000):
        step = candidate
        if top / candidate <= most:
            break
    return list(range(0, top + step, step))


def bar_chart(ident: str, title: str, summary: str, labels: list[str], series: list[Series], horizontal: bool = False,
              stacked: bool = False, height: int = 280, width: int = 480, label_every: int = 1) -> Markup:
    """A pygal bar chart (grouped, stacked or horizontal) of counts, each bar a link."""
    import pygal
    from pygal.style import Style

    kind = pygal.HorizontalStackedBar if horizontal and stacked else pygal.HorizontalBar if horizontal else \
        pygal.StackedBar if stacked else pygal.Bar
    top = max([sum(b.value for b in bars if b) for bars in zip(*[s.bars for s in series])] if stacked else
              [b.value for s in series if not s.secondary for b in s.bars if b] or [1])
    config = dict(
        js=[], css=[], disable_xml_declaration=True, explicit_size=False, classes=["tifa-chart"], width=width, height=height,
        show_legend=len(series) > 1 or stacked, legend_at_bottom=True, legend_at_bottom_columns=1 if horizontal else min(len(series), 3), truncate_label=-1,
        truncate_legend=-1, print_values=False, show_x_guides=False, show_y_guides=True, margin=12, spacing=8,
        y_labels=integer_ticks(top), no_data_text="", x_label_rotation=0 if horizontal or _fits(labels, width, label_every) else 35,
        show_minor_x_labels=label_every == 1, x_labels_major_every=label_every if label_every > 1 else None,
        legend_box_size=12, tooltip_border_radius=0,
        # Sizes as tifa.css draws them: pygal lays out axes and legends from these.
        style=Style(label_font_size=FONT, major_label_font_size=FONT, legend_font_size=FONT, title_font_size=FONT),
    )
    if horizontal:  # pygal draws the first bar at the bottom: the strongest goes on top
        labels, series = labels[::-1], [Series(s.name, s.bars[::-1], s.secondary) for s in series]
    chart = kind(**config)
    chart.uuid = ident  # pygal's is random; the root id is replaced anyway
    chart.title = None
    chart.x_labels = labels
    secondary = [s for s in series if s.secondary]
    if secondary:  # pygal puts the right axis's ticks beside the left one's: a range they divide evenly keeps them whole
        steps = len(config["y_labels"]) - 1
        most = max([b.value for s in secondary for b in s.bars if b] or [1])
        chart.config.secondary_range = (0, steps * math.ceil(most / steps))
    for s in series:
        chart.add(s.name, [None if b is None else {"value": b.value, **({"xlink": {"href": b.href}} if b.href else {}),
                                                   **({"tooltip": b.tip} if b.tip else {})} for b in s.bars],
                  secondary=s.secondary)
    holder = {}
    chart.add_xml_filter(lambda root: holder.setdefault("root", root))
    chart.render()
    node = _lxml_to_node(holder["root"], root=True)
    return _frame(node, ident, title, summary, "bar")


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
    return _frame(root, ident, title, summary, "strip")


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
        link.add("circle", class_=f"node color-{colour[category]}", cx=f"{x:.1f}", cy=f"{y:.1f}",
                 r=f"{3 + 7 * math.sqrt(count / largest):.1f}")
        degrees = math.degrees(angle) % 360
        flip = 90 < degrees < 270  # the left half reads from the outside in
        tx, ty = cx + (radius + 14) * math.cos(angle), cy + (radius + 14) * math.sin(angle)
        link.add("text", _cut(label, 28), class_="node-label end" if flip else "node-label", x=f"{tx:.1f}", y=f"{ty + 4:.1f}",
                 transform=f"rotate({(degrees + 180 if flip else degrees) % 360:.1f} {tx:.1f} {ty:.1f})")
    key = root.add("g", class_="legend")
    for i, (cat, name) in enumerate(categories):
        x, y = 40 + (i % per_row) * ((size - 80) / per_row), size + (i // per_row) * 24
        key.add("circle", class_=f"node color-{colour[cat]}", cx=f"{x + 6:.1f}", cy=y - 4, r=6)
        key.add("text", name, x=f"{x + 18:.1f}", y=y)
    return _frame(root, ident, title, summary, "network")


def _fits(labels: list[str], width: int, every: int) -> bool:
    """Whether the shown x labels fit side by side unrotated (about 0.6 em a character)."""
    shown = labels[::every]
    return sum(len(label) + 2 for label in shown) * FONT * 0.6 < width - 60


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
