"""Tokens and lexicon patterns.

Written by hand because no tokenizer we can ship gives both character offsets
and the splitting our patterns rely on (hyphens and possessive 's as tokens,
initials such as "U.S." kept whole); simplemma supplies the lemmas.

A pattern is a tuple of items; an item matches a token by surface, by lemma,
or by stem (an item ending in "*"); "~" is a gap of up to three tokens.
See docs/knowledge.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"            # initials and dotted acronyms: U.S., z.B.
    r"|['’][sS]\b"                   # possessive 's
    r"|\d+(?:[.,:]\d+)*"             # numbers, times, decimals
    r"|[^\W_]+"                      # words (letters and digits)
    r"|[^\w\s]",                     # any single other sign
    re.UNICODE,
)

MIN_STEM = 4
MEMO_MAX = 200_000
GAP = "~"
GAP_MAX = 3


def normalise(text: str) -> str:
    """Lower case, ё as е, one apostrophe, and a dotted capital İ as plain i (not i + combining dot)."""
    return text.lower().replace("i\u0307", "i").replace("ё", "е").replace("’", "'")


def tokenize(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN_RE.finditer(text)]


def parse_pattern(text: str) -> tuple[str, ...]:
    """Split a pattern into items the way the tokenizer splits text."""
    items: list[str] = []
    for raw in text.split():
        if raw in (GAP,):
            items.append(raw)
            continue
        star = raw.endswith("*") and len(raw) > 1
        body = raw[:-1] if star else raw
        parts = [t for t, _, _ in tokenize(body)] or [body]
        parts = [normalise(p) for p in parts]
        if star:
            parts[-1] += "*"
        items.extend(parts)
    return tuple(items)


def item_matches(item: str, lower: str, lemma: str) -> bool:
    if item.endswith("*"):
        return lower.startswith(item[:-1])
    return item == lower or item == lemma


def surface_matches(item: str, lower: str, lemma: str) -> bool:
    """Closed-class cue words match as written: "werden" must not match "wurden"."""
    if item.endswith("*"):
        return lower.startswith(item[:-1])
    return item == lower


@dataclass
class PatternIndex:
    """Finds every entry whose pattern matches at a token position.

    Entries are keyed by their first item: exact items in a dict, stems in a
    dict per stem length, so a lookup costs a few dict probes per token."""
    exact: dict[str, list[tuple[tuple[str, ...], Any]]] = field(default_factory=dict)
    stems: dict[int, dict[str, list[tuple[tuple[str, ...], Any]]]] = field(default_factory=dict)

    def add(self, pattern: tuple[str, ...], value: Any) -> None:
        self.memo.clear()
        first = pattern[0]
        if first.endswith("*"):
            stem = first[:-1]
            self.stems.setdefault(len(stem), {}).setdefault(stem, []).append((pattern, value))
        else:
            self.exact.setdefault(first, []).append((pattern, value))

    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def candidates(self, lower: str, lemma: str) -> list[tuple[tuple[str, ...], Any]]:
        """Entries whose first item matches this token (memoised: a pure function of the token)."""
        key = (lower, lemma)
        hit = self.memo.get(key)
        if hit is None:
            if len(self.memo) > MEMO_MAX:
                self.memo.clear()
            hit = self.memo[key] = list(self._candidates(lower, lemma))
        return hit

    def _candidates(self, lower: str, lemma: str) -> Iterable[tuple[tuple[str, ...], Any]]:
        seen = self.exact.get(lower)
        if seen:
            yield from seen
        if lemma != lower:
            other = self.exact.get(lemma)
            if other:
                yield from other
        for n, table in self.stems.items():
            if len(lower) >= n:
                hit = table.get(lower[:n])
                if hit:
                    yield from hit

    def match_at(self, tokens, i: int) -> list[tuple[int, tuple[str, ...], Any]]:
        """Return (end, pattern, value) for every entry matching at token i."""
        tok = tokens[i]
        out = []
        for pattern, value in self.candidates(tok.lower, tok.lemma):
            end = match_rest(pattern, tokens, i)
            if end is not None:
                out.append((end, pattern, value))
        return out

    def __len__(self) -> int:
        return sum(len(v) for v in self.exact.values()) + sum(
            len(v) for t in self.stems.values() for v in t.values())


def match_rest(pattern: tuple[str, ...], tokens, i: int, matches=item_matches) -> int | None:
    """Match pattern starting at token i; `matches` compares one item with one token."""
    if not matches(pattern[0], tokens[i].lower, tokens[i].lemma):
        return None
    j = i + 1
    k = 1
    while k < len(pattern):
        item = pattern[k]
        if item == GAP:
            nxt = pattern[k + 1] if k + 1 < len(pattern) else None
            if nxt is None:
                return j
            for skip in range(GAP_MAX + 1):
                p = j + skip
                if p < len(tokens) and matches(nxt, tokens[p].lower, tokens[p].lemma):
                    j = p + 1
                    break
            else:
                return None
            k += 2
            continue
        if j >= len(tokens) or not matches(item, tokens[j].lower, tokens[j].lemma):
            return None
        j += 1
        k += 1
    return j


class CueSet:
    """A list of patterns indexed by first item, for "does any occur in this span?"."""

    __slots__ = ("patterns", "index")

    def __init__(self, patterns: Iterable[tuple[str, ...]] = ()):
        self.patterns = tuple(patterns)
        self.index = PatternIndex()
        for p in self.patterns:
            self.index.add(p, p)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def __iter__(self):
        return iter(self.patterns)

    def first(self, tokens, lo: int, hi: int, surface: bool) -> int | None:
        matches = surface_matches if surface else item_matches
        for i in range(lo, hi):
            tok = tokens[i]
            for p, _ in self.index.candidates(tok.lower, tok.text.lower() if surface else tok.lemma):
                end = match_rest(p, tokens, i, matches)
                if end is not None and end <= hi:
                    return i
        return None


def phrase_in(tokens, patterns, lo: int = 0, hi: int | None = None, surface: bool = False) -> int | None:
    """Index of the first token in [lo, hi) where any of the patterns matches
    (by surface form only when `surface`)."""
    hi = len(tokens) if hi is None else hi
    cues = patterns if isinstance(patterns, CueSet) else CueSet(patterns)
    return cues.first(tokens, lo, hi, surface)
