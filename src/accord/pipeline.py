"""The per-document pipeline: a Document and the knowledge in, events out.

`code_document` is pure (no I/O, no globals), so the local and the Spark
engines call the same function and get the same events. It reads as the
recipe it is: each stage adds one layer to the document."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

from .errors import AccordError
from .knowledge import Knowledge
from .model import Document, Event
from .options import Options
from .stages.actors import actors
from .stages.clean import clean
from .stages.dates import dates
from .stages.docdate import document_date
from .stages.events import events
from .stages.finish import finish
from .stages.language import identify
from .stages.mentions import mentions
from .stages.places import places
from .stages.segment import segment
from .stages.status import status
from .stages.triggers import triggers

STAGES = (clean, identify, document_date, segment, mentions, triggers, actors, events, status, dates,
          places, finish)


class _OverBudget(Exception):
    pass


@contextmanager
def _budget(seconds: float | None):
    """Interrupt the document after `seconds` (a timer signal, in a process's main thread:
    the CLI, the local engine's workers, Spark's Python workers); elsewhere the budget is
    checked between stages."""
    usable = (seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def ring(signum, frame):
        raise _OverBudget()
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def analyse(doc: Document, knowledge: Knowledge, options: Options = Options()) -> Document:
    """Run every stage and return the document with all its layers. A document that takes
    longer than `options.time_budget` seconds is abandoned with E017."""
    if not doc.text or not doc.text.strip():
        raise AccordError("E002")
    if len(doc.text) > options.max_chars:
        raise AccordError("E006", size=len(doc.text), limit=options.max_chars)
    budget = options.time_budget
    deadline = time.monotonic() + budget if budget else None
    try:
        with _budget(budget):
            for stage in STAGES:
                result = stage(doc, knowledge, options)
                if result is not doc:
                    raise AccordError("E013", detail=f"stage {stage.__name__} returned another object")
                if deadline is not None and time.monotonic() > deadline:
                    raise _OverBudget()
    except _OverBudget:
        raise AccordError("E017", seconds=budget, size=len(doc.text)) from None
    return doc


def code_document(doc: Document, knowledge: Knowledge, options: Options = Options()) -> list[Event]:
    """The events of one document."""
    return analyse(doc, knowledge, options).events
