"""The synthetic corpus's records (concepts, people, places, organizations) and how often
each is picked: a few concepts everywhere, most rare (Zipf-like weights)."""

from __future__ import annotations

import random
import re
from bisect import bisect
from itertools import accumulate

from tifa_bench import words as W

CONCEPTS, PEOPLE, COUNTIES = 500, 240, 60
GENRES = {"news-report": 34, "meeting-readout": 22, "speech": 10, "signed-article": 6, "commentary": 14, "policy-document": 14}
KINDS = {"concept": 62, "person": 14, "place": 11, "organization": 10, "note": 3}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Picker:
    """Weighted choice by bisection of cumulative weights (random.choices re-sums them each call)."""

    def __init__(self, items, weights):
        self.items, self.cum = list(items), list(accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def _zipf(n: int, q: float, s: float) -> list[float]:
    """Zipf–Mandelbrot weights: rank r weighs 1/(r+q)^s."""
    return [1 / (r + q) ** s for r in range(1, n + 1)]


class Vocabulary:
    """Every record the articles refer to, and how often each is picked."""

    def __init__(self, seed: int):
        rng = random.Random(f"tifa-synth-vocabulary:{seed}")
        self.concepts = self._concepts(rng)
        self.people = self._people(rng)
        self.places = self._places(rng)
        self.organizations = self._organizations()
        # A few concepts are everywhere (thousands of occurrences at 10,000 articles), most are rare.
        self.pick = {("concept", "en"): _Picker(self.concepts, _zipf(len(self.concepts), 3, 1.1))}
        with_zh = [c for c in self.concepts if c["zh"]]
        self.pick["concept", "zh-Hans"] = _Picker(with_zh, _zipf(len(with_zh), 3, 1.1))
        for kind, records in (("person", self.people), ("place", self.places), ("organization", self.organizations)):
            for lang in ("en", "zh-Hans"):
                usable = [e for e in records if lang == "en" or e["zh"]]
                self.pick[kind, lang] = _Picker(usable, _zipf(len(usable), 2, 1.0))
        self.leaders = {"en": self.people[:20], "zh-Hans": [p for p in self.people[:30] if p["zh"]]}
        publishers = [o for o in self.organizations if o["weight"]]
        self.publisher = _Picker(publishers, [o["weight"] for o in publishers])
        self.genre = _Picker(GENRES, GENRES.values())
        self.kind = _Picker(KINDS, KINDS.values())

    @staticmethod
    def _concepts(rng) -> list[dict]:
        pairs = [(m, h) for m in W.MODIFIERS for h in W.HEADS]
        rng.shuffle(pairs)
        out = []
        for m, h in pairs[:CONCEPTS]:
            label, has_zh = f"{m[0]} {h[0]}", rng.random() < 0.6
            out.append(
                {
                    "id": slug(label),
                    "label": label,
                    "category": h[3],
                    "zh": m[1] + h[1] if has_zh else None,
                    "pinyin": f"{m[2]} {h[2]}" if has_zh else None,
                    "initials": "".join(w[0] for w in re.split(r"[\s'-]+", label.lower()) if w),
                    "alt": [f"{alt} {h[0]}" for alt in m[3:]] + [f"{m[0]} {alt}" for alt in h[4:]],
                }
            )
        labels = {c["label"] for c in out}
        for c in out:  # a rendering that is another concept's label would make two concepts one
            c["alt"] = [a for a in c["alt"] if a not in labels]
        return out

    @staticmethod
    def _people(rng) -> list[dict]:
        out, ids = [], set()
        while len(out) < PEOPLE:
            surname, surname_zh = rng.choice(W.SURNAMES)
            given = rng.sample(W.GIVEN, rng.choice((1, 2, 2, 2)))
            name = f"{surname} {''.join(g[0] for g in given).capitalize()}"
            if slug(name) in ids:
                continue
            ids.add(slug(name))
            zh = surname_zh + "".join(g[1] for g in given) if rng.random() < 0.75 else None
            out.append({"id": slug(name), "name": name, "quote": name, "zh": zh})
        return out

    @staticmethod
    def _places(rng) -> list[dict]:
        out = [{"id": "china", "name": "China", "quote": "China", "zh": "中国", "kind": "country", "within": None}]
        out += [{"id": slug(short), "name": name, "quote": short, "zh": zh, "kind": kind, "within": "china"} for short, name, zh, kind in W.PLACES]
        provinces = [p["id"] for p in out if p["kind"] == "province"]
        seen = {p["id"] for p in out}
        while len(out) < len(W.PLACES) + 1 + COUNTIES:
            a, b = rng.sample(W.GIVEN, 2)
            name = (a[0] + b[0]).capitalize() + " County"
            if slug(name) not in seen:
                seen.add(slug(name))
                out.append({"id": slug(name), "name": name, "quote": name, "zh": a[1] + b[1] + "县", "kind": "county", "within": rng.choice(provinces)})
        return out

    def _organizations(self) -> list[dict]:
        out = [
            {"id": oid, "name": name, "quote": quote, "zh": zh, "kind": kind, "within": within, "weight": weight}
            for oid, name, quote, zh, kind, within, weight in W.ORGANIZATIONS
        ]
        for p in [p for p in self.places if p["kind"] == "province"]:
            out.append(
                {
                    "id": f"{p['id']}-provincial-party-committee",
                    "name": f"{p['quote']} Provincial Committee of the CPC",
                    "quote": f"{p['quote']} Provincial Party Committee",
                    "zh": f"中共{p['zh']}省委",
                    "kind": "party-body",
                    "within": "communist-party-of-china",
                    "weight": 0,
                    "place": p,
                }
            )
            out.append(
                {
                    "id": f"{p['id']}-provincial-government",
                    "name": f"{p['quote']} Provincial People's Government",
                    "quote": f"{p['quote']} Provincial Government",
                    "zh": f"{p['zh']}省人民政府",
                    "kind": "government",
                    "within": None,
                    "weight": 0,
                    "place": p,
                }
            )
        return out
