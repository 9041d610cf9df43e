import pytest

from accord.knowledge.patterns import PatternIndex, parse_pattern, tokenize
from accord.model import Token


def toks(text):
    return [Token(t, s, e, t.lower(), t.lower()) for t, s, e in tokenize(text)]


@pytest.mark.parametrize("text,expected", [
    ("NATO-Generalsekretär Jens", ["NATO", "-", "Generalsekretär", "Jens"]),
    ("Azerbaijan's minister", ["Azerbaijan", "'s", "minister"]),
    ("the U.S. envoy", ["the", "U.S.", "envoy"]),
    ("Am 1. März 2021", ["Am", "1", ".", "März", "2021"]),
    ("встретился с министром", ["встретился", "с", "министром"]),
])
def test_patterns_tokenize(text, expected):
    assert [t for t, _, _ in tokenize(text)] == expected


def test_patterns_offsets_point_into_text():
    text = "  Baku, 18. Mai — Хренин"
    for t, s, e in tokenize(text):
        assert text[s:e] == t


def test_patterns_parse_splits_like_the_tokenizer():
    assert parse_pattern("secretary-general") == ("secretary", "-", "general")
    assert parse_pattern("aserbaidschanisch*") == ("aserbaidschanisch*",)
    assert parse_pattern("express ~ gratitude") == ("express", "~", "gratitude")


def test_patterns_stem_and_gap_matching():
    idx = PatternIndex()
    idx.add(parse_pattern("белорусск*"), "BLR")
    idx.add(parse_pattern("express ~ gratitude"), "thanks")
    t = toks("белорусского министра")
    assert idx.match_at(t, 0)[0][2] == "BLR"
    t = toks("he expressed his deep gratitude")
    t[1].lemma = "express"
    hits = idx.match_at(t, 1)
    assert hits and hits[0][0] == 5


def test_patterns_longest_match_wins():
    idx = PatternIndex()
    idx.add(parse_pattern("minister"), "generic")
    idx.add(parse_pattern("minister of defence"), "MIL")
    end, _pattern, value = max(idx.match_at(toks("minister of defence"), 0))
    assert (end, value) == (3, "MIL")
