"""The Spark engine: the same `code_document` on a Spark cluster (or `local[N]`).

    accord code INPUT... --engine spark [--master URL] -o EVENTS_DIR

Inputs are files or directories of .txt/.html/.jsonl documents (read by
accord's own readers, on the executors, so a file means the same on every
engine) or directories of Parquet documents (columns `id`, `text` and
optionally `title`, `date`, `url`, `lang`). File paths must be readable by
every executor (a shared file system). The knowledge is pickled once and
broadcast, so each executor receives it once. Events are written as Parquet
partitioned by `year` and `month` of the event date (`year=unknown` when the
date is unknown), with the SCHEMA columns: actors, location and evidence as
structs, `sources` as a list and `explain` as JSON text.

Needs `pip install accord[spark]` and Java 17 or newer."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import AccordError
from ..model import Document, Rejection
from ..options import Options

ACTOR = "struct<text:string,name:string,country:string,org:string,sector:string,role:string,actor_id:string>"
EVENT_SCHEMA = (
    f"event_id string, doc_id string, type string, mode string, cameo string, goldstein double, "
    f"quad_class int, status string, date string, source {ACTOR}, target {ACTOR}, "
    f"location struct<name:string,country:string,lat:double,lon:double>, lang string, "
    f"evidence struct<text:string,start:int,end:int>, confidence double, sources array<string>, "
    f"explain string, ord int, year string, month string")
REJECTION_SCHEMA = "path string, line int, code string, reason string, doc_id string"


def check_java(minimum: int = 17) -> str:
    """The Java version Spark will use, or an AccordError saying what to install."""
    java = shutil.which("java")
    if java is None:
        raise AccordError("E016", detail="no `java` on PATH", minimum=minimum)
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AccordError("E016", detail=f"`java -version` failed: {exc}", minimum=minimum) from exc
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        raise AccordError("E016", detail="cannot read the Java version", minimum=minimum)
    major = int(m.group(1)) if m.group(1) != "1" else int(m.group(2) or 0)
    if major < minimum:
        raise AccordError("E016", detail=f"Java {major} found", minimum=minimum)
    return str(major)


def session(master: str = "local[*]", app: str = "accord"):
    check_java()
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise AccordError("E016", detail="pyspark is not installed: pip install 'accord[spark]'",
                          minimum=17) from exc
    # executors run this same interpreter (with accord installed) unless the cluster says otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (SparkSession.builder.master(master).appName(app)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.python.worker.reuse", "true")
            .getOrCreate())


def _row(ev, ord_: int) -> dict:
    d = ev.to_dict()
    date = d["date"] or ""
    d["explain"] = json.dumps(d["explain"], ensure_ascii=False, default=str)
    d["ord"] = ord_
    d["year"] = date[:4] or "unknown"
    d["month"] = date[5:7] or "unknown"
    return d


_PREPARED: set[int] = set()


def _prepare_once(knowledge) -> None:
    """Load every language's lemma dictionary once per Python worker, as the local engine
    does before it forks: a worker's first partition then does not pay for it mid-way."""
    if os.getpid() not in _PREPARED:
        from .local import prepare
        prepare(knowledge)
        _PREPARED.add(os.getpid())


def _code_partition(items: Iterable[Document | Rejection], kb_bc, options: Options,
                    keep_docs: bool = True) -> Iterator[tuple]:
    """One record per input: ("doc", document fields, [event dicts]) or ("rejection", fields).
    Without `keep_docs` the document fields are None (writing events needs only the events,
    and a record without the article's text is cheaper to cache and pass)."""
    from .local import code_one
    knowledge = kb_bc.value                    # unpickled once per Python worker, then cached
    _prepare_once(knowledge)
    for item in items:
        if isinstance(item, Rejection):
            yield ("rejection", (item.path, item.line or 0, item.code, item.reason, item.doc_id), None)
            continue
        result = code_one(item, knowledge, options)
        if result.rejection is not None:
            r = result.rejection
            yield ("rejection", (r.path, r.line or 0, r.code, r.reason, r.doc_id), None)
            continue
        if not keep_docs:
            yield ("doc", None, [_row(ev, i) for i, ev in enumerate(result.events)])
            continue
        d = result.doc
        doc = {"id": d.id, "text": item.text, "path": d.path, "line_no": d.line_no, "title": d.title,
               "date": d.date, "url": d.url, "lang": d.lang, "doc_lang": d.doc_lang, "doc_date": d.doc_date,
               "learned": d.learned}
        yield ("doc", doc, [_row(ev, i) for i, ev in enumerate(result.events)])


def _read_path(path: str, options: Options, encoding: str | None):
    from ..read import read_documents
    return list(read_documents([path], max_chars=options.max_chars, encoding=encoding))


