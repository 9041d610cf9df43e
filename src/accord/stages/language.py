"""Language of the document and of each line.

lingua in high-accuracy mode (low-accuracy mode misreads short English news
lines as German), restricted to the languages accord has data for (fast and exact that
way). A line shorter than `options.line_lang_min_chars` takes the document's
language, unless its script alone settles it (a Cyrillic line in a German
article is the Cyrillic-script language)."""
from __future__ import annotations

from lingua import Language, LanguageDetectorBuilder

from ..model import Document


def detector(knowledge):
    if knowledge._detector is None:
        langs = [getattr(Language, p.lingua) for p in knowledge.languages.values()
                 if p.lingua and hasattr(Language, p.lingua)]
        if len(langs) >= 2:
            knowledge._detector = LanguageDetectorBuilder.from_languages(*langs).build()
        else:
            knowledge._detector = False
    return knowledge._detector


def script_of(text: str) -> str | None:
    cyr = lat = arab = 0
    for ch in text:
        if ch.isalpha():
            o = ord(ch)
            if 0x0400 <= o <= 0x04FF:
                cyr += 1
            elif 0x0600 <= o <= 0x06FF:
                arab += 1
            elif o < 0x0250:
                lat += 1
    total = cyr + lat + arab
    if not total:
        return None
    best = max((cyr, "Cyrl"), (lat, "Latn"), (arab, "Arab"))
    return best[1] if best[0] / total > 0.6 else None


def detect(text: str, knowledge) -> str | None:
    det = detector(knowledge)
    if not det:
        return next(iter(knowledge.languages), None)
    lang = det.detect_language_of(text)
    return lang.iso_code_639_1.name.lower() if lang else None


def by_script(script: str | None, knowledge) -> list[str]:
    return [code for code, p in knowledge.languages.items() if p.script == script]


def _vote(doc: Document, knowledge, options, seen: dict[int, str | None], budget: int = 4000) -> str | None:
    """The language of most of the text, by a length-weighted vote of its longer lines
    (steadier than one call on the whole text, which a short headline can tip).
    Each line's answer is kept in `seen` for the per-line pass."""
    votes: dict[str, int] = {}
    used = 0
    for n, line in enumerate(doc.lines):
        text = line.text.strip()
        if line.excluded or len(text) < options.line_lang_min_chars:
            continue
        lang = seen[n] = detect(text[:1000], knowledge)
        if lang:
            votes[lang] = votes.get(lang, 0) + len(text)
        used += len(text)
        if used > budget:
            break
    return max(votes, key=votes.get) if votes else None


def identify(doc: Document, knowledge, options) -> Document:
    body = "\n".join(line.text for line in doc.lines if not line.excluded)
    seen: dict[int, str | None] = {}
    if options.lang:
        doc.doc_lang = options.lang
    elif doc.lang and doc.lang in knowledge.languages:
        doc.doc_lang = doc.lang
    else:
        doc.doc_lang = _vote(doc, knowledge, options, seen) or detect(body[:3000], knowledge) \
            or next(iter(knowledge.languages))
    doc_script = knowledge.pack(doc.doc_lang).script
    for n, line in enumerate(doc.lines):
        if line.excluded:
            continue
        script = script_of(line.text)
        same_script = by_script(script, knowledge)
        if script and script != doc_script and len(same_script) == 1:
            line.lang = same_script[0]
        elif options.lang or len(line.text.strip()) < options.line_lang_min_chars:
            line.lang = doc.doc_lang
        else:
            line.lang = (seen[n] if n in seen else detect(line.text, knowledge)) or doc.doc_lang
    return doc
