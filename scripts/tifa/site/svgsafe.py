"""SVG elements as the charts build them (``Node``; chartsvg draws with them), and the one
serializer every chart leaves through: an allow-list of elements and attributes,
coordinates to one decimal, every text escaped, every link relative, and the root
attributes all charts share (``frame``). Same tree, same bytes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from markupsafe import Markup

TAGS = ("svg", "g", "rect", "line", "path", "circle", "text", "title", "desc", "a")
ATTRIBUTES = (
    "viewBox",
    "class",
    "role",
    "aria-labelledby",
    "aria-describedby",
    "id",
    "lang",
    "href",
    "x",
    "y",
    "width",
    "height",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "d",
    "transform",
)
NUMERIC = ("x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "transform")
_FLOAT = re.compile(r"-?\d+\.\d+")
_UNSAFE_HREF = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:|^\s*//")
_TAGS, _ATTRIBUTES, _NUMERIC = frozenset(TAGS), frozenset(ATTRIBUTES), frozenset(NUMERIC)
_SPECIAL = re.compile("[&<>'\"]")


@dataclass(slots=True)
class Node:
    """An SVG element, serialized through the allow-list."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, text: str | None = None, **attrs) -> Node:
        node = Node(tag, {_key(k): v for k, v in attrs.items()}, [], text)
        self.children.append(node)
        return node


@cache
def _key(name: str) -> str:
    """Python keyword to SVG attribute: ``class_`` → ``class``, ``aria_labelledby`` → ``aria-labelledby``."""
    return name.rstrip("_").replace("_", "-")


def _round(number: str) -> str:
    text = f"{float(number):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=4096)
def _number_text(value: str) -> str:
    return _FLOAT.sub(lambda m: _round(m.group()), value) if "." in value else value


def _number(value) -> str:
    """Coordinates to one decimal: more digits only cost bytes. Numbers (most coordinates
    are) are formatted directly; text such as ``rotate(35 68.12 244.3)`` by pattern."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float and math.isfinite(value):
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return _number_text(str(value))


def _escape(text: str) -> str:
    """markupsafe's escaping (``&<>'"``), byte for byte, without building a Markup object a call."""
    if _SPECIAL.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


@lru_cache(maxsize=8192, typed=True)
def _attr(name: str, value) -> str:
    """`` name="value"``: numbers rounded, links checked, everything escaped (cached: classes and
    coordinates repeat)."""
    if name in _NUMERIC:
        value = _number(value)
    else:
        value = str(value)
        if name == "href" and _UNSAFE_HREF.match(value):
            raise ValueError(f"charts link only inside the site, not to {value!r}")
    return f' {name}="{_escape(value)}"'


def serialize(node: Node) -> str:
    out: list[str] = []
    _write(node, out.append)
    return "".join(out)


def _write(node: Node, write) -> None:
    tag = node.tag
    if tag not in _TAGS:
        raise ValueError(f"<{tag}> is not an element charts draw")
    write("<" + tag)
    for name, value in node.attrs.items():
        if value is not None and name in _ATTRIBUTES:
            write(_attr(name, value))
    write(">")
    if node.text is not None:
        write(_escape(str(node.text)))  # a Markup text is escaped too: charts hold no markup
    for child in node.children:
        _write(child, write)
    write(f"</{tag}>")


def frame(root: Node, ident: str, title: str, summary: str, kind: str) -> Markup:
    """Root attributes every chart shares, then the markup."""
    root.tag = "svg"
    root.attrs = {
        "viewBox": root.attrs["viewBox"],
        "class": f"tifa-chart tifa-chart-{kind}",
        "role": "graphics-document",
        "aria-labelledby": f"{ident}-title",
        "aria-describedby": f"{ident}-desc",
        "id": ident,
    }
    root.children[:0] = [Node("title", {"id": f"{ident}-title"}, [], title), Node("desc", {"id": f"{ident}-desc"}, [], summary)]
    return Markup(serialize(root).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
