"""Actor mentions: countries, organisations, capitals, titles, ranks, groups,
known people (any script and inflection), unknown names after a title, and
words that point back (counterpart, the parties, that country, he, we).

At each token the longest entry wins; on a tie a person beats a place, a
place a title, a title a coreference word."""
from __future__ import annotations

from functools import lru_cache

import simplemma

from ..knowledge.actors import name_keys
from ..model import Document, Mention

PRIORITY = {"person": 4, "nonstate": 3, "country": 3, "org": 3, "capital": 3, "title": 2, "rank": 2, "group": 2,
            "coref": 1}
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
    if _upper(tok.text) or tok.lower in knowledge.name_particles:
        for end, actor_id, kind in knowledge.actors.match(tokens, i):
            if _upper(tokens[end - 1].text) or (end - i > 2 and tokens[end - 2].text == "-"):
                # "von der Leyen", "al-Sudani"; a hyphenated part may be lower case ("Moon Jae-in")
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


def _unknown_name(tokens, i: int, lang: str, nouns_capitalised: bool) -> int:
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
    if nouns_capitalised and _known_word(last, lang):
        return i                                    # a capitalised German noun, not a name
    return j


def find_mentions(sentence, pack, knowledge, surnames: set[str] | None = None) -> list[Mention]:
    """Mentions of one sentence; `surnames` holds the name keys of people the
    document named earlier without the knowledge base knowing them ("Grossi")."""
    tokens = sentence.tokens
    surnames = surnames if surnames is not None else set()
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        best = None
        if not (tokens[i].text[0].isalpha() or tokens[i].text[0] in "'’"):   # no entry starts with a number or sign
            i += 1
            continue
        for m in _candidates(tokens, i, pack, knowledge):
            if best is None or (m.end, _priority(m)) > (best.end, _priority(best)):
                best = m
        if best is not None and best.kind == "person" and best.end - best.start == 1 and best.end < len(tokens) \
                and _name_word(tokens[best.end].text) and not any(True for _ in _candidates(tokens, best.end, pack,
                                                                                             knowledge)):
            best = None                   # "Pavel Testovich": a first name, not President Petr Pavel
        if best is not None and best.kind == "person" and best.end - best.start == 1 and i > 0 \
                and _name_word(tokens[i - 1].text) and not (out and out[-1].end == i) \
                and not (pack.nouns_capitalised and _known_word(tokens[i - 1].text, sentence.lang)) \
                and not _same_given_name(tokens[i - 1].text, best.actor_id, knowledge):
            best = None                   # "Mohamed Ould Abdel Aziz": someone else's surname, not Sartaj Aziz
        if best is None and tokens[i].text[:1].isupper() and name_keys(tokens[i].text) & surnames:
            best = Mention("name", i, i + 1, form=tokens[i].text, subkind="surname")
        if best is None:
            i += 1
            continue
        out.append(best)
        i = best.end
        if best.kind in ("title", "rank") and i < len(tokens):
            end = _unknown_name(tokens, i, sentence.lang, pack.nouns_capitalised)
            if end > i and not any(True for _ in _candidates(tokens, i, pack, knowledge)):
                out.append(Mention("name", i, end, form=" ".join(t.text for t in tokens[i:end])))
                surnames.update(name_keys(tokens[end - 1].text))
                i = end
    for m in _free_names(tokens, out, sentence.lang):
        surnames.update(name_keys(tokens[m.end - 1].text))
        out.append(m)
    out.sort(key=lambda m: m.start)
    return out


def _free_names(tokens, found: list[Mention], lang: str) -> list[Mention]:
    """Runs of two or three capitalised words no lexicon knows ("Rafael Grossi",
    "Mohammad Eslami") outside other mentions: people the article names."""
    covered = {i for m in found for i in range(m.start, m.end)}
    out, i = [], 1                      # the sentence's first word is capitalised anyway
    while i < len(tokens):
        j = i
        while j < len(tokens) and j - i < 3 and j not in covered and _name_word(tokens[j].text):
            j += 1
        if j - i >= 2 and not _known_word(tokens[j - 1].text, lang):
            out.append(Mention("name", i, j, form=" ".join(t.text for t in tokens[i:j])))
            i = j
        else:
            i += 1
    return out


def _same_given_name(word: str, actor_id: str, knowledge) -> bool:
    """Could `word` be a given name of this person in some spelling ("Sergei" for Sergey
    Lavrov)? Transliterations differ in their endings, so the first three letters decide."""
    stem = word.lower()[:3]
    return any(name.split()[0].lower()[:3] == stem
               for name, _script, _lang, kind in knowledge.actors.variants.get(actor_id, ()) if kind == "full")


def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.isalpha() and len(text) > 1 and not text.isupper()


def mentions(doc: Document, knowledge, options) -> Document:
    surnames: set[str] = set()
    doc.mentions = [find_mentions(s, knowledge.pack(s.lang), knowledge, surnames) for s in doc.sentences]
    return doc
