#!/usr/bin/env python3
"""Load test of `accord serve` on loopback: N concurrent clients for S seconds over a
realistic mix of endpoints, against a database of at least 100,000 events.

    python benchmarks/loadtest.py --events 100000 --clients 50 --seconds 60

The database is built from the bundled samples: they are ingested, then their events and
reports are copied with fresh ids and dates shifted by whole weeks until the events table
holds --events rows (the copies are distinct events: other dates, so no merge would join
them). The server runs as its own process (`accord serve`); the clients are asyncio
tasks in this process. Prints p50/p95/p99 latency per endpoint, errors, and the server's
resident memory sampled every second (start, peak, end), as JSON and as a table.

    python benchmarks/loadtest.py --ingest 2000

also runs `accord ingest` of that many new articles (sample copies with fresh ids) into the
same database while the clients run: the server reads the snapshots the ingest publishes
(every 5 s here), so the clients must see no error and the document count grow."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import tree_rss_mb  # noqa: E402 - the server's memory, measured as the memory benchmark does
SAMPLES = [ROOT / "samples" / d for d in ("en", "de", "ru")] + [ROOT / "tests" / "data" / "store"]


def build_db(path: Path, events: int) -> dict:
    from accord.knowledge import default_knowledge
    from accord.store import Store, ingest
    with Store(path) as db:
        ingest(db, SAMPLES, default_knowledge(), workers=2)
        base = db.scalar("SELECT count(*) FROM events")
        copies = max(0, -(-events // base) - 1)
        cols_e = [r[0] for r in db.con.execute("DESCRIBE events").fetchall()]
        cols_r = [r[0] for r in db.con.execute("DESCRIBE reports").fetchall()]
        shift = {"date_lo": "date_lo + INTERVAL (7 * k) DAY", "date_hi": "date_hi + INTERVAL (7 * k) DAY",
                 "date": "CASE WHEN length(date) = 10 THEN strftime(CAST(date AS DATE) + INTERVAL (7 * k) DAY, "
                         "'%Y-%m-%d') ELSE date END"}
        ev_sel = ", ".join({"event_id": "event_id || '-' || k", "seq": "seq + k * 1000000",
                            "first_report": "first_report || '-' || k"}.get(c, shift.get(c, c)) for c in cols_e)
        rep_sel = ", ".join({"report_id": "report_id || '-' || k", "event_id": "event_id || '-' || k"}.get(
            c, shift.get(c, c)) for c in cols_r)
        db.con.execute("BEGIN")
        db.con.execute(f"INSERT INTO events SELECT {ev_sel} FROM events, range(1, {copies + 1}) t(k)")
        db.con.execute(f"INSERT INTO reports SELECT {rep_sel} FROM reports, range(1, {copies + 1}) t(k)")
        db.con.execute("COMMIT")
        db.con.execute("CHECKPOINT")
        return db.counts()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mix(event_ids: list[str], actor_ids: list[str]):
    """(weight, group, path) — what an analyst's dashboard asks for."""
    pairs = ["AZE-BLR", "ARM-AZE", "RUS-UKR", "RUS-USA", "CHN-RUS", "AZE-TUR"]
    types = ["CONSULT", "SUPPORT", "ACCUSE", "ASSAULT", "AGREE"]
    return [
        (25, "events?dyad", lambda: f"/api/events?dyad={random.choice(pairs)}&limit=50"),
        (15, "events?filters", lambda: f"/api/events?type={random.choice(types)}&since={random.randint(2019, 2024)}"
                                       f"&limit=50&offset={random.choice([0, 50, 100])}"),
        (10, "events?actor", lambda: f"/api/events?actor={random.choice(['Hasanov', 'Putin', 'Khrenin', 'Xi'])}"),
        (15, "events/{id}", lambda: f"/api/events/{random.choice(event_ids)}"),
        (10, "timeline", lambda: "/api/timeline?a={}&b={}&by=month".format(*random.choice(pairs).split("-"))),
        (8, "dyads", lambda: "/api/dyads?limit=25"),
        (5, "network", lambda: "/api/network?limit=100"),
        (5, "actors/{id}", lambda: f"/api/actors/{random.choice(actor_ids)}"),
        (5, "countries", lambda: "/api/countries"),
        (2, "health", lambda: "/api/health"),
    ]


async def client(base: str, choices, weights, stop: float, out: list, errors: list) -> None:
    import httpx
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.perf_counter() < stop:
            group, make = random.choices(choices, weights)[0]
            path = make()
            t0 = time.perf_counter()
            try:
                r = await http.get(path)
                ok = r.status_code < 400
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                ok, r = False, exc
            out.append((group, time.perf_counter() - t0))
            if not ok:
                errors.append((group, path, getattr(r, "status_code", repr(r))))


