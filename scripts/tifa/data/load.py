"""Strict YAML loading that remembers where every value came from.

Contributor files are parsed by libyaml (PyYAML's C parser, about 13x faster than the
pure-Python one) as a stream of events, from which we build plain dicts, lists and
strings ourselves. Building from events rather than using a YAML constructor lets us:

* keep every scalar a string: YAML 1.1 would turn ``NO`` into False, ``1.10`` into 1.1,
  ``0777`` into 511 and ``2024-03-05`` into a date; no field of ours wants that;
* refuse what a stranger could abuse or a reader could misread: anchors, aliases and
  merge keys (alias bombs), tags (``!!python/object``), duplicate keys, several
  documents;
* record the line and column of every key and value for ``path:line:col`` messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tifa.data.problems import FORBIDDEN, Problem

MAX_BYTES = 512 * 1024  # a long policy document with its annotations stays well under this
MAX_DEPTH = 32  # our files nest 5 levels; deep nesting only serves to exhaust validators
BOM = b"\xef\xbb\xbf"

LEADING_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Every other scalar stays text: the keys whose plain digits are read as a number (an
# excerpt's `paragraph`), as the schemas type them.
INTEGER_KEYS = frozenset({"paragraph"})
DIGITS = re.compile(r"[0-9]{1,9}")

Path_ = tuple  # a JSON-pointer-like path: ("annotations", 3, "quote")


@dataclass
class Document:
    """A loaded file: its data and the place of every value and key in it."""

    path: str  # as shown to contributors, e.g. annotations/concepts/x.yml
    data: object
    merged: set = field(default_factory=set)  # paths of mappings that had a (refused) merge key
    # What the checker derives from this file alone (its anchored article): a document
    # kept across the rebuilds of `mkdocs serve` is not anchored again.
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    # The places of values and keys are worked out when first asked for, from the text
    # that was parsed: most files have no problem to place. Recording every place while
    # loading cost a fifth of a cold check, and shipping the places between processes
    # (forked checkers send their documents back) as much again.
    text: str = field(default="", repr=False, compare=False)
    _marks: dict | None = field(default=None, repr=False, compare=False)
    _key_marks: dict | None = field(default=None, repr=False, compare=False)

    @property
    def marks(self) -> dict:
        """Path_ -> (line, col) of the value."""
        if self._marks is None:
            self._place()
        return self._marks

    @property
    def key_marks(self) -> dict:
        """Path_ -> (line, col) of its key."""
        if self._key_marks is None:
            self._place()
        return self._key_marks

    def _place(self) -> None:
        placed, _ = _build(self.text, self.path, placing=True)
        self._marks, self._key_marks = placed._marks, placed._key_marks

    def where(self, path: Path_) -> tuple[int, int]:
        """Best place for a problem about ``path``: the value, else its key, else its parent."""
        path = tuple(path)
        marks, key_marks = self.marks, self.key_marks
        while path:
            if path in marks:
                return marks[path]
            if path in key_marks:
                return key_marks[path]
            path = path[:-1]
        return marks.get((), (1, 1))

    def where_key(self, path: Path_) -> tuple[int, int]:
        path = tuple(path)
        return self.key_marks.get(path) or self.where(path)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _char_name(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; controls have no Unicode name, so say what they are."""
    import unicodedata

    name = unicodedata.name(ch, "") or ("NULL" if ch == "\x00" else "control character")
    return f"U+{ord(ch):04X} {name}"


