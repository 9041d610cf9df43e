"""The local engine: streams documents through `code_document`, on one or
more processes, keeping input order. A document that fails becomes a
Rejection; the rest of the batch is coded."""
from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..errors import AccordError
from ..knowledge import Knowledge
from ..model import Document, Event, Rejection
from ..options import Options
from ..pipeline import code_document


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


def run(items: Iterable[Document | Rejection], knowledge: Knowledge, options: Options,
        workers: int = 1) -> Iterator[Result]:
    """Results in input order; Rejections from reading pass straight through."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        for item in items:
            yield Result(None, [], item) if isinstance(item, Rejection) else code_one(item, knowledge, options)
        return
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(knowledge, options)) as pool:
        pending: list = []
        for item in items:
            if isinstance(item, Rejection):
                pending.append(Result(None, [], item))
            else:
                pending.append(pool.apply_async(_work, (item,)))
            while len(pending) > workers * 8:
                yield _get(pending.pop(0))
        for p in pending:
            yield _get(p)


def _get(p) -> Result:
    return p if isinstance(p, Result) else p.get()
