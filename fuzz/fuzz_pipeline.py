#!/usr/bin/env python3
"""Coverage-guided fuzzing of accord's readers and per-document pipeline with atheris.

    pip install atheris
    python fuzz/fuzz_pipeline.py -runs=100000 -max_len=8192 fuzz/corpus/      # a long run
    python fuzz/fuzz_pipeline.py -runs=300 -seed=20261123 -max_len=4096         # what the tests run

Each input is split by its first byte: 0-63 a JSON Lines file, 64-127 an HTML page,
128-255 a text file (any bytes, any encoding). The target fails on any exception other
than accord's own input errors, and on any event that is not valid against the JSON
Schema or whose evidence is not `text[start:end]`."""
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from accord.errors import AccordError
    from accord.knowledge import default_knowledge
    from accord.model import Document
    from accord.options import Options
    from accord.pipeline import code_document
    from accord.read import read_documents
    from accord.validate import problems

KB = default_knowledge()
OPTIONS = Options(time_budget=20)
TMP = Path(tempfile.mkdtemp(prefix="accord-fuzz-"))
SUFFIX = {0: ".jsonl", 1: ".html", 2: ".txt", 3: ".txt"}


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = TMP / ("input" + SUFFIX[data[0] // 64])
    path.write_bytes(data[1:])
    for item in read_documents([path], max_chars=200_000):
        if not isinstance(item, Document):
            continue
        try:
            events = code_document(item, KB, OPTIONS)
        except AccordError as exc:
            if exc.code not in {"E002", "E006", "E017"}:
                raise
            continue
        for e in events:
            d = e.to_dict()
            bad = problems(d)
            if bad:
                raise AssertionError(f"invalid event: {bad}")
            ev = d["evidence"]
            if item.text[ev["start"]:ev["end"]] != ev["text"]:
                raise AssertionError("evidence is not text[start:end]")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
