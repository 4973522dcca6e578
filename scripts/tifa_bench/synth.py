"""A synthetic annotations tree for the benchmark: same seed, byte-identical files.

``write_corpus(out, 10_000)`` writes ``out/annotations/`` in the real layout, valid for
``python -m tifa check``, with the shapes of the real corpus at scale: 8–12 paragraphs
an article, 20–40 annotations (each quote really in its paragraph, with a prefix or
suffix when the words occur more than once), 500 concepts with Zipf-like frequencies
(a few with thousands of occurrences at 10,000 articles), some with 汉字, pinyin,
aliases and attestations, a few hundred people, places and organizations, ~10 %
Chinese articles, every genre and dates from 2012 to 2026.

Synthetic data never goes into the published site: the caller gives a scratch folder,
and a folder that already holds annotations is refused.

Paragraphs are built *around* the chosen phrases, so each quote's offset is known as the
text is assembled; only the selectors are computed, by the rule the checker applies
(tifa/data/anchor.py: the prefix/suffix must pick exactly one occurrence in the article).

This module writes the files; the records and their weights are in vocabulary.py, an
article's text in prose.py, the word lists in words.py.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import random
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tifa_bench import prose
from tifa_bench import words as W
from tifa_bench.vocabulary import Vocabulary, slug

ZH_SHARE = 0.10
FIRST_DAY, LAST_DAY = dt.date(2012, 1, 1).toordinal(), dt.date(2026, 11, 28).toordinal()
SPOKEN = ("speech", "meeting-readout", "signed-article")

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\t]*")
_NOT_PLAIN = {"null", "Null", "NULL", "~", "true", "false", "True", "False", "yes", "no", "on", "off", "y", "n"}


def scalar(value: str) -> str:
    """A YAML scalar as a contributor would type it: plain when that is safe, else quoted."""
    if _PLAIN.fullmatch(value) and ": " not in value and " #" not in value and value[-1] not in ": " and value not in _NOT_PLAIN:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _date(rng: random.Random, first: int = FIRST_DAY, last: int = LAST_DAY) -> dt.date:
    return dt.date.fromordinal(rng.randint(first, last))


def _block(lines: list[str], indent: str, item: bool = False) -> list[str]:
    """Indent the lines of a mapping; ``item``: as one entry of a YAML list."""
    if item:
        return [indent + "- " + lines[0]] + [indent + "  " + line for line in lines[1:]]
    return [indent + line for line in lines]


def _citation(rng: random.Random, title: str, publisher=None, date: str | None = None) -> list[str]:
    name, org = publisher or rng.choice(W.CITED)
    out = [f"title: {scalar(title)}", f"publisher: {scalar(name)}"]
    if org:
        out.append(f"organization: {org}")
    out.append(f"date: {date or _date(rng).isoformat()}")
    if rng.random() < 0.7:
        out.append(f"url: https://example.org/{slug(name)}/{rng.getrandbits(40):010x}.html")
    if rng.random() < 0.3:
        out.append(f"note: {scalar(rng.choice(W.SOURCE_NOTES))}")
    return out


def _article(vocab: Vocabulary, seed: int, index: int) -> tuple[str, str, list[tuple[str, str]]]:
    """(path under annotations/, YAML text, [(annotation id, concept id)]) of article ``index``.
    Every draw from ``rng`` happens in the same order as always: the same seed, the same bytes."""
    rng = random.Random(f"tifa-synth-article:{seed}:{index}")
    lang = "zh-Hans" if rng.random() < ZH_SHARE else "en"
    zh = lang != "en"
    day, genre, publisher = _date(rng), vocab.genre(rng), vocab.publisher(rng)
    leader = rng.choice(vocab.leaders[lang])
    targets = prose.targets(vocab, rng, lang, rng.randint(20, 40))
    paragraphs = prose.paragraphs(targets, rng, lang, rng.randint(8, 12))
    concepts = [t["record"] for t in targets if t["kind"] == "concept"] or vocab.pick["concept", lang].items[:2]
    c0, c1 = concepts[0], concepts[-1]
    shown = "zh" if zh else "label"
    title = rng.choice(W.TITLES[lang]).format(leader=leader["zh" if zh else "name"], c0=c0[shown], c1=c1[shown])
    aid = f"{day.isoformat()}-{publisher['id']}-{slug(c0['label'])[:36].strip('-')}-{index + 1}"
    lines = _article_head(vocab, rng, aid, title, genre, lang, day, publisher, c0)
    lines.append("text: |")
    for number, para in enumerate(paragraphs):
        lines += ([""] if number else []) + ["  " + para]
    lines.append("annotations:")
    concept_annotations = _annotations(rng, targets, paragraphs, lines, zh=zh, genre=genre, leader=leader, day=day)
    return f"articles/{day.year}/{aid}.yml", "\n".join(lines) + "\n", concept_annotations


def _article_head(vocab: Vocabulary, rng: random.Random, aid: str, title: str, genre: str, lang: str, day: dt.date, publisher: dict, c0: dict) -> list[str]:
    """The lines of an article file before its text: id to provenance."""
    zh = lang != "en"
    published = day.isoformat() + (f"T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+08:00" if rng.random() < 0.5 else "")
    lines = [
        "# yaml-language-server: $schema=../../../schemas/article.schema.json",
        f"id: {aid}",
        f"title: {scalar(title)}",
        f"genre: {genre}",
        f"language: {lang}",
        "source:",
        f"  publisher: {publisher['id']}",
        f"  published: {published}",
    ]
    if rng.random() < 0.6:
        lines.append(f"  url: https://example.org/{publisher['id']}/{day:%Y%m%d}/{rng.getrandbits(48):012x}.html")
    else:
        lines.append(f"  url: https://example.org/{publisher['id']}/{aid}.html")
    lines.append(f"  accessed: {day.isoformat()}")
    if rng.random() < 0.25:
        lines.append(f"  editor: {rng.choice(W.ANNOTATORS)}")
    city = rng.choice(vocab.places[1:30])
    if rng.random() < 0.5:
        lines.append(f"  dateline: {scalar(city['zh'] + f'{day.month}月{day.day}日电' if zh else city['quote'].upper() + f', {day:%B} {day.day}')}")
    if genre in ("meeting-readout", "speech") or rng.random() < 0.2:
        event = rng.choice(W.EVENTS).format(place=city["name"], concept=c0["label"])
        lines += ["event:", f"  date: {dt.date.fromordinal(day.toordinal() - rng.randint(0, 2)).isoformat()}", f"  title: {scalar(event)}"]
        if rng.random() < 0.7:
            lines.append(f"  place: {city['id']}")
    lines += ["rights:", f"  holder: {scalar(publisher['name'])}", "  shown: full", "  basis: Synthetic text made for the benchmark"]
    lines += ["provenance:", f"  annotator: {rng.choice(W.ANNOTATORS)}", f"  date: {_date(rng, day.toordinal()).isoformat()}"]
    if not zh and rng.random() < 0.15:  # drawn as before, so the rest of the corpus stays the same; not written
        _citation(rng, (c0["zh"] or c0["label"]) + "（中文原文）", (publisher["name"], publisher["id"]), day.isoformat())
    return lines


def _annotations(
    rng: random.Random, targets: list[dict], paragraphs: list[str], lines: list[str], *, zh: bool, genre: str, leader: dict, day: dt.date
) -> list[tuple[str, str]]:
    """Append the article's annotations to ``lines``, in text order; return [(annotation id, concept id)]."""
    used: Counter = Counter()
    concept_annotations = []
    for t in sorted(targets, key=lambda t: (t["at"], -len(t["quote"]))):
        selectors = prose.selectors(paragraphs, *t["at"], t["quote"], zh)
        if selectors is None:
            continue
        record, kind = t.get("record"), t["kind"]
        base = "note" if kind == "note" else record["initials"] if kind == "concept" else record["id"]
        used[base] += 1
        ann = [f"id: {base}-{used[base]}", f"quote: {scalar(t['quote'])}"]
        ann += [f"{name}: {scalar(value)}" for name, value in zip(("prefix", "suffix"), selectors) if value]
        if kind != "note":
            ann.append(f"{kind}: {record['id']}")
        if kind == "concept":
            concept_annotations.append((f"{base}-{used[base]}", record["id"]))
            if genre in SPOKEN and rng.random() < 0.6:
                ann.append(f"speaker: {leader['id']}")
        if kind == "concept" and not zh and record["zh"] and rng.random() < 0.35:
            ann.append("note: " + scalar(f"Chinese {record['zh']}. " + rng.choice(W.NOTES)))
        elif kind == "note" or (kind == "concept" and rng.random() < 0.25) or rng.random() < 0.08:
            ann.append(f"note: {scalar(rng.choice(W.NOTES))}")
        if rng.random() < 0.02:
            ann += [f"annotator: {rng.choice(W.ANNOTATORS)}", f"date: {_date(rng, day.toordinal()).isoformat()}"]
        lines += _block(ann, "  ", item=True)
    return concept_annotations


