"""`accord ingest` and `accord recode`: code documents into the database."""
from __future__ import annotations

from collections import Counter, deque
from typing import Callable, Iterable

from .. import __version__
from ..engines.local import run
from ..model import Document, Rejection
from ..options import Options
from ..read import read_documents
from .db import Store, content_key, report_row

BATCH = 200


def coded_with(knowledge) -> str:
    return f"accord {__version__} / knowledge {knowledge.version}"


def ingest(store: Store, paths: Iterable, knowledge, options: Options = Options(), workers: int = 1,
           progress: Callable | None = None, on_rejection: Callable[[Rejection], None] | None = None,
           batch_size: int = BATCH, encoding: str | None = None) -> dict:
    """Code every new document under `paths` into the store; returns the run's counts.

    Documents already stored (same text) are skipped before coding, so a second
    run over the same input codes and changes nothing."""
    paths = [str(p) for p in paths]
    items = read_documents(paths, max_chars=options.max_chars, encoding=encoding)
    return ingest_items(store, items, knowledge, options, workers, progress, on_rejection, batch_size, paths)


def ingest_documents(store: Store, docs: Iterable[Document], knowledge, options: Options = Options()) -> dict:
    """Code and store documents given in memory (the API's uploads)."""
    return ingest_items(store, iter(docs), knowledge, options, inputs=["api"])


def ingest_items(store: Store, items: Iterable[Document | Rejection], knowledge, options: Options = Options(),
                 workers: int = 1, progress: Callable | None = None,
                 on_rejection: Callable[[Rejection], None] | None = None, batch_size: int = BATCH,
                 inputs: list[str] | None = None) -> dict:
    """Code documents on the local engine and store them; documents already stored are
    skipped before coding."""
    stats = Counter()
    queue: deque[tuple[str, Document]] = deque()
    pending_keys: set[str] = set()

    def fresh():
        for item in items:
            if isinstance(item, Rejection):
                yield item
                continue
            stats["read"] += 1
            key = content_key(item.text)
            if key in pending_keys or store.has_document(key):
                stats["skipped"] += 1
                if progress:
                    progress(1)
                continue
            pending_keys.add(key)
            queue.append((key, item))
            yield item

    def coded():
        for result in run(fresh(), knowledge, options, workers):
            if result.doc is None:
                yield None, None, result
                continue
            key, doc = queue.popleft()
            doc.doc_lang, doc.doc_date, doc.learned = result.doc.doc_lang, result.doc.doc_date, result.doc.learned
            yield key, doc, result

    return store_results(store, coded(), knowledge, stats, progress, on_rejection, batch_size, inputs)


def ingest_results(store: Store, results: Iterable, knowledge, progress: Callable | None = None,
                   on_rejection: Callable[[Rejection], None] | None = None, batch_size: int = BATCH,
                   inputs: list[str] | None = None) -> dict:
    """Store Results coded elsewhere (the Spark engine), each carrying its whole document."""
    stats = Counter()

    def keyed():
        for result in results:
            if result.doc is None:
                yield None, None, result
                continue
            stats["read"] += 1
            key = content_key(result.doc.text)
            if store.has_document(key):
                stats["skipped"] += 1
                if progress:
                    progress(1)
                continue
            yield key, result.doc, result

    return store_results(store, keyed(), knowledge, stats, progress, on_rejection, batch_size, inputs)


def store_results(store: Store, coded: Iterable, knowledge, stats: Counter, progress, on_rejection,
                  batch_size: int, inputs: list[str] | None) -> dict:
    """The writing loop shared by every engine: batches of (key, document, result), each batch
    one transaction, and a record of the run."""
    run_id = store.start_run("ingest", inputs or [], knowledge.version)
    store.sync_actors(knowledge)
    batch, rejections = [], []
    status = "interrupted"
    try:
        for key, doc, result in coded:
            if doc is not None and progress:
                progress(1)
            if result.rejection is None and doc is not None:
                batch.append((key, doc, result.events))
            if result.rejection is not None:
                rejections.append(result.rejection)
                if on_rejection:
                    on_rejection(result.rejection)
            if len(batch) + len(rejections) >= batch_size:
                stats.update(store.write_batch(batch, rejections, run_id, coded_with(knowledge)))
                batch, rejections = [], []
        if batch or rejections:
            stats.update(store.write_batch(batch, rejections, run_id, coded_with(knowledge)))
        status = "done"
    finally:
        _finish(store, run_id, stats, status)
    return {"run_id": run_id, **{k: stats.get(k, 0) for k in ("read", "new", "skipped", "reports",
                                                               "events_new", "rejected")}}


