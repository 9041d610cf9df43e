"""The shared vocabulary: documents, their layers, actors and events.

A `Document` enters the pipeline with its text and metadata; each stage adds
one layer (lines, sentences, mentions, phrases, events). Everything here is
plain data, picklable, and carries character offsets into the text as given.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str
    excluded: str | None = None      # why the line is not coded: "boilerplate", "duplicate", "header"
    lang: str | None = None


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    lemma: str


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    lang: str
    tokens: list[Token]
    line: int                         # index of the line the sentence starts on
    lead: bool = False                # within the article's first body paragraph


@dataclass(slots=True)
class Mention:
    """A gazetteer or lexicon hit: tokens [start, end) of one sentence."""
    kind: str                          # country | org | capital | title | rank | group | name | coref | person
    start: int
    end: int
    code: str | None = None            # ISO3 or org code
    role: str | None = None
    sector: str | None = None
    actor_id: str | None = None
    form: str | None = None            # the lexicon entry that matched
    subkind: str | None = None         # places kind (adjective, capital…) or coref kind


@dataclass(slots=True)
class Phrase:
    """One actor as written: a run of mentions read as a single entity."""
    sentence: int
    start: int                          # token indices in the sentence
    end: int
    char_start: int
    char_end: int
    text: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    role: str | None = None
    name: str | None = None
    actor_id: str | None = None
    title_role: str | None = None       # the office named in the text, if any
    coref: str | None = None            # coref kind still to resolve
    marker: str | None = None           # role word before the phrase (with, by, to…)
    object_case: bool = False           # preceded by an object article (den, dem)
    group: int | None = None            # coordination group id
    tail: int = 0                       # tokens after `end` that mark its case ("Rusya 'ya", "X tarafından")
    kb_filled: bool = False             # country/org taken from the person's office on the document date
    rules: list[str] = field(default_factory=list)

    def key(self) -> str | None:
        return self.country or self.org


@dataclass(slots=True)
class Document:
    id: str
    text: str
    path: str | None = None
    line_no: int | None = None
    title: str | None = None
    date: str | None = None             # metadata date, if the input had one
    url: str | None = None
    lang: str | None = None             # given language, if any
    # layers added by the stages
    lines: list[Line] = field(default_factory=list)
    doc_lang: str | None = None
    doc_date: str | None = None
    doc_date_source: str | None = None
    dateline_place: str | None = None
    dateline_end: int | None = None       # end of an inline dateline ("TEHRAN, March 4 —") in the text
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)   # per sentence
    triggers: list[list] = field(default_factory=list)           # per sentence: stages.triggers.TriggerHit
    phrases: list[list[Phrase]] = field(default_factory=list)     # per sentence
    drafts: list = field(default_factory=list)                    # stages.events.Draft, before finishing
    events: list["Event"] = field(default_factory=list)
    learned: list[dict] = field(default_factory=list)             # people met with an office



@dataclass(slots=True)
class Rejection:
    """An input that could not be coded, with where it came from and why."""
    path: str
    reason: str
    code: str
    line: int | None = None
    doc_id: str | None = None

    def message(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        return f"{where}: [{self.code}] {self.reason}"


ACTOR_FIELDS = ("text", "name", "country", "org", "sector", "role", "actor_id")
EVENT_FIELDS = ("event_id", "doc_id", "type", "mode", "cameo", "goldstein", "quad_class", "status",
                "date", "source", "target", "location", "lang", "evidence", "confidence", "sources")


@dataclass(slots=True)
class Event:
    doc_id: str
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    status: str
    date: str | None
    source: dict
    target: dict | None
    location: dict | None
    lang: str
    evidence: dict
    confidence: float
    explain: dict = field(default_factory=dict)
    event_id: str = ""
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in EVENT_FIELDS}
        d["explain"] = self.explain
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    def fingerprint(self) -> str:
        """Stable id: the same input and knowledge give the same id."""
        src, tgt = self.source or {}, self.target or {}
        parts = [self.doc_id, self.type, self.cameo, self.status, str(self.date),
                 str(src.get("actor_id") or src.get("country") or src.get("org")),
                 str(tgt.get("actor_id") or tgt.get("country") or tgt.get("org")),
                 str(self.evidence.get("start"))]
        return "e-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]
