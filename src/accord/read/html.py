"""HTML pages: main text and metadata by trafilatura, the date by htmldate."""
from __future__ import annotations

from pathlib import Path

from ..model import Document, Rejection
from .text import load


def extract(html: str):
    import trafilatura   # imported here: it is slow to import and only HTML needs it
    try:
        got = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - trafilatura fails in many ways on broken pages
        got = None
    if got is None or not (getattr(got, "text", None) or "").strip():
        return None
    text = got.text
    title = getattr(got, "title", None)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, title, getattr(got, "date", None), getattr(got, "url", None)


def read_html(path: Path, max_chars: int = 2_000_000, encoding: str | None = None):
    raw = load(path, max_chars, encoding)
    if isinstance(raw, Rejection):
        yield raw
        return
    got = extract(raw)
    if got is None:
        yield Rejection(str(path), "unreadable HTML: no main text found", "E009", doc_id=path.stem)
        return
    text, title, date, url = got
    yield Document(id=path.stem, text=text, path=str(path), title=title, date=date, url=url)