def _concept(vocab: Vocabulary, seed: int, rank: int) -> str:
    c = vocab.concepts[rank]
    rng = random.Random(f"tifa-synth-concept:{seed}:{c['id']}")
    lines = ["# yaml-language-server: $schema=../../schemas/concept.schema.json", f"id: {c['id']}", f"label: {scalar(c['label'])}"]
    if c["zh"]:
        lines += [f"zh: {c['zh']}", f"pinyin: {scalar(c['pinyin'])}"]
        if rng.random() < 0.5:
            lines += ["zh_basis: confirmed", "zh_source:"] + _block(_citation(rng, f"关于推进{c['zh']}的意见", ("Xinhua", "xinhua")), "  ")
        else:
            lines.append("zh_basis: conventional")
    lines += [f"category: {c['category']}", "definition:"]
    text = " ".join(s.format(label=c["label"]) for s in rng.sample(W.DEFINITIONS, rng.randint(2, 3)))
    lines += [f"  text: {scalar(text[:1].upper() + text[1:])}", "  sources:"]
    for _ in range(rng.randint(1, 3)):
        lines += _block(_citation(rng, f"Report on {c['label']} (synthetic source)"), "    ", item=True)
    aliases = [(a, "translation", "en") for a in c["alt"] if rng.random() < 0.8]
    if rng.random() < 0.15:
        aliases.append((c["initials"].upper(), "abbreviation", "en"))
    if c["zh"] and rng.random() < 0.15:
        aliases.append(("加快" + c["zh"], "wording", "zh-Hans"))
    if aliases:
        lines.append("aliases:")
        for label, kind, lang in aliases:
            entry = [f"label: {scalar(label)}"] + ([f"lang: {lang}"] if lang != "en" else []) + [f"kind: {kind}", "used_in:"]
            for _ in range(rng.randint(1, 2)):
                entry += _block(_citation(rng, f"Translation using '{label}' (synthetic source)"), "  ", item=True)
            lines += _block(entry, "  ", item=True)
    if rank and rng.random() < 0.08:
        lines += ["broader:", f"  - {vocab.concepts[rng.randrange(rank)]['id']}"]
    if rng.random() < 0.2:
        others = [o["id"] for o in rng.sample(vocab.concepts, 4) if o["id"] != c["id"]][: rng.randint(1, 3)]
        lines += ["related:"] + [f"  - {o}" for o in others]
    if rng.random() < 0.25:
        lines.append("attestations:")
        for _ in range(rng.randint(1, 5)):
            speaker = rng.choice(vocab.leaders["en"])
            entry = [
                f"date: {_date(rng, dt.date(2000, 1, 1).toordinal()).isoformat()[: rng.choice((4, 7, 10, 10))]}",
                "event: " + scalar(speaker["name"] + " uses the phrase at a national meeting."),
            ]
            if rng.random() < 0.6:
                entry.append(f"speaker: {speaker['id']}")
            lines += _block(entry + ["source:"] + _block(_citation(rng, f"Account of the meeting on {c['label']}"), "  "), "  ", item=True)
    if rng.random() < 0.2:
        lines.append(f"note: {scalar(rng.choice(W.NOTES))}")
    return "\n".join(lines) + "\n"


