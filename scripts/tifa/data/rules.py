"""Rules on one file that need no other file (stage 2 of the check): ids well formed,
matching the file name and not reserved, real calendar dates, no blank text; and the rules
on file names and ids across a tree (case collisions, article ids unique across years,
articles filed under their year). Also the guarded readers the later stages share."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from tifa.data import schema
from tifa.data.load import Document
from tifa.data.problems import Problem

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Ids that would name a page or folder the site writes in a kind's section
# (concepts/index.md, articles/by-year/…) or next to it: refused for every kind.
RESERVED_IDS = frozenset({"index", "by-year", "figures", "occurrences", "mentions", "search", "data", "assets", "compare", "dashboard", "timeline"})


_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-]([0-9]{2}):([0-9]{2}))$")


_SCHEMA_DATE = schema.date_pattern("date")
_SCHEMA_DATETIME = schema.date_pattern("datetime")


def valid_date(value: str) -> bool:
    """Calendar check of a date of the right form; a malformed one is the schema's to report."""
    if "T" in value:
        m = _DATETIME.match(value)
        if not m:
            return True
        hh, mm, ss = int(m[1]), int(m[2]), int(m[3] or 0)
        if not (hh < 24 and mm < 60 and ss < 60):
            return False
        if m[4] != "Z" and not (int(m[5]) <= 14 and int(m[6]) < 60):
            return False
        value = value[:10]
    elif not _DATE.match(value):
        return True
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return False
    return True


def _schema_accepts(value: str) -> bool:
    """The schema's patterns refuse months, days and times that do not exist (and report
    them, T120), leaving only 29 February of common years to the calendar check."""
    return bool(_SCHEMA_DATE.match(value) or _SCHEMA_DATETIME.match(value))


DATE_FIELDS = ("date", "published", "from", "to", "as_of", "accessed")


def date_problems(doc: Document, node, path=()) -> list[Problem]:
    """Calendar check of every date-shaped field the schema declares as a date. Only
    mappings and lists are walked into: most values are text, checked where they stand."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, (dict, list)):
            out += date_problems(doc, value, path + (key,))
        elif key in DATE_FIELDS and isinstance(value, str) and _schema_accepts(value) and not valid_date(value):
            line, col = doc.where(path + (key,))
            out.append(Problem(doc.path, line, col, "T120", schema.invalid_date(value, path + (key,))))
    return out


def reserved_ids(doc: Document) -> list[Problem]:
    """An id, or a former id, that would name a page the site writes itself."""
    out = []
    olds = doc.data.get("former_ids")
    places = [(("id",), doc.data.get("id"))] + ([(("former_ids", i), v) for i, v in enumerate(olds)] if isinstance(olds, list) else [])
    for path, value in places:
        if isinstance(value, str) and value in RESERVED_IDS:
            line, col = doc.where(path)
            out.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    "T115",
                    f"id '{value}' is reserved: the site writes a page or folder of that name ({', '.join(sorted(RESERVED_IDS))}); choose another",
                )
            )
    return out


def blank_text(doc: Document) -> list[Problem]:
    text = doc.data.get("text")
    if isinstance(text, str) and text and not text.strip():
        line, col = doc.where(("text",))
        return [Problem(doc.path, line, col, "T105", "text is blank; give the full text, or leave `text` out for a text shown by excerpts")]
    return []


def id_matches_file(doc: Document, file: Path) -> list[Problem]:
    value = doc.data.get("id")
    if isinstance(value, str) and value != file.stem and ID.match(value) and len(value) <= 100:  # an invalid id is T111's
        line, col = doc.where(("id",))
        fix = f"rename the file to '{value}.yml' or set id: {file.stem}" if ID.match(file.stem) else f"rename the file to '{value}.yml'"
        return [Problem(doc.path, line, col, "T110", f"id '{value}' does not match the file name '{file.name}'; {fix}")]
    return []


def case_collisions(files) -> list[Problem]:
    """Two files of one kind whose names differ only in case collide on macOS and Windows."""
    out, groups = [], {}
    for kind, file, shown in files:
        groups.setdefault((kind, file.stem.casefold()), []).append((file.stem, shown))
    for names in groups.values():
        if len(names) < 2:
            continue
        # Blame the names a valid id could not have (capitals), else all but the first.
        keep = next((n for n in names if n[0] == n[0].lower()), names[0])
        for stem, shown in names:
            if stem != keep[0]:  # the very same name twice is T113's
                out.append(Problem(shown, 1, 1, "T112", f"id '{stem}' equals '{keep[0]}' ({keep[1]}) ignoring case; ids must differ in more than case"))
    return out


def article_rules(docs) -> list[Problem]:
    out, first = [], {}
    for kind, doc, _ in docs:
        if kind != "article":
            continue
        value = doc.data.get("id")
        if isinstance(value, str):
            if value in first:
                line, col = doc.where(("id",))
                out.append(Problem(doc.path, line, col, "T113", f"article id '{value}' is also used by {first[value]}; article ids are unique across years"))
            else:
                first[value] = doc.path
        published = (doc.data.get("source") or {}).get("published") if isinstance(doc.data.get("source"), dict) else None
        year = Path(doc.path).parent.name
        if isinstance(published, str) and published[:4].isdigit() and year != published[:4]:
            line, col = doc.where(("source", "published"))
            out.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    "T114",
                    f"published in {published[:4]} but filed under articles/{year}/; move it to annotations/articles/{published[:4]}/",
                )
            )
    return out


def refused(doc: Document, path) -> bool:
    """Whether a problem of the file's own stands at ``path`` or at a field holding it."""
    places = doc.derived.get("refused")
    return bool(places) and any(doc.where(path[:k]) in places for k in range(1, len(path) + 1))


def items_of(value) -> list:
    """(index, item) of a list; nothing for any other shape."""
    return list(enumerate(value)) if isinstance(value, list) else []


def field_of(value, key):
    """A field of a mapping; None for any other shape."""
    return value.get(key) if isinstance(value, dict) else None
