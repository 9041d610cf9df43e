"""Property tests (hypothesis, fixed seed): every reader and the per-document pipeline take
whatever a crawler brings home — any script, control characters, very long words and lines,
broken or deeply nested HTML, malformed and deeply nested JSON, mixed encodings — without an
unhandled exception or a hang, and every event they give is valid against the JSON Schema
with `text[start:end]` equal to its evidence."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.model import Document, Rejection
from accord.options import Options
from accord.pipeline import code_document
from accord.read import read_documents
from accord.validate import problems

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NEWS = ("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday. "
        "Der aserbaidschanische Verteidigungsminister Zakir Hasanov traf am Dienstag in Baku ein. "
        "Министр иностранных дел Сергей Лавров провёл переговоры с Мевлютом Чавушоглу. "
        "Le président Emmanuel Macron a reçu Olaf Scholz à Paris. "
        "El Gobierno de España condenó el ataque. Erdoğan Bakü'de Aliyev ile görüştü. ").split()

any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
news_like = st.lists(st.one_of(st.sampled_from(NEWS), st.sampled_from(list(".,;:—\n\n\t\u00a0\u200b\x00\x07")),
                               st.text(max_size=12)), max_size=120).map(" ".join)
long_word = st.integers(1_000, 40_000).map(lambda n: "Б" * n)
texts = st.one_of(any_text, news_like, long_word, st.just("\n" * 5000), st.just("." * 20000))


def _check_events(doc_text: str, events) -> None:
    for e in events:
        d = e.to_dict()
        assert problems(d) == [], problems(d)
        ev = d["evidence"]
        assert doc_text[ev["start"]:ev["end"]] == ev["text"]


def _read_and_code(kb, path) -> None:
    """Read a file as accord would, code every document it gives, check every event."""
    for item in read_documents([path]):
        assert isinstance(item, (Document, Rejection))
        if isinstance(item, Document):
            try:
                _check_events(item.text, code_document(item, kb, Options(time_budget=30)))
            except AccordError as exc:
                assert exc.code in {"E002", "E006", "E017"}


@seed(20261123)
@SETTINGS
@given(text=texts, date=st.one_of(st.none(), st.sampled_from(["2019-10-29", "2021", "1999-02"])))
def test_fuzz_pipeline_any_text(kb, text, date):
    try:
        events = code_document(Document("fuzz", text, date=date), kb, Options(time_budget=30))
    except AccordError as exc:
        assert exc.code in {"E002", "E006", "E017"}, exc
        return
    _check_events(text, events)


html_fragment = st.recursive(
    st.one_of(st.text(max_size=40), st.sampled_from(NEWS)),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["div", "p", "script", "style", "table", "td", "b", "nav", "article", "x-y"]),
                  inner).map(lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
        st.tuples(st.sampled_from(["div", "p", "span"]), inner).map(lambda t: f"<{t[0]}>{t[1]}"),   # unclosed
        st.lists(inner, max_size=4).map("".join)),
    max_leaves=30)


@seed(20261123)
@SETTINGS
@given(body=html_fragment, depth=st.integers(0, 3000), junk=st.binary(max_size=64))
def test_fuzz_html_reader(kb, tmp_path, body, depth, junk):
    page = f"<html><head><title>t</title></head><body>{'<div>' * depth}{body}{'</div>' * (depth // 2)}</body>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8") + junk)
    _read_and_code(kb, path)


json_value = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                    st.text(max_size=30)),
                          lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=20)


@seed(20261123)
@SETTINGS
@given(lines=st.lists(st.one_of(
    json_value.map(json.dumps),
    st.fixed_dictionaries({"id": st.text(max_size=10), "text": texts}).map(json.dumps),
    st.integers(1, 100_000).map(lambda n: "[" * n + "]" * n),            # deeply nested
    st.text(max_size=80),                                                   # not JSON
    st.binary(max_size=80).map(lambda b: b.decode("latin-1"))), max_size=8),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_fuzz_jsonl_reader(tmp_path, lines, encoding):
    path = tmp_path / "feed.jsonl"
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    items = list(read_documents([path]))
    assert all(isinstance(i, (Document, Rejection)) for i in items)
    for i in items:
        if isinstance(i, Rejection):
            assert i.path == str(path) and i.code.startswith("E")


@seed(20261123)
@SETTINGS
@given(raw=st.one_of(st.binary(max_size=2000), any_text.map(lambda t: t.encode("utf-16")),
                     any_text.map(lambda t: t.encode("cp1251", errors="replace")),
                     st.tuples(any_text, any_text).map(lambda t: t[0].encode("utf-8") + t[1].encode("latin-1",
                                                                                                  errors="replace"))))
def test_fuzz_text_reader_any_bytes(kb, tmp_path, raw):
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    _read_and_code(kb, path)


def test_fuzz_time_budget_gives_a_rejection_not_a_hang(kb):
    from accord.engines.local import code_one
    doc = Document("slow", "Putin met Xi in Beijing on Monday. " * 4000)
    result = code_one(doc, kb, Options(time_budget=0.3))
    assert result.rejection is not None and result.rejection.code == "E017"
    assert "time budget" in result.rejection.reason


@pytest.mark.parametrize("runs", [300])
def test_fuzz_atheris_target_short_seeded_run(runs, tmp_path):
    """The atheris target (fuzz/fuzz_pipeline.py) for a short, seeded run."""
    import subprocess
    import sys

    from .conftest import ROOT
    pytest.importorskip("atheris", reason="pip install atheris to run the coverage-guided fuzzer")
    out = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_pipeline.py"), f"-runs={runs}", "-seed=20261123",
                          "-max_len=4096", f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Done" in out.stderr
