"""The embedded event database (DuckDB): open, write batches atomically, merge.

Every batch of documents is written in one transaction: its documents, their
reports, their merges into events, the rejections and what was learned. A
process killed mid-batch leaves the database as it was before the batch; a
rerun skips the documents already stored (keyed by a hash of their text) and
codes the rest in the same order, so it ends with exactly the events of an
uninterrupted run."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..errors import StoreError
from ..knowledge.dates import parse_partial
from ..model import Document, Event, Rejection
from . import schema
from .merge import is_symmetric, refine, side_key, why_same
from .schema import ACTOR_COLUMNS

DEFAULT_DB = "accord.duckdb"
PUBLISH_EVERY = float(os.environ.get("ACCORD_PUBLISH_EVERY") or 10.0)   # seconds between snapshots while writing
LOCK_WAIT = 5.0               # seconds a writer waits for a reader's brief hold on the file


def default_path() -> Path:
    return Path(os.environ.get("ACCORD_DB") or DEFAULT_DB)


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def snapshot_path(path: Path) -> Path:
    """Where a writer publishes the read copy of a database: DuckDB lets one process hold a file
    for writing and no other process read it meanwhile, so readers that must keep answering
    while an ingest runs (`accord serve`) read this copy, which writers replace atomically."""
    return path.with_name(path.name + ".snapshot")


def _remove_orphans(snap: Path) -> None:
    """Half-written snapshot copies of writers that were killed (named after their process id)."""
    for tmp in snap.parent.glob(snap.name + ".*.tmp"):
        try:
            pid = int(tmp.name.rsplit(".", 2)[-2])
            os.kill(pid, 0)                     # still running: its copy is in progress
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (ValueError, OSError):
            continue


def _stamp(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Store:
    """One open database. Use as a context manager; `read_only` opens for queries."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False, origin: Path | None = None):
        import duckdb
        self.path = Path(path) if path else default_path()
        self.origin = origin or self.path          # the database a snapshot was copied from
        self.read_only = read_only
        self._published = 0.0
        self._dirty = False
        if read_only and not self.path.exists():
            raise StoreError("E023", detail="file (run `accord ingest` first)", path=self.origin)
        if not read_only and self.path.parent and not self.path.parent.exists():
            raise StoreError("E020", path=self.path, detail="its folder does not exist")
        deadline = time.monotonic() + (0 if read_only else LOCK_WAIT)
        while True:
            try:
                self.con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if _lock_error(exc):
                    if time.monotonic() < deadline:      # a reader taking its snapshot holds it briefly
                        time.sleep(0.1)
                        continue
                    raise StoreError("E021", path=self.origin) from exc
                raise StoreError("E020", path=self.origin, detail=str(exc).splitlines()[0]) from exc
            except duckdb.Error as exc:
                raise StoreError("E020", path=self.origin, detail=str(exc).splitlines()[0]) from exc
        self._prepare()

    @classmethod
    def open_for_reading(cls, path: str | Path | None = None) -> "Store":
        """A read-only view for a one-off query: the file itself, or, while a writer holds it,
        the snapshot the writer last published (E021 when there is none)."""
        path = Path(path) if path else default_path()
        try:
            return cls(path, read_only=True)
        except StoreError as exc:
            snap = snapshot_path(path)
            if exc.code != "E021" or not snap.exists():
                raise
            return cls(snap, read_only=True, origin=path)

    def publish(self, force: bool = False) -> bool:
        """Copy the committed database to its snapshot (at most every PUBLISH_EVERY seconds unless
        forced). The copy is written beside it and renamed over the old one, so a reader sees
        either the old or the new snapshot, never half of one. Best effort: a failure (no space)
        leaves the previous snapshot and is reported in the return value only."""
        if self.read_only or not self._dirty and not force:
            return False
        if not force and time.monotonic() - self._published < PUBLISH_EVERY:
            return False
        snap = snapshot_path(self.path)
        tmp = snap.with_name(snap.name + f".{os.getpid()}.tmp")
        _remove_orphans(snap)
        try:
            self.con.execute("CHECKPOINT")               # everything committed is in the main file
            shutil.copyfile(self.path, tmp)
            os.replace(tmp, snap)
        except Exception:  # noqa: BLE001 - a missing snapshot must never fail the write it follows
            tmp.unlink(missing_ok=True)
            return False
        self._published = time.monotonic()
        self._dirty = False
        return True

    def _prepare(self) -> None:
        found = schema.version(self.con)
        if found is None:
            if self.read_only:
                raise StoreError("E020", path=self.path, detail="not an accord database")
            self.con.execute("BEGIN")
            schema.create(self.con)
            self.con.execute("COMMIT")
        elif found > schema.SCHEMA_VERSION:
            raise StoreError("E022", path=self.path, found=found, known=schema.SCHEMA_VERSION)
        elif found < schema.SCHEMA_VERSION:
            if self.read_only:
                raise StoreError("E020", path=self.path, detail=f"schema {found} needs an upgrade: "
                                 "open it once for writing (accord ingest or accord db check)")
            self.con.execute("BEGIN")
            for v in range(found + 1, schema.SCHEMA_VERSION + 1):
                for stmt in schema.UPGRADES.get(v, ()):
                    self.con.execute(stmt)
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(schema.SCHEMA_VERSION)])
            self.con.execute("COMMIT")

    def close(self) -> None:
        if self._dirty:
            self.publish(force=True)
        self.con.close()

    def cursor(self) -> "Store":
        """The same database through a new cursor of this connection (one per thread)."""
        view = object.__new__(Store)
        view.path, view.origin, view.read_only, view.con = self.path, self.origin, self.read_only, self.con.cursor()
        view._published, view._dirty = 0.0, False
        return view

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- small helpers -------------------------------------------------------------------------
    def scalar(self, sql: str, params=()):
        rows = self.con.execute(sql, list(params)).fetchall()   # fetch to the end: DuckDB 2 results stream
        return rows[0][0] if rows else None

    def rows(self, sql: str, params=()) -> list[dict]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def has_document(self, key: str) -> bool:
        return self.scalar("SELECT 1 FROM documents WHERE doc_key = ?", [key]) is not None

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f"SELECT count(*) FROM {t}") for t in  # noqa: S608 - fixed table names
                ("documents", "reports", "events", "rejections", "actors", "offices", "learned", "runs")}

    # ---- integrity -----------------------------------------------------------------------------
    CHECKS = (
        ("reports whose document is missing",
         "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_key = r.doc_key)"),
        ("reports whose event is missing",
         "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = r.event_id)"),
        ("events with no report",
         "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.event_id)"),
        ("events whose first report is missing or belongs to another event",
         "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.report_id = e.first_report "
         "AND r.event_id = e.event_id)"),
        ("events whose report count disagrees with their reports",
         "SELECT count(*) FROM events e WHERE n_reports <> (SELECT count(*) FROM reports r "
         "WHERE r.event_id = e.event_id)"),
        ("events whose document count disagrees with their reports",
         "SELECT count(*) FROM events e WHERE n_docs <> (SELECT count(DISTINCT doc_key) FROM reports r "
         "WHERE r.event_id = e.event_id)"),
        ("events merging two countries (a side's country or organisation differs from a report's)",
         "SELECT count(*) FROM reports r JOIN events e USING (event_id) WHERE NOT ("
         "(r.src_key = e.src_key AND r.tgt_key = e.tgt_key) OR (e.sym AND r.src_key = e.tgt_key "
         "AND r.tgt_key = e.src_key))"),
        ("documents whose key is not the hash of their text", None),
        ("learned offices whose document is missing",
         "SELECT count(*) FROM learned l WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_key = l.doc_key)"),
        ("evidence offsets outside their document",
         "SELECT count(*) FROM reports r JOIN documents d USING (doc_key) WHERE r.ev_start < 0 "
         "OR r.ev_end > d.n_chars OR r.ev_end <= r.ev_start"),
    )

    def check(self, sample: int = 1000) -> list[tuple[str, int]]:
        """Integrity problems as (what, how many); empty when the database is consistent.
        Document hashes are recomputed for a sample of `sample` documents (0: all)."""
        out = []
        for what, sql in self.CHECKS:
            if sql is None:
                limit = "" if not sample else f" USING SAMPLE {int(sample)} ROWS"
                rows = self.con.execute(f"SELECT doc_key, text FROM documents{limit}").fetchall()
                n = sum(content_key(text) != key for key, text in rows)
            else:
                n = self.scalar(sql)
            if n:
                out.append((what, n))
        return out

    # ---- runs ----------------------------------------------------------------------------------
    def start_run(self, command: str, inputs: list[str], knowledge_version: str) -> int:
        run_id = (self.scalar("SELECT max(run_id) FROM runs") or 0) + 1
        self.con.execute("INSERT INTO runs (run_id, command, started, accord_version, knowledge_version, inputs, "
                         "status) VALUES (?, ?, ?, ?, ?, ?, 'running')",
                         [run_id, command, _now(), __version__, knowledge_version, json.dumps(inputs)])
        return run_id

    def finish_run(self, run_id: int, stats: dict, status: str = "done") -> None:
        self.con.execute("UPDATE runs SET finished = ?, status = ?, docs_read = ?, docs_new = ?, docs_skipped = ?, "
                         "reports = ?, events_new = ?, rejected = ?, changes = ? WHERE run_id = ?",
                         [_now(), status, stats.get("read", 0), stats.get("new", 0), stats.get("skipped", 0),
                          stats.get("reports", 0), stats.get("events_new", 0), stats.get("rejected", 0),
                          json.dumps(stats.get("changes")) if stats.get("changes") else None, run_id])

    # ---- actors --------------------------------------------------------------------------------
    def sync_actors(self, knowledge) -> None:
        """The actor knowledge base as the coder sees it (bundled and imported folders); skipped
        when the database already holds this very knowledge."""
        base = knowledge.actors
        stamp = f"{knowledge.version}:{len(base.names)}:{sum(len(v) for v in base.offices.values())}"
        if self.scalar("SELECT value FROM meta WHERE key = 'actors_synced'") == stamp:
            return
        people = [{"actor_id": a, "name": n, "source": "knowledge"} for a, n in sorted(base.names.items())]
        offices = [{"actor_id": o.actor_id, "country": o.country, "org": o.org, "sector": o.sector, "role": o.role,
                    "start_date": o.start, "end_date": o.end, "source": o.source, "note": o.note}
                   for a in sorted(base.offices) for o in base.offices[a]]
        self.con.execute("BEGIN")
        try:
            self.con.execute("DELETE FROM actors WHERE source = 'knowledge'")
            self.con.execute("DELETE FROM offices WHERE source <> 'learned'")
            self.insert_rows("actors", people)
            self.insert_rows("offices", offices)
            self.con.execute("INSERT INTO meta VALUES ('actors_synced', ?) ON CONFLICT (key) DO UPDATE SET "
                             "value = excluded.value", [stamp])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ---- writing -------------------------------------------------------------------------------
    def write_batch(self, batch: list[tuple[str, Document, list[Event]]], rejections: list[Rejection],
                    run_id: int, coded_with: str) -> dict:
        """Store coded documents, their reports and merges, and rejections, in one transaction."""
        stats = {"new": 0, "reports": 0, "events_new": 0, "rejected": 0}
        with self.transaction():
            keys = [k for k, _, _ in batch]
            stored = {r[0] for r in self._select_in("SELECT doc_key FROM documents WHERE doc_key IN", keys)}
            seq = self.scalar("SELECT coalesce(max(seq), 0) FROM documents")
            docs, reports, learned = [], [], []
            for key, doc, events in batch:
                if key in stored:
                    continue
                stored.add(key)
                seq += 1
                lang = doc.doc_lang or doc.lang or (events[0].lang if events else None)
                docs.append({"doc_key": key, "doc_id": doc.id, "seq": seq, "path": doc.path, "line_no": doc.line_no,
                             "url": doc.url, "title": doc.title, "lang": lang, "doc_date": doc.doc_date,
                             "given_date": doc.date, "n_chars": len(doc.text), "text": doc.text, "run_id": run_id,
                             "coded_with": coded_with})
                reports += [report_row(key, doc.id, i, ev) for i, ev in enumerate(events)]
                learned += [(key, item["name"], item["role"] or "", item.get("actor_id"), item.get("country"),
                             item.get("org"), item.get("sector"), item.get("since"), item.get("evidence"))
                            for item in doc.learned]
            stats["new"] = len(docs)
            stats["reports"] = len(reports)
            stats["events_new"] = self.merge_reports(reports)
            self.insert_rows("documents", docs)
            for row in learned:
                self.con.execute("INSERT INTO learned VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", row)
            for rej in rejections:
                self.con.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                 [rej.path, rej.line or 0, rej.code, rej.reason, rej.doc_id, run_id])
                stats["rejected"] += 1
        self.publish()
        return stats

    @contextmanager
    def transaction(self):
        """BEGIN … COMMIT around a write. A failure rolls back and, when the database refused the
        write (no space, no permission), is raised as E024; a committed write leaves the
        published snapshot behind, to be replaced."""
        self.con.execute("BEGIN")
        try:
            yield
            self.con.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            raise self._write_error(exc) from exc
        self._dirty = True

    def _rollback(self) -> None:
        import duckdb
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass                  # the failed statement may have ended the transaction already

    def _write_error(self, exc: Exception) -> Exception:
        """A database error while writing (no space, no permission, a read-only file system) as
        E024, which says the batch was rolled back and how to go on; other errors unchanged."""
        import duckdb
        if isinstance(exc, (duckdb.Error, OSError)) and not isinstance(exc, StoreError):
            return StoreError("E024", path=self.origin, detail=str(exc).splitlines()[0] if str(exc) else
                              type(exc).__name__)
        return exc

    def _select_in(self, sql: str, values: list, order: str | None = None) -> list[tuple]:
        """`sql` ending in "… IN" run over `values` in chunks of 500 parameters."""
        out = []
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            tail = f" ORDER BY {order}" if order else ""
            out += self.con.execute(f"{sql} ({', '.join('?' * len(chunk))}){tail}", chunk).fetchall()
        return out

    def _schema_of(self, table: str):
        cache = self.__dict__.setdefault("_schemas", {})
        if table not in cache:
            cache[table] = self.con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema  # noqa: S608
        return cache[table]

    def insert_rows(self, table: str, rows: list[dict]) -> None:
        """Insert many rows at once (through Arrow: one statement, not one per row)."""
        if not rows:
            return
        import pyarrow as pa
        data = pa.Table.from_pylist(rows, schema=self._schema_of(table))
        self.con.register("accord_rows", data)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM accord_rows")  # noqa: S608 - our table names
        finally:
            self.con.unregister("accord_rows")

    def merge_reports(self, reports: list[dict]) -> int:
        """Attach each report (in order) to the first compatible event, stored or founded earlier in
        this batch, or found a new event; write reports and events. Returns the number of new events."""
        if not reports:
            return 0
        wanted = sorted({f"{r['type']}|{r['src_key']}|{r['tgt_key']}" for r in reports} |
                        {f"{r['type']}|{r['tgt_key']}|{r['src_key']}" for r in reports})
        cands: dict[str, list[dict]] = {}
        ev_docs: dict[str, set[str]] = {}
        rows = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows += self.rows(f"SELECT * FROM events WHERE type || '|' || src_key || '|' || tgt_key IN "  # noqa: S608
                              f"({', '.join('?' * len(chunk))}) ORDER BY seq", chunk)
        for ev in rows:
            cands.setdefault(f"{ev['type']}|{ev['src_key']}|{ev['tgt_key']}", []).append(ev)
        for eid, key in self._select_in("SELECT event_id, doc_key FROM reports WHERE event_id IN",
                                        [ev["event_id"] for ev in rows]):
            ev_docs.setdefault(eid, set()).add(key)
        seq = self.scalar("SELECT coalesce(max(seq), 0) FROM events")
        new, touched = {}, {}
        for rep in reports:
            found = None
            if rep["date"]:
                pool = cands.get(f"{rep['type']}|{rep['src_key']}|{rep['tgt_key']}", [])
                if rep["src_key"] != rep["tgt_key"]:
                    pool = pool + [e for e in cands.get(f"{rep['type']}|{rep['tgt_key']}|{rep['src_key']}", [])
                                   if e["sym"]]
                for ev in sorted(pool, key=lambda e: e["seq"]):
                    note = why_same(rep, ev, ev_docs.get(ev["event_id"], set()))
                    if note:
                        found = (ev, note)
                        break
            if found:
                ev, note = found
                rep["event_id"], rep["merge_note"] = ev["event_id"], note
                ev.update(refine(ev, rep))
                ev["langs"] = ",".join(sorted(set((ev["langs"] or "").split(",")) | {rep["lang"] or ""} - {""}))
                ev["n_reports"] += 1
                if rep["doc_key"] not in ev_docs.setdefault(ev["event_id"], set()):
                    ev["n_docs"] += 1
                ev_docs[ev["event_id"]].add(rep["doc_key"])
                if ev["event_id"] not in new:
                    touched[ev["event_id"]] = ev
            else:
                seq += 1
                rep["event_id"], rep["merge_note"] = "e-" + rep["report_id"][2:], None
                ev = {"event_id": rep["event_id"], "seq": seq, "sym": is_symmetric(rep["type"], rep["cameo"]),
                      **{c: rep[c] for c in EVENT_CORE}, "n_reports": 1, "n_docs": 1, "langs": rep["lang"] or "",
                      "first_report": rep["report_id"]}
                new[ev["event_id"]] = ev
                ev_docs[ev["event_id"]] = {rep["doc_key"]}
                cands.setdefault(f"{rep['type']}|{rep['src_key']}|{rep['tgt_key']}", []).append(ev)
        self.insert_rows("events", list(new.values()))
        if touched:
            import pyarrow as pa
            data = pa.Table.from_pylist(list(touched.values()), schema=self._schema_of("events"))
            cols = [c for c in data.column_names if c != "event_id"]
            self.con.register("accord_rows", data)
            try:
                self.con.execute(f"UPDATE events SET {', '.join(f'{c} = u.{c}' for c in cols)} "  # noqa: S608
                                 f"FROM accord_rows u WHERE events.event_id = u.event_id")
            finally:
                self.con.unregister("accord_rows")
        self.insert_rows("reports", [{c: r[c] for c in REPORT_COLUMNS} for r in reports])
        return len(new)


