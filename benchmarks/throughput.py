#!/usr/bin/env python3
"""Documents per second on one core, and peak memory, for the full pipeline
beside a tokenise-and-lemmatise-only pass over the same text.

    python benchmarks/throughput.py [--mb 10] [--corpus samples/]

The corpus (the bundled samples, repeated with fresh ids until it holds
--mb megabytes of text) is streamed; each pass runs in its own process so
that peak memory (ru_maxrss) belongs to that pass alone, and each starts
the clock after one warm-up document (loading lingua's models and
dateparser's data is start-up, not throughput). Repeating a small corpus
keeps the lemma cache warm for both passes alike."""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(src: Path, mb: float):
    from accord.model import Document
    from accord.read import read_documents
    base = [d for d in read_documents([src]) if isinstance(d, Document)]
    if not base:
        sys.exit(f"no documents under {src}")
    target, size, n = mb * 1_000_000, 0, 0
    while size < target:
        for d in base:
            n += 1
            size += len(d.text.encode("utf-8"))
            yield Document(id=f"{d.id}-{n}", text=d.text, path=d.path)
            if size >= target:
                return


def run_pass(mode: str, src: Path, mb: float) -> dict:
    from accord.knowledge import default_knowledge
    from accord.options import Options
    from accord.pipeline import code_document
    from accord.stages.language import detect
    from accord.stages.segment import make_tokens
    kb = default_knowledge()
    opts = Options()
    docs = events = 0
    chars = 0
    warm = next(corpus(src, 0.001))      # start-up (lingua's models, dateparser's data) is not throughput
    code_document(warm, kb, opts)
    t0 = time.perf_counter()
    for doc in corpus(src, mb):
        chars += len(doc.text)
        if mode == "full":
            events += len(code_document(doc, kb, opts))
        else:  # tokenise and lemmatise only: one language call for the lemmatiser, then every token
            lang = detect(doc.text[:3000], kb) or "en"
            make_tokens(doc.text, 0, lang)
        docs += 1
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "docs": docs, "chars": chars, "seconds": round(secs, 2),
            "docs_per_sec": round(docs / secs, 1), "mb_per_sec": round(chars / secs / 1e6, 3),
            "events": events, "peak_mb": round(peak_mb, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of text to code (default 10)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "samples")
    ap.add_argument("--pass", dest="one", choices=["full", "tokenise"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_pass(args.one, args.corpus, args.mb)))
        return 0
    results = {}
    for mode in ("tokenise", "full"):
        out = subprocess.run([sys.executable, __file__, "--pass", mode, "--mb", str(args.mb),
                              "--corpus", str(args.corpus)], capture_output=True, text=True, check=True)
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    for r in results.values():
        print(f"{r['mode']:>9}: {r['docs']} docs, {r['chars'] / 1e6:.1f} M chars in {r['seconds']} s = "
              f"{r['docs_per_sec']} docs/s/core ({r['mb_per_sec']} MB/s), peak {r['peak_mb']} MB"
              + (f", {r['events']} events" if r['mode'] == "full" else ""))
    ratio = results["full"]["docs_per_sec"] / results["tokenise"]["docs_per_sec"]
    print(f"    ratio: full pipeline at {ratio:.2f} of the tokenise-and-lemmatise-only pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
