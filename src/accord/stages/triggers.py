"""Event triggers: every lexicon entry of the sentence's language that matches.

Conditions that need the whole clause (separable particle, required and
excluded words) are checked here too, so later stages see only live hits."""
from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.patterns import phrase_in
from ..model import Document


@dataclass(slots=True)
class TriggerHit:
    sentence: int
    start: int
    end: int
    entry: object                 # knowledge.language.Trigger
    clause: tuple[int, int]       # token range of the clause holding the trigger
    particle_at: int | None = None


def clauses(sentence, pack) -> list[tuple[int, int]]:
    """Token ranges split at the language's clause breaks."""
    out, begin = [], 0
    for i, tok in enumerate(sentence.tokens):
        if tok.lower in pack.clause_breaks:
            if i > begin:
                out.append((begin, i))
            begin = i + 1
    if begin < len(sentence.tokens):
        out.append((begin, len(sentence.tokens)))
    return out or [(0, len(sentence.tokens))]


def clause_of(ranges, i: int) -> tuple[int, int]:
    for lo, hi in ranges:
        if lo <= i < hi:
            return lo, hi
    return 0, 0


def _complement_end(ranges, hi: int) -> int:
    """End of the clause after the one ending at `hi` (a verb's "that …" clause)."""
    for lo2, hi2 in ranges:
        if lo2 >= hi:
            return hi2
    return hi


def find_triggers(sentence, pack) -> list[TriggerHit]:
    tokens = sentence.tokens
    ranges = clauses(sentence, pack)
    hits: list[TriggerHit] = []
    taken: set[int] = set()
    i = 0
    while i < len(tokens):
        if not (tokens[i].text[0].isalpha() or tokens[i].text[0] in "-'’"):   # skip numbers and signs
            i += 1
            continue
        found = pack.triggers.match_at(tokens, i)
        noun_here = pack.nouns_capitalised and i > 0 and tokens[i].text[:1].isupper()
        found.sort(key=lambda h: (-(h[0] - i), (h[2].pos == "noun") != noun_here))
        for end, _pattern, entry in found:
            lo, hi = clause_of(ranges, i)
            particle_at = None
            if entry.particle:
                particle_at = phrase_in(tokens, [entry.particle], end, hi)
                if particle_at is None:
                    continue
            reach = _complement_end(ranges, hi) if "complement" in entry.active["target"] else hi
            if entry.requires and phrase_in(tokens, entry.requires, lo, reach) is None:
                continue
            if entry.excludes and phrase_in(tokens, entry.excludes, lo, hi) is not None:
                continue
            if any(k in taken for k in range(i, end)):
                continue
            hits.append(TriggerHit(sentence.index, i, end, entry, (lo, hi), particle_at))
            taken.update(range(i, end))
            break
        i += 1
    return hits


def triggers(doc: Document, knowledge, options) -> Document:
    doc.triggers = [find_triggers(s, knowledge.pack(s.lang)) for s in doc.sentences]
    return doc
