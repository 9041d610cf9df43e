"""The actor knowledge base as a user sees it: look-up, import and export.

Formats: the bundled TSV folder (people.tsv, names.tsv, offices.tsv), JSON
Lines and CSV (one office a row), and the CAMEO/PETRARCH actor dictionary
text that analysts keep:

    ZAKIR_HASANOV_
    +ZAKIR_HASANOV_
    +GASANOV_
    [AZEMIL 131022-]
    [USAGOV >090120]      after a date      [USAELI <090120]   before a date

Root lines name an actor (words joined by "_"), "+" lines add spellings,
bracketed codes give CAMEO actor codes with optional YYMMDD date limits.
Written by hand: no maintained library reads this format."""
from __future__ import annotations

import calendar
import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AccordError
from .knowledge.actors import NAME_COLUMNS, OFFICE_COLUMNS, PEOPLE_COLUMNS, ActorBase, name_keys
from .knowledge.files import read_tsv
from .knowledge.patterns import normalise

SECTOR_ROLES = {"GOV": "Official", "MIL": "Military Officer", "ELI": "Elite", "LEG": "Member of Parliament",
                "JUD": "Judge", "COP": "Police Officer", "BUS": "Business Leader", "MED": "Journalist",
                "OPP": "Opposition", "REB": "Rebel", "CVL": "Civilians", "IGO": "Official", "NGO": "Official",
                "EDU": "University", "SPY": "Official"}
CODE_RE = re.compile(r"\[\s*([A-Za-z]{3,})\s*(?:([<>])?(\d{6})?\s*(?:-\s*(\d{6})?)?)?\s*\]")


@dataclass
class Record:
    """One actor as an import or export sees it."""
    actor_id: str
    name: str
    variants: list[str] = field(default_factory=list)
    offices: list[dict] = field(default_factory=list)   # country, org, sector, role, start, end, source, note


def slug(name: str) -> str:
    """p:first-last (letters of any script kept: p:рафаэль-гросси)."""
    return "p:" + re.sub(r"[\W_]+", "-", normalise(name)).strip("-")


# ---------------------------------------------------------------- look-up

def find(base: ActorBase, text: str) -> list[str]:
    """Actors whose name (any spelling, any inflection) is `text`."""
    words = text.split()
    if not words:
        return []
    keys = [name_keys(w) for w in words]
    out = []
    for candidates in (base.index.get(k, ()) for k in keys[0]):
        for toks, actor_id, _kind in candidates:
            if len(toks) == len(words) and all(name_keys(t) & k for t, k in zip(toks, keys)):
                if actor_id not in out:
                    out.append(actor_id)
    return out


def search(base: ActorBase, text: str, limit: int = 50) -> list[str]:
    """Actors any of whose spellings contains `text` (case-insensitive)."""
    needle = normalise(text)
    hits = [a for a, n in base.names.items() if needle in normalise(n)]
    hits += [a for a, vs in base.variants.items() if a not in hits and any(needle in normalise(v[0]) for v in vs)]
    return hits[:limit]


def describe(base: ActorBase, actor_id: str) -> dict:
    offices = sorted(base.offices.get(actor_id, []), key=lambda o: o.start or "")
    return {"actor_id": actor_id, "name": base.names.get(actor_id),
            "variants": [{"name": n, "script": script, "lang": lang, "kind": kind}
                         for n, script, lang, kind in base.variants.get(actor_id, [])],
            "offices": [{"country": o.country, "org": o.org, "sector": o.sector, "role": o.role, "start": o.start,
                         "end": o.end, "source": o.source, "note": o.note} for o in offices]}


# ---------------------------------------------------------------- CAMEO codes

def decode(code: str, knowledge) -> tuple[str | None, str | None, str | None]:
    """(country, org, sector) of a CAMEO actor code such as AZEGOVMIL or IGOWSTNAT."""
    code = code.upper()
    orgs = sorted(((r["cameo"], c) for c, r in knowledge.orgs.items() if r.get("cameo")), key=lambda x: -len(x[0]))
    for cameo, org in orgs:
        if code.startswith(cameo):
            return None, org, "IGO"
    by_cameo = {c.cameo: c.iso3 for c in knowledge.countries.values()}
    country = by_cameo.get(code[:3])
    blocks = [code[i:i + 3] for i in range(3 if country else 0, len(code), 3)]
    sector = next((b for b in blocks if b in SECTOR_ROLES), None)
    return country, None, sector


