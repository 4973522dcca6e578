"""The text of a synthetic article, built around the phrases it annotates: what it
annotates (targets), paragraphs that hold each quote at a known offset, and the
prefix or suffix that picks out a quote found more than once (selectors)."""

from __future__ import annotations

import random
import re
from itertools import accumulate

from tifa_bench import words as W
from tifa_bench.vocabulary import Vocabulary

_PIECES: dict[str, list[str]] = {}  # sentence -> its text and slots, split once


class _Text:
    """A paragraph assembled piece by piece, remembering where each phrase starts."""

    def __init__(self, zh: bool):
        self.parts: list[str] = []
        self.length = 0
        self.sep = "" if zh else " "

    def add(self, sentence: str, phrases=()) -> list[int]:
        """Append a sentence with ``{0}``/``{1}`` slots; return the offsets of the phrases."""
        if self.parts and self.sep:
            self.parts.append(self.sep)
            self.length += len(self.sep)
        starts = []
        pieces = _PIECES.get(sentence)
        if pieces is None:
            pieces = _PIECES[sentence] = re.split(r"(\{[01]\})", sentence)
        for piece in pieces:
            if piece in ("{0}", "{1}"):
                piece = phrases[int(piece[1])]
                starts.append(self.length)
            self.parts.append(piece)
            self.length += len(piece)
        return starts

    def text(self) -> str:
        return "".join(self.parts)


def selectors(paragraphs: list[str], number: int, start: int, quote: str, zh: bool):
    """(prefix, suffix) that pick the quote at ``start`` of paragraph ``number`` and no
    other occurrence in the article, by the checker's rule; None when none can."""
    hits = []
    for n, para in enumerate(paragraphs):
        i = para.find(quote)
        while i != -1:
            hits.append((n, i))
            i = para.find(quote, i + 1)
    if len(hits) == 1:
        return None, None
    para, end = paragraphs[number], start + len(quote)

    def unique(prefix: str, suffix: str) -> bool:
        return sum(1 for n, i in hits if paragraphs[n][:i].endswith(prefix) and paragraphs[n][i + len(quote) :].startswith(suffix)) == 1

    for k in range(min(start, 4 if zh else 10), start + 1):
        if k and unique(para[start - k : start], ""):
            cut = start - k
            if not zh and cut > 0:  # start the prefix at a word, as a person would copy it
                space = para.rfind(" ", 0, cut)
                cut = space + 1 if space != -1 and cut - space < 20 else cut
            return para[cut:start], None
    for k in range(1, len(para) - end + 1):
        if unique("", para[end : end + k]):
            return None, para[end : end + k]
    for k in range(1, len(para) - end + 1):
        if start and unique(para[:start], para[end : end + k]):
            return para[:start], para[end : end + k]
    return None


def targets(vocab: Vocabulary, rng: random.Random, lang: str, count: int) -> list[dict]:
    """What an article annotates: [{kind, record, quote}], in text order."""
    out = []
    while len(out) < count:
        kind = vocab.kind(rng)
        if kind == "note":
            out.append({"kind": "note", "quote": rng.choice(W.NOTE_PHRASES[lang])})
            continue
        record = vocab.pick[kind, lang](rng)
        if lang != "en":
            quote = record["zh"]
        elif kind == "concept":
            quote = rng.choice(record["alt"]) if record["alt"] and rng.random() < 0.12 else record["label"]
        else:
            quote = record["quote"]
        out.append({"kind": kind, "record": record, "quote": quote})
        if kind == "organization" and "place" in record and len(out) < count and rng.random() < 0.5:
            place = record["place"]  # the province inside the committee's name: a nested quote
            out.append({"kind": "place", "record": place, "quote": place["zh"] if lang != "en" else place["quote"], "inside": out[-1]})
    return out


def paragraphs(targets: list[dict], rng: random.Random, lang: str, count: int) -> list[str]:
    """Write ``count`` paragraphs around the targets; set each target's "at" (paragraph, start)."""
    zh = lang != "en"
    own = [t for t in targets if "inside" not in t]
    sizes = [len(own) // count] * count
    for k in rng.sample(range(count), len(own) % count):
        sizes[k] += 1
    for _ in range(count // 2):  # uneven, as real paragraphs are, but none empty
        a, b = rng.randrange(count), rng.randrange(count)
        if sizes[a] > 1:
            sizes[a], sizes[b] = sizes[a] - 1, sizes[b] + 1
    ends = list(accumulate(sizes))
    groups = [own[a:b] for a, b in zip([0, *ends], ends)]
    fillers: list[str] = []

    def filler() -> str:
        if not fillers:  # each filler sentence once before any repeats
            fillers.extend(rng.sample(W.FILLER[lang], len(W.FILLER[lang])))
        return fillers.pop()

    texts = []
    for number, group in enumerate(groups):
        para, i = _Text(zh), 0
        while i < len(group):
            if rng.random() < 0.3:
                para.add(filler())
            t = group[i]
            pair = t["kind"] == "concept" and i + 1 < len(group) and group[i + 1]["kind"] == "concept" and rng.random() < 0.35
            sentences = W.SENTENCES[("concept2" if pair else t["kind"]), lang]
            chosen = group[i : i + 2] if pair else [t]
            for target, start in zip(chosen, para.add(rng.choice(sentences), [c["quote"] for c in chosen])):
                target["at"] = (number, start)
            i += len(chosen)
        goal = rng.randint(95, 150) if zh else rng.randint(260, 420)
        while para.length < goal:
            para.add(filler())
        texts.append(para.text())
    for t in targets:
        if "inside" in t:
            number, start = t["inside"]["at"]
            t["at"] = (number, start + t["inside"]["quote"].index(t["quote"]))
    return texts
