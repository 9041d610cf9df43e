"""Readers: paths in, Documents (or Rejections) out, one module per input kind.

Directories are walked recursively in sorted order; files are chosen by
suffix. A file that cannot be read becomes a `Rejection` with its path (and
line, for JSON Lines) and the batch goes on."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import Document, Rejection
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

READERS = {".txt": read_text, ".text": read_text, ".html": read_html, ".htm": read_html,
           ".jsonl": read_jsonl, ".ndjson": read_jsonl}


def expand(paths) -> Iterator[Path | Rejection]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in READERS and not p.name.startswith("."):
                    yield p
        elif path.is_file():
            if path.suffix.lower() in READERS:
                yield path
            else:
                yield Rejection(str(path), f"unsupported input kind {path.suffix or '(no suffix)'}: "
                                f"use .txt, .html, .htm or .jsonl", "E008")
        else:
            yield Rejection(str(path), "file not found", "E001")


def read_documents(paths, max_chars: int = 2_000_000, encoding: str | None = None
                   ) -> Iterator[Document | Rejection]:
    """Every document of every path, in order; problems as Rejections."""
    for item in expand(paths):
        if isinstance(item, Rejection):
            yield item
            continue
        reader = READERS[item.suffix.lower()]
        try:
            yield from reader(item, max_chars=max_chars, encoding=encoding)
        except OSError as exc:
            yield Rejection(str(item), f"cannot read: {exc.strerror or exc}", "E014")
