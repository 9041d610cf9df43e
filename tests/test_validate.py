"""The JSON Schema of the event record: every event accord writes is valid, and `accord
validate` finds what is wrong with records that are not."""
from __future__ import annotations

import json

from click.testing import CliRunner

from accord import code_paths
from accord.cli import main
from accord.model import Rejection
from accord.validate import problems, schema

from .conftest import ROOT


def test_validate_every_sample_event_is_valid(kb):
    events = [e.to_dict() for e in code_paths([ROOT / "samples"], knowledge=kb) if not isinstance(e, Rejection)]
    assert len(events) > 100
    for e in events:
        assert problems(e) == [], (e["event_id"], problems(e))


def test_validate_schema_names_every_schema_md_field():
    fields = {"event_id", "doc_id", "type", "mode", "cameo", "goldstein", "quad_class", "status", "date", "source",
              "target", "location", "lang", "evidence", "confidence", "sources"}
    assert set(schema()["required"]) == fields


def test_validate_command(tmp_path, kb):
    good = tmp_path / "good.jsonl"
    runner = CliRunner()
    out = runner.invoke(main, ["code", str(ROOT / "samples" / "de"), "-o", str(good), "-q", "--workers", "1"])
    assert out.exit_code == 0, out.output
    ok = runner.invoke(main, ["validate", str(good), "--documents", str(ROOT / "samples" / "de")])
    assert ok.exit_code == 0, ok.output
    rec = json.loads(good.read_text(encoding="utf-8").splitlines()[0])
    broken = [dict(rec, type="MEET"), dict(rec, date="2021-13-01"), dict(rec, quad_class=7),
              {**rec, "evidence": {**rec["evidence"], "start": rec["evidence"]["start"] + 1}},
              {**rec, "source": {**rec["source"], "country": None, "org": None}}, rec]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(json.dumps(r) for r in broken) + "\nnot json\n", encoding="utf-8")
    res = runner.invoke(main, ["validate", str(bad), "--documents", str(ROOT / "samples" / "de")])
    assert res.exit_code == 1
    lines = res.output.splitlines()
    for n, needle in ((1, "type"), (2, "date"), (3, "quad_class"), (4, "evidence"), (5, "source"),
                      (6, "also on line 1"), (7, "not JSON")):
        assert any(line.startswith(f"{bad}:{n}:") and needle in line for line in lines), (n, needle, res.output)
