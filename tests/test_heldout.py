"""The held-out gold sets (tests/data/gold: 40 articles per language, never used for
tuning): accord is measured on them per language, and each language is held at its last
measured lenient F1 so that a change can keep or raise it but not lower it unnoticed.
Issue 4's target (lenient F1 >= 0.85, strict >= 0.75 on these sets) is far off; the
figures are in the README and the issue note."""
import pytest

from accord import code_paths
from accord.evaluate import load_jsonl, score
from accord.model import Rejection

from .conftest import ROOT

GOLD = ROOT / "tests" / "data" / "gold"
MEASURED = {"en": 0.49, "de": 0.49, "ru": 0.52, "fr": 0.57, "es": 0.54, "tr": 0.54}


@pytest.fixture(scope="module")
def reports(kb):
    out = {}
    for lang in MEASURED:
        gold = load_jsonl(GOLD / f"gold.{lang}.jsonl")
        events = [e.to_dict() for e in code_paths([ROOT / d["file"] for d in gold], knowledge=kb, workers=2)
                  if not isinstance(e, Rejection)]
        out[lang] = score(gold, events)
    return out


def test_heldout_every_article_has_gold():
    for lang in MEASURED:
        ids = {d["id"] for d in load_jsonl(GOLD / f"gold.{lang}.jsonl")}
        assert ids == {p.stem for p in (GOLD / lang).glob("*.txt")}
        assert len(ids) >= 40


@pytest.mark.parametrize("lang", sorted(MEASURED))
def test_heldout_lenient_f1_holds_its_measured_level(reports, lang):
    f1 = reports[lang]["all"]["lenient"][2]
    assert f1 >= MEASURED[lang], (lang, reports[lang]["all"])
