"""Check event records against the JSON Schema shipped with accord (schema/event.schema.json)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "event.schema.json"


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    return Draft202012Validator(schema())


def problems(record) -> list[str]:
    """What is wrong with one record (empty when it is valid)."""
    out = [f"{'/'.join(str(p) for p in e.absolute_path) or '(record)'}: {e.message}"
           for e in sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))]
    ev = record.get("evidence") if isinstance(record, dict) else None
    if isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
        if ev["end"] <= ev["start"]:
            out.append("evidence: end must be after start")
        elif isinstance(ev.get("text"), str) and len(ev["text"]) != ev["end"] - ev["start"]:
            out.append("evidence: text length differs from end - start")
    return out


def validate_lines(lines: Iterable[str], texts: dict[str, str] | None = None) -> Iterator[tuple[int, str]]:
    """(line number, problem) for every problem in a JSON Lines stream of events; with `texts`
    (doc_id -> document text) the evidence offsets are checked against the documents too."""
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"not JSON: {exc.msg}"
            continue
        for p in problems(rec):
            yield n, p
        if isinstance(rec, dict):
            eid = rec.get("event_id")
            if isinstance(eid, str):
                if eid in seen:
                    yield n, f"event_id {eid} also on line {seen[eid]}"
                seen.setdefault(eid, n)
            text = (texts or {}).get(rec.get("doc_id"))
            ev = rec.get("evidence") or {}
            if text is not None and isinstance(ev, dict) and isinstance(ev.get("start"), int) \
                    and isinstance(ev.get("end"), int) and text[ev["start"]:ev["end"]] != ev.get("text"):
                yield n, f"evidence: the document's text at {ev['start']}:{ev['end']} is not the evidence"