def short_tag(tag: str) -> str:
    """Write a tag the way contributors type it: '!!python/object' not 'tag:yaml.org,2002:…'."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def load_file(file: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Load one annotation file strictly. Never raises for bad content.

    Returns the document (None when it could not be read at all) and its problems.
    """
    try:
        raw = file.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 1, 1, "T004", f"cannot read file: {err.strerror}")]
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, shown: str) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 1, 1, "T003", f"file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}; split the article or shorten its text")]
    if raw.startswith(BOM):
        # Rejected rather than silently stripped: editors that add it add it to every save,
        # and a clean file is what the next contributor's diff should show.
        problems.append(Problem(shown, 1, 1, "T002", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        good = raw[: err.start].decode("utf-8", "replace")
        line, col = _position(good, len(good))
        problems.append(
            Problem(
                shown,
                line,
                col,
                "T001",
                f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8 (it looks like {'Latin-1 or Windows-1252' if raw[err.start] >= 0x80 else 'another encoding'})",
            )
        )
        return None, problems
    for m in FORBIDDEN.finditer(text):
        line, col = _position(text, m.start())
        problems.append(
            Problem(
                shown,
                line,
                col,
                "T011",
                f"forbidden character {_char_name(m.group())}; delete it (control, bidirectional and invisible characters hide what text really says)",
            )
        )
    if problems and FORBIDDEN.search(text):
        # Same length replacement keeps every later line and column right.
        text = FORBIDDEN.sub(" ", text)
    tabs = [_position(text, m.end() - 1) for m in LEADING_TAB.finditer(text)]
    for line, col in tabs:
        problems.append(Problem(shown, line, col, "T005", "tab used for indentation; indent with spaces"))
    if tabs:
        return None, problems  # libyaml would only add a confusing second message
    doc, more = _build(text, shown)
    return doc, problems + more


class _Stop(Exception):
    """Raised inside the builder when the rest of the stream cannot be trusted."""


def _build(text: str, shown: str, placing: bool = False) -> tuple[Document | None, list[Problem]]:
    """The document in ``text``. ``placing`` records the place of every value and key as
    it goes; without it they are left to be worked out when first asked for, unless the
    file has a problem (then it is built again, placing)."""
    builder = _Builder(text, shown, placing)
    try:
        builder.walk(yaml.parse(text, Loader=yaml.CSafeLoader))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as err:
        builder.problems.append(_syntax_error(shown, err))
        return None, builder.problems
    except yaml.YAMLError as err:  # reader errors carry no mark
        builder.problems.append(Problem(shown, 1, 1, "T004", f"YAML syntax error: {err}"))
        return None, builder.problems
    problems = builder.problems
    if not builder.root_set and not any(p.code == "T010" for p in problems):
        problems.append(Problem(shown, 1, 1, "T010", "the file is empty; it must be a mapping of fields"))
    if not builder.root_set or builder.broken_key or any(p.code == "T010" for p in problems):
        return None, problems
    if problems and not placing:
        return _build(text, shown, placing=True)  # its problems are placed at once
    return builder.doc, problems


def _at(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _syntax_error(shown: str, err: yaml.MarkedYAMLError) -> Problem:
    """libyaml's complaint, placed, with where the construct it was reading started."""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = err.problem or "cannot parse"
    context = ""
    if err.context:
        started = f" that starts at line {err.context_mark.line + 1}" if err.context_mark and err.context_mark.line + 1 != line else ""
        context = f" ({err.context}{started})"
    return Problem(shown, line, col, "T004", f"YAML syntax error: {what}{context}")


class _Builder:
    """One walk over a file's parse events. The containers being filled are a stack of
    [container, path, seen keys or None, pending key or None], never recursion: a deep
    file costs no Python frames, and every event is handled once (linear time)."""

    def __init__(self, text: str, shown: str, placing: bool):
        self.doc = Document(shown, None, text=text)
        self.shown, self.placing = shown, placing
        self.problems: list[Problem] = []
        self.marks: dict = {}
        self.key_marks: dict = {}
        if placing:
            self.doc._marks, self.doc._key_marks = self.marks, self.key_marks
        self.stack: list[list] = []
        self.root_set = False
        self.broken_key = False  # the rest of the mapping is unknown: checking its fields would mislead
        self.documents = 0

    def walk(self, events) -> None:
        for ev in events:
            kind = type(ev)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent or kind is yaml.AliasEvent:
                value = self.value(ev, kind)
                path = self.attach(ev, kind, value)  # a value's place in the tree, when placing
                if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self.open(ev, kind, value, path)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.stack.pop()
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.problem(ev, "T009", "a second YAML document starts here; one file holds one document (remove the `---`)")
                    raise _Stop

    def problem(self, ev, code: str, message: str) -> None:
        line, col = _at(ev.start_mark)
        self.problems.append(Problem(self.shown, line, col, code, message))

    def refuse(self, ev, what: str) -> None:
        if isinstance(ev, yaml.AliasEvent):
            self.problem(ev, "T007", f"alias '*{ev.anchor}' is not allowed; write the value out in full")
        elif what == "anchor":
            self.problem(ev, "T007", f"anchor '&{ev.anchor}' is not allowed; write each value out in full")
        else:
            self.problem(ev, "T008", f"YAML tag '{short_tag(ev.tag)}' is not allowed; write plain values")

    def value(self, ev, kind):
        """The value a node event starts (an empty container, a string or None); anchors,
        tags and aliases are refused, and a forbidden character written as an escape."""
        if kind is yaml.AliasEvent:
            self.refuse(ev, "alias")
            return None
        if ev.anchor is not None:
            self.refuse(ev, "anchor")
        if ev.tag is not None:  # any explicit tag, e.g. !!python/object
            self.refuse(ev, "tag")
        if kind is yaml.MappingStartEvent:
            return {}
        if kind is yaml.SequenceStartEvent:
            return []
        value = ev.value
        if not ev.style and value in NULL_WORDS:  # plain style is "" from libyaml
            return None
        if ev.style == '"' and FORBIDDEN.search(value):
            # An escape such as "\u202E" makes the character only now.
            for m in FORBIDDEN.finditer(value):
                self.problem(
                    ev,
                    "T011",
                    f"forbidden character {_char_name(m.group())} (written as an escape); delete it (control, bidirectional and invisible characters hide what text really says)",
                )
            value = FORBIDDEN.sub(" ", value)
        return value

    def attach(self, ev, kind, value):
        """Attach the value to its parent: the document, a list, or a mapping (as its next
        key, or that key's value). Its path when placing (the root's always), else None."""
        if not self.stack:
            if kind is not yaml.MappingStartEvent:
                self.problem(ev, "T010", "the file must be a mapping of fields (`field: value` lines)")
                raise _Stop
            self.doc.data = value
            self.root_set = True
            if self.placing:
                self.marks[()] = _at(ev.start_mark)
            return ()
        top = self.stack[-1]
        container, cpath = top[0], top[1]
        if type(container) is list:
            path = None
            if self.placing:
                path = cpath + (len(container),)
                self.marks[path] = _at(ev.start_mark)
            container.append(value)
            return path
        if top[3] is _NO_KEY:
            self.key(ev, kind, value, top)
            return None
        key = top[3]
        top[3] = _NO_KEY
        if key is _DUPLICATE:
            return cpath + ("<duplicate>",) if self.placing else None
        if key in INTEGER_KEYS and kind is yaml.ScalarEvent and not ev.style and value is not None and DIGITS.fullmatch(value):
            value = int(value)  # the schema's only numbers (YAML 1.1 would also read 0x1F, 1_000, 0o7)
        container[key] = value
        if not self.placing:
            return None
        path = cpath + (key,)
        self.marks[path] = _at(ev.start_mark)
        return path

    def key(self, ev, kind, value, top: list) -> None:
        """A mapping's next key: a plain name, not a merge key, not already in the mapping."""
        if kind is not yaml.ScalarEvent or value is None:
            self.problem(ev, "T103", "a key must be a plain name")
            self.broken_key = True
            raise _Stop
        if value == "<<" and not ev.style:
            self.problem(ev, "T007", "merge key '<<' is not allowed; write the fields out in full")
            self.doc.merged.add(top[1])
        seen = top[2]
        if value in seen:
            self.problem(ev, "T006", f"duplicate key '{value}' (first at line {seen[value].line + 1}); keep one")
            top[3] = _DUPLICATE
        else:
            seen[value] = ev.start_mark
            if self.placing:
                self.key_marks[top[1] + (value,)] = _at(ev.start_mark)
            top[3] = value

    def open(self, ev, kind, value, path) -> None:
        """Start filling a new mapping or list, unless the file nests too deep."""
        if len(self.stack) >= MAX_DEPTH:
            self.problem(ev, "T013", f"nesting deeper than {MAX_DEPTH} levels; annotation files need no more than 6")
            self.broken_key = True  # the tree is cut here: checking its fields would mislead
            raise _Stop
        self.stack.append([value, path, {}, _NO_KEY] if kind is yaml.MappingStartEvent else [value, path, None, None])


_NO_KEY = object()  # the next node in this mapping is a key
_DUPLICATE = object()  # the value of a duplicate key: parsed, then dropped
