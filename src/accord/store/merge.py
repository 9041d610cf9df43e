"""When two reports describe the same real-world event.

Rules (each merge records which of them held, in words):
- the same PLOVER type and a compatible CAMEO code (the same base code, or one
  of them the root's general code: 040 joins 042, 057 never joins 051);
- the same status (a plan and its occurrence are two facts);
- the same actors: the same country or organisation on each side, always;
  the same sector and the same actor id where both reports know them.
  CONSULT, COOPERATE and signings (057) are symmetric: A with B is B with A;
- compatible dates: within one day when both give a day, else the coarser
  period contains the finer; a report with no date joins nothing;
- compatible places: both named places agree (name and country) or one is unknown;
- never two reports of one document (the coder already merged those it should).
"""
from __future__ import annotations

from ..knowledge.dates import parse_partial
from ..knowledge.ontology import SYMMETRIC_TYPES
from .schema import ACTOR_COLUMNS

def side_key(actor: dict | None) -> str:
    if not actor:
        return ""
    return actor.get("country") or actor.get("org") or ""


def is_symmetric(etype: str, cameo: str) -> bool:
    return etype in SYMMETRIC_TYPES or cameo.startswith("057")


def precision(d: str | None) -> int:
    """0 none, 1 year, 2 month, 3 day."""
    return 0 if not d else d.count("-") + 1


def cameo_compatible(a: str, b: str) -> bool:
    if a[:3] == b[:3]:
        return True
    if a[:2] != b[:2]:
        return False
    return a[:3].endswith("0") or b[:3].endswith("0")   # the root's general code (040, 050, 110)


def dates_compatible(a: str | None, b: str | None) -> str | None:
    """Why two dates can be one event's, or None when they cannot."""
    sa, sb = parse_partial(a), parse_partial(b)
    if sa is None or sb is None:
        return None
    if precision(a) == 3 and precision(b) == 3:
        gap = abs((sa[0] - sb[0]).days)
        return ("same day" if gap == 0 else "a day apart") if gap <= 1 else None
    if sa[0] <= sb[0] and sb[1] <= sa[1]:
        return f"{b} lies in {a}" if a != b else "same period"
    if sb[0] <= sa[0] and sa[1] <= sb[1]:
        return f"{a} lies in {b}"
    return None


def _side(rep: dict, prefix: str) -> dict:
    return {c: rep.get(f"{prefix}_{c}") for c in ACTOR_COLUMNS}


def _same_actor(a: dict, b: dict) -> str | None:
    if (a["country"] or a["org"] or "") != (b["country"] or b["org"] or ""):
        return None
    if a["sector"] and b["sector"] and a["sector"] != b["sector"]:
        return None
    if a["actor_id"] and b["actor_id"]:
        return a["actor_id"] if a["actor_id"] == b["actor_id"] else None
    key = a["country"] or a["org"] or "-"
    sector = a["sector"] or b["sector"]
    return f"{key} {sector}" if sector else key


def actors_compatible(rep: dict, ev: dict) -> str | None:
    for swap in (False, True):
        if swap and not ev.get("sym"):
            break
        rs, rt = _side(rep, "src"), _side(rep, "tgt")
        if swap:
            rs, rt = rt, rs
        s = _same_actor(rs, _side(ev, "src"))
        t = _same_actor(rt, _side(ev, "tgt"))
        if s and t:
            return f"{s} and {t}" + (" (either direction)" if ev.get("sym") else "")
    return None


def places_compatible(rep: dict, ev: dict) -> str | None:
    a, b = rep.get("loc_name"), ev.get("loc_name")
    if not a or not b:
        return "place unknown in one report" if (a or b) else "no place given"
    if a.casefold() == b.casefold() and rep.get("loc_country") == ev.get("loc_country"):
        return f"both in {a}"
    return None


def why_same(rep: dict, ev: dict, ev_docs: set[str]) -> str | None:
    """The reasons a report joins an event, or None when it must not."""
    if rep["doc_key"] in ev_docs:
        return None
    if rep["type"] != ev["type"] or rep["status"] != ev["status"]:
        return None
    if not cameo_compatible(rep["cameo"], ev["cameo"]):
        return None
    actors = actors_compatible(rep, ev)
    if not actors:
        return None
    when = dates_compatible(rep.get("date"), ev.get("date"))
    if not when:
        return None
    where = places_compatible(rep, ev)
    if not where:
        return None
    codes = rep["cameo"] if rep["cameo"] == ev["cameo"] else f"{rep['cameo']}~{ev['cameo']}"
    return f"{rep['type']} {codes}; actors {actors}; dates {when}; {where}"


def refine(ev: dict, rep: dict) -> dict:
    """What a joining report adds to its event: a finer date, a more specific
    code, a place, names and ids the event lacked."""
    changes = {}
    if precision(rep.get("date")) > precision(ev.get("date")):
        changes.update(date=rep["date"], date_lo=rep["date_lo"], date_hi=rep["date_hi"])
    if len(rep["cameo"]) > len(ev["cameo"]) or (ev["cameo"][:3].endswith("0") and not rep["cameo"][:3].endswith("0")
                                                 and rep["cameo"][:2] == ev["cameo"][:2]):
        changes.update(cameo=rep["cameo"], goldstein=rep["goldstein"], quad_class=rep["quad_class"])
    if not ev.get("loc_name") and rep.get("loc_name"):
        changes.update({k: rep[k] for k in ("loc_name", "loc_country", "loc_lat", "loc_lon")})
    if not ev.get("mode") and rep.get("mode"):
        changes["mode"] = rep["mode"]
    same_dir = all(_same_actor(_side(rep, p), _side(ev, p)) for p in ("src", "tgt"))
    if same_dir:
        for p in ("src", "tgt"):
            for c in ("name", "actor_id", "role", "sector"):
                if not ev.get(f"{p}_{c}") and rep.get(f"{p}_{c}"):
                    changes[f"{p}_{c}"] = rep[f"{p}_{c}"]
    return changes
