"""Actor mentions: countries, organisations, capitals, titles, ranks, groups,
known people (any script and inflection), unknown names after a title, and
words that point back (counterpart, the parties, that country, he, we).

At each token the longest entry wins; on a tie a person beats a place, a
place a title, a title a coreference word."""
from __future__ import annotations

from functools import lru_cache

import simplemma

from ..model import Document, Mention

PRIORITY = {"person": 4, "nonstate": 3, "country": 3, "org": 3, "capital": 3, "title": 2, "rank": 2, "group": 2, "coref": 1}
SURNAME_PRIORITY = 2.5      # a one-word name loses to a place: "России" is Russia, not Mr Rossi
CASED_PLACE_KINDS = {"name", "official", "capital", "org", "nonstate"}


def _priority(m: Mention) -> float:
    if m.kind == "person" and m.end - m.start == 1:
        return SURNAME_PRIORITY
    return PRIORITY[m.kind]


def _upper(text: str) -> bool:
    return text[:1].isupper()


@lru_cache(maxsize=100_000)
def _known_word(word: str, lang: str) -> bool:
    try:
        return simplemma.is_known(word, lang=lang)
    except ValueError:
        return False


def _candidates(tokens, i, pack, knowledge):
    tok = tokens[i]
    if _upper(tok.text):
        for end, actor_id, kind in knowledge.actors.match(tokens, i):
            yield Mention("person", i, end, actor_id=actor_id, subkind=kind, form=tok.text)
    for end, pattern, (kind, code, sub) in pack.places.match_at(tokens, i):
        if sub in CASED_PLACE_KINDS and not _upper(tok.text):
            continue
        mkind = "capital" if sub == "capital" else kind
        yield Mention(mkind, i, end, code=code, subkind=sub, form=" ".join(pattern))
    for end, pattern, (kind, role, sector) in pack.titles.match_at(tokens, i):
        yield Mention("title" if kind == "office" else kind, i, end, role=role, sector=sector,
                      form=" ".join(pattern))
    for end, pattern, kind in pack.coref.match_at(tokens, i):
        yield Mention("coref", i, end, subkind=kind, form=" ".join(pattern))


def _unknown_name(tokens, i: int, lang: str) -> int:
    """End of a run of 1–3 capitalised tokens that reads as a person's name."""
    j = i
    while j < len(tokens) and j - i < 3:
        t = tokens[j].text
        if len(t) == 1 and t.isupper() and j + 1 < len(tokens) and tokens[j + 1].text == ".":
            j += 2                                  # an initial
            continue
        if not (t[:1].isupper() and t.isalpha() and len(t) > 1 and not t.isupper()):
            break
        j += 1
    if j == i:
        return i
    last = tokens[j - 1].text
    if _known_word(last, lang) and lang == "de":
        return i                                    # a capitalised German noun, not a name
    return j


def find_mentions(sentence, pack, knowledge) -> list[Mention]:
    tokens = sentence.tokens
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        best = None
        for m in _candidates(tokens, i, pack, knowledge):
            if best is None or (m.end, _priority(m)) > (best.end, _priority(best)):
                best = m
        if best is None:
            i += 1
            continue
        out.append(best)
        i = best.end
        if best.kind in ("title", "rank") and i < len(tokens):
            end = _unknown_name(tokens, i, sentence.lang)
            if end > i and not any(True for _ in _candidates(tokens, i, pack, knowledge)):
                out.append(Mention("name", i, end, form=" ".join(t.text for t in tokens[i:end])))
                i = end
    return out


def mentions(doc: Document, knowledge, options) -> Document:
    doc.mentions = [find_mentions(s, knowledge.pack(s.lang), knowledge) for s in doc.sentences]
    return doc
