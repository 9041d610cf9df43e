"""Writing events: JSON Lines (SCHEMA.md), CSV (flattened) and a readable table."""
from __future__ import annotations

import csv
import json

from .model import Event

CSV_COLUMNS = ["event_id", "doc_id", "date", "type", "mode", "cameo", "goldstein", "quad_class", "status",
               "source_name", "source_country", "source_org", "source_sector", "source_role", "source_actor_id",
               "source_text", "target_name", "target_country", "target_org", "target_sector", "target_role",
               "target_actor_id", "target_text", "location", "location_country", "lat", "lon", "lang",
               "evidence_start", "evidence_end", "evidence", "confidence", "sources"]


def flat(e: Event) -> dict:
    row = {"event_id": e.event_id, "doc_id": e.doc_id, "date": e.date, "type": e.type, "mode": e.mode,
           "cameo": e.cameo, "goldstein": e.goldstein, "quad_class": e.quad_class, "status": e.status,
           "lang": e.lang, "evidence_start": e.evidence["start"], "evidence_end": e.evidence["end"],
           "evidence": e.evidence["text"], "confidence": e.confidence, "sources": ";".join(e.sources)}
    for side in ("source", "target"):
        a = getattr(e, side) or {}
        for k in ("name", "country", "org", "sector", "role", "actor_id", "text"):
            row[f"{side}_{k}"] = a.get(k)
    loc = e.location or {}
    row.update(location=loc.get("name"), location_country=loc.get("country"), lat=loc.get("lat"),
               lon=loc.get("lon"))
    return row


class Writer:
    """Streams events to a text file object in one format."""

    def __init__(self, fh, fmt: str = "jsonl"):
        self.fh, self.fmt = fh, fmt
        self.csv = None
        if fmt == "csv":
            self.csv = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self.csv.writeheader()
        elif fmt == "table":
            fh.write(f"{'date':<10}  {'type':<10} {'cameo':<5} {'source':<34} {'target':<34} evidence\n")

    def write(self, e: Event) -> None:
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self.csv.writerow(flat(e))
        else:
            self.fh.write(table_row(e) + "\n")


def _actor_short(a: dict | None) -> str:
    if not a:
        return "-"
    key = a.get("country") or a.get("org") or "?"
    bits = [key + (" " + a["sector"] if a.get("sector") else "")]
    if a.get("name"):
        bits.append(a["name"])
    return " ".join(bits)[:34]


def table_row(e: Event) -> str:
    status = "" if e.status == "occurred" else f"[{e.status}] "
    ev = " ".join(e.evidence["text"].split())
    return (f"{(e.date or '?'):<10}  {e.type:<10} {e.cameo:<5} {_actor_short(e.source):<34} "
            f"{_actor_short(e.target):<34} {status}{ev[:70]}")

