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
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


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
        raw = raw[len(BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        good = raw[: err.start].decode("utf-8", "replace")
        line, col = _position(good, len(good))
        problems.append(Problem(shown, line, col, "T001", f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8 (it looks like {'Latin-1 or Windows-1252' if raw[err.start] >= 0x80 else 'another encoding'})"))
        return None, problems
    for m in FORBIDDEN.finditer(text):
        line, col = _position(text, m.start())
        problems.append(Problem(shown, line, col, "T011", f"forbidden character {_char_name(m.group())}; delete it (control, bidirectional and invisible characters hide what text really says)"))
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
    doc = Document(shown, None, text=text)
    problems: list[Problem] = []
    marks: dict = {}
    key_marks: dict = {}
    if placing:
        doc._marks, doc._key_marks = marks, key_marks

    def at(mark) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    def refuse(ev, what: str) -> None:
        line, col = at(ev.start_mark)
        if isinstance(ev, yaml.AliasEvent):
            problems.append(Problem(shown, line, col, "T007", f"alias '*{ev.anchor}' is not allowed; write the value out in full"))
        elif what == "anchor":
            problems.append(Problem(shown, line, col, "T007", f"anchor '&{ev.anchor}' is not allowed; write each value out in full"))
        else:
            problems.append(Problem(shown, line, col, "T008", f"YAML tag '{short_tag(ev.tag)}' is not allowed; write plain values"))

    events = yaml.parse(text, Loader=yaml.CSafeLoader)
    # Stack of containers being built: (container, path, seen_keys|None, pending_key)
    stack: list[list] = []
    root_set = False
    broken_key = False  # the rest of the mapping is unknown: checking its fields would mislead
    documents = 0
    try:
        for ev in events:
            kind = type(ev)
            path = None  # a value's place in the tree, when placing
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent or kind is yaml.AliasEvent:
                if kind is yaml.AliasEvent:
                    refuse(ev, "alias")
                    value = None
                else:
                    if ev.anchor is not None:
                        refuse(ev, "anchor")
                    if ev.tag is not None:  # any explicit tag, e.g. !!python/object
                        refuse(ev, "tag")
                    if kind is yaml.ScalarEvent:
                        value = ev.value
                        if not ev.style and value in NULL_WORDS:  # plain style is "" from libyaml
                            value = None
                        elif ev.style == '"' and FORBIDDEN.search(value):
                            # An escape such as "\u202E" makes the character only now.
                            for m in FORBIDDEN.finditer(value):
                                line, col = at(ev.start_mark)
                                problems.append(Problem(shown, line, col, "T011", f"forbidden character {_char_name(m.group())} (written as an escape); delete it (control, bidirectional and invisible characters hide what text really says)"))
                            value = FORBIDDEN.sub(" ", value)
                    elif kind is yaml.MappingStartEvent:
                        value = {}
                    else:
                        value = []
                # Attach the value to its parent.
                if not stack:
                    if kind is not yaml.MappingStartEvent:
                        line, col = at(ev.start_mark)
                        problems.append(Problem(shown, line, col, "T010", "the file must be a mapping of fields (`field: value` lines)"))
                        raise _Stop
                    doc.data = value
                    path = ()
                    root_set = True
                    if placing:
                        marks[path] = at(ev.start_mark)
                else:
                    top = stack[-1]
                    container, cpath = top[0], top[1]
                    if type(container) is list:
                        if placing:
                            path = cpath + (len(container),)
                            marks[path] = at(ev.start_mark)
                        container.append(value)
                    elif top[3] is _NO_KEY:
                        # This node is a key.
                        if kind is not yaml.ScalarEvent or value is None:
                            line, col = at(ev.start_mark)
                            problems.append(Problem(shown, line, col, "T103", "a key must be a plain name"))
                            broken_key = True
                            raise _Stop
                        if value == "<<" and not ev.style:
                            line, col = at(ev.start_mark)
                            problems.append(Problem(shown, line, col, "T007", "merge key '<<' is not allowed; write the fields out in full"))
                            doc.merged.add(cpath)
                        seen = top[2]
                        if value in seen:
                            line, col = at(ev.start_mark)
                            problems.append(Problem(shown, line, col, "T006", f"duplicate key '{value}' (first at line {seen[value].line + 1}); keep one"))
                            top[3] = _DUPLICATE
                        else:
                            seen[value] = ev.start_mark
                            if placing:
                                key_marks[cpath + (value,)] = at(ev.start_mark)
                            top[3] = value
                        continue
                    else:
                        key = top[3]
                        top[3] = _NO_KEY
                        if key is _DUPLICATE:
                            path = cpath + ("<duplicate>",) if placing else None
                        else:
                            if key in INTEGER_KEYS and kind is yaml.ScalarEvent and not ev.style and value is not None and DIGITS.fullmatch(value):
                                value = int(value)  # the schema's only numbers (YAML 1.1 would also read 0x1F, 1_000, 0o7)
                            container[key] = value
                            if placing:
                                path = cpath + (key,)
                                marks[path] = at(ev.start_mark)
                if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    if len(stack) >= MAX_DEPTH:
                        line, col = at(ev.start_mark)
                        problems.append(Problem(shown, line, col, "T013", f"nesting deeper than {MAX_DEPTH} levels; annotation files need no more than 6"))
                        broken_key = True  # the tree is cut here: checking its fields would mislead
                        raise _Stop
                    stack.append([value, path, {}, _NO_KEY] if kind is yaml.MappingStartEvent else [value, path, None, None])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = at(ev.start_mark)
                    problems.append(Problem(shown, line, col, "T009", "a second YAML document starts here; one file holds one document (remove the `---`)"))
                    raise _Stop
    except _Stop:
        pass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = err.problem or "cannot parse"
        context = ""
        if err.context:
            started = f" that starts at line {err.context_mark.line + 1}" if err.context_mark and err.context_mark.line + 1 != line else ""
            context = f" ({err.context}{started})"
        problems.append(Problem(shown, line, col, "T004", f"YAML syntax error: {what}{context}"))
        return None, problems
    except yaml.YAMLError as err:  # reader errors carry no mark
        problems.append(Problem(shown, 1, 1, "T004", f"YAML syntax error: {err}"))
        return None, problems
    if not root_set and not any(p.code == "T010" for p in problems):
        problems.append(Problem(shown, 1, 1, "T010", "the file is empty; it must be a mapping of fields"))
    if not root_set or broken_key or any(p.code == "T010" for p in problems):
        return None, problems
    if problems and not placing:
        return _build(text, shown, placing=True)  # its problems are placed at once
    return doc, problems


_NO_KEY = object()  # the next node in this mapping is a key
_DUPLICATE = object()  # the value of a duplicate key: parsed, then dropped
