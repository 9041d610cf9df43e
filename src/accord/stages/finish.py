"""From drafts to SCHEMA events: actors at the event's date, evidence,
codes and scores, then one event per fact per document.

Two drafts are one fact when they have the same type, the same actors (the
same person where both name one, else the same country or organisation;
either order for symmetric acts), compatible dates and CAMEO codes that are
equal or where one is the other's catch-all (040 and 042 are one meeting;
051 and 057 are two acts). The most specific code survives."""
from __future__ import annotations

from ..knowledge.dates import within
from ..knowledge.ontology import SYMMETRIC_TYPES
from ..model import Document, Event, Phrase


def role_fits(written: str, office_role: str) -> bool:
    """A generic title in the text ("the minister") fits a specific office ("Minister of Defence")."""
    return set(written.lower().split()) <= set(office_role.lower().split())


def actor_record(p: Phrase, when: str | None, knowledge) -> dict:
    office = None
    if p.actor_id:
        def prefer(o):
            if p.kb_filled:
                return (o.org or o.country) == (p.org or p.country)
            return (p.title_role and role_fits(p.title_role, o.role)) or (p.org and o.org == p.org) or (
                p.country and o.country == p.country and not p.title_role)
        office = knowledge.actors.office_at(p.actor_id, when, prefer=prefer)
        if office is None and when and p.kb_filled:
            office = knowledge.actors.office_at(p.actor_id, None, prefer=prefer)
    text_office_disagrees = office is not None and p.title_role and not role_fits(p.title_role, office.role)
    if p.kb_filled and office is not None:
        country, org = office.country, office.org
    elif p.country or p.org:                  # the text says whose side they are on
        country, org = p.country, p.org
        if office is not None and (office.country, office.org) != (country, org) and not (
                country and office.country == country):
            text_office_disagrees = True      # "Präsidentin der EU-Kommission" is not a German office
    else:
        country = office.country if office else None
        org = office.org if office else None
    if office is not None and not text_office_disagrees:
        role, sector = office.role, office.sector
    else:
        role = p.title_role or p.role
        sector = p.sector
        if p.title_role and not sector:
            sector = knowledge.ontology.roles.get(p.title_role, (None, False))[0]
    if org and not country:
        sector = "IGO"
    name = (knowledge.actors.names.get(p.actor_id) if p.actor_id else None) or p.name   # canonical when known
    return {"text": p.text, "name": name, "country": country, "org": org, "sector": sector or None,
            "role": role, "actor_id": p.actor_id}


def _evidence(doc: Document, s) -> dict:
    return {"text": doc.text[s.start:s.end], "start": s.start, "end": s.end}


def _confidence(d) -> float:
    c = 0.5
    c += 0.15 if (d.source.actor_id or d.source.name) else 0.0
    c += 0.15 if d.target is not None and (d.target.actor_id or d.target.name) else 0.0
    c += 0.1 if d.slots.get("target") not in (None, "object") else 0.0
    c += 0.05 if d.date_from.startswith("sentence") else 0.0
    return round(min(c, 0.95), 2)


def build(doc: Document, d, knowledge) -> Event:
    s = doc.sentences[d.sentence]
    onto = knowledge.ontology
    entry = d.hit.entry
    tokens = s.tokens
    explain = {
        "trigger": doc.text[tokens[d.hit.start].start:tokens[d.hit.end - 1].end],
        "lexicon": f"{entry.source_file}#{entry.line}",
        "pattern": " ".join(entry.pattern),
        "frame": d.voice, "slots": d.slots,
        "source_rules": d.source.rules, "target_rules": d.target.rules if d.target else [],
        "status_cue": d.status_cue, "date_from": d.date_from, "notes": d.notes,
    }
    ev = Event(doc_id=doc.id, type=d.type, mode=d.mode, cameo=d.cameo, goldstein=onto.goldstein(d.cameo),
               quad_class=onto.quad(d.cameo, d.type), status=d.status, date=d.date,
               source=actor_record(d.source, d.date, knowledge),
               target=actor_record(d.target, d.date, knowledge) if d.target else None,
               location=d.location, lang=s.lang, evidence=_evidence(doc, s), confidence=_confidence(d),
               explain=explain)
    if entry.symmetric:
        ev.explain["symmetric"] = True
    return ev