def _entity(vocab: Vocabulary, seed: int, kind: str, e: dict) -> str:
    rng = random.Random(f"tifa-synth-{kind}:{seed}:{e['id']}")
    lines = [f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", f"id: {e['id']}", f"name: {scalar(e['name'])}"]
    if e["zh"]:
        lines.append(f"zh: {e['zh']}")
    if kind == "organization" and e["quote"] != e["name"] and len(e["quote"]) <= 8:
        lines.append(f"abbreviation: {scalar(e['quote'])}")
    if kind != "person":
        lines.append(f"kind: {e['kind']}")
        if e["within"]:
            lines.append(f"within: {e['within']}")
    if kind == "organization" and e["weight"]:
        lines.append(f"url: https://example.org/{e['id']}/")
    what = {"person": "An official", "place": "A place", "organization": "An organization"}[kind]
    lines.append(f"description: {what} named in the synthetic benchmark corpus; this record exists to measure the build.")
    if kind == "person":
        lines.append("roles:")
        for title, org in rng.sample(W.ROLE_TITLES, rng.randint(1, 2)):
            role = [f"title: {scalar(title)}"] + ([f"organization: {org}"] if org else [])
            role.append(f"as_of: {_date(rng).isoformat()}" if rng.random() < 0.6 else f"from: {_date(rng).isoformat()[:7]}")
            if rng.random() < 0.5:
                role += ["source:"] + _block(_citation(rng, f"Profile of {e['name']}"), "  ")
            lines += _block(role, "  ", item=True)
    lines.append("sources:")
    for _ in range(rng.randint(1, 2)):
        lines += _block(_citation(rng, f"Profile of {e['name']} (synthetic source)"), "  ", item=True)
    return "\n".join(lines) + "\n"


def _write_articles(seed: int, root: str, first: int, last: int) -> dict:
    """Write articles ``first``..``last``-1 (a worker's share); return what they hold."""
    vocab, root = Vocabulary(seed), Path(root)
    done = {"counts": Counter(), "zh": 0, "annotations": 0, "bytes": 0, "samples": {}}
    folders = set()
    for index in range(first, last):
        path, text, concept_annotations = _article(vocab, seed, index)
        target = root / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        data = text.encode("utf-8")
        target.write_bytes(data)
        done["bytes"] += len(data)
        done["counts"].update(cid for _, cid in concept_annotations)
        done["zh"] += "\nlanguage: zh-Hans\n" in text
        done["annotations"] += text.count("\n  - id: ")
        if index < 50:
            done["samples"][path] = concept_annotations
    return done


def write_corpus(out_dir: Path | str, articles: int, seed: int = 1, workers: int | None = None) -> dict:
    """Write a synthetic ``out_dir/annotations/`` tree of ``articles`` articles; return
    what it holds (counts, bytes, the most frequent concepts). Same seed, same bytes,
    whatever the number of ``workers`` (each article depends on the seed and its number only)."""
    root = Path(out_dir) / "annotations"
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} already holds files; synthetic annotations go into an empty scratch folder only")
    vocab = Vocabulary(seed)
    files = {f"concepts/{c['id']}.yml": _concept(vocab, seed, rank) for rank, c in enumerate(vocab.concepts)}
    for kind, folder, records in (
        ("person", "people", vocab.people),
        ("place", "places", vocab.places),
        ("organization", "organizations", vocab.organizations),
    ):
        files.update({f"{folder}/{e['id']}.yml": _entity(vocab, seed, kind, e) for e in records})
    size = 0
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        size += (root / path).write_bytes(text.encode("utf-8"))
    workers = workers or min(os.cpu_count() or 1, 8)
    step = 500
    shares = [(seed, str(root), a, min(a + step, articles)) for a in range(0, articles, step)]
    if workers > 1 and len(shares) > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_write_articles, *zip(*shares)))
    else:
        parts = [_write_articles(*share) for share in shares]
    counts: Counter = Counter()
    for part in parts:
        counts.update(part["counts"])
    labels = {c["id"]: c for c in vocab.concepts}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "root": str(root),
        "seed": seed,
        "articles": articles,
        "zh_articles": sum(p["zh"] for p in parts),
        "annotations": sum(p["annotations"] for p in parts),
        "concepts": len(vocab.concepts),
        "people": len(vocab.people),
        "places": len(vocab.places),
        "organizations": len(vocab.organizations),
        "files": len(files) + articles,
        "bytes": size + sum(p["bytes"] for p in parts),
        "top_concepts": [{"id": cid, "label": labels[cid]["label"], "zh": labels[cid]["zh"], "occurrences": n} for cid, n in ranked[:10]],
        "concept_occurrences": dict(ranked),
        # the concept annotations of the first articles, {path: [(annotation id, concept id)]}
        "samples": {k: v for p in parts for k, v in p["samples"].items()},
    }