async def load(base: str, clients: int, seconds: float, event_ids, actor_ids):
    table = mix(event_ids, actor_ids)
    choices = [(g, f) for _, g, f in table]
    weights = [w for w, _, _ in table]
    out, errors = [], []
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(client(base, choices, weights, stop, out, errors) for _ in range(clients)))
    return out, errors


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--db", type=Path, help="use this database instead of building one")
    ap.add_argument("--workers", type=int, default=2, help="server processes (accord serve --workers)")
    ap.add_argument("--ingest", type=int, default=0, help="ingest this many new articles during the load")
    args = ap.parse_args()
    random.seed(20261123)
    tmp = Path(tempfile.mkdtemp(prefix="accord-load-"))
    db = args.db or tmp / "load.duckdb"
    counts = build_db(db, args.events) if not args.db else None
    from accord.store import Store
    with Store(db, read_only=True) as store:
        counts = counts or store.counts()
        event_ids = [r[0] for r in store.con.execute("SELECT event_id FROM events USING SAMPLE 2000 ROWS").fetchall()]
        actor_ids = [r[0] for r in store.con.execute(
            "SELECT DISTINCT src_actor_id FROM events WHERE src_actor_id IS NOT NULL LIMIT 200").fetchall()]
    port = free_port()
    accord = Path(sys.executable).parent / "accord"
    server = subprocess.Popen([str(accord), "serve", "--db", str(db), "--port", str(port), "--workers", str(args.workers)],
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    import httpx
    for _ in range(120):
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    memory = [tree_rss_mb(server.pid)]
    sampling = True

    async def sample():
        while sampling:
            memory.append(tree_rss_mb(server.pid))
            await asyncio.sleep(1)

    async def run():
        nonlocal sampling
        task = asyncio.create_task(sample())
        result = await load(base, args.clients, args.seconds, event_ids, actor_ids)
        sampling = False
        await task
        return result

    writer, docs_before = None, httpx.get(base + "/api/health", timeout=10).json()["documents"]
    if args.ingest:
        corpus = tmp / "new.jsonl"
        texts = sorted(p for d in SAMPLES for p in d.glob("*.txt"))
        with corpus.open("w", encoding="utf-8") as fh:
            for i in range(args.ingest):
                p = texts[i % len(texts)]
                fh.write(json.dumps({"id": f"live-{i}", "text": p.read_text(encoding="utf-8") + f"\n\nLive copy {i}."},
                                    ensure_ascii=False) + "\n")
        writer = subprocess.Popen([str(accord), "ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet"],
                                  env=dict(os.environ, ACCORD_PUBLISH_EVERY="5"), stderr=subprocess.PIPE, text=True)
    t0 = time.perf_counter()
    out, errors = asyncio.run(run())
    took = time.perf_counter() - t0
    ingest = None
    if writer is not None:
        docs_during = httpx.get(base + "/api/health", timeout=10).json()["documents"]
        writer.wait()
        time.sleep(1.5)
        ingest = {"articles": args.ingest, "exit": writer.returncode, "stderr": writer.stderr.read()[-500:],
                  "documents_before": docs_before, "documents_seen_at_end_of_load": docs_during,
                  "documents_after": httpx.get(base + "/api/health", timeout=10).json()["documents"]}
    server.terminate()
    server.wait()
    groups = {}
    for g, secs in out:
        groups.setdefault(g, []).append(secs)
    report = {"events": counts["events"], "reports": counts["reports"], "clients": args.clients,
              "seconds": round(took, 1), "requests": len(out), "requests_per_sec": round(len(out) / took, 1),
              "errors": len(errors), "error_samples": errors[:5],
              "latency_ms": {g: {"n": len(v), "p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1),
                                 "p99": round(pct(v, 99), 1), "mean": round(statistics.mean(v) * 1000, 1)}
                             for g, v in sorted(groups.items())},
              "all_p50_ms": round(pct([s for _, s in out], 50), 1), "all_p99_ms": round(pct([s for _, s in out], 99), 1),
              "server_rss_mb": {"start": round(memory[0], 1), "peak": round(max(memory), 1),
                                "end": round(memory[-1], 1),
                                "after_10s": round(memory[min(10, len(memory) - 1)], 1)},
              "ingest_during_load": ingest}
    print(json.dumps(report, indent=2))
    print(f"\n{report['requests']} requests in {report['seconds']} s ({report['requests_per_sec']}/s), "
          f"{report['errors']} errors; server RSS {report['server_rss_mb']}")
    if ingest:
        print(f"ingest during the load: {ingest}")
    print(f"{'endpoint':<16} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for g, v in report["latency_ms"].items():
        print(f"{g:<16} {v['n']:>6} {v['p50']:>8} {v['p95']:>8} {v['p99']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
