#!/usr/bin/env python3
"""Two commands for a fresh machine with only Python, pip and venv.

    python3 tasks.py demo    create .venv, install accord, code the bundled samples into out/demo.duckdb
    python3 tasks.py test    create .venv, install accord with its test tools, run the tests
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def sh(*args, **kw) -> int:
    print("+", " ".join(str(a) for a in args), file=sys.stderr, flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, **kw)


def ensure_env(extras: str = "test,spark") -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".accord-installed"
    want = hashlib.sha1((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    if sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip") != 0:
        sys.exit("tasks: could not upgrade pip")
    if sh(PY, "-m", "pip", "install", "-q", "-e", f".[{extras}]") != 0:
        sys.exit("tasks: installing accord failed")
    stamp.write_text(want)


def demo() -> int:
    ensure_env()
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    db = out / "demo.duckdb"
    articles = sorted(p.relative_to(ROOT) for p in (ROOT / "samples").iterdir() if p.is_dir())
    rc = sh(BIN / "accord", "ingest", *articles, "--db", db, "--workers", "0")
    if rc == 0:
        sh(BIN / "accord", "dyads", "--db", db, "--limit", "10")
        sh(BIN / "accord", "events", "--db", db, "--dyad", "AZE-BLR")
        sh(BIN / "accord", "export", "--db", db, "--format", "jsonl", "-o", out / "samples.events.jsonl")
        print(f"\ndatabase: {db}  (try: .venv/bin/accord events --db {db} --help)", file=sys.stderr)
    return rc


def test() -> int:
    ensure_env()
    rc = sh(PY, "-m", "pytest", *sys.argv[2:])
    return 0 if rc == 0 else rc


if __name__ == "__main__":
    task = sys.argv[1] if len(sys.argv) > 1 else ""
    if task not in ("demo", "test"):
        sys.exit(__doc__)
    sys.exit({"demo": demo, "test": test}[task]())