def encode(office: dict, knowledge) -> str:
    if office.get("org"):
        return knowledge.orgs.get(office["org"], {}).get("cameo") or "IGO"
    country = knowledge.countries.get(office.get("country") or "")
    return (country.cameo if country else "---") + (office.get("sector") or "")


def _yymmdd(text: str) -> str:
    yy = int(text[:2])
    return f"{2000 + yy if yy < 50 else 1900 + yy}-{text[2:4]}-{text[4:6]}"


def _to_yymmdd(date: str | None, end: bool) -> str:
    if not date:
        return ""
    parts = date.split("-")
    y, m = parts[0], parts[1] if len(parts) > 1 else ("12" if end else "01")
    d = parts[2] if len(parts) > 2 else (str(calendar.monthrange(int(y), int(m))[1]) if end else "01")
    return f"{y[2:]}{m}{d}"


# ---------------------------------------------------------------- reading

def read_petrarch(path: Path, knowledge) -> list[Record]:
    records: list[Record] = []
    current: Record | None = None
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("+"):
                if current is None:
                    raise AccordError("E005", detail=f"{path}:{n}: a spelling before any actor")
                current.variants.append(_name(line[1:]))
                continue
            if not line.startswith("["):
                head = line.split("[", 1)[0].strip()
                current = Record(slug(_name(head)), _name(head).title())
                records.append(current)
                line = line[len(head):].strip()
                if not line:
                    continue
            if current is None:
                raise AccordError("E005", detail=f"{path}:{n}: a code before any actor")
            for m in CODE_RE.finditer(line):
                current.offices.append(_office(m, knowledge, f"{path.name}:{n}"))
    return records


def _name(text: str) -> str:
    return " ".join(w for w in text.strip().rstrip("_").split("_") if w)


def _office(m: re.Match, knowledge, where: str) -> dict:
    code, sign, first, second = m.group(1), m.group(2), m.group(3), m.group(4)
    country, org, sector = decode(code, knowledge)
    start = end = None
    if sign == ">" and first:
        start = _yymmdd(first)
    elif sign == "<" and first:
        end = _yymmdd(first)
    else:
        start = _yymmdd(first) if first else None
        end = _yymmdd(second) if second else None
    return {"country": country, "org": org, "sector": sector or "", "role": SECTOR_ROLES.get(sector or "", "Official"),
            "start": start, "end": end, "source": "imported", "note": f"{code} from {where}"}


