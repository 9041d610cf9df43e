#!/usr/bin/env python3
"""Throughput of the engines and peak memory of `accord code` as input grows.

    python benchmarks/scale.py corpus --mb 100 -o /tmp/c100.jsonl   # JSONL made from the samples
    python benchmarks/scale.py local --workers 1 --mb 20            # docs/s after start-up
    python benchmarks/scale.py local --workers 2 --mb 20
    python benchmarks/scale.py spark --master 'local[2]' --mb 20
    python benchmarks/scale.py memory /tmp/c100.jsonl --workers 2   # peak RSS of the process tree

The corpus repeats the bundled sample articles with fresh ids (each copy with
a distinct last line, so none is a duplicate of another). Throughput is
measured after start-up: the knowledge is loaded and one document coded
before the clock starts (for Spark, a first job has started the executors'
Python workers and shipped the knowledge). Memory is the largest sum of the
resident sizes of `accord code` and all its worker processes, sampled every
0.2 s from /proc (Linux)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / d for d in ("en", "de", "ru")]


def texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for d in SAMPLES for p in sorted(d.glob("*.txt"))]


def make_corpus(path: Path, mb: float) -> tuple[int, int]:
    base, size, n = texts(), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while size < mb * 1_000_000:
            for stem, text in base:
                n += 1
                line = json.dumps({"id": f"{stem}-{n}", "text": f"{text}\n\nCopy {n}."}, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                if size >= mb * 1_000_000:
                    break
    return n, size


def documents(mb: float):
    from accord.model import Document
    base, size, n = texts(), 0, 0
    while size < mb * 1_000_000:
        for stem, text in base:
            n += 1
            size += len(text.encode("utf-8"))
            yield Document(id=f"{stem}-{n}", text=f"{text}\n\nCopy {n}.")
            if size >= mb * 1_000_000:
                return


def bench_local(workers: int, mb: float) -> dict:
    """Reads a JSONL corpus with accord's reader and codes it, as `accord code` does (and as
    the Spark benchmark does on its executors)."""
    from accord.engines.local import prepare, run
    from accord.knowledge import default_knowledge
    from accord.options import Options
    from accord.pipeline import code_document
    from accord.read import read_documents
    t_start = time.perf_counter()
    kb, opts = default_knowledge(), Options()
    code_document(next(documents(0.001)), kb, opts)        # start-up: lingua's models, dateparser's data
    prepare(kb)                                            # start-up: every language's lemma dictionary
    startup = time.perf_counter() - t_start                # (as `accord code --workers 2` does before forking)
    docs = events = 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(corpus, mb)
        t0 = time.perf_counter()
        for r in run(read_documents([corpus]), kb, opts, workers=workers):
            docs += 1
            events += len(r.events)
        secs = time.perf_counter() - t0
    return {"engine": "local", "workers": workers, "docs": docs, "events": events,
            "startup_seconds": round(startup, 1), "seconds": round(secs, 2),
            "docs_per_sec": round(docs / secs, 1), "docs_per_sec_per_core": round(docs / secs / workers, 1)}


def bench_spark(master: str, mb: float) -> dict:
    from accord.engines.spark import code, session
    from accord.knowledge import default_knowledge
    kb = default_knowledge()
    spark = session(master, app="accord-bench")
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    with tempfile.TemporaryDirectory() as tmp:
        warm, big = Path(tmp) / "warm", Path(tmp) / "corpus"
        warm.mkdir()
        big.mkdir()
        for i in range(cores):                             # one file per core: every Python worker starts
            make_corpus(warm / f"part-{i:03d}.jsonl", 0.01)
        n_files = max(cores * 4, 8)                        # several files, so that the input splits evenly
        per = mb / n_files
        docs = 0
        for i in range(n_files):
            docs += make_corpus(big / f"part-{i:03d}.jsonl", per)[0]
        t_start = time.perf_counter()
        code(spark, [str(warm)], kb)[0].count()           # start-up: executors' Python workers, the knowledge
        startup = time.perf_counter() - t_start
        t0 = time.perf_counter()
        events = code(spark, [str(big)], kb)[0].count()
        secs = time.perf_counter() - t0
    spark.stop()
    return {"engine": "spark", "master": master, "cores": cores, "docs": docs, "events": events,
            "startup_seconds": round(startup, 1), "seconds": round(secs, 2), "docs_per_sec": round(docs / secs, 1),
            "docs_per_sec_per_core": round(docs / secs / cores, 1)}


def tree_rss_mb(pid: int, field: str = "VmRSS:", source: str = "status") -> float:
    """Resident memory of a process and all its descendants, from /proc. The sum of RSS counts
    pages the workers share with the parent (forked knowledge) once per process; with
    field="Pss:", source="smaps_rollup" each shared page is divided among its sharers."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/{source}") as fh:
                for line in fh:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def bench_memory(path: Path, workers: int) -> dict:
    accord = Path(sys.executable).parent / "accord"
    cmd = [str(accord), "code", str(path), "-o", os.devnull, "--workers", str(workers), "-q"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = peak_pss = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        peak_pss = max(peak_pss, tree_rss_mb(proc.pid, "Pss:", "smaps_rollup"))
        time.sleep(0.2)
    secs = time.perf_counter() - t0
    return {"input": str(path), "input_mb": round(path.stat().st_size / 1e6, 1), "workers": workers,
            "seconds": round(secs, 1), "peak_rss_mb": round(peak, 1), "peak_pss_mb": round(peak_pss, 1),
            "exit": proc.returncode,
            "command": " ".join(cmd)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--mb", type=float, required=True)
    c.add_argument("-o", type=Path, required=True)
    lo = sub.add_parser("local")
    lo.add_argument("--workers", type=int, default=1)
    lo.add_argument("--mb", type=float, default=20)
    sp = sub.add_parser("spark")
    sp.add_argument("--master", default="local[2]")
    sp.add_argument("--mb", type=float, default=20)
    me = sub.add_parser("memory")
    me.add_argument("input", type=Path)
    me.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if args.what == "corpus":
        n, size = make_corpus(args.o, args.mb)
        result = {"documents": n, "bytes": size, "path": str(args.o)}
    elif args.what == "local":
        result = bench_local(args.workers, args.mb)
    elif args.what == "spark":
        result = bench_spark(args.master, args.mb)
    else:
        result = bench_memory(args.input, args.workers)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
