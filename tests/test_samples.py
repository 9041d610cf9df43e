"""Accuracy on the project's own sample corpus, per language (golden end-to-end)."""
import pytest

from accord import code_paths
from accord.evaluate import load_jsonl, score
from accord.model import Rejection

from .conftest import ROOT

GOLD = ROOT / "samples" / "gold.jsonl"


@pytest.fixture(scope="module")
def report(kb):
    gold = load_jsonl(GOLD)
    events = [e.to_dict() for e in code_paths([ROOT / d["file"] for d in gold], knowledge=kb)
              if not isinstance(e, Rejection)]
    return score(gold, events)


def test_samples_every_file_has_gold():
    gold = {d["id"] for d in load_jsonl(GOLD)}
    files = {p.stem for p in (ROOT / "samples").rglob("*.txt")}
    assert files == gold


@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_samples_lenient_f1_per_language(report, lang):
    f1 = report["by_lang"][lang]["lenient"][2]
    assert f1 >= 0.85, (lang, report["by_lang"][lang], report["misses"][:10], report["false_alarms"][:10])