def _finish(store: Store, run_id: int, stats: dict, status: str) -> None:
    """Record the run's end; when the database cannot be written any more (the disk filled up),
    the error that stopped the run is the one to report, not this one."""
    try:
        store.finish_run(run_id, stats, status)
    except Exception:  # noqa: BLE001
        if status == "done":
            raise
    store.publish(force=True)


def _signature(row: dict) -> tuple:
    return (row["type"], row["cameo"], row["status"], row["date"], row["src_key"], row["tgt_key"],
            row["src_actor_id"], row["tgt_actor_id"], row["ev_start"])


def recode(store: Store, knowledge, options: Options = Options(), workers: int = 1,
           progress: Callable | None = None, batch_size: int = BATCH) -> dict:
    """Code every stored document again and rebuild the merged events; report what changed.

    Runs in one transaction: a recode that is interrupted leaves the old coding in place."""
    run_id = store.start_run("recode", [], knowledge.version)
    store.sync_actors(knowledge)
    docs = store.rows("SELECT doc_key, doc_id, path, line_no, url, title, given_date, lang, text FROM documents "
                      "ORDER BY seq")
    old = {}
    for r in store.rows("SELECT * FROM reports"):
        old.setdefault(r["doc_key"], []).append(_signature(r))
    items = (Document(id=d["doc_id"], text=d["text"], path=d["path"], line_no=d["line_no"], url=d["url"],
                      title=d["title"], date=d["given_date"]) for d in docs)
    changes = Counter()
    changed_docs: list[dict] = []
    new_reports: list[tuple[str, str, list]] = []
    status = "interrupted"
    try:
        for d, result in zip(docs, run(items, knowledge, options, workers)):
            if progress:
                progress(1)
            if result.rejection is not None:
                changes["failed"] += 1
                continue
            rows = [report_row(d["doc_key"], d["doc_id"], i, ev) for i, ev in enumerate(result.events)]
            before, after = Counter(old.get(d["doc_key"], [])), Counter(_signature(r) for r in rows)
            added, removed = sum((after - before).values()), sum((before - after).values())
            changes["added"] += added
            changes["removed"] += removed
            changes["unchanged"] += sum((before & after).values())
            if added or removed:
                changed_docs.append({"doc_id": d["doc_id"], "added": added, "removed": removed})
            new_reports.append((d["doc_key"], result.doc.doc_lang, result.doc.doc_date, rows))
        events_before = store.scalar("SELECT count(*) FROM events")
        with store.transaction():
            store.con.execute("DELETE FROM reports")
            store.con.execute("DELETE FROM events")
            for i in range(0, len(new_reports), batch_size):
                chunk = new_reports[i:i + batch_size]
                for key, lang, doc_date, _ in chunk:
                    store.con.execute("UPDATE documents SET lang = coalesce(?, lang), doc_date = ?, coded_with = ? "
                                      "WHERE doc_key = ?", [lang, doc_date, coded_with(knowledge), key])
                store.merge_reports([rep for *_, rows in chunk for rep in rows])
        changes["events_before"] = events_before
        changes["events_after"] = store.scalar("SELECT count(*) FROM events")
        status = "done"
    finally:
        _finish(store, run_id, {"read": len(docs), "reports": changes["added"] + changes["unchanged"],
                                "changes": dict(changes)}, status)
    return {"run_id": run_id, "documents": len(docs), "changed_documents": changed_docs, **dict(changes)}