EVENT_CORE = ("type", "mode", "cameo", "goldstein", "quad_class", "status", "date", "date_lo", "date_hi",
              "src_key", "tgt_key", *(f"src_{c}" for c in ACTOR_COLUMNS), *(f"tgt_{c}" for c in ACTOR_COLUMNS),
              "loc_name", "loc_country", "loc_lat", "loc_lon", "confidence")
REPORT_COLUMNS = ("report_id", "doc_key", "doc_id", "ord", "event_id", "merge_note", *EVENT_CORE,
                  "lang", "evidence", "ev_start", "ev_end", "explain")


class Snapshots:
    """The newest published snapshot of a database, for a reader that runs for long (`accord
    serve`): it never holds the database itself, so `accord ingest` can write meanwhile and the
    reader follows its published snapshots (checked at most once a second; the previous view
    is kept open a while so that queries running on it finish)."""

    CHECK_EVERY = 1.0
    KEEP = 3

    def __init__(self, path: str | Path | None = None, wait: float = 30.0):
        self.origin = Path(path) if path else default_path()
        self.snap = snapshot_path(self.origin)
        self.generation = 0
        self._stores: list[Store] = []
        self._stamp: tuple | None = None
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        if not self.origin.exists():
            raise StoreError("E023", detail="file (run `accord ingest` first)", path=self.origin)
        deadline = time.monotonic() + wait
        while not self._refresh():
            if time.monotonic() > deadline:       # a writer holds the file and has published nothing yet
                raise StoreError("E021", path=self.origin)
            time.sleep(0.2)

    @property
    def path(self) -> Path:
        return self.origin

    def current(self) -> Store:
        if time.monotonic() - self._checked >= self.CHECK_EVERY:
            with self._lock:
                if time.monotonic() - self._checked >= self.CHECK_EVERY:
                    self._refresh()
                    self._checked = time.monotonic()
        return self._stores[-1]

    def close(self) -> None:
        for st in self._stores:
            st.con.close()
        self._stores = []

    def _refresh(self) -> bool:
        """Open the snapshot if it changed; True when a view is open."""
        self._ensure_snapshot()
        stamp = _stamp(self.snap)
        if stamp is not None and stamp != self._stamp:
            # DuckDB keeps one instance per file name in a process, so the new snapshot is opened
            # under a name of its own (a hard link, removed once open: the open file stays readable)
            view = self.snap.with_name(f"{self.snap.name}.{os.getpid()}.{self.generation + 1}")
            try:
                view.unlink(missing_ok=True)
                os.link(self.snap, view)
                store = Store(view, read_only=True, origin=self.origin)
            except (OSError, StoreError):
                return bool(self._stores)        # replaced again under our feet: next time
            finally:
                try:
                    view.unlink(missing_ok=True)
                except OSError:
                    pass                         # Windows keeps an open file's name: left for later
            self._stores.append(store)
            for old in self._stores[:-self.KEEP]:
                old.con.close()
            self._stores = self._stores[-self.KEEP:]
            self._stamp = stamp
            self.generation += 1
        return bool(self._stores)

    def _ensure_snapshot(self) -> None:
        """When the database is newer than its snapshot and no writer holds it (a database written
        before snapshots existed, or a writer killed before it published), copy it under a read
        lock: a plain file copy, or through DuckDB when a write-ahead log holds committed work."""
        main, snap = _stamp(self.origin), _stamp(self.snap)
        wal = self.origin.with_name(self.origin.name + ".wal")
        if main is None or (snap is not None and snap[1] >= main[1] and not wal.exists()):   # [1]: mtime
            return
        import duckdb
        tmp = self.snap.with_name(self.snap.name + f".{os.getpid()}.tmp")
        try:
            con = duckdb.connect(str(self.origin), read_only=True)
        except duckdb.Error:
            return                                 # a writer holds it: it publishes its own snapshots
        try:
            if wal.exists():
                tmp.unlink(missing_ok=True)
                con.execute(f"ATTACH '{_sql_path(tmp)}' AS snap")
                db_name = con.execute("SELECT current_database()").fetchone()[0]
                con.execute(f'COPY FROM DATABASE "{db_name}" TO snap')
                con.execute("DETACH snap")
            else:
                shutil.copyfile(self.origin, tmp)
            os.replace(tmp, self.snap)
        except (OSError, duckdb.Error):
            tmp.unlink(missing_ok=True)
        finally:
            con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def report_row(doc_key: str, doc_id: str, ord_: int, ev: Event) -> dict:
    """One coded event as a `reports` row."""
    span = parse_partial(ev.date) if ev.date else None
    row = {"report_id": "r-" + hashlib.sha1(f"{doc_key}|{ev.event_id or ev.fingerprint()}".encode()).hexdigest()[:16],
           "doc_key": doc_key, "doc_id": doc_id, "ord": ord_, "event_id": None, "merge_note": None,
           "type": ev.type, "mode": ev.mode, "cameo": ev.cameo, "goldstein": ev.goldstein,
           "quad_class": ev.quad_class, "status": ev.status, "date": ev.date,
           "date_lo": span[0] if span else None, "date_hi": span[1] if span else None,
           "src_key": side_key(ev.source), "tgt_key": side_key(ev.target),
           "confidence": ev.confidence, "lang": ev.lang, "evidence": ev.evidence.get("text"),
           "ev_start": ev.evidence.get("start"), "ev_end": ev.evidence.get("end"),
           "explain": json.dumps(ev.explain, ensure_ascii=False, default=str)}
    for prefix, actor in (("src", ev.source), ("tgt", ev.target)):
        for c in ACTOR_COLUMNS:
            row[f"{prefix}_{c}"] = (actor or {}).get(c)
    loc = ev.location or {}
    row.update(loc_name=loc.get("name"), loc_country=loc.get("country"), loc_lat=loc.get("lat"),
               loc_lon=loc.get("lon"))
    return row
