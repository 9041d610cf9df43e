"""Sentences, tokens and lemmas, with offsets into the text as given.

Sentences never cross a line. A full stop ends a sentence unless it follows
an abbreviation of the line's language, an initial ("Z. Hasanov") or a day
number before a month name ("Am 1. März"). Written by hand: simplemma's
splitter breaks after abbreviations and gives no offsets. Lemmas are
simplemma's, cached per process."""
from __future__ import annotations

from functools import lru_cache

import simplemma

from ..knowledge.patterns import normalise, tokenize
from ..model import Document, Sentence, Token

ENDERS = {".", "!", "?", "…"}
CLOSERS = {"\"", "”", "“", "»", "'", ")", "’"}
LEAD_MIN_CHARS = 80


@lru_cache(maxsize=300_000)
def lemma(word: str, lang: str) -> str:
    if not word[:1].isalpha():
        return normalise(word)
    try:
        return normalise(simplemma.lemmatize(word, lang=lang))
    except ValueError:             # a language simplemma does not know
        return normalise(word)


def make_tokens(text: str, start: int, lang: str) -> list[Token]:
    return [Token(t, s, e, normalise(t), lemma(t, lang)) for t, s, e in tokenize(text, start)]


def _ends_sentence(toks: list[Token], i: int, pack) -> bool:
    tok = toks[i]
    if tok.text not in ENDERS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return True
    if nxt.text in CLOSERS:
        return False               # the closer belongs to this sentence; it ends after it
    if tok.text == ".":
        prev = toks[i - 1] if i else None
        if prev is not None and prev.end == tok.start:
            if prev.lower in pack.abbreviations:
                return False
            if len(prev.text) == 1 and prev.text.isalpha() and prev.text.isupper():
                return False       # an initial
            if prev.text.isdigit() and len(prev.text) <= 2 and nxt.lower.rstrip(".") in pack.months:
                return False       # "1. März"
        if not (nxt.text[:1].isupper() or nxt.text[:1].isdigit() or nxt.text in "\"“„«'"):
            return False
    return True


def split_line(doc: Document, line, pack, index: int, line_no: int) -> list[Sentence]:
    toks = make_tokens(line.text, line.start, pack.code)
    out, begin = [], 0
    for i in range(len(toks)):
        end_here = _ends_sentence(toks, i, pack)
        if not end_here and toks[i].text in CLOSERS and i > 0 and toks[i - 1].text in ENDERS:
            end_here = i + 1 >= len(toks) or toks[i + 1].text[:1].isupper()
        if end_here or i == len(toks) - 1:
            part = toks[begin:i + 1]
            if part:
                out.append(Sentence(index + len(out), part[0].start, part[-1].end, pack.code, part, line_no))
            begin = i + 1
    return out


def segment(doc: Document, knowledge, options) -> Document:
    sentences: list[Sentence] = []
    lead_line = None
    for n, line in enumerate(doc.lines):
        if line.excluded:
            continue
        if lead_line is None and len(line.text.strip()) >= LEAD_MIN_CHARS:
            lead_line = n
        pack = knowledge.pack(line.lang or doc.doc_lang)
        for s in split_line(doc, line, pack, len(sentences), n):
            s.lead = n == lead_line
            sentences.append(s)
    doc.sentences = sentences
    return doc
