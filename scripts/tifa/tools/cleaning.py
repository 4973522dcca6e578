"""Cleaning what a contributor gives ``python -m tifa new``: one-line values without hidden
characters, well-formed ids, a few words of a title for an id, and a plain-text file
turned into an article's ``text`` (one paragraph per line). A value that cannot be used
is refused with a ScaffoldError saying why."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tifa.data.problems import FORBIDDEN
from tifa.data.rules import ID

STOPWORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of", "on", "or", "the", "to", "with"}


class ScaffoldError(Exception):
    """A reason not to write the file, said to the contributor (exit status in ``status``)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def one_line(name: str, value: str | None) -> str | None:
    """A one-line value from the command line; refuse line breaks and hidden characters."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ScaffoldError(f"{name} is empty")
    if "\n" in value or "\r" in value:
        raise ScaffoldError(f"{name} must fit on one line")
    m = FORBIDDEN.search(value)
    if m:
        raise ScaffoldError(f"{name} holds the invisible or control character U+{ord(m.group()):04X}; type it again without it")
    return value


def an_id(name: str, value: str) -> str:
    if not ID.match(value) or len(value) > 100:
        raise ScaffoldError(f"invalid {name} '{value}': use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'")
    return value


def _joins_without_space(left: str, right: str) -> bool:
    """A line break between two Chinese characters is no space (Chinese has none)."""
    return bool(left) and bool(right) and (cjk(left[-1]) or cjk(right[0]))


def cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x3FFFF


@dataclass(frozen=True)
class CleanText:
    text: str  # paragraphs, one per line, separated by blank lines, ending with a newline
    paragraphs: int
    removed: int  # invisible or control characters deleted
    one_per_line: bool  # the file had no blank line: each line was taken as a paragraph


def normalise_text(raw: bytes, name: str = "the text file") -> CleanText:
    """Plain text as an article's ``text``: one paragraph per line, a blank line between.

    Paragraphs are separated by blank lines, and the lines of one paragraph (a text
    wrapped by an editor or copied from a PDF) are joined, with a space except between
    Chinese characters. A file without any blank line has one paragraph per line.
    Trailing spaces, tabs, and invisible or control characters (zero-width spaces,
    bidirectional controls, which web pages carry) are removed.

    >>> normalise_text(b"One wrapped  \\nline.\\n\\n\\n  Two.\\n").text
    'One wrapped line.\\n\\nTwo.\\n'
    >>> normalise_text("新质\\n生产力\\n\\nB".encode()).text
    '新质生产力\\n\\nB\\n'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScaffoldError(f"{name} is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    text = text.replace("\t", " ")
    removed = len(FORBIDDEN.findall(text))
    text = FORBIDDEN.sub("", text)
    lines = [line.strip() for line in text.split("\n")]
    one_per_line = (
        "" not in lines[next((i for i, line in enumerate(lines) if line), 0) : len(lines) - next((i for i, line in enumerate(reversed(lines)) if line), 0)]
    )
    paragraphs, current = [], ""
    for line in lines + [""]:
        if not line or one_per_line:
            if line:
                current = line
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = line if not current else current + ("" if _joins_without_space(current, line) else " ") + line
    if not paragraphs:
        raise ScaffoldError(f"{name} holds no text")
    return CleanText("\n\n".join(paragraphs) + "\n", len(paragraphs), removed, one_per_line and len(paragraphs) > 1)


def slug(words: str, limit: int = 5) -> str:
    """A few ASCII words of a title for an id: 'Xi highlights developing new…' -> 'xi-highlights-developing-new-quality'."""
    ascii_ = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.findall(r"[a-z0-9]+", ascii_) if t not in STOPWORDS]
    return "-".join(tokens[:limit])