def read_rows(path: Path) -> list[Record]:
    """CSV or JSON Lines, one office a row: name (or actor_id), country, org, sector, role, start, end."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    else:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    records: dict[str, Record] = {}
    for n, row in enumerate(rows, 1):
        name = (row.get("name") or "").strip()
        if not name:
            raise AccordError("E005", detail=f"{path}:{n}: a row without a name")
        rec = records.setdefault(row.get("actor_id") or slug(name), Record(row.get("actor_id") or slug(name), name))
        for v in (row.get("variants") or []) if isinstance(row.get("variants"), list) else \
                [x for x in (row.get("variants") or "").split(";") if x]:
            if v not in rec.variants:
                rec.variants.append(v)
        if row.get("country") or row.get("org"):
            rec.offices.append({k: (row.get(k) or None) for k in ("country", "org", "sector", "role", "start", "end")}
                               | {"source": "imported", "note": f"{path.name}:{n}"})
    return list(records.values())


def read_any(path: Path, knowledge) -> list[Record]:
    if path.suffix.lower() in (".csv", ".jsonl", ".ndjson"):
        return read_rows(path)
    return read_petrarch(path, knowledge)


# ---------------------------------------------------------------- writing

def write_folder(records: list[Record], folder: Path) -> tuple[int, int]:
    """Add records to an actors folder (created if needed); return (people, offices) added."""
    folder.mkdir(parents=True, exist_ok=True)
    have_people = {r["actor_id"] for r in read_tsv(folder / "people.tsv", PEOPLE_COLUMNS, 2)}
    have_names = {(r["actor_id"], r["name"]) for r in read_tsv(folder / "names.tsv", NAME_COLUMNS, 2)}
    have_offices = {tuple(r[c] for c in OFFICE_COLUMNS[:7]) for r in read_tsv(folder / "offices.tsv", OFFICE_COLUMNS)}
    people, names, offices = [], [], []
    for rec in records:
        if rec.actor_id not in have_people:
            have_people.add(rec.actor_id)
            people.append([rec.actor_id, rec.name, "", "imported"])
        surname = rec.name.split()[-1] if len(rec.name.split()) > 1 else None
        for v in [rec.name] + rec.variants + ([surname] if surname else []):
            if (rec.actor_id, v) not in have_names:
                have_names.add((rec.actor_id, v))
                kind = "full" if v == rec.name else ("surname" if v == surname else "variant")
                names.append([rec.actor_id, v, "", "und", kind])
        for o in rec.offices:
            row = [rec.actor_id] + [o.get(c) or "" for c in OFFICE_COLUMNS[1:]]
            if tuple(row[:7]) not in have_offices:
                have_offices.add(tuple(row[:7]))
                offices.append(row)
    for name, columns, rows in (("people.tsv", PEOPLE_COLUMNS, people), ("names.tsv", NAME_COLUMNS, names),
                                ("offices.tsv", OFFICE_COLUMNS, offices)):
        _append(folder / name, columns, rows)
    return len(people), len(offices)


def _append(path: Path, columns, rows) -> None:
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as fh:
        if new:
            fh.write("\t".join(columns) + "\n")
        for row in rows:
            fh.write("\t".join(str(c).replace("\t", " ").replace("\n", " ") for c in row) + "\n")


def records(base: ActorBase) -> list[Record]:
    out = []
    for actor_id in sorted(base.names):
        d = describe(base, actor_id)
        out.append(Record(actor_id, d["name"], [v["name"] for v in d["variants"] if v["name"] != d["name"]],
                          d["offices"]))
    return out


def write_petrarch(recs: list[Record], fh, knowledge) -> None:
    fh.write("# accord actor dictionary (CAMEO/PETRARCH format)\n")
    for rec in recs:
        fh.write(_upper(rec.name) + "\n")
        for v in rec.variants:
            fh.write("+" + _upper(v) + "\n")
        for o in rec.offices:
            start, end = _to_yymmdd(o.get("start"), False), _to_yymmdd(o.get("end"), True)
            span = f" {start}-{end}" if start and end else (f" >{start}" if start else (f" <{end}" if end else ""))
            fh.write(f"[{encode(o, knowledge)}{span}]\n")
        fh.write("\n")


def _upper(name: str) -> str:
    return "_".join(name.upper().split()) + "_"


# ---------------------------------------------------------------- learning

def learn(found: list[dict], knowledge) -> tuple[list[Record], list[str]]:
    """Records for people met with an office in articles (the earliest article wins),
    and the conflicts: a one-holder office someone else holds on that date is reported,
    never merged."""
    by_person: dict[str, Record] = {}
    conflicts: list[str] = []
    for item in sorted(found, key=lambda x: (x.get("since") or "9999", x["doc_id"])):
        if not item.get("since"):
            continue                       # an office with no date cannot be placed in time
        actor_id = item.get("actor_id") or slug(item["name"])
        one_holder = knowledge.ontology.roles.get(item["role"], ("", False))[1]
        if one_holder:
            others = [a for a in knowledge.actors.holders(item["country"], item["org"], item["role"], item["since"])
                      if a != actor_id]
            if others:
                conflicts.append(f"{item['doc_id']}: {item['name']} as {item['country'] or item['org']} "
                                 f"{item['role']} on {item['since']}, but the knowledge base has "
                                 f"{', '.join(knowledge.actors.names.get(a, a) for a in others)}")
                continue
        rec = by_person.setdefault(actor_id, Record(actor_id, knowledge.actors.names.get(actor_id) or item["name"]))
        if item["name"] != rec.name and item["name"] not in rec.variants:
            rec.variants.append(item["name"])
        if any(o["role"] == item["role"] and (o["country"], o["org"]) == (item["country"], item["org"])
               for o in rec.offices):
            continue
        rec.offices.append({"country": item["country"], "org": item["org"], "sector": item.get("sector") or "",
                            "role": item["role"], "start": item["since"], "end": None, "source": "learned",
                            "note": f"{item['doc_id']}: {item['evidence']}"})
    return list(by_person.values()), conflicts
