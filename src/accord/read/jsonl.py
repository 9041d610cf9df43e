"""JSON Lines feeds: one document a line ({"id", "text", "title"?, "date"?, "url"?, "lang"?}).

A bad line becomes a Rejection naming the file and line; the others are read."""
from __future__ import annotations

import json
from pathlib import Path

from ..model import Document, Rejection


def _document(obj, path: Path, n: int, max_chars: int):
    where = dict(path=str(path), line=n)
    if not isinstance(obj, dict):
        return Rejection(reason="malformed JSON line: expected an object", code="E005", **where)
    text = obj.get("text")
    if not isinstance(text, str):
        return Rejection(reason="JSON line has no text: give a 'text' field", code="E007", **where)
    doc_id = str(obj.get("id") or f"{path.stem}-{n}")
    if not text.strip():
        return Rejection(reason="empty text", code="E002", doc_id=doc_id, **where)
    if len(text) > max_chars:
        return Rejection(reason=f"document too large: {len(text)} characters (limit {max_chars})",
                         code="E006", doc_id=doc_id, **where)
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    if title and title.strip() and not text.startswith(title):
        text = f"{title}\n\n{text}"
    opt = lambda k: str(obj[k]) if isinstance(obj.get(k), (str, int)) else None  # noqa: E731
    return Document(id=doc_id, text=text, path=str(path), line_no=n, title=title, date=opt("date"),
                    url=opt("url"), lang=opt("lang"))


def read_jsonl(path: Path, max_chars: int = 2_000_000, encoding: str | None = None):
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode(encoding or "utf-8-sig" if n == 1 else encoding or "utf-8")
            except (UnicodeDecodeError, LookupError):
                yield Rejection(str(path), "cannot decode the line as UTF-8", "E004", line=n)
                continue
            if len(line) > max_chars * 2:
                yield Rejection(str(path), f"line too large: {len(line)} characters", "E006", line=n)
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                yield Rejection(str(path), f"malformed JSON line: {detail}", "E005", line=n)
                continue
            yield _document(obj, path, n, max_chars)
