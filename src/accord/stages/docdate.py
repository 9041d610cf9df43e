"""The document's own date: metadata first, then a header line or dateline.

Header lines (" date 2021-05", "01 März 2021    Gelesen: 1164",
"Baku, 18. Mai, AZERTAC") are found among the first lines; their dates are
combined (a YYYY-MM header gives its year to an "18. Mai" dateline), and the
lines are marked so that they are not coded as sentences. `--doc-date` is
the fallback when neither metadata nor text gives a date."""
from __future__ import annotations

import re

from ..knowledge.dates import valid_partial
from ..model import Document
from .dates import combine, find_dates

HEADER_ZONE = 4
DATELINE_DASH = re.compile(r"\s*(?:\([^)]{0,40}\))?\s*[–—-]\s")
WORD = re.compile(r"[^\W\d_]{2,}")
DATELINE_CITY = re.compile(r"^\s*(?:date\s+\S+\s+)?([A-ZÄÖÜА-ЯЁ][\w\-]+(?:[ -][A-ZÄÖÜА-ЯЁ][\w\-]+)?)\s*,")


def _zone(doc: Document):
    n = 0
    for i, line in enumerate(doc.lines):
        if line.excluded in ("empty", "duplicate"):
            continue
        yield i, line
        n += 1
        if n >= HEADER_ZONE:
            return


def _packs(doc: Document, knowledge):
    first = knowledge.pack(doc.doc_lang)
    return [first] + [p for p in knowledge.languages.values() if p is not first]


def find_header(doc: Document, knowledge):
    """(date, header line indices, dateline city) from the first lines."""
    packs = _packs(doc, knowledge)
    found, header_lines, yearless, city = [], [], [], None
    for i, line in _zone(doc):
        hits = []
        if not any(ch.isdigit() for ch in line.text):
            continue                      # every header date form has a number in it
        for pack in packs:
            hits = [h for h in find_dates(line.text, pack, None) if h.kind in ("iso", "numeric", "day_month",
                                                                              "month_year")]
            if hits:
                break
        if not hits:
            continue
        rest = line.text
        for h in sorted(hits, key=lambda h: -h.start):
            rest = rest[:h.start] + " " + rest[h.end:]
        m = DATELINE_CITY.match(line.text)
        found_city = knowledge.city(m.group(1)) if m else None
        place = found_city.name if found_city else None
        words = [w for w in WORD.findall(rest) if w != (m.group(1) if m else None) and w.lower() != "date"]
        if line.excluded != "boilerplate" and (len(words) > 4 or len(line.text) > 120):
            if not (place and hits[0].start < 40):
                continue                  # a dated sentence, not a header
            dash = DATELINE_DASH.search(line.text, hits[0].end, hits[0].end + 40)
            if dash:                      # "TEHRAN, March 4 — The head of …": the date is the article's
                doc.dateline_end = line.start + dash.end()
        else:
            header_lines.append(i)
        city = city or place
        found.extend(h for h in hits if h.value)
        yearless.extend((h, pack) for h in hits if not h.has_year)
    best = combine(found)
    if best and len(best) < 10 and yearless:
        best = _complete(doc, best, {pack.code: pack for _, pack in yearless}.values())
    return best, header_lines, city


def _complete(doc: Document, coarse: str, packs) -> str:
    """Give a yearless day-month ("18. Mai") the year of a coarser header date ("2021-05")."""
    for _, line in _zone(doc):
        for pack in packs:
            for h in find_dates(line.text, pack, coarse[:4]):
                if h.kind == "day_month" and h.value and h.value.startswith(coarse):
                    return h.value
    return coarse


def document_date(doc: Document, knowledge, options) -> Document:
    best, header_lines, city = find_header(doc, knowledge)
    for i in header_lines:
        if not doc.lines[i].excluded:
            doc.lines[i].excluded = "header"
    doc.dateline_place = city
    if doc.date and valid_partial(doc.date[:10]):
        doc.doc_date, doc.doc_date_source = doc.date[:10], "metadata"
    elif best:
        doc.doc_date, doc.doc_date_source = best, "header"
    elif options.doc_date:
        doc.doc_date, doc.doc_date_source = options.doc_date, "option"
    return doc
