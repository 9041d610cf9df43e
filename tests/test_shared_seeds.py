"""Optional: the seeds and scorer in ../shared, when a checkout has them."""
import json
import subprocess
import sys

import pytest

from .conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not beside this checkout")


def test_shared_seeds_score(tmp_path):
    out = tmp_path / "seeds.jsonl"
    subprocess.run([sys.executable, "-m", "accord", "code", str(SHARED / "seeds"), "-o", str(out), "-q"],
                   check=True)
    got = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(SHARED / "dev" /
                          "seeds.gold.jsonl"), str(out), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(got.stdout)
    assert report["all"]["lenient"][2] >= 0.9, report
    assert report["all"]["strict"][2] >= 0.8, report


def test_shared_scorer_and_accord_evaluate_agree(tmp_path):
    from accord.evaluate import load_jsonl, score

    from .conftest import ROOT
    out = tmp_path / "samples.jsonl"
    subprocess.run([sys.executable, "-m", "accord", "code", str(ROOT / "samples"), "-o", str(out), "-q"],
                   check=True)
    got = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(ROOT / "samples" / "gold.jsonl"),
                          str(out), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(got.stdout)
    ours = json.loads(json.dumps(score(load_jsonl(ROOT / "samples" / "gold.jsonl"), load_jsonl(out))))
    assert ours["all"] == theirs["all"]
    for lang in theirs["by_lang"]:
        assert list(ours["by_lang"][lang]["lenient"]) == theirs["by_lang"][lang]["lenient"]


def test_shared_seeds_ingested_timeline(tmp_path):
    """`accord timeline AZE BLR` over the ingested seeds prints their contacts by year."""
    db = str(tmp_path / "seeds.duckdb")
    for _ in range(2):                                  # twice: the second run changes nothing
        subprocess.run([sys.executable, "-m", "accord", "ingest", str(SHARED / "seeds"), "--db", db, "-q"], check=True)
    counts = subprocess.run([sys.executable, "-m", "accord", "documents", "--db", db, "--format", "csv"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(counts) == 1 + 5
    out = subprocess.run([sys.executable, "-m", "accord", "timeline", "AZE", "BLR", "--db", db, "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    years = {line.split(",")[0]: line for line in out.splitlines()[1:]}
    assert {"2019", "2021"} <= set(years)
    assert "CONSULT" in years["2019"] and "SUPPORT" in years["2019"]
