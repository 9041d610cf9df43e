"""The event database: idempotent ingest, merging across documents and languages,
queries, exports, recode, and a database that survives kill -9."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.store import Filters, Store, count_events, events, events_arrow, export, ingest, recode, records, search
from accord.store import merge
from accord.store.export import FLAT, GDELT_COLUMNS, ICEWS_COLUMNS, PLOVER_COLUMNS

from .conftest import ROOT, SHARED

PAIR = ROOT / "tests" / "data" / "store"
SAMPLES = [ROOT / "samples" / lang for lang in ("en", "de", "ru")]
N_DOCS = sum(len(list(d.glob("*.txt"))) for d in SAMPLES + [PAIR])


def snapshot(path: Path) -> dict:
    with Store(path, read_only=True) as db:
        return {
            "documents": db.con.execute("SELECT doc_key, doc_id, seq FROM documents ORDER BY seq").fetchall(),
            "reports": db.con.execute("SELECT report_id, doc_key, event_id, merge_note FROM reports "
                                      "ORDER BY report_id").fetchall(),
            "events": db.con.execute("SELECT * EXCLUDE (confidence) FROM events ORDER BY seq").fetchall(),
        }


@pytest.fixture(scope="module")
def sample_db(kb, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "samples.duckdb"
    with Store(path) as db:
        first = ingest(db, SAMPLES + [PAIR], kb)
    return path, first


def test_store_ingest_twice_changes_nothing(kb, sample_db, tmp_path):
    path, first = sample_db
    assert first["new"] == N_DOCS and first["reports"] > 100 and first["rejected"] == 0
    before = snapshot(path)
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(path.read_bytes())
    with Store(copy) as db:
        second = ingest(db, SAMPLES + [PAIR], kb)
        runs = db.rows("SELECT run_id, status, docs_new, docs_skipped FROM runs ORDER BY run_id")
    assert second["new"] == 0 and second["skipped"] == N_DOCS and second["reports"] == 0
    assert snapshot(copy) == before
    assert [r["status"] for r in runs] == ["done", "done"] and runs[1]["docs_skipped"] == N_DOCS


def test_store_two_languages_one_meeting_is_one_event(sample_db):
    path, _ = sample_db
    with Store(path, read_only=True) as db:
        df = events(db, Filters(dyad="BLR-AZE", since="2023-06", until="2023-07"))
        assert list(df["date"]) == ["2023-06-12", "2023-07-14"]      # a month apart: two meetings
        recs = list(records(db, Filters(dyad="AZE-BLR", since="2023-06-12", until="2023-06-12")))
    assert len(recs) == 1
    rec = recs[0]
    assert rec["type"] == "CONSULT" and rec["reports"] == 2
    assert sorted(rec["sources"]) == ["de_meet", "en_meet"]
    assert rec["source"]["actor_id"] == "p:zakir-hasanov" and rec["target"]["actor_id"] == "p:viktor-khrenin"


def test_store_events_show_explains_the_merge(sample_db):
    path, _ = sample_db
    runner = CliRunner()
    out = runner.invoke(main, ["events", "--db", str(path), "--dyad", "AZE-BLR", "--since", "2023-06-12",
                               "--until", "2023-06-12", "--format", "csv"])
    assert out.exit_code == 0, out.output
    event_id = out.output.splitlines()[1].split(",")[0]
    shown = runner.invoke(main, ["events", "show", event_id, "--db", str(path)])
    assert shown.exit_code == 0, shown.output
    assert "2 report(s) in 2 document(s)" in shown.output
    assert "merged: CONSULT 040; actors p:zakir-hasanov and p:viktor-khrenin" in shown.output
    assert "dates same day" in shown.output and "getroffen" in shown.output
    as_json = json.loads(runner.invoke(main, ["events", "show", event_id, "--json", "--db", str(path)]).output)
    assert [r["lang"] for r in as_json["reports"]] == ["de", "en"] or [r["lang"] for r in as_json["reports"]] == ["en", "de"]


def _rep(**kw):
    base = {"doc_key": "d2", "type": "CONSULT", "status": "occurred", "cameo": "040", "date": "2023-06-12",
            "src_country": "AZE", "src_org": None, "src_sector": "MIL", "src_actor_id": None,
            "tgt_country": "BLR", "tgt_org": None, "tgt_sector": "MIL", "tgt_actor_id": None,
            "loc_name": None, "loc_country": None, "sym": True}
    base.update(kw)
    return base


def test_store_merge_rules():
    ev = _rep(doc_key="d1")
    assert merge.why_same(_rep(), ev, {"d1"})
    assert merge.why_same(_rep(date="2023-06-13"), ev, {"d1"})                  # the next day
    assert not merge.why_same(_rep(date="2023-06-14"), ev, {"d1"})              # two days: no
    assert merge.why_same(_rep(date="2023-06"), ev, {"d1"})                     # the month holds the day
    assert not merge.why_same(_rep(date="2023-07"), ev, {"d1"})
    assert not merge.why_same(_rep(date=None), ev, {"d1"})
    assert not merge.why_same(_rep(), ev, {"d2"})                               # same document: never
    assert not merge.why_same(_rep(tgt_country="ARM"), ev, {"d1"})              # other country: never
    assert not merge.why_same(_rep(status="negated"), ev, {"d1"})
    assert merge.why_same(_rep(cameo="042"), ev, {"d1"})                        # 040 is the root's general code
    assert not merge.why_same(_rep(type="SUPPORT", cameo="051"), _rep(type="SUPPORT", cameo="057", doc_key="d1"),
                              {"d1"})                                           # praise is not a signing
    swapped = _rep(src_country="BLR", tgt_country="AZE")
    assert "either direction" in merge.why_same(swapped, ev, {"d1"})
    assert not merge.why_same(_rep(type="ACCUSE", cameo="112", src_country="BLR", tgt_country="AZE"),
                              _rep(type="ACCUSE", cameo="112", sym=False, doc_key="d1"), {"d1"})
    assert not merge.why_same(_rep(src_actor_id="p:a"), _rep(src_actor_id="p:b", doc_key="d1"), {"d1"})
    assert not merge.why_same(_rep(loc_name="Minsk", loc_country="BLR"),
                              _rep(loc_name="Baku", loc_country="AZE", doc_key="d1"), {"d1"})


def test_store_queries_and_api_types(sample_db):
    path, _ = sample_db
    with Store(path, read_only=True) as db:
        df = events(db, Filters(country="AZE"))
        table = events_arrow(db, Filters(country="AZE"))
        assert isinstance(df, pd.DataFrame) and len(df) == table.num_rows == count_events(db, Filters(country="AZE"))
        assert set(df["src_key"]) | set(df["tgt_key"]) >= {"AZE"}
        assert all((r.src_key == "AZE") or (r.tgt_key == "AZE") for r in df.itertuples())
        consult = events(db, Filters(type="CONSULT"))
        assert len(consult) and set(consult["type"]) == {"CONSULT"}
        assert set(events(db, Filters(type="04"))["cameo"].str[:2]) == {"04"}
        assert set(events(db, Filters(lang="ru"))["langs"].str.contains("ru")) == {True}
        since = events(db, Filters(since="2024"))
        assert since["date"].dropna().min() >= "2024"
        assert len(events(db, Filters(actor="Khrenin"))) >= 2
        # every filter reaches SQL as a parameter: hostile text finds nothing and breaks nothing
        for hostile in ("'; DROP TABLE events; --", "%' OR 1=1 --", "\" OR \"\"=\""):
            assert len(events(db, Filters(actor=hostile))) == 0
            with pytest.raises(ValueError):
                events(db, Filters(dyad=hostile))
        assert count_events(db) > 0


def test_store_timeline_by_year(sample_db):
    path, _ = sample_db
    out = CliRunner().invoke(main, ["timeline", "AZE", "BLR", "--db", str(path)])
    assert out.exit_code == 0, out.output
    line = next(ln for ln in out.output.splitlines() if ln.strip().startswith("2023"))
    assert "CONSULT 2" in line
    monthly = CliRunner().invoke(main, ["timeline", "AZE", "BLR", "--by", "month", "--db", str(path), "--format", "csv"])
    rows = list(pd.read_csv(pd.io.common.StringIO(monthly.output))["period"])
    assert "2023-06" in rows and "2023-07" in rows


def test_store_dyads_documents_search(sample_db):
    path, _ = sample_db
    runner = CliRunner()
    dy = runner.invoke(main, ["dyads", "--db", str(path), "--format", "csv"])
    assert dy.exit_code == 0 and "AZE-BLR" in dy.output
    docs = runner.invoke(main, ["documents", "--db", str(path), "--lang", "ru", "--format", "csv"])
    assert docs.exit_code == 0 and len(docs.output.splitlines()) == 1 + len(list(SAMPLES[2].glob("*.txt")))
    with Store(path, read_only=True) as db:
        assert {h["doc_id"] for h in search(db, '"Viktor Khrenin getroffen"')} == {"de_meet"}
        assert "de_meet" in {h["doc_id"] for h in search(db, "getroffen")}
        ru = search(db, "Лукашенк*")                              # prefix search in Cyrillic
        assert ru and all(h["lang"] == "ru" for h in ru)
        assert search(db, 'unbalanced "quote') == []                  # not FTS syntax: searched as words
        assert {h["doc_id"] for h in search(db, 'Khrenin "getroffen')} == {"de_meet"}
        assert "[Khrenin getroffen]" in search(db, '"Khrenin getroffen"')[0]["snippet"]


def test_store_exports_load_with_pandas(sample_db, tmp_path):
    path, _ = sample_db
    with Store(path, read_only=True) as db:
        n = count_events(db)
        for fmt in ("jsonl", "csv", "plover", "gdelt", "icews"):
            with (tmp_path / f"x.{fmt}").open("w", encoding="utf-8", newline="") as fh:
                written = export(db, fmt, fh)
            assert written == n or (fmt == "gdelt" and 0 < written <= n)
        assert export(db, "parquet", str(tmp_path / "x.parquet")) == n
    js = pd.read_json(tmp_path / "x.jsonl", lines=True)
    assert {"event_id", "type", "cameo", "source", "target", "evidence", "sources", "reports"} <= set(js.columns)
    csv_ = pd.read_csv(tmp_path / "x.csv", dtype=str)
    assert list(csv_.columns) == FLAT and len(csv_) == n
    pq = pd.read_parquet(tmp_path / "x.parquet")
    assert list(pq.columns) == FLAT and len(pq) == n
    gd = pd.read_csv(tmp_path / "x.gdelt", sep="\t", header=None, names=GDELT_COLUMNS, dtype=str,
                     keep_default_na=False, quoting=3)
    assert gd.shape[1] == 61 and gd["SQLDATE"].str.fullmatch(r"\d{8}").all()
    assert gd["EventRootCode"].str.len().eq(2).all() and (gd["EventCode"].str[:2] == gd["EventRootCode"]).all()
    assert set(gd["QuadClass"]) <= {"1", "2", "3", "4"}
    baku = gd[gd["ActionGeo_FullName"].str.startswith("Baku")]
    assert len(baku) and set(baku["ActionGeo_CountryCode"]) == {"AJ"}          # FIPS, not ISO
    ic = pd.read_csv(tmp_path / "x.icews", sep="\t", dtype=str, keep_default_na=False, quoting=3)
    assert list(ic.columns) == ICEWS_COLUMNS and len(ic) == n
    assert "Azerbaijan" in set(ic["Source Country"]) | set(ic["Target Country"])
    pl = pd.read_csv(tmp_path / "x.plover", sep="\t", dtype=str, keep_default_na=False, quoting=3)
    assert list(pl.columns) == PLOVER_COLUMNS and len(pl) == n
    quoted = [" ".join(e["text"].split()) for e in js["evidence"] if '"' in (e.get("text") or "")]
    plover_text = (tmp_path / "x.plover").read_text(encoding="utf-8")
    assert quoted and all(q in plover_text for q in quoted)      # a quote in a cell is written as it is
    visit = pl[(pl["Event Type"] == "CONSULT") & (pl["Event Mode"] == "visit")]
    assert len(visit) and set(visit["Event Intensity"]) == {"4"}                 # PLOVER's score, not Goldstein
    assert set(pl["Quad Code"]) <= {"VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT",
                                    "MATERIAL CONFLICT"}


def test_store_recode_reports_no_change_then_a_change(kb, sample_db, tmp_path):
    path, _ = sample_db
    copy = tmp_path / "recode.duckdb"
    copy.write_bytes(path.read_bytes())
    before = snapshot(copy)
    with Store(copy) as db:
        summary = recode(db, kb)
    assert summary["added"] == summary["removed"] == 0 and summary["unchanged"] > 100
    assert snapshot(copy)["events"] == before["events"]
    with Store(copy) as db:     # a document's stored coding that differs from what the coder now says
        db.con.execute("DELETE FROM reports WHERE doc_id = 'en_meet'")
        summary = recode(db, kb)
    assert summary["added"] >= 1 and summary["changed_documents"][0]["doc_id"] == "en_meet"
    assert snapshot(copy)["events"] == before["events"]


def test_store_refuses_newer_schema_and_second_writer(tmp_path):
    path = tmp_path / "v.duckdb"
    with Store(path) as db:
        db.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(Exception) as info:
        Store(path)
    assert "E022" in str(info.value)
    other = tmp_path / "w.duckdb"
    Store(other).close()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(30)", str(other)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(Exception) as info:
            Store(other)
        assert "E021" in str(info.value)
    finally:
        holder.kill()
        holder.wait()


def test_store_read_only_on_missing_file_is_a_clear_error(tmp_path):
    out = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code != 0 and "E023" in out.output and "accord ingest" in out.output


# ---- kill -9 -------------------------------------------------------------------------------------

def _corpus(path: Path, copies: int) -> int:
    texts = sorted(p for d in SAMPLES for p in d.glob("*.txt"))
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for p in texts:
                fh.write(json.dumps({"id": f"{p.stem}-{k}", "text": p.read_text(encoding="utf-8")
                                     + f"\n\nArchive copy {k}."}, ensure_ascii=False) + "\n")
                n += 1
    return n


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "accord"), "ingest", str(corpus), "--db", str(db), "--quiet", "--batch", "50",
            "--workers", "2"]


def test_store_kill_9_during_ingest_then_rerun_loses_and_doubles_nothing(tmp_path):
    """ACCORD_KILL_POINTS (default 3) kills at random moments, each followed by a rerun;
    the result must equal an uninterrupted run's, document for document and event for event."""
    corpus = tmp_path / "corpus.jsonl"
    n_docs = _corpus(corpus, int(os.environ.get("ACCORD_KILL_COPIES", "60")))
    assert n_docs >= 2000
    whole = tmp_path / "whole.duckdb"
    t0 = time.monotonic()
    subprocess.run(_ingest_cmd(corpus, whole), check=True, timeout=900)
    took = time.monotonic() - t0
    expected = snapshot(whole)
    assert len(expected["documents"]) == n_docs
    rng = random.Random(20261123)
    killed = tmp_path / "killed.duckdb"
    points = int(os.environ.get("ACCORD_KILL_POINTS", "3"))
    interrupted = 0
    for _ in range(points):
        share = rng.uniform(0.15, 0.8)
        for _attempt in range(4):            # a run that finished before its kill is tried again, sooner
            killed.unlink(missing_ok=True)
            Path(str(killed) + ".wal").unlink(missing_ok=True)
            proc = subprocess.Popen(_ingest_cmd(corpus, killed))
            time.sleep(share * took)
            hit = proc.poll() is None
            if hit:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            if hit:
                break
            share /= 2
        interrupted += hit
        subprocess.run(_ingest_cmd(corpus, killed), check=True, timeout=900)
        assert snapshot(killed) == expected
    assert interrupted == points
