"""accord: multilingual news in, coded political events out.

    >>> import accord
    >>> events = accord.code_text("Azerbaijan's defence minister Zakir Hasanov met "
    ...                           "his Belarusian counterpart in Baku.", doc_date="2019-10-29")
    >>> [e.to_dict()["type"] for e in events]
    ['CONSULT']
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

__version__ = "0.1.0"

from .errors import AccordError  # noqa: E402
from .model import Document, Event, Rejection  # noqa: E402
from .options import Options  # noqa: E402


def _knowledge(knowledge=None):
    from .knowledge import default_knowledge
    return knowledge or default_knowledge()


def code_text(text: str, doc_date: str | None = None, lang: str | None = None, doc_id: str = "text",
              knowledge=None) -> list[Event]:
    """Code one text; `doc_date` (YYYY-MM-DD) anchors relative and year-less dates."""
    from .pipeline import code_document
    doc = Document(id=doc_id, text=text, date=doc_date, lang=lang)
    return code_document(doc, _knowledge(knowledge), Options(lang=lang))


def code_paths(paths: Iterable[str | Path], options: Options = Options(), knowledge=None,
               workers: int = 1) -> Iterator[Event | Rejection]:
    """Events of every document under the paths (files or directories), and a
    Rejection for each input that could not be read or coded."""
    from .engines.local import run
    from .read import read_documents
    items = read_documents(paths, max_chars=options.max_chars)
    for result in run(items, _knowledge(knowledge), options, workers):
        if result.rejection is not None:
            yield result.rejection
        yield from result.events


def code_file(path: str | Path, doc_date: str | None = None, lang: str | None = None,
              knowledge=None) -> list[Event]:
    """Events of one file (.txt, .html, .jsonl); raises AccordError when it cannot be read."""
    out = []
    for item in code_paths([path], Options(lang=lang, doc_date=doc_date), knowledge):
        if isinstance(item, Rejection):
            raise AccordError(item.code, detail=item.message(), path=item.path, size="?", limit="?")
        out.append(item)
    return out


__all__ = ["code_text", "code_file", "code_paths", "Event", "Document", "Rejection", "Options",
           "AccordError", "__version__"]
