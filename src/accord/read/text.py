"""Plain-text files: one document a file, id = file stem."""
from __future__ import annotations

from pathlib import Path

from ..model import Document, Rejection

BINARY_SAMPLE = 8192


def decode(data: bytes, encoding: str | None) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; another encoding only when asked for."""
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def load(path: Path, max_chars: int, encoding: str | None) -> str | Rejection:
    size = path.stat().st_size
    if size == 0:
        return Rejection(str(path), "empty file", "E002", doc_id=path.stem)
    if size > max_chars * 4:
        return Rejection(str(path), f"file too large: {size} bytes (limit about {max_chars * 4}); "
                         "split it or raise --max-chars", "E006", doc_id=path.stem)
    data = path.read_bytes()
    head = data[:BINARY_SAMPLE]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Rejection(str(path), "binary file: the input does not look like text", "E003", doc_id=path.stem)
    text = decode(data, encoding)
    if text is None:
        hint = f"as {encoding}" if encoding else "as UTF-8 or UTF-16; give --encoding (e.g. cp1251) if you know it"
        return Rejection(str(path), f"cannot decode {hint}", "E004", doc_id=path.stem)
    if len(text) > max_chars:
        return Rejection(str(path), f"document too large: {len(text)} characters (limit {max_chars}); "
                         "split it or raise --max-chars", "E006", doc_id=path.stem)
    if not text.strip():
        return Rejection(str(path), "empty text: the file holds only white space", "E002", doc_id=path.stem)
    return text


def read_text(path: Path, max_chars: int = 2_000_000, encoding: str | None = None):
    text = load(path, max_chars, encoding)
    if isinstance(text, Rejection):
        yield text
    else:
        yield Document(id=path.stem, text=text, path=str(path))
