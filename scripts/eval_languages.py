#!/usr/bin/env python3
"""lang54: every language of the credential vocabulary table, read in its own grammar (issue 15, part 1).

tests/data/languages/sentences.txt holds, for each entry of vocabulary.CREDENTIAL_VOCABULARY, sentences a native
writer would write in that language's grammar and script: "my password is X", "log in with user U and password X",
"X is the password" in the language's own order, the word with its case suffix or particle, a chat message with the
value in quotes; a sixth shape, the label "<word>: X", is made from the table's first word (a full-width colon after
a CJK word). Each shape takes one value in each of six styles (human, PIN, leet, passphrase, generated, letters
only), drawn from random.Random(54) in a fixed order; a language written with its own digits gets its PINs in them.
Negatives per language: a password talked about with no value, a year and a room number near the word, and "reset
your password at <url>". Scored as the held-out sets are (heldout_score.covered: a value counts when findings that
are not public/test-value cover all of it; a negative is hit by any such finding).

    .venv/bin/python scripts/eval_languages.py [--json] [--misses]

Not a blind set: it is the development set of the grammar module (addons/detect/grammar.py); the held-out sets stay
the blind measure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

SENTENCES = ROOT / "tests" / "data" / "languages" / "sentences.txt"
SEED = 54
WRITTEN = ("is", "login", "sov", "case", "chat")
SHAPES = ("is", "label", "login", "sov", "case", "chat")
NEGATIVE_KINDS = ("talk", "number", "reset")
CJK = ("Chinese", "Japanese")

WORDS = heldout_score.Words(
    human=("kilimanjaro", "aconcagua", "denali", "elbrus", "vinson", "kosciuszko", "matterhorn", "annapurna"),
    leet=("quartzite", "obsidian", "malachite", "feldspar", "tourmaline", "serpentine", "labradorite"),
    leet_swaps={"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7"},
    leet_ends="!*+=~.#",
    passphrase=("lantern", "harbour", "violet", "granite", "thistle", "comet", "walnut", "saffron", "meadow",
                "copper", "falcon", "juniper"),
    letters=(("amazon", "danube", "mekong", "volga", "zambezi", "orinoco"),
             ("kestrel", "heron", "plover", "curlew", "osprey", "puffin")),
    human_symbols="!@#$%&*?", generated_symbols="!@#$%^&*-_+=?", users=("anna.k", "m.yilmaz", "raj_02", "li.wei7",
                                                                        "o.petrenko", "kofi.a"))


@dataclass(frozen=True)
class Language:
    name: str
    digits: str | None  # the script's zero, when its writers write their own digits
    written: dict[str, str]
    negatives: tuple[str, ...]


def languages() -> list[Language]:
    """The sentences, one block a table entry (a test checks every entry has one)."""
    out: list[Language] = []
    lines: list[str] = []
    header = ""

    def close() -> None:
        if header:
            name, _, option = header.partition("|")
            assert len(lines) == 8, f"{name}: {len(lines)} lines, not 8"
            digits = option.strip().removeprefix("digits=") or None
            out.append(Language(name.strip(), digits, dict(zip(WRITTEN, lines[:5], strict=True)), tuple(lines[5:])))

    for raw in SENTENCES.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        if raw.startswith("= "):
            close()
            header, lines = raw[2:], []
        else:
            lines.append(raw)
    close()
    return out


def native(value: str, zero: str | None) -> str:
    return value if zero is None else "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in value)


def label(language: str) -> str:
    from addons.detect import vocabulary

    entry = next(e for e in vocabulary.CREDENTIAL_VOCABULARY if e.language == language)
    word = entry.password[0]
    return word[:1].upper() + word[1:] + ("：{p}" if language in CJK else ": {p}")


def items() -> list[tuple[str, str, heldout_score.Item]]:
    """(language, shape, item): every shape of every language once in each style, drawn in this order."""
    rng = random.Random(SEED)
    out = []
    for language in languages():
        templates = dict(language.written, label=label(language.name))
        for shape in SHAPES:
            for style in heldout_score.SIX_STYLES:
                value = WORDS.password(rng, style)
                if style == "pin":
                    value = native(value, language.digits)
                marked = templates[shape].replace("{p}", heldout_score.MARK).replace("{u}", rng.choice(WORDS.users))
                text = marked.replace(heldout_score.MARK, value)
                out.append((language.name, shape, heldout_score.Item(language.name, style, text, value,
                                                                     marked.index(heldout_score.MARK))))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="counts per language, shape and style as JSON")
    parser.add_argument("--misses", action="store_true", help="list what was missed (this is a development set)")
    args = parser.parse_args()
    from addons.detect import Scanner

    scanner = Scanner.default()
    tallies: dict[str, dict[str, list[int]]] = {key: defaultdict(lambda: [0, 0]) for key in
                                                 ("language", "shape", "style", "negative", "negative-language")}
    misses = []
    for language, shape, item in items():
        findings = [f for f in scanner.scan(item.text) if f.classification not in heldout_score.NOT_SENSITIVE]
        start = item.start or 0
        hit = heldout_score.covered(start, start + len(item.password), findings)
        for key, name in (("language", language), ("shape", shape), ("style", item.style)):
            tallies[key][name][0] += hit
            tallies[key][name][1] += 1
        if not hit:
            misses.append(f"{language}/{shape}/{item.style}: {item.text}")
    for language in languages():
        for kind, text in zip(NEGATIVE_KINDS, language.negatives, strict=True):
            hit = any(f.classification not in heldout_score.NOT_SENSITIVE for f in scanner.scan(text))
            for key, name in (("negative", kind), ("negative-language", language.name)):
                tallies[key][name][0] += hit
                tallies[key][name][1] += 1
            if hit:
                misses.append(f"NEGATIVE {language.name}/{kind}: {text}")
    found = sum(f for f, _ in tallies["shape"].values())
    total = sum(t for _, t in tallies["shape"].values())
    negatives = sum(h for h, _ in tallies["negative"].values()), sum(n for _, n in tallies["negative"].values())
    if args.json:
        print(json.dumps({key: {name: list(v) for name, v in table.items()} for key, table in tallies.items()},
                         ensure_ascii=False, indent=1))
        return 0
    for key in ("shape", "style", "negative"):
        print(f"{key}: " + ", ".join(f"{name} {f}/{t}" for name, (f, t) in tallies[key].items()))
    print("language: " + ", ".join(f"{name} {f}/{t}" for name, (f, t) in tallies["language"].items()))
    print(f"languages: password recall {found}/{total} = {found / total:.3f}; negatives hit {negatives[0]}/"
          f"{negatives[1]}")
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
