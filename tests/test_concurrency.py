"""The database under concurrent use and failing disks: a server that keeps answering while an
ingest writes, a write that fails half-way, a database in a place that cannot be written."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
import pytest
from fastapi.testclient import TestClient

from accord.api import create_app
from accord.errors import StoreError
from accord.store import Store, ingest
from accord.store.db import snapshot_path

from .conftest import ROOT

EN, DE = ROOT / "samples" / "en", ROOT / "samples" / "de"
FIRST_EN = sorted(EN.glob("en_0*.txt"))                 # nine articles
FIRST_DE = sorted(DE.glob("de_0*.txt"))


def _count(path):
    with Store(path, read_only=True) as db:
        return db.counts()


def test_concurrency_server_answers_while_an_ingest_writes(kb, tmp_path):
    db = tmp_path / "live.duckdb"
    with Store(db) as store:
        ingest(store, FIRST_EN, kb)
    assert snapshot_path(db).exists()                     # a writer leaves a snapshot for readers
    client = TestClient(create_app(db))
    first = client.get("/api/health").json()["documents"]
    env = dict(os.environ, ACCORD_PUBLISH_EVERY="0.3")
    writer = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "accord"), "ingest", *map(str, FIRST_DE), "--db", str(db), "--batch", "3", "--workers", "1", "--quiet"],
                              env=env, stderr=subprocess.PIPE, text=True)
    seen, statuses = [], []
    while writer.poll() is None:
        for url in ("/api/health", "/api/events?limit=5", "/api/dyads", "/api/search?q=Minister"):
            r = client.get(url)
            statuses.append(r.status_code)
            if url == "/api/health" and r.status_code == 200:
                seen.append(r.json()["documents"])
        time.sleep(0.1)
    assert writer.returncode == 0, writer.stderr.read()      # the writer was never refused (E021)
    time.sleep(1.2)                                           # the server looks for a new snapshot each second
    final = client.get("/api/health").json()["documents"]
    assert set(statuses) == {200} and len(statuses) >= 8
    assert seen == sorted(seen) and seen[0] == first          # the view only moves forward
    assert final == _count(db)["documents"] == first + len(FIRST_DE)
    assert len(set(seen + [final])) >= 2


def test_concurrency_read_commands_use_the_snapshot_while_a_writer_holds_the_file(kb, tmp_path):
    from click.testing import CliRunner

    from accord.cli import main
    db = tmp_path / "held.duckdb"
    with Store(db) as store:
        ingest(store, FIRST_EN, kb)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        out = CliRunner().invoke(main, ["dyads", "--db", str(db)])
        assert out.exit_code == 0, out.output
        assert Store.open_for_reading(db).path == snapshot_path(db)
    finally:
        holder.kill()
        holder.wait()


def test_concurrency_a_failed_write_rolls_back_its_batch_and_a_rerun_completes(kb, tmp_path, monkeypatch):
    db, clean = tmp_path / "full.duckdb", tmp_path / "clean.duckdb"
    with Store(clean) as store:
        ingest(store, FIRST_EN, kb, batch_size=4)
    real = Store.insert_rows
    calls = {"documents": 0}

    def disk_fills_up(self, table, rows):
        if table == "documents":
            calls["documents"] += 1
            if calls["documents"] == 2:                       # the second batch hits a full disk
                raise duckdb.IOException("Could not write file: No space left on device")
        return real(self, table, rows)

    monkeypatch.setattr(Store, "insert_rows", disk_fills_up)
    with Store(db) as store:
        with pytest.raises(StoreError) as info:
            ingest(store, FIRST_EN, kb, batch_size=4)
        assert info.value.code == "E024"
        assert "No space left" in str(info.value) and "rolled back" in str(info.value)
        assert store.counts()["documents"] == 4               # the first batch, all of it; none of the second
        assert store.check() == []
        runs = store.rows("SELECT status FROM runs")
        assert [r["status"] for r in runs] == ["interrupted"]
    monkeypatch.setattr(Store, "insert_rows", real)
    with Store(db) as store:
        again = ingest(store, FIRST_EN, kb, batch_size=4)
        assert again["skipped"] == 4 and store.check() == []
    a, b = _count(db), _count(clean)
    assert (a["documents"], a["reports"], a["events"]) == (b["documents"], b["reports"], b["events"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a folder no one may write (/proc)")
def test_concurrency_unwritable_place_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from accord.cli import main
    out = CliRunner().invoke(main, ["ingest", str(EN / "en_01_lavrov_blinken_delhi.txt"), "--db",
                                    "/proc/accord-test.duckdb", "-q"])
    assert out.exit_code != 0 and "E020" in out.output and "/proc/accord-test.duckdb" in out.output
    assert "Traceback" not in out.output
