"""One error format for everything a contributor can get wrong.

Every problem is printed as ``path:line:col: CODE message`` (lines and columns from 1),
like tldr-lint and compilers, so editors and CI annotate the exact place. Codes are
stable: they are documented in docs/codes.md and a test keeps both in step.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Characters that make text display differently from what it is, or make two equal-looking
# ids or quotes differ (a quote copied from a web page often carries them): C0/C1 controls
# (tab, line feed and carriage return are fine); the Unicode line and paragraph separators;
# and every format character (general category Cf: bidirectional controls of "Trojan
# Source" attacks, zero-width spaces and joiners, the soft hyphen, tag characters) and
# every other Default_Ignorable_Code_Point (variation selectors, Hangul fillers, U+180B-F).
# No Chinese or English text needs any of them: Chinese is written without joiners, and
# official texts use no variation selectors (an ideographic variation sequence would pick
# a glyph, not change a word). Ranges as of Unicode 14 (Python 3.11's unicodedata);
# tests/test_hostile.py checks them against unicodedata, so a newer Python that adds a
# format character fails there rather than lets it through.
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029" + "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in INVISIBLE_RANGES) + "]"
)


def shown(text: str) -> str:
    """Text as it may be printed on one line: line breaks and hidden characters written as
    escapes, so that a file name or a value can neither start a new line (a forged CI
    annotation) nor reorder or hide the terminal's text."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# code -> short title. The message itself is built where the problem is found.
CODES: dict[str, str] = {
    # The file itself
    "T001": "file is not UTF-8",
    "T002": "file starts with a byte-order mark",
    "T003": "file is too large",
    "T004": "YAML syntax error",
    "T005": "tab used for indentation",
    "T006": "duplicate key",
    "T007": "anchor, alias or merge key",
    "T008": "YAML tag",
    "T009": "more than one YAML document",
    "T010": "top level is not a mapping",
    "T011": "control, bidi or zero-width character",
    "T012": "file in an unexpected place",
    "T013": "nesting too deep",
    "T014": "tree over its budget",
    "T015": "link or special file",
    "T016": "hidden character in a file name",
    # Fields (JSON Schema)
    "T101": "unknown field",
    "T102": "missing required field",
    "T103": "wrong type",
    "T104": "value not in the allowed list",
    "T105": "value has the wrong form",
    "T106": "annotation says nothing",
    # Identifiers
    "T110": "id does not match the file name",
    "T111": "invalid id",
    "T112": "ids equal ignoring case",
    "T113": "id used twice",
    "T114": "article filed under the wrong year",
    "T115": "reserved id",
    # Values
    "T120": "invalid date",
    "T121": "URL is not http(s)",
    "T130": "rights do not match the text",
    # References
    "T201": "unknown reference",
    "T202": "concept refers to itself",
    "T203": "cycle of broader concepts",
    "T204": "translation of a text in the same language",
    # Anchoring quotes in the text
    "T301": "quote not found in the text",
    "T302": "quote found several times",
    "T303": "prefix or suffix does not match",
    "T304": "quotes overlap",
    # Excerpt-only texts
    "T310": "excerpt longer than the rights allow",
    "T311": "paragraph given for a full text",
}


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem. Sorting orders by path, then line and column.

    >>> str(Problem("a.yml", 3, 5, "T101", "unknown field 'titel'"))
    "a.yml:3:5: T101 unknown field 'titel'"
    """

    path: str
    line: int
    col: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, never a contributor's
            raise ValueError(f"unregistered problem code {self.code}")

    def __str__(self) -> str:
        # One problem, one line, shown as it is: a path or a value quoted in the message may
        # hold a line break, or a character that would reorder or hide the terminal's text.
        return f"{shown(self.path)}:{self.line}:{self.col}: {self.code} {shown(self.message)}"

    def github(self) -> str:
        """The same problem as a GitHub Actions workflow command (an inline PR annotation).
        Data is escaped as the runner's own toolkit escapes it: %, CR and LF in the message;
        those and also ':' and ',' in a property, so a file name cannot end the `file=`
        property and add its own (`::warning file=README.md,...`)."""
        msg = f"{self.code} {shown(self.message)}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = shown(self.path).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={self.line},col={self.col}::{msg}"


def did_you_mean(word: str, choices) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string.

    >>> did_you_mean("titel", ["title", "text"])
    " (did you mean 'title'?)"
    """
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def summary(problems: list[Problem], files: int) -> str:
    """The one-line summary printed after the problems."""
    noun = "file" if files == 1 else "files"
    if not problems:
        return f"checked {files} {noun}: no problems"
    bad = len({p.path for p in problems})
    n = len(problems)
    return f"checked {files} {noun}: {n} problem{'s' if n != 1 else ''} in {bad} {'file' if bad == 1 else 'files'}"
