"""Scoring coded events against a gold file (the matching rules of SCHEMA.md).

Per document, each predicted event takes at most one gold event: first one
with the same CAMEO base code, then any of the same type and actors.
Actors are compared by country, or organisation where there is no country;
CONSULT, COOPERATE and gold events marked symmetric ignore the order.
Lenient: type and actors; strict: also the date to the gold's precision.
Only predicted events with status "occurred" count; optional gold events are
never misses and absorb the predictions that match them."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .knowledge.ontology import SYMMETRIC_TYPES


def _key(actor) -> str:
    if not actor:
        return ""
    k = actor.get("country") or actor.get("org")
    return k.upper() if isinstance(k, str) else ""


def _pair(e, symmetric: bool):
    a, b = _key(e.get("source")), _key(e.get("target"))
    return (e.get("type", "").upper(), tuple(sorted((a, b))) if symmetric else (a, b))


def _symmetric(g) -> bool:
    return g.get("type", "").upper() in SYMMETRIC_TYPES or bool(g.get("symmetric"))


def _date_ok(gold, pred) -> bool:
    return not gold or (bool(pred) and str(pred).startswith(str(gold)))


@dataclass
class Tally:
    tp_l: int = 0
    tp_s: int = 0
    fp_l: int = 0
    fp_s: int = 0
    fn_l: int = 0
    fn_s: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    pairs: list = field(default_factory=list)          # (gold, predicted) of every lenient match

    def add(self, other: "Tally") -> None:
        for k in ("tp_l", "tp_s", "fp_l", "fp_s", "fn_l", "fn_s"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.misses += other.misses
        self.false_alarms += other.false_alarms
        self.pairs += other.pairs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def match(gold_events: list[dict], predicted: list[dict], doc_id: str = "") -> tuple[Tally, dict]:
    gold = [(g, _pair(g, _symmetric(g)), _symmetric(g)) for g in gold_events]
    used = [False] * len(gold)
    strict = [False] * len(gold)
    taken: list[int | None] = [None] * len(predicted)
    for same_code in (True, False):
        for i, p in enumerate(predicted):
            if taken[i] is not None:
                continue
            best = None
            for j, (g, key, sym) in enumerate(gold):
                if used[j] or key != _pair(p, sym):
                    continue
                if same_code and str(g.get("cameo") or "")[:3] != str(p.get("cameo") or "")[:3]:
                    continue
                ok = _date_ok(g.get("date"), p.get("date"))
                if best is None or (ok and not best[1]):
                    best = (j, ok)
            if best is not None:
                used[best[0]], strict[best[0]] = True, best[1]
                taken[i] = best[0]
    t = Tally()
    by_type: dict[str, Counter] = defaultdict(Counter)
    for i, p in enumerate(predicted):
        j = taken[i]
        if j is None:
            t.fp_l += 1
            t.fp_s += 1
            t.false_alarms.append((doc_id, p))
            by_type[p.get("type", "").upper()]["fp"] += 1
        elif not gold[j][0].get("optional"):
            t.pairs.append((gold[j][0], p))
            t.tp_l += 1
            by_type[gold[j][1][0]]["tp"] += 1
            if strict[j]:
                t.tp_s += 1
            else:
                t.fp_s += 1
    for j, (g, key, _) in enumerate(gold):
        if g.get("optional"):
            continue
        if not used[j]:
            t.fn_l += 1
            t.fn_s += 1
            t.misses.append((doc_id, g))
            by_type[key[0]]["fn"] += 1
        elif not strict[j]:
            t.fn_s += 1
    return t, by_type


def _side(event, side, key):
    return ((event.get(side) or {}).get(key) or None)


def _place(event):
    loc = event.get("location")
    return (loc.get("name") if isinstance(loc, dict) else loc) or None


# how each field of a matched event is judged; symmetric types may swap source and target
FIELDS = {
    "type": lambda g, p: (g.get("type") or "").upper() == (p.get("type") or "").upper(),
    "cameo": lambda g, p: str(g.get("cameo") or "")[:3] == str(p.get("cameo") or "")[:3],
    "source_country": lambda g, p: _key(g.get("source")) in (_key(p.get("source")), _key(p.get("target")))
    if _symmetric(g) else _key(g.get("source")) == _key(p.get("source")),
    "target_country": lambda g, p: _key(g.get("target")) in (_key(p.get("source")), _key(p.get("target")))
    if _symmetric(g) else _key(g.get("target")) == _key(p.get("target")),
    "source_sector": lambda g, p: _side(g, "source", "sector") in (_side(p, "source", "sector"),
                                                                   _side(p, "target", "sector"))
    if _symmetric(g) else _side(g, "source", "sector") == _side(p, "source", "sector"),
    "target_sector": lambda g, p: _side(g, "target", "sector") in (_side(p, "source", "sector"),
                                                                   _side(p, "target", "sector"))
    if _symmetric(g) else _side(g, "target", "sector") == _side(p, "target", "sector"),
    "date": lambda g, p: _date_ok(g.get("date"), p.get("date")),
    "status": lambda g, p: (g.get("status") or "occurred") == (p.get("status") or "occurred"),
    "location": lambda g, p: _place(g) is None or _place(g) == _place(p),
}


def field_agreement(pairs: list) -> dict:
    """Share of lenient matches on which each field agrees (location counted where the gold gives one)."""
    out = {}
    for name, same in FIELDS.items():
        judged = [(g, p) for g, p in pairs if name != "location" or _place(g) is not None]
        ok = sum(1 for g, p in judged if same(g, p))
        out[name] = {"agree": ok, "of": len(judged), "share": round(ok / len(judged), 3) if judged else None}
    return out


def score(gold_docs: list[dict], predicted: list[dict]) -> dict:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for e in predicted:
        if (e.get("status") or "occurred") == "occurred":
            by_doc[str(e.get("doc_id"))].append(e)
    total = Tally()
    langs: dict[str, Tally] = defaultdict(Tally)
    types: dict[str, Counter] = defaultdict(Counter)
    for doc in gold_docs:
        t, per_type = match(doc.get("events", []), by_doc.get(str(doc["id"]), []), str(doc["id"]))
        total.add(t)
        langs[doc.get("lang", "?")].add(t)
        for k, c in per_type.items():
            types[k].update(c)

    def block(t: Tally) -> dict:
        return {"lenient": prf(t.tp_l, t.fp_l, t.fn_l), "strict": prf(t.tp_s, t.fp_s, t.fn_s),
                "tp": t.tp_l, "fp": t.fp_l, "fn": t.fn_l}

    return {"all": block(total), "by_lang": {k: block(v) for k, v in sorted(langs.items())},
            "by_type": {k: {"p_r_f1": prf(c["tp"], c["fp"], c["fn"]), **c} for k, c in sorted(types.items())},
            "by_field": field_agreement(total.pairs),
            "documents": len(gold_docs),
            "misses": [{"doc_id": d, **{k: g.get(k) for k in ("type", "cameo", "evidence")},
                        "source": _key(g.get("source")), "target": _key(g.get("target"))} for d, g in total.misses],
            "false_alarms": [{"doc_id": d, "type": p.get("type"), "cameo": p.get("cameo"),
                              "source": _key(p.get("source")), "target": _key(p.get("target")),
                              "evidence": (p.get("evidence") or {}).get("text", "")[:160]}
                             for d, p in total.false_alarms]}


def load_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


WHY = {"sentence": "the evidence is not one sentence of the text",
       "vocabulary": "no trigger of this type in the sentence",
       "actors": "a trigger fired, but the event has other actors",
       "dropped": "a trigger made a draft that a later stage dropped",
       "frame": "a trigger fired, and the sentence names both actors, but its frame did not fill them",
       "unnamed": "a trigger fired, but the sentence does not name an actor (context or unknown name)"}


def why_missed(miss: dict, doc) -> tuple[str, str]:
    """Why the coder missed a gold event, read off the analysed document, as (cause, detail):
    the cause is a key of WHY (vocabulary: no trigger of its type in the evidence sentence;
    frame: a trigger whose frame did not fill actors the sentence names; unnamed: a trigger
    whose sentence does not name the source or target; actors: coded with other actors; dropped:
    a draft a later stage dropped)."""
    evidence = (miss.get("evidence") or "")[:40]
    sent = next((s for s in doc.sentences if evidence and evidence in doc.text[s.start:s.end]), None)
    if sent is None:
        return "sentence", WHY["sentence"]
    hits = [h for h in doc.triggers[sent.index] if h.entry.type == miss["type"]]
    if not hits:
        fired = sorted({h.entry.type for h in doc.triggers[sent.index]})
        return "vocabulary", WHY["vocabulary"] + (f" (triggers there: {', '.join(fired)})" if fired else "")
    words = ", ".join(sorted({" ".join(t.text for t in sent.tokens[h.start:h.end]) for h in hits}))
    coded = [e for e in doc.events if sent.start <= e.evidence["start"] < sent.end and e.type == miss["type"]]
    if coded:
        pairs = ", ".join(sorted({f"{_key(e.source) or '?'}->{_key(e.target) or '?'}" for e in coded}))
        return "actors", f"{words!r} coded with other actors: {pairs}"
    drafts = [d for d in doc.drafts if d.sentence == sent.index and d.type == miss["type"]]
    if drafts:
        return "dropped", f"{words!r} made a draft that a later stage dropped (status {drafts[0].status})"
    named = {p.country for p in doc.phrases[sent.index] if p.country} | \
        {p.org for p in doc.phrases[sent.index] if p.org}
    side_key = lambda v: v.upper() if isinstance(v, str) else _key(v)  # noqa: E731 - listed misses carry keys
    missing = [side for side in ("source", "target") if side_key(miss.get(side)) not in named]
    if missing:
        return "unnamed", (f"{words!r} fired, but the sentence names no {' and no '.join(missing)} "
                           f"({' / '.join(side_key(miss.get(m)) or '?' for m in missing)})")
    return "frame", f"{words!r} fired and the sentence names both actors, but its frame did not fill them"
