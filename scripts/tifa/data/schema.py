"""JSON Schema validation of loaded files, with errors turned into located problems.

The schemas in ``schemas/`` are the public contract: editors use them through the
``# yaml-language-server: $schema=...`` line, and the checker uses the very same files
through jsonschema-rs (a Rust validator: every error at once, with structured error
kinds, at a fraction of the pure-Python validator's cost on 10,000 files).
"""

from __future__ import annotations

import json
import re
from functools import cache

import jsonschema_rs

from tifa.data.load import Document
from tifa.data.problems import Problem, did_you_mean
from tifa.vocab import SCHEMA_DIR

# Which code a failed `pattern` gets, by the pattern's definition in common.schema.json.
_PATTERN_CODES = {"id": "T111", "date": "T120", "datetime": "T120", "url": "T121"}
_PATTERN_HINTS = {
    "id": "use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'",
    "date": "write YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known",
    "datetime": "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00",
    "url": "only http:// and https:// addresses are allowed",
    "line": "it must fit on one line",
    "language": "use a BCP 47 tag such as 'en' or 'zh-Hans'",
}
# A date or date-time of the right form (the patterns also refuse months, days and times
# that do not exist): a value of this form that the pattern refuses is not on the calendar.
_DATE_FORM = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?)?)?$")
NOT_ON_CALENDAR = "no such day or time on the calendar"
_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping of fields", "null": "nothing"}


def _read(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def schema(kind: str) -> dict:
    return _read(f"{kind}.schema.json")


@cache
def _validator(kind: str):
    def retrieve(uri: str) -> dict:
        return _read(uri.rsplit("/", 1)[-1])

    base = (SCHEMA_DIR / f"{kind}.schema.json").as_uri()
    return jsonschema_rs.validator_for(schema(kind), retriever=retrieve, base_uri=base)


@cache
def _pattern_names() -> dict[str, str]:
    defs = _read("common.schema.json")["$defs"]
    names: dict[str, str] = {}
    for name, d in defs.items():  # first definition wins: `line` before `zh`, which shares its pattern
        if "pattern" in d:
            names.setdefault(d["pattern"], name)
    return names


def _resolve(node: dict) -> dict:
    """Follow `$ref`s into common.schema.json (the only kind of ref our schemas use)."""
    while "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        target = _read(file) if file else _read("common.schema.json")
        for part in pointer.strip("/").split("/"):
            target = target[part]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **extra}
    return node


def subschema(kind: str, path) -> dict:
    """The schema that applies at an instance path, e.g. ("annotations", 0)."""
    node = _resolve(schema(kind))
    for part in path:
        if isinstance(part, int):
            node = _resolve(node.get("items", {}))
        else:
            node = _resolve(node.get("properties", {}).get(part, {}))
    return node


def _what(path) -> str:
    """A readable name for a field: annotations[3].quote"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the file"


def _found(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "text"
    return _TYPE_NAMES["array" if isinstance(value, list) else "object"]


def validate(kind: str, doc: Document) -> list[Problem]:
    """Every schema problem of one document."""
    validator = _validator(kind)
    if validator.is_valid(doc.data):  # the common case costs one pass in Rust
        return []
    out: list[Problem] = []
    for err in validator.iter_errors(doc.data):
        out.extend(_problems(kind, doc, err))
    # A misspelt required field is one mistake: "unknown field 'labl' (did you mean
    # 'label'?)" says it all, so drop the "missing required field 'label'" beside it.
    meant = {p.message.split("did you mean '", 1)[1].split("'", 1)[0] for p in out if p.code == "T101" and "did you mean" in p.message}
    return [p for p in out if not (p.code == "T102" and p.message.split("'")[1] in meant)]


def _problems(kind: str, doc: Document, err) -> list[Problem]:
    path = tuple(err.instance_path)
    name = type(err.kind).__name__
    what = _what(path)
    sub = subschema(kind, path)

    def at(code: str, message: str, where=None) -> Problem:
        line, col = where or doc.where(path)
        return Problem(doc.path, line, col, code, message)

    if name == "AdditionalProperties":
        allowed = sub.get("properties", {})
        return [
            at(
                "T101",
                f"unknown field '{key}'{' in ' + what if path else ''}{did_you_mean(key, allowed) or '; allowed: ' + ', '.join(allowed)}",
                doc.where_key(path + (key,)),
            )
            for key in err.kind.unexpected
        ]
    if name == "Required":
        if path in doc.merged:  # the fields are behind a refused merge key (T007 says so)
            return []
        return [at("T102", f"missing required field '{err.kind.property}'{' in ' + what if path else ''}")]
    if name == "Type":
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in _types(err.kind.types))
        return [at("T103", f"{what} must be {wanted}, found {_found(err.instance)}")]
    if name == "Enum":
        options = [o for o in err.kind.options]
        if not isinstance(err.instance, str):
            return [at("T104", f"{what} must be one of: {', '.join(options)}; found {_found(err.instance)}")]
        value = err.instance
        return [at("T104", f"{what} '{_short(value)}' is not allowed{did_you_mean(value, options)}; use one of: {', '.join(options)}")]
    if name == "Pattern":
        return [at(*_pattern_problem(err, path, what))]
    if name == "AnyOf":
        if path and path[0] == "annotations" and len(path) == 2:
            return [at("T106", f"{what} needs at least one of concept, person, place, organization or note")]
        if "roles" in path:
            return [at("T105", f"{what} needs a date: from, to or as_of")]
        return [at("T105", f"{what}: {err.message}")]
    if name == "MinLength":
        return [at("T105", f"{what} must not be empty")]
    if name == "MaxLength":
        code = "T111" if path and path[-1] == "id" else "T105"
        return [at(code, f"{what} is longer than {err.kind.limit} characters")]
    if name == "MinItems":
        return [at("T105", f"{what} needs at least {err.kind.limit} item{'s' if err.kind.limit != 1 else ''}")]
    if name == "UniqueItems":
        return [at("T105", f"{what} lists the same item twice")]
    return [at("T105", f"{what}: {err.message}")]


def _pattern_problem(err, path: tuple, what: str) -> tuple[str, str]:
    """(code, message) of a value its pattern refused, named after the pattern's
    definition in common.schema.json (an id, a date, a URL…)."""
    defname = _pattern_names().get(err.kind.pattern, "")
    code = _PATTERN_CODES.get(defname, "T105")
    if defname == "id" and path and path[-1] != "id":
        noun = "reference"
    else:
        noun = {"id": "id", "date": "date", "datetime": "date", "url": "URL"}.get(defname, "value")
    if not defname and path and path[-1] in ("language", "lang"):
        defname, noun = "language", "language tag"
    hint = _PATTERN_HINTS.get(defname) or f"it must match {err.kind.pattern}"
    where = "" if path == ("id",) else f" in {what}"
    if defname in ("date", "datetime") and isinstance(err.instance, str) and _DATE_FORM.match(err.instance):
        return code, invalid_date(err.instance, path)
    return code, f"invalid {noun} '{_short(err.instance)}'{where}; {hint}"


def invalid_date(value: str, path) -> str:
    """The T120 message for a date of the right form that is not on the calendar."""
    return f"invalid date '{_short(value)}' in {_what(path)}: {NOT_ON_CALENDAR}"


def date_pattern(name: str) -> re.Pattern:
    """The pattern of common.schema.json's `date` or `datetime`, as the checker uses it."""
    return re.compile(_read("common.schema.json")["$defs"][name]["pattern"])


def _types(types) -> list[str]:
    return [str(t).lower().rsplit(".", 1)[-1] for t in types]


def _short(value, limit: int = 60) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