def _side_ok(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is b
    if (a["country"] or a["org"]) != (b["country"] or b["org"]):
        return False
    return not (a["actor_id"] and b["actor_id"] and a["actor_id"] != b["actor_id"])


def _same_actors(a: Event, b: Event) -> bool:
    if _side_ok(a.source, b.source) and _side_ok(a.target, b.target):
        return True
    sym = a.type in SYMMETRIC_TYPES or a.explain.get("symmetric")
    return bool(sym) and _side_ok(a.source, b.target) and _side_ok(a.target, b.source)


def _codes_agree(a: str, b: str) -> bool:
    if a[:3] == b[:3]:
        return True
    catch_all = lambda c: len(c) == 3 and c.endswith("0")  # noqa: E731
    return a[:2] == b[:2] and (catch_all(a) or catch_all(b))


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or within(a, b) or within(b, a)


def _richness(e: Event) -> tuple:
    sides = [e.source, e.target or {}]
    return (len(e.cameo), e.explain.get("date_from") not in WEAK_DATES,
            sum(bool(x.get("actor_id")) for x in sides), sum(bool(x.get("role")) for x in sides),
            len(e.date or ""), -e.evidence["start"])


WEAK_DATES = ("document", "lead")


def same_fact(a: Event, b: Event) -> bool:
    """One fact: same type, actors, status, agreeing codes and dates; a date that is only
    the article's (a headline restating the lead) agrees with any date of the same report."""
    weak = a.explain.get("date_from") in WEAK_DATES or b.explain.get("date_from") in WEAK_DATES
    return (a.type == b.type and a.status == b.status and _codes_agree(a.cameo, b.cameo)
            and (weak or _dates_agree(a.date, b.date)) and _same_actors(a, b))


def dedupe(events: list[Event]) -> list[Event]:
    kept: list[Event] = []
    for e in events:
        for i, k in enumerate(kept):
            if same_fact(e, k):
                best, other = (e, k) if _richness(e) > _richness(k) else (k, e)
                best.confidence = max(best.confidence, other.confidence)
                best.explain.setdefault("merged_evidence", []).append(
                    {"start": other.evidence["start"], "end": other.evidence["end"]})
                kept[i] = best
                break
        else:
            kept.append(e)
    kept.sort(key=lambda e: (e.evidence["start"], e.type, e.cameo))
    return kept


def _pair(e: Event) -> frozenset:
    return frozenset(x.get("country") or x.get("org") for x in (e.source, e.target or {}))


def restated_signings(doc: Document, drafts, built: list[Event]) -> list[Event]:
    """A headline's "X and Y agree (a plan)" restates the signing the body reports
    (SUPPORT 057 between the same two sides): one fact, the signing."""
    signed = {_pair(e) for e in built if e.type == "SUPPORT" and e.cameo.startswith("057") and e.status == "occurred"}
    if not signed:
        return built
    out = []
    for d, e in zip(drafts, built):
        headline = d.sentence == 0 or doc.sentences[d.sentence].lead
        if e.type == "AGREE" and headline and e.target and _pair(e) in signed:
            continue
        out.append(e)
    return out


def finish(doc: Document, knowledge, options) -> Document:
    drafts = [d for d in doc.drafts if d.status != "generic"]
    built = [build(doc, d, knowledge) for d in drafts]
    doc.events = dedupe(restated_signings(doc, drafts, built))
    for e in doc.events:
        e.sources = [doc.id]
        e.event_id = e.fingerprint()
    return doc