def documents_rdd(spark, paths: list[str], options: Options, encoding: str | None = None, slices: int | None = None):
    """An RDD of Documents (and Rejections) from files, directories of files, or Parquet directories."""
    from ..read import expand
    sc = spark.sparkContext
    files, parquet = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir() and any(path.rglob("*.parquet")):
            parquet.append(str(path))
        elif path.suffix == ".parquet":
            parquet.append(str(path))
        else:
            files += [str(x) if isinstance(x, Path) else x for x in expand([path])]
    rdds = []
    if files:
        names = [f for f in files if isinstance(f, str)]
        rejected = [f for f in files if isinstance(f, Rejection)]
        n = slices or max(1, min(len(names), sc.defaultParallelism * 4))
        if names:
            rdds.append(sc.parallelize(names, n).flatMap(lambda f: _read_path(f, options, encoding)))
        if rejected:
            rdds.append(sc.parallelize(rejected, 1))
    for p in parquet:
        df = spark.read.parquet(p)
        cols = set(df.columns)
        if not {"id", "text"} <= cols:
            raise AccordError("E008", detail=f"{p}: Parquet documents need the columns id and text")
        keep = [c for c in ("id", "text", "title", "date", "url", "lang") if c in cols]

        def to_doc(row, _p=p):
            r = row.asDict()
            text = r.get("text") or ""
            if not text.strip():
                return Rejection(_p, "empty input: the document has no text", "E002", None, r.get("id"))
            if len(text) > options.max_chars:
                return Rejection(_p, f"document too large: {len(text)} characters", "E006", None, r.get("id"))
            return Document(id=str(r["id"]), text=text, path=_p, title=r.get("title"), date=r.get("date"),
                            url=r.get("url"), lang=r.get("lang"))
        rdds.append(df.select(*keep).rdd.map(to_doc))
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def code(spark, paths: list[str], knowledge, options: Options = Options(), encoding: str | None = None,
         slices: int | None = None):
    """(events DataFrame, rejections DataFrame) for the documents under `paths`."""
    coded = coded_rdd(spark, paths, knowledge, options, encoding, slices, keep_docs=False).cache()
    events = spark.createDataFrame(coded.filter(lambda r: r[0] == "doc").flatMap(lambda r: r[2]), schema=EVENT_SCHEMA,
                                   verifySchema=False)
    rejections = spark.createDataFrame(coded.filter(lambda r: r[0] == "rejection").map(lambda r: r[1]),
                                       schema=REJECTION_SCHEMA)
    return events, rejections


def coded_rdd(spark, paths: list[str], knowledge, options: Options = Options(), encoding: str | None = None,
              slices: int | None = None, keep_docs: bool = True):
    """Per input, in input order: ("doc", fields, events) or ("rejection", fields, None)."""
    kb_bc = spark.sparkContext.broadcast(knowledge)          # shipped once to each executor
    return documents_rdd(spark, paths, options, encoding, slices).mapPartitions(
        lambda part: _code_partition(part, kb_bc, options, keep_docs))


def results(spark, paths: list[str], knowledge, options: Options = Options(), encoding: str | None = None):
    """The local engine's Results, coded on Spark, streamed back to the driver in input order
    (what `accord ingest --engine spark` stores)."""
    from ..model import Event
    from .local import Result
    for kind, fields, events in coded_rdd(spark, paths, knowledge, options, encoding).toLocalIterator():
        if kind == "rejection":
            yield Result(None, [], Rejection(fields[0], fields[3], fields[2], fields[1] or None, fields[4]))
            continue
        doc = Document(id=fields["id"], text=fields["text"], path=fields["path"], line_no=fields["line_no"],
                       title=fields["title"], date=fields["date"], url=fields["url"], lang=fields["lang"],
                       doc_lang=fields["doc_lang"], doc_date=fields["doc_date"], learned=fields["learned"])
        evs = []
        for e in events:
            e = {k: v for k, v in e.items() if k not in ("ord", "year", "month")}
            e["explain"] = json.loads(e["explain"]) if e.get("explain") else {}
            evs.append(Event(**e))
        yield Result(doc, evs)


def write(events, out: str | Path, mode: str = "overwrite") -> None:
    events.write.mode(mode).partitionBy("year", "month").parquet(str(out))


def to_events(rows) -> list[dict]:
    """Spark rows back to SCHEMA dicts (for comparing engines and for ingest)."""
    out = []
    for row in rows:
        d = row.asDict(recursive=True)
        d["explain"] = json.loads(d["explain"]) if d.get("explain") else {}
        for k in ("ord", "year", "month"):
            d.pop(k, None)
        out.append(d)
    return out
