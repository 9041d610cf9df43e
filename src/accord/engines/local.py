"""The local engine: streams documents through `code_document`, on one or
more processes, keeping input order. A document that fails becomes a
Rejection; the rest of the batch is coded.

Memory stays bounded whatever the corpus size: documents are read lazily and
at most `workers * 4` chunks of 4 are in flight. A worker process that dies (a crash in
a native library, the OOM killer) takes only its document with it: the pool
is rebuilt, the document that was being coded is tried once more on its own
and, if it kills that worker too, reported (E015); every other document is
coded as usual."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
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

IN_FLIGHT_PER_WORKER = 4         # chunks in flight per worker
CHUNK = 4                        # documents per task


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
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, ask the kernel to end this worker when the process that started it dies
    (kill -9 of `accord ingest` must not leave workers coding for nobody). Python's standard
    library has no call for this, hence prctl through ctypes; elsewhere it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)          # 1 = PR_SET_PDEATHSIG
        if os.getppid() == 1:                  # the parent died before the call
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _work(doc: Document) -> Result:
    return code_one(doc, *_WORKER)


def _context():
    return mp.get_context("fork" if hasattr(os, "fork") else "spawn")


def prepare(knowledge: Knowledge) -> None:
    """Load what is otherwise loaded on first use (each language's lemma dictionary, the
    language detector) once, before the workers are forked, so that they share it rather
    than each loading it again."""
    from ..stages.language import detect
    from ..stages.segment import lemma
    for code in knowledge.languages:
        lemma("prepared", code)
    detect("accord prepares the language detector before the workers start.", knowledge)


def _pool(workers: int, knowledge: Knowledge, options: Options) -> ProcessPoolExecutor:
    if _context().get_start_method() == "fork":
        prepare(knowledge)
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


def _work_chunk(docs: list[Document]) -> list[Result]:
    return [code_one(d, *_WORKER) for d in docs]


def _chunks(items: Iterable[Document | Rejection], size: int) -> Iterator[list[Document | Rejection]]:
    """Consecutive runs of up to `size` inputs: one task per run keeps the cost of passing
    documents between processes small next to coding them."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(items: Iterable[Document | Rejection], knowledge: Knowledge, options: Options,
        workers: int = 1, chunk: int = CHUNK) -> Iterator[Result]:
    """Results in input order; Rejections from reading pass straight through.
    `workers` 0 means one process per core."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        for item in items:
            yield Result(None, [], item) if isinstance(item, Rejection) else code_one(item, knowledge, options)
        return
    pool = _pool(workers, knowledge, options)
    pending: deque[tuple[list, Future | None]] = deque()
    try:
        for part in _chunks(items, chunk):
            docs = [i for i in part if not isinstance(i, Rejection)]
            pending.append((part, pool.submit(_work_chunk, docs) if docs else None))
            while len(pending) > workers * IN_FLIGHT_PER_WORKER:
                results, pool = _next(pending, pool, workers, knowledge, options)
                yield from results
        while pending:
            results, pool = _next(pending, pool, workers, knowledge, options)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _merge(part: list, coded: list[Result]) -> list[Result]:
    """The chunk's results in input order, read rejections in their places."""
    it = iter(coded)
    return [Result(None, [], x) if isinstance(x, Rejection) else next(it) for x in part]


def _next(pending: deque, pool: ProcessPoolExecutor, workers: int, knowledge: Knowledge, options: Options):
    part, fut = pending.popleft()
    if fut is None:
        return _merge(part, []), pool
    try:
        return _merge(part, fut.result()), pool
    except BrokenProcessPool:
        pass
    # A worker died. Its pool is gone with every unfinished chunk: rebuild it, code this
    # chunk's documents one by one in pools of their own (a second death convicts the
    # document), and send the other unfinished chunks to the new pool in their order.
    pool.shutdown(wait=False, cancel_futures=True)
    pool = _pool(workers, knowledge, options)
    for i, (other, f) in enumerate(pending):
        if f is not None and not (f.done() and not f.cancelled() and f.exception() is None):
            pending[i] = (other, pool.submit(_work_chunk, [x for x in other if not isinstance(x, Rejection)]))
    docs = [x for x in part if not isinstance(x, Rejection)]
    return _merge(part, [_alone(d, knowledge, options) for d in docs]), pool
