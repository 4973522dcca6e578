"""docs/codes.md documents every registered problem code, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tifa.data.problems import CODES

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PAGE = Path(__file__).resolve().parents[1] / "docs" / "codes.md"


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_page_title(page):
    assert page.startswith("# Checker messages\n")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_heading(page, code):
    assert re.search(rf"^### {code} {re.escape(CODES[code])}$", page, re.MULTILINE), f"### {code} {CODES[code]}"


def test_headings_in_code_order(page):
    assert re.findall(r"^### (T\d{3}) ", page, re.MULTILINE) == sorted(CODES)


def test_no_unregistered_code(page):
    named = set(re.findall(r"\bT\d{3}\b", page))
    assert named - set(CODES) == set()


def test_every_code_section_shows_an_example_and_a_fix(page):
    sections = re.split(r"^### ", page, flags=re.MULTILINE)[1:]
    for section in sections:
        code = section[:4]
        assert re.search(rf"^annotations/\S+:\d+:\d+: {code} ", section, re.MULTILINE), f"{code}: no example message"
        assert "```yaml\n" in section, f"{code}: no example of the mistake"
        assert "**Fix:**" in section, f"{code}: no fix"


def test_example_messages_are_real(page):
    """Every example message line is what the checker prints for one of its fixtures."""
    real = set()
    for expected in (FIXTURES / "checker" / "failing").glob("*/expected.txt"):
        real.update(expected.read_text(encoding="utf-8").splitlines())
    blocks = re.findall(r"^```text\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    shown = [line for block in blocks for line in block.splitlines() if re.match(r"annotations/\S+:\d+:\d+: T\d{3} ", line)]
    assert len(shown) >= len(CODES)
    assert [line for line in shown if line not in real] == []
