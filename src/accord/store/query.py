"""Reading the database: filtered events, one event with its reports, timelines,
dyads, documents and keyword search. Every filter reaches SQL as a parameter."""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from ..knowledge.dates import parse_partial
from .db import Store
from .schema import ACTOR_COLUMNS

DYAD_RE = re.compile(r"^([A-Z0-9]{2,6})-([A-Z0-9]{2,6})$")
ORDERS = {"date": "date_lo NULLS LAST, seq", "-date": "date_lo DESC NULLS LAST, seq", "reports": "n_reports DESC, seq",
          "seq": "seq"}


@dataclass(frozen=True)
class Filters:
    dyad: str | None = None          # "AZE-BLR": either direction
    actor: str | None = None         # name or actor id, part of it
    type: str | None = None          # PLOVER type, or CAMEO code prefix
    since: str | None = None         # YYYY[-MM[-DD]]
    until: str | None = None
    lang: str | None = None          # at least one report in this language
    country: str | None = None       # either side
    status: str | None = "occurred"  # None: every status

    def where(self) -> tuple[str, list]:
        sql, params = ["TRUE"], []
        if self.dyad:
            m = DYAD_RE.match(self.dyad.upper())
            if not m:
                raise ValueError(f"dyad {self.dyad!r}: use two country or organisation codes, e.g. AZE-BLR")
            a, b = m.groups()
            sql.append("((src_key = ? AND tgt_key = ?) OR (src_key = ? AND tgt_key = ?))")
            params += [a, b, b, a]
        if self.country:
            sql.append("(src_key = ? OR tgt_key = ?)")
            params += [self.country.upper()] * 2
        if self.actor:
            pat = f"%{self.actor.lower()}%"
            sql.append("(lower(src_name) LIKE ? OR lower(tgt_name) LIKE ? OR src_actor_id = ? OR tgt_actor_id = ?)")
            params += [pat, pat, self.actor, self.actor]
        if self.type:
            if self.type.isdigit():
                sql.append("cameo LIKE ?")
                params.append(self.type + "%")
            else:
                sql.append("type = ?")
                params.append(self.type.upper())
        for value, op, idx in ((self.since, "date_hi >= ?", 0), (self.until, "date_lo <= ?", 1)):
            if value:
                span = parse_partial(value)
                if span is None:
                    raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
                sql.append(op)
                params.append(span[idx])
        if self.lang:
            sql.append("event_id IN (SELECT event_id FROM reports WHERE lang = ?)")
            params.append(self.lang.lower())
        if self.status:
            sql.append("status = ?")
            params.append(self.status)
        return " AND ".join(sql), params


EVENT_LIST = ("event_id", "date", "type", "mode", "cameo", "quad_class", "goldstein", "status",
              "src_key", "src_name", "src_sector", "src_role", "tgt_key", "tgt_name", "tgt_sector", "tgt_role",
              "loc_name", "n_reports", "n_docs", "langs")


def events_sql(f: Filters, columns=EVENT_LIST, order: str = "date", limit: int | None = None,
               offset: int = 0) -> tuple[str, list]:
    where, params = f.where()
    sql = f"SELECT {', '.join(columns)} FROM events WHERE {where} ORDER BY {ORDERS.get(order, ORDERS['date'])}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return sql, params


def events(store: Store, f: Filters = Filters(), order: str = "date", limit: int | None = None,
           offset: int = 0, columns=EVENT_LIST):
    """The events as a pandas DataFrame."""
    sql, params = events_sql(f, columns, order, limit, offset)
    return store.con.execute(sql, params).df()


def events_arrow(store: Store, f: Filters = Filters(), order: str = "date", limit: int | None = None,
                 offset: int = 0, columns=EVENT_LIST):
    """The events as a pyarrow Table."""
    sql, params = events_sql(f, columns, order, limit, offset)
    return store.con.sql(sql, params=params).to_arrow_table()


def count_events(store: Store, f: Filters = Filters()) -> int:
    where, params = f.where()
    return store.scalar(f"SELECT count(*) FROM events WHERE {where}", params)


def _actor(row: dict, prefix: str) -> dict | None:
    actor = {c: row.get(f"{prefix}_{c}") for c in ACTOR_COLUMNS}
    return actor if any(actor.values()) else None


