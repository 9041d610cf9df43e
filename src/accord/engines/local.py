"""The local engine: streams documents through `code_document`, on one or
more processes, keeping input order. A document that fails becomes a
Rejection; the rest of the batch is coded.

Memory stays bounded whatever the corpus size: documents are read lazily and
at most `workers * 8` are in flight. A worker process that dies (a crash in
a native library, the OOM killer) takes only its document with it: the pool
is rebuilt, the document that was being coded is tried once more on its own
and, if it kills that worker too, reported (E015); every other document is
coded as usual."""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..errors import AccordError
from ..knowledge import Knowledge
from ..model import Document, Event, Rejection
from ..options import Options
from ..pipeline import code_document

IN_FLIGHT_PER_WORKER = 8


@dataclass(slots=True)
class Result:
    doc: Document | None
    events: list[Event]
    rejection: Rejection | None = None


def code_one(doc: Document, knowledge: Knowledge, options: Options) -> Result:
    try:
        events = code_document(doc, knowledge, options)
    except AccordError as exc:
        return Result(doc, [], Rejection(doc.path or doc.id, str(exc), exc.code, doc.line_no, doc.id))
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop a batch
        return Result(doc, [], Rejection(doc.path or doc.id, f"coding failed: {type(exc).__name__}: {exc}",
                                         "E013", doc.line_no, doc.id))
    return Result(_light(doc), events)


def _light(doc: Document) -> Document:
    """The document without its analysis layers (what goes back to the parent process)."""
    return Document(id=doc.id, text="", path=doc.path, line_no=doc.line_no, title=doc.title, date=doc.date,
                    url=doc.url, lang=doc.lang, doc_lang=doc.doc_lang, doc_date=doc.doc_date,
                    learned=doc.learned)


_WORKER: tuple | None = None


def _init(knowledge: Knowledge, options: Options) -> None:
    global _WORKER  # noqa: PLW0603 - per-process state of a worker, set once by the pool
    _WORKER = (knowledge, options)


def _work(doc: Document) -> Result:
    return code_one(doc, *_WORKER)


def _context():
    return mp.get_context("fork" if hasattr(os, "fork") else "spawn")


def _pool(workers: int, knowledge: Knowledge, options: Options) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init, initargs=(knowledge, options))


def _died(doc: Document) -> Result:
    return Result(doc, [], Rejection(doc.path or doc.id, "the worker process died while coding this document "
                                     "(a crash or the memory limit); the rest of the batch was coded",
                                     "E015", doc.line_no, doc.id))


def _alone(doc: Document, knowledge: Knowledge, options: Options) -> Result:
    """Code one document in a pool of its own: a second death convicts the document."""
    with _pool(1, knowledge, options) as solo:
        try:
            return solo.submit(_work, doc).result()
        except BrokenProcessPool:
            return _died(doc)


def run(items: Iterable[Document | Rejection], knowledge: Knowledge, options: Options,
        workers: int = 1) -> Iterator[Result]:
    """Results in input order; Rejections from reading pass straight through.
    `workers` 0 means one process per core."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        for item in items:
            yield Result(None, [], item) if isinstance(item, Rejection) else code_one(item, knowledge, options)
        return
    pool = _pool(workers, knowledge, options)
    pending: deque[tuple[Document | Rejection, Future | Result]] = deque()
    try:
        for item in items:
            if isinstance(item, Rejection):
                pending.append((item, Result(None, [], item)))
            else:
                pending.append((item, pool.submit(_work, item)))
            while len(pending) > workers * IN_FLIGHT_PER_WORKER:
                result, pool = _next(pending, pool, workers, knowledge, options)
                yield result
        while pending:
            result, pool = _next(pending, pool, workers, knowledge, options)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next(pending: deque, pool: ProcessPoolExecutor, workers: int, knowledge: Knowledge, options: Options):
    item, fut = pending.popleft()
    if isinstance(fut, Result):
        return fut, pool
    try:
        return fut.result(), pool
    except BrokenProcessPool:
        pass
    # A worker died. Its pool is gone with every unfinished document: rebuild it, try the
    # document at the head alone, and send the others to the new pool in their order.
    pool.shutdown(wait=False, cancel_futures=True)
    pool = _pool(workers, knowledge, options)
    for i, (other, f) in enumerate(pending):
        if isinstance(f, Future) and not (f.done() and not f.cancelled() and f.exception() is None):
            pending[i] = (other, pool.submit(_work, other))
    return _alone(item, knowledge, options), pool
