"""The Spark engine in local[2] mode: the same events as the local engine with one and
two workers, Parquet partitioned by year and month, and the same database through ingest."""
from __future__ import annotations

import json
import shutil

import pytest

from accord import code_paths
from accord.model import Rejection

from .conftest import ROOT

pyspark = pytest.importorskip("pyspark", reason="pip install 'accord[spark]' to test the Spark engine")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17+", allow_module_level=True)

INPUTS = [ROOT / "samples" / lang for lang in ("en", "de", "ru")] + [ROOT / "tests" / "data" / "store"]


def _canon(events) -> list[str]:
    return sorted(json.dumps(e, sort_keys=True, ensure_ascii=False, default=str) for e in events)


@pytest.fixture(scope="module")
def spark():
    from accord.engines.spark import session
    s = session("local[2]", app="accord-tests")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def local_events(kb):
    one = [e.to_dict() for e in code_paths(INPUTS, knowledge=kb, workers=1) if not isinstance(e, Rejection)]
    two = [e.to_dict() for e in code_paths(INPUTS, knowledge=kb, workers=2) if not isinstance(e, Rejection)]
    assert one == two and len(one) > 100                       # same events, same order
    return one


def test_spark_local_one_two_workers_and_spark_agree(spark, kb, local_events, tmp_path):
    from accord.engines.spark import code, to_events, write
    events, rejections = code(spark, [str(p) for p in INPUTS], kb)
    assert rejections.count() == 0
    out = tmp_path / "events"
    write(events, out)
    back = spark.read.parquet(str(out))
    assert {"year", "month"} <= set(back.columns)
    assert {f.name for f in back.schema.fields} >= {"event_id", "doc_id", "type", "mode", "cameo", "goldstein",
                                                     "quad_class", "status", "date", "source", "target", "location",
                                                     "lang", "evidence", "confidence", "sources"}
    parts = {p.name for p in out.iterdir() if p.is_dir()}
    assert "year=2019" in parts and "year=unknown" in parts
    assert {p.name for p in (out / "year=2019").iterdir()} >= {"month=10"}
    assert _canon(to_events(back.collect())) == _canon(local_events)


def test_spark_ingest_gives_the_database_of_a_local_ingest(spark, kb, tmp_path):
    from accord.engines.spark import results
    from accord.store import Store, ingest
    from accord.store.ingest import ingest_results
    local_db, spark_db = tmp_path / "local.duckdb", tmp_path / "spark.duckdb"
    with Store(local_db) as db:
        ingest(db, INPUTS, kb, workers=2)
    with Store(spark_db) as db:
        stats = ingest_results(db, results(spark, [str(p) for p in INPUTS], kb), kb)
        assert stats["new"] > 30 and stats["rejected"] == 0
        again = ingest_results(db, results(spark, [str(p) for p in INPUTS], kb), kb)
        assert again["new"] == 0 and again["skipped"] == stats["new"]

    def snap(path):
        with Store(path, read_only=True) as db:
            return (db.con.execute("SELECT doc_key, doc_id, seq FROM documents ORDER BY seq").fetchall(),
                    db.con.execute("SELECT * EXCLUDE (confidence) FROM events ORDER BY seq").fetchall())
    assert snap(spark_db) == snap(local_db)


def test_spark_bad_input_is_a_rejection_not_a_failure(spark, kb, tmp_path):
    from accord.engines.spark import code
    (tmp_path / "ok.txt").write_text("Turkish President Erdogan visited Baku on Monday, 3 June 2024, and met "
                                     "Azerbaijani President Ilham Aliyev.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "x"\n', encoding="utf-8")
    events, rejections = code(spark, [str(tmp_path)], kb)
    codes = sorted(r.code for r in rejections.collect())
    assert codes == ["E002", "E005"]
    assert {r.doc_id for r in events.collect()} == {"ok"}


def test_spark_engine_without_java_says_what_to_install(monkeypatch):
    from accord.engines import spark as sp
    from accord.errors import AccordError
    monkeypatch.setattr(sp.shutil, "which", lambda name: None)
    with pytest.raises(AccordError) as info:
        sp.check_java()
    assert "E016" in str(info.value) and "Java 17" in str(info.value) and "accord[spark]" in str(info.value)