def record(row: dict, sources: list[str], reports: int) -> dict:
    """A merged event as the SCHEMA record (with `reports`, the count of reports)."""
    loc = None
    if row.get("loc_name"):
        loc = {"name": row["loc_name"], "country": row["loc_country"], "lat": row["loc_lat"], "lon": row["loc_lon"]}
    return {"event_id": row["event_id"], "doc_id": row["first_doc_id"], "type": row["type"], "mode": row["mode"],
            "cameo": row["cameo"], "goldstein": row["goldstein"], "quad_class": row["quad_class"],
            "status": row["status"], "date": row["date"], "source": _actor(row, "src"),
            "target": _actor(row, "tgt"), "location": loc, "lang": row["first_lang"],
            "evidence": {"text": row["first_evidence"], "start": row["first_start"], "end": row["first_end"]},
            "confidence": row["confidence"], "sources": sources, "reports": reports}


def _record_sql(where: str, order: str | None = None) -> str:
    sql = (f"SELECT e.*, r.doc_id AS first_doc_id, r.lang AS first_lang, r.evidence AS first_evidence, "
           f"r.ev_start AS first_start, r.ev_end AS first_end "
           f"FROM (SELECT * FROM events WHERE {where}) e JOIN reports r ON r.report_id = e.first_report")
    if order:
        sql += " ORDER BY " + ", ".join("e." + part.strip() for part in order.split(","))
    return sql


def records(store: Store, f: Filters = Filters(), order: str = "date", limit: int | None = None, offset: int = 0):
    """SCHEMA records of the merged events, one per real-world event, with every source."""
    where, params = f.where()
    return _records(store, where, params, ORDERS.get(order, ORDERS["date"]), limit, offset)


def _records(store: Store, where: str, params: list, order: str, limit: int | None = None, offset: int = 0):
    sql = _record_sql(where, order)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(limit), int(offset)]
    rows = store.rows(sql, params)
    srcs = _sources(store, [r["event_id"] for r in rows])
    for row in rows:
        docs = srcs.get(row["event_id"], [])
        yield record(row, list(dict.fromkeys(d for d, _ in docs)), len(docs))


