"""One language's knowledge, from data/<lang>/, compiled into lookup indexes."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from ..errors import KnowledgeError
from ..knowledge.ontology import PLOVER_TYPES
from .datewords import build_date_re, cldr_weekdays
from .files import read_tsv, read_yaml
from .patterns import CueSet, PatternIndex, normalise, parse_pattern

PLACE_KINDS = {"name", "official", "adjective", "demonym", "capital", "org", "nonstate"}
TITLE_KINDS = {"office", "rank", "group"}
COREF_KINDS = {"counterpart", "parties", "that_country", "that_org", "pronoun", "speaker", "event"}


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: tuple[str, ...]
    type: str
    cameo: str
    mode: str | None
    pos: str
    active: dict
    passive: dict | None
    particle: tuple[str, ...] | None
    requires: CueSet
    excludes: CueSet
    symmetric: bool
    source_file: str
    line: int


@dataclass
class LanguagePack:
    code: str
    name: str = ""
    lingua: str = ""
    script: str = "Latn"
    abbreviations: frozenset = frozenset()
    markers: dict[str, str] = field(default_factory=dict)
    case_suffixes: dict[str, str] = field(default_factory=dict)   # suffix after an apostrophe -> role
    postpositions: dict[str, str] = field(default_factory=dict)   # word after an actor -> role
    articles_object: frozenset = frozenset()
    joiners: frozenset = frozenset()
    coordinators: frozenset = frozenset()
    infinitive_markers: frozenset = frozenset()   # "and to let": no second finite verb of the subject
    clause_breaks: frozenset = frozenset()
    passive_auxiliaries: frozenset = frozenset()
    transparent: frozenset = frozenset()
    nouns_capitalised: bool = False          # German: a capitalised word inside a sentence is a noun
    marker_reach: int = 3                    # words a preposition may stand before its actor phrase
    verb_final: bool = False                 # clauses may end in the verb, objects before it (German)
    places: PatternIndex = field(default_factory=PatternIndex)
    titles: PatternIndex = field(default_factory=PatternIndex)
    coref: PatternIndex = field(default_factory=PatternIndex)
    triggers: PatternIndex = field(default_factory=PatternIndex)
    negation: CueSet = field(default_factory=CueSet)
    conditional: CueSet = field(default_factory=CueSet)
    future: CueSet = field(default_factory=CueSet)
    past: CueSet = field(default_factory=CueSet)
    habitual: CueSet = field(default_factory=CueSet)
    relative_days: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)          # month name or abbreviation -> 1..12
    weekdays: dict[str, int] = field(default_factory=dict)        # weekday name -> 0 (Monday)..6
    date_re: re.Pattern | None = None
    boilerplate: list[re.Pattern] = field(default_factory=list)

    def marker_of(self, lower: str) -> str | None:
        return self.markers.get(lower)


def _patterns(values) -> CueSet:
    key = tuple(str(v) for v in (values or []) if str(v).strip())
    return _cue_set(key)


@lru_cache(maxsize=4096)
def _cue_set(key: tuple[str, ...]) -> CueSet:
    """One CueSet per distinct list: generated lexicons repeat long requires/excludes lists."""
    return CueSet(_parse(v) for v in key)


@lru_cache(maxsize=200_000)
def _parse(text: str) -> tuple[str, ...]:
    return parse_pattern(text)


def _words(values) -> frozenset:
    return frozenset(normalise(str(v)) for v in (values or []))


def cldr_months(code: str) -> dict[str, int]:
    """Month names in every CLDR form (format/stand-alone, wide/abbreviated)."""
    out: dict[str, int] = {}
    try:
        loc = Locale.parse(code)
    except Exception:  # noqa: BLE001 - an unknown locale simply has no month names
        return out
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in loc.months.get(ctx, {}).get(width, {}).items():
                key = normalise(name).rstrip(".")
                if len(key) >= 3:
                    out[key] = num
    return out


def load_language(root: Path, code: str, kinds: dict) -> LanguagePack:
    folder = root / code
    meta = read_yaml(folder / "language.yaml", {})
    pack = LanguagePack(code=code, name=meta.get("name", code), lingua=meta.get("lingua", ""),
                        script=meta.get("script", "Latn"))
    pack.abbreviations = frozenset(normalise(a).rstrip(".") for a in meta.get("abbreviations") or [])
    pack.markers = {normalise(k): str(v) for k, v in (meta.get("markers") or {}).items()}
    pack.case_suffixes = {normalise(k): str(v) for k, v in (meta.get("case_suffixes") or {}).items()}
    pack.postpositions = {normalise(k): str(v) for k, v in (meta.get("postpositions") or {}).items()}
    pack.articles_object = _words(meta.get("articles_object"))
    pack.joiners = _words(meta.get("joiners"))
    pack.coordinators = _words(meta.get("coordinators"))
    pack.infinitive_markers = _words(meta.get("infinitive_markers"))
    pack.clause_breaks = _words(meta.get("clause_breaks"))
    pack.passive_auxiliaries = _words(meta.get("passive_auxiliaries"))
    pack.transparent = _words(meta.get("transparent"))
    pack.nouns_capitalised = bool(meta.get("nouns_capitalised", False))
    pack.marker_reach = int(meta.get("marker_reach", 3))
    pack.verb_final = bool(meta.get("verb_final", False))

    for r in read_tsv(folder / "places.tsv", ("code", "kind", "pattern"), 3):
        if r["kind"] not in PLACE_KINDS:
            raise KnowledgeError(folder / "places.tsv", r["_line"], f"unknown kind {r['kind']!r}")
        if r["kind"] == "nonstate":
            if r["code"] not in kinds.get("groups", ()):
                raise KnowledgeError(folder / "places.tsv", r["_line"], f"unknown group {r['code']!r}")
            kind = "nonstate"
        else:
            kind = "org" if r["kind"] == "org" or r["code"] in kinds.get("orgs", ()) else "country"
        pack.places.add(parse_pattern(r["pattern"]), (kind, r["code"], r["kind"]))
    for r in read_tsv(folder / "titles.tsv", ("pattern", "role", "sector", "kind"), 1):
        if r["kind"] not in TITLE_KINDS:
            raise KnowledgeError(folder / "titles.tsv", r["_line"], f"unknown kind {r['kind']!r}")
        pack.titles.add(parse_pattern(r["pattern"]), (r["kind"], r["role"] or None, r["sector"] or None))
    for r in read_tsv(folder / "coref.tsv", ("pattern", "kind"), 2):
        if r["kind"].split(":")[0] not in COREF_KINDS:
            raise KnowledgeError(folder / "coref.tsv", r["_line"], f"unknown kind {r['kind']!r}")
        pack.coref.add(parse_pattern(r["pattern"]), r["kind"])
    _load_triggers(pack, folder / "triggers.yaml")

    status = read_yaml(folder / "status.yaml", {})
    pack.negation = _patterns(status.get("negation"))
    pack.conditional = _patterns(status.get("conditional"))
    pack.future = _patterns(status.get("future"))
    pack.past = _patterns(status.get("past"))
    pack.habitual = _patterns(status.get("habitual"))
    dates = read_yaml(folder / "dates.yaml", {})
    pack.relative_days = {normalise(k): int(v) for k, v in (dates.get("relative_days") or {}).items()}
    pack.months = cldr_months(code) | {normalise(k): int(v) for k, v in (dates.get("months") or {}).items()}
    pack.weekdays = cldr_weekdays(code) | {normalise(k): int(v) for k, v in (dates.get("weekdays") or {}).items()}
    pack.date_re = build_date_re(pack.months, pack.relative_days, pack.weekdays, dates.get("year_cues") or [],
                                 dates.get("joiners") or [], dates.get("slash_order") or "dmy",
                                 dates.get("day_suffixes") or [], dates.get("month_cues") or [])
    for r in read_tsv(folder / "boilerplate.tsv", ("pattern", "what"), 1):
        try:
            pack.boilerplate.append(re.compile(r["pattern"], re.IGNORECASE))
        except re.error as exc:
            raise KnowledgeError(folder / "boilerplate.tsv", r["_line"], f"bad regex: {exc}") from exc
    return pack


def _frame(value, path, n) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "source" not in value:
        raise KnowledgeError(path, n, "a frame needs at least a 'source' slot")
    out = {}
    for slot in ("source", "target"):
        v = value.get(slot)
        out[slot] = tuple(v) if isinstance(v, list) else ((v,) if v else ())
    return out


def _load_triggers(pack: LanguagePack, path: Path) -> None:
    entries = read_yaml(path, [])
    if not isinstance(entries, list):
        raise KnowledgeError(path, 1, "triggers.yaml must be a list of entries")
    for n, e in enumerate(entries, 1):
        where = f"entry {n}"
        if not isinstance(e, dict) or not e.get("pattern") or not e.get("type") or not e.get("cameo"):
            raise KnowledgeError(path, where, "each trigger needs pattern, type and cameo")
        etype = str(e["type"]).upper()
        if etype not in PLOVER_TYPES:
            raise KnowledgeError(path, where, f"unknown PLOVER type {etype}")
        particle = e.get("particle")
        trig = Trigger(
            pattern=parse_pattern(str(e["pattern"])), type=etype, cameo=str(e["cameo"]),
            mode=e.get("mode") or None, pos=e.get("pos", "verb"),
            # an entry with only a passive frame is itself a passive form ("задержан", "was detained")
            active=_frame(e.get("active") or e.get("passive") or {"source": "subject", "target": ["object"]},
                          path, where),
            passive=_frame(e.get("passive"), path, where),
            particle=parse_pattern(str(particle)) if particle else None,
            requires=_patterns(e.get("requires")), excludes=_patterns(e.get("excludes")),
            symmetric=bool(e.get("symmetric", False)), source_file=f"{pack.code}/triggers.yaml", line=n)
        pack.triggers.add(trig.pattern, trig)
