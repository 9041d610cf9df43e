"""Dates: find date expressions, resolve them against the document date.

Candidates are found with CLDR-built expressions (knowledge/datewords.py);
dateparser resolves each candidate string against the document date, with
the traps handled: only strings that contain a month name, a number date, a
relative-day word or a full weekday name are ever given to it (so "Die",
"We" or "mit" are never read as weekdays), and the precision comes from the
parts the text actually has, so a month-only date never gets a day. A date
with no year and no document date stays unknown."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from ..knowledge.dates import parse_partial
from ..knowledge.patterns import normalise, phrase_in
from ..model import Document


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    value: str | None          # YYYY, YYYY-MM, YYYY-MM-DD, or None when the year cannot be known
    kind: str                  # iso | numeric | day_month | month_year | year | relative | weekday
    has_year: bool


def _base(doc_date: str | None) -> date | None:
    span = parse_partial(doc_date) if doc_date else None
    return span[0] if span and doc_date and doc_date.count("-") == 2 else None



@lru_cache(maxsize=20_000)
def _parse(text: str, lang: str, base: date | None, need_day: bool) -> date | None:
    """dateparser on one candidate string (pure, so cached: "am Dienstag" recurs all day)."""
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month"] if need_day else ["month"]}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        got = dateparser.parse(text, languages=[lang], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; treat as no date
        got = None
    return got.date() if got else None


def find_dates(text: str, pack, doc_date: str | None, offset: int = 0) -> list[DateHit]:
    if pack.date_re is None:
        return []
    base = _base(doc_date)
    year_of_doc = doc_date[:4] if doc_date else None
    hits = []
    for m in pack.date_re.finditer(text):
        g = m.groupdict()
        value, kind, has_year = None, "", True
        try:
            if g["iy"]:
                kind = "iso"
                value = "-".join(x for x in (g["iy"], g["im"], g["id"]) if x)
                if not parse_partial(value):
                    continue
            elif g["ny"]:
                kind = "numeric"
                value = date(int(g["ny"]), int(g["nm"]), int(g["nd"])).isoformat()
            elif g["sy"]:
                kind = "numeric"
                value = date(int(g["sy"]), int(g["sm"]), int(g["sd"])).isoformat()
            elif g["dm"] or g["mm"]:
                kind = "day_month"
                month = pack.months.get(normalise(g["dm"] or g["mm"]).rstrip("."))
                day = int(g["dd"] or g["md"])
                yr = g["dy"] or g["my"]
                if not month or not 1 <= day <= 31:
                    continue
                if yr:
                    value = date(int(yr), month, day).isoformat()
                else:
                    has_year = False
                    if base:
                        got = _parse(m.group().strip(" ."), pack.code, base, True)
                        value = got.isoformat() if got else None
                        if value is None:
                            guess = date(base.year, month, day)
                            value = (guess if guess <= base + timedelta(days=2)
                                     else date(base.year - 1, month, day)).isoformat()
                    elif year_of_doc:
                        value = date(int(year_of_doc), month, day).isoformat()
            elif g["om"]:
                kind = "month_year"
                month = pack.months.get(normalise(g["om"]).rstrip("."))
                if not month:
                    continue
                value = f"{g['oy']}-{month:02d}"
            elif g["cy"]:
                kind, value = "year", g["cy"]
            elif g["bm"]:
                kind, has_year = "month", False
                month = pack.months.get(normalise(g["bm"]).rstrip("."))
                if not month:
                    continue
                if base:
                    value = f"{base.year if month <= base.month else base.year - 1}-{month:02d}"
                elif year_of_doc:
                    value = f"{year_of_doc}-{month:02d}"
            elif g["rel"]:
                kind, has_year = "relative", False
                shift = pack.relative_days.get(normalise(g["rel"]))
                value = (base + timedelta(days=shift)).isoformat() if base and shift is not None else None
            elif g["wd"]:
                kind, has_year = "weekday", False
                wd = pack.weekdays.get(normalise(g["wd"]))
                value = (base - timedelta(days=(base.weekday() - wd) % 7)).isoformat() if base else None
        except ValueError:
            continue
        hits.append(DateHit(m.start() + offset, m.end() + offset, value, kind, has_year))
    return hits


def combine(hits: list[DateHit]) -> str | None:
    """The most precise date consistent with every dated hit of a header zone."""
    values = [h.value for h in hits if h.value]
    if not values:
        return None
    values.sort(key=lambda v: -len(v))
    best = values[0]
    coarse = [v for v in values if len(v) < len(best)]
    for c in coarse:
        if not best.startswith(c):
            # a more precise date that disagrees with a year/month header: trust the header's
            # year and month, keep the day when the month agrees
            if len(c) == 7 and best[5:7] == c[5:7]:
                return c + best[7:]
            return c
    return best


def event_date(doc: Document, sentence, pack, knowledge, memo: dict | None = None) -> tuple[str | None, str]:
    """The date of an event in this sentence, and where it came from."""
    if memo is not None:
        if sentence.index not in memo:
            memo[sentence.index] = event_date(doc, sentence, pack, knowledge)
        return memo[sentence.index]
    text = doc.text[sentence.start:sentence.end]
    skip = (doc.dateline_end or 0) - sentence.start       # the dateline's date is the article's, not the event's
    hits = [h for h in find_dates(text, pack, doc.doc_date) if (h.kind != "iso" or h.value) and h.start >= skip]
    dated = [h for h in hits if h.value]
    if dated:
        return dated[0].value, f"sentence:{dated[0].kind}"
    if hits:                       # a date is named but its year cannot be known
        return None, "sentence:no-year"
    return doc.doc_date, "document"


def _lead_date(doc: Document, knowledge, memo: dict) -> str | None:
    for s in doc.sentences:
        if s.lead:
            value, origin = event_date(doc, s, knowledge.pack(s.lang), knowledge, memo)
            if origin.startswith("sentence"):
                return value or ""
    return None


def _paragraph_date(doc: Document, s, knowledge, memo) -> tuple[str | None, str] | None:
    """An earlier sentence of the same paragraph that names a date dates this one too
    ("On Tuesday the ministers met in Baku. They signed a plan.")."""
    for prev in reversed(doc.sentences[:s.index]):
        if prev.line != s.line:
            return None
        value, origin = event_date(doc, prev, knowledge.pack(prev.lang), knowledge, memo)
        if origin.startswith("sentence") and value:
            return value, "paragraph"
    return None


def dates(doc: Document, knowledge, options) -> Document:
    """Give each event its date: the sentence's own, else its paragraph's, else the lead's,
    else the document's;
    an event the text places in the past ("the recent visit") keeps no date of its own."""
    memo: dict = {}
    lead = _lead_date(doc, knowledge, memo) if doc.drafts else None
    for d in doc.drafts:
        s = doc.sentences[d.sentence]
        pack = knowledge.pack(s.lang)
        value, origin = event_date(doc, s, pack, knowledge, memo)
        if origin == "document":
            value, origin = _paragraph_date(doc, s, knowledge, memo) or (value, origin)
        if origin == "document":
            if phrase_in(s.tokens, pack.past, surface=True) is not None:
                # before the article, day unknown: most background acts ("had demanded", "in recent
                # weeks") fall in the article's month, the precision the annotation guide asks for
                value, origin = (doc.doc_date[:7] if doc.doc_date else None), "past-cue"
            elif lead is not None:
                value, origin = (lead or None), "lead"
        d.date, d.date_from = value, origin
    return doc