def _sources(store: Store, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(document id, document key) of every report of each event, in ingest order."""
    out: dict[str, list] = {}
    for eid, doc_id, key in store._select_in(
            "SELECT r.event_id, r.doc_id, r.doc_key FROM reports r JOIN documents d USING (doc_key) "
            "WHERE r.event_id IN", ids, order="d.seq, r.ord"):
        out.setdefault(eid, []).append((doc_id, key))
    return out


def show(store: Store, event_id: str) -> dict:
    """One event, its SCHEMA record, and every report with its evidence and why it was merged."""
    rows = store.rows(_record_sql("event_id = ?"), [event_id])
    if not rows:
        raise StoreError("E023", detail=f"event {event_id}", path=store.path)
    reports = store.rows("SELECT r.report_id, r.doc_id, r.doc_key, d.title, d.path, d.doc_date, r.lang, r.type, "
                         "r.cameo, r.date, r.src_text, r.tgt_text, r.evidence, r.ev_start, r.ev_end, r.merge_note, "
                         "r.explain FROM reports r JOIN documents d USING (doc_key) WHERE r.event_id = ? "
                         "ORDER BY d.seq, r.ord", [event_id])
    for r in reports:
        r["explain"] = json.loads(r["explain"]) if r["explain"] else None
        r["doc_date"] = r["doc_date"]
    rec = record(rows[0], list(dict.fromkeys(r["doc_id"] for r in reports)), len(reports))
    return {"event": rec, "reports": reports}


QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}


def timeline(store: Store, a: str, b: str, by: str = "year", f: Filters = Filters()):
    """Counts per period between two actors (either direction): by type and QuadClass, mean Goldstein."""
    if by not in ("year", "month"):
        raise ValueError("by: year or month")
    f = Filters(dyad=f"{a.upper()}-{b.upper()}", type=f.type, lang=f.lang, since=f.since, until=f.until,
                status=f.status)
    where, params = f.where()
    period = "strftime(date_lo, '%Y')" if by == "year" else "strftime(date_lo, '%Y-%m')"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {name}" for q, name in QUADS.items())
    df = store.con.execute(
        f"SELECT {period} AS period, count(*) AS events, {quads}, round(avg(goldstein), 2) AS goldstein_mean, "
        f"string_agg(DISTINCT type, ',' ORDER BY type) AS types_seen "
        f"FROM events WHERE {where} AND date_lo IS NOT NULL GROUP BY period ORDER BY period", params).df()
    by_type = store.rows(f"SELECT {period} AS period, type, count(*) AS n FROM events WHERE {where} "
                         f"AND date_lo IS NOT NULL GROUP BY period, type ORDER BY period, n DESC, type", params)
    per = {}
    for r in by_type:
        per.setdefault(r["period"], []).append(f"{r['type']} {r['n']}")
    if len(df):
        df["types"] = [", ".join(per.get(p, [])) for p in df["period"]]
        df = df.drop(columns=["types_seen"])
    return df


def dyads(store: Store, f: Filters = Filters(), limit: int = 20):
    """The most active pairs (either direction), with counts, reports, mean Goldstein and dates."""
    where, params = f.where()
    return store.con.execute(
        f"SELECT least(src_key, tgt_key) || '-' || greatest(src_key, tgt_key) AS dyad, count(*) AS events, "
        f"CAST(sum(n_reports) AS INTEGER) AS reports, round(avg(goldstein), 2) AS goldstein_mean, "
        f"count(*) FILTER (WHERE quad_class <= 2) AS cooperation, count(*) FILTER (WHERE quad_class >= 3) AS conflict, "
        f"CAST(min(date_lo) AS VARCHAR) AS first, CAST(max(date_hi) AS VARCHAR) AS last FROM events "
        f"WHERE {where} AND src_key <> '' AND tgt_key <> '' AND src_key <> tgt_key "
        f"GROUP BY dyad ORDER BY events DESC, dyad LIMIT ?", [*params, int(limit)]).df()


def documents(store: Store, lang: str | None = None, limit: int = 50, offset: int = 0):
    sql = ("SELECT d.doc_id, d.doc_key, d.lang, d.doc_date, d.n_chars, d.title, d.path, "
           "(SELECT count(*) FROM reports r WHERE r.doc_key = d.doc_key) AS reports FROM documents d")
    params: list = []
    if lang:
        sql += " WHERE d.lang = ?"
        params.append(lang)
    sql += " ORDER BY d.seq LIMIT ? OFFSET ?"
    return store.con.execute(sql, [*params, int(limit), int(offset)]).df()


def document(store: Store, key_or_id: str) -> dict:
    rows = store.rows("SELECT * FROM documents WHERE doc_key = ? OR doc_id = ? ORDER BY seq LIMIT 1",
                      [key_or_id, key_or_id])
    if not rows:
        raise StoreError("E023", detail=f"document {key_or_id}", path=store.path)
    doc = rows[0]
    doc["reports"] = store.rows("SELECT report_id, event_id, type, cameo, ev_start, ev_end, evidence FROM reports "
                                "WHERE doc_key = ? ORDER BY ord", [doc["doc_key"]])
    return doc


# ---- keyword search ------------------------------------------------------------------------------
# DuckDB's full-text extension must be downloaded, which accord never does at run time; SQLite's FTS5
# is part of Python's standard library. The index is a side file derived from the documents table
# (documents are never changed once stored), brought up to date before every search.

def search_index_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".search.sqlite")


def _sync_index(store: Store, path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(doc_key UNINDEXED, title, text, "
                "tokenize = 'unicode61 remove_diacritics 2')")
    con.execute("CREATE TABLE IF NOT EXISTS state (last_seq INTEGER)")
    last = con.execute("SELECT last_seq FROM state").fetchone()
    last_seq = last[0] if last else 0
    top = store.scalar("SELECT coalesce(max(seq), 0) FROM documents")
    if top < last_seq:                       # the database was replaced: start again
        con.execute("DELETE FROM docs")
        last_seq = 0
    if top > last_seq:
        cur = store.con.execute("SELECT doc_key, coalesce(title, ''), text FROM documents WHERE seq > ? ORDER BY seq",
                                [last_seq])
        while True:
            chunk = cur.fetchmany(500)
            if not chunk:
                break
            con.executemany("INSERT INTO docs VALUES (?, ?, ?)", chunk)
        con.execute("DELETE FROM state")
        con.execute("INSERT INTO state VALUES (?)", [top])
        con.commit()
    return con


_INDEX_LOCK = threading.Lock()


def search(store: Store, query: str, limit: int = 20) -> list[dict]:
    """Documents matching the words of `query` (FTS5 syntax: words, "phrases", prefix*, OR, NOT),
    best first, with a snippet."""
    with _INDEX_LOCK:                      # one thread brings the side index up to date at a time
        con = _sync_index(store, search_index_path(store))
    try:
        hits = con.execute("SELECT doc_key, snippet(docs, 2, '[', ']', '…', 12), bm25(docs) FROM docs "
                           "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", [query, int(limit)]).fetchall()
    except sqlite3.OperationalError:
        # Not FTS5 syntax (a stray quote or operator): search the words as plain terms.
        words = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        hits = con.execute("SELECT doc_key, snippet(docs, 2, '[', ']', '…', 12), bm25(docs) FROM docs "
                           "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", [words or '""', int(limit)]).fetchall()
    finally:
        con.close()
    out = []
    for key, snip, score in hits:
        meta = store.rows("SELECT doc_id, lang, doc_date, title, path FROM documents WHERE doc_key = ?", [key])
        if meta:
            out.append({"doc_key": key, **meta[0], "score": round(-score, 3), "snippet": snip})
    return out


def participants(store: Store) -> list[dict]:
    """Every country or organisation code on either side of an event, with its event count."""
    return store.rows("SELECT k AS code, count(*) AS events FROM (SELECT src_key AS k FROM events UNION ALL "
                      "SELECT tgt_key FROM events) WHERE k <> '' GROUP BY k ORDER BY events DESC, k")


def network(store: Store, f: Filters = Filters(), limit: int = 100) -> dict:
    """Nodes (countries, organisations) and undirected edges weighted by event counts, with the
    share of cooperation on each edge."""
    edges = dyads(store, f, limit=limit)
    nodes: dict[str, int] = {}
    out = []
    for r in edges.to_dict(orient="records"):
        a, b = r["dyad"].split("-", 1)
        for k in (a, b):
            nodes[k] = nodes.get(k, 0) + int(r["events"])
        out.append({"source": a, "target": b, "events": int(r["events"]), "cooperation": int(r["cooperation"]),
                    "conflict": int(r["conflict"]), "goldstein_mean": r["goldstein_mean"]})
    return {"nodes": [{"id": k, "events": v} for k, v in sorted(nodes.items(), key=lambda kv: -kv[1])],
            "edges": out}


def actors(store: Store, text: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """People known to the database (knowledge base and learned), with their event counts."""
    where, params = "", []
    if text:
        where = "WHERE lower(a.name) LIKE ? OR a.actor_id = ?"
        params = [f"%{text.lower()}%", text]
    counts = ("(SELECT count(*) FROM events e WHERE e.src_actor_id = a.actor_id OR e.tgt_actor_id = a.actor_id)")
    total = store.scalar(f"SELECT count(*) FROM actors a {where}", params)
    rows = store.rows(f"SELECT a.actor_id, a.name, {counts} AS events FROM actors a {where} "
                      f"ORDER BY events DESC, a.name LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
    return {"total": total, "items": rows}


def actor(store: Store, actor_id: str) -> dict:
    """One person: offices over time (bundled, imported and learned from articles) and recent events."""
    rows = store.rows("SELECT actor_id, name FROM actors WHERE actor_id = ?", [actor_id])
    if not rows:
        raise StoreError("E023", detail=f"actor {actor_id}", path=store.path)
    person = rows[0]
    person["offices"] = store.rows(
        "SELECT country, org, sector, role, start_date AS start, end_date AS \"end\", source, note FROM offices "
        "WHERE actor_id = ? ORDER BY start_date NULLS FIRST", [actor_id])
    person["learned"] = store.rows(
        "SELECT l.role, l.country, l.org, l.sector, l.since, l.evidence, d.doc_id FROM learned l "
        "JOIN documents d USING (doc_key) WHERE l.actor_id = ? ORDER BY l.since", [actor_id])
    person["events"] = _actor_events(store, actor_id)
    person["event_count"] = store.scalar("SELECT count(*) FROM events WHERE src_actor_id = ? OR tgt_actor_id = ?",
                                         [actor_id, actor_id])
    return person


def _actor_events(store: Store, actor_id: str, limit: int = 50) -> list[dict]:
    return list(_records(store, "(src_actor_id = ? OR tgt_actor_id = ?)", [actor_id, actor_id], ORDERS["-date"],
                         limit))