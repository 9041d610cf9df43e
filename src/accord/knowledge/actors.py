"""People and their offices over time, and name lookup in any script.

Name matching tolerates inflection: a text token matches a name token when
one of its *name keys* (the token, and the token minus a known case ending)
equals one of the name's keys. Endings are per script; written by hand since
no shippable library declines proper names."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .dates import parse_partial
from .files import read_tsv
from .patterns import normalise

ENDINGS = {
    "Latn": ("s", "'s"),
    "Cyrl": ("ого", "ему", "ому", "ым", "им", "ом", "ем", "ой", "ей", "ою", "ую", "ых", "их", "а", "я",
             "у", "ю", "е", "ы", "и", "ой"),
}


STEM_MIN = 5        # shortest shared stem that lets two inflected forms name one person


@lru_cache(maxsize=200_000)
def name_keys(token: str) -> frozenset[str]:
    """The forms a name token may have when undeclined (pure; cached per process)."""
    return frozenset(_name_keys(token))


def _name_keys(token: str) -> set[str]:
    low = normalise(token)
    keys = {low}
    script = "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in low) else "Latn"
    for end in ENDINGS[script]:
        if low.endswith(end) and len(low) - len(end) >= 3:
            keys.add(low[: -len(end)])
    if script == "Cyrl" and low[-1:] in ("а", "я") and len(low) > 4:
        keys.add(low[:-1])
    if script == "Cyrl":
        for end in ("ем", "ю", "я", "е"):      # Андреем, Сергею -> Андрей, Сергей
            if low.endswith(end) and len(low) - len(end) >= 3 and low[-len(end) - 1] in "аеиоу":
                keys.add(low[: -len(end)] + "й")
    return keys


@dataclass(frozen=True, slots=True)
class Office:
    actor_id: str
    country: str | None
    org: str | None
    sector: str
    role: str
    start: str | None
    end: str | None
    source: str = "bundled"
    note: str | None = None

    def covers(self, when: str | None) -> bool:
        if not when:
            return False
        span = parse_partial(when)
        if span is None:
            return False
        lo = parse_partial(self.start)[0] if self.start else None
        hi = parse_partial(self.end)[1] if self.end else None
        return (lo is None or lo <= span[0]) and (hi is None or span[0] <= hi)


@dataclass
class ActorBase:
    names: dict[str, str] = field(default_factory=dict)                  # actor_id -> canonical name
    # actor_id -> [(name, script, lang, kind)]
    variants: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    offices: dict[str, list[Office]] = field(default_factory=dict)
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)  # key -> [(keys, id, kind)]

    def add_name(self, actor_id: str, name: str, kind: str = "full") -> None:
        toks = tuple(normalise(t) for t in name.replace("-", " - ").split())
        if not toks:
            return
        for key in name_keys(toks[0]) | {toks[0]}:
            self.index.setdefault(key, []).append((toks, actor_id, kind))

    def match(self, tokens, i: int) -> list[tuple[int, str, str]]:
        """(end, actor_id, kind) for every known name starting at token i."""
        hits = []
        seen = set()
        for key in name_keys(tokens[i].text):
            for toks, actor_id, kind in self.index.get(key, ()):
                if (toks, actor_id) in seen:
                    continue
                seen.add((toks, actor_id))
                j = i
                ok = True
                for t in toks:
                    # the text's form reduced to the name ("Андреем" -> андрей), or both reduced to one
                    # stem long enough to be the same name ("Захаровой" / "Захарова"; not "Курта" / "Курти")
                    if j >= len(tokens) or not (t in name_keys(tokens[j].text) or any(
                            len(k) >= STEM_MIN for k in name_keys(t) & name_keys(tokens[j].text))):
                        ok = False
                        break
                    j += 1
                if ok:
                    hits.append((j, actor_id, kind))
        return hits

    def office_at(self, actor_id: str, when: str | None, prefer=None) -> Office | None:
        """The office held on `when`; `prefer(office)` breaks ties (text's own title)."""
        offices = self.offices.get(actor_id, [])
        if not offices:
            return None
        current = [o for o in offices if o.covers(when)] if when else []
        pool = current or ([] if when else offices)
        if not pool:
            return None
        if prefer:
            liked = [o for o in pool if prefer(o)]
            if liked:
                pool = liked
        return max(pool, key=lambda o: (o.start or ""))

    def holders(self, country: str | None, org: str | None, role: str, when: str | None) -> list[str]:
        if not when:
            return []
        out = []
        for actor_id, offices in self.offices.items():
            for o in offices:
                if o.role == role and o.country == country and o.org == org and o.covers(when):
                    out.append(actor_id)
                    break
        return out


PEOPLE_COLUMNS = ("actor_id", "name", "born", "note")
NAME_COLUMNS = ("actor_id", "name", "script", "lang", "kind")
OFFICE_COLUMNS = ("actor_id", "country", "org", "sector", "role", "start", "end", "source", "note")


def load_actors(root: Path, base: ActorBase | None = None) -> ActorBase:
    """Read one actors folder (people, names, offices) into `base` (a new one by default);
    later folders add people and offices to earlier ones (bundled, then imported)."""
    base = base or ActorBase()
    for r in read_tsv(root / "people.tsv", PEOPLE_COLUMNS, 2):
        base.names.setdefault(r["actor_id"], r["name"])
        base.add_name(r["actor_id"], r["name"], "full")
    for r in read_tsv(root / "names.tsv", NAME_COLUMNS, 2):
        base.add_name(r["actor_id"], r["name"], r["kind"] or "variant")
        base.variants.setdefault(r["actor_id"], []).append((r["name"], r["script"], r["lang"], r["kind"]))
    for r in read_tsv(root / "offices.tsv", OFFICE_COLUMNS, 1):
        office = Office(r["actor_id"], r["country"] or None, r["org"] or None, r["sector"], r["role"],
                        r["start"] or None, r["end"] or None, r["source"] or "bundled", r["note"] or None)
        held = base.offices.setdefault(r["actor_id"], [])
        if office not in held:
            held.append(office)
    return base
