"""The local engine: the same events with one process or two, in input order."""
from accord import code_paths
from accord.model import Rejection
from accord.options import Options

from .conftest import ROOT


def _run(kb, workers):
    return [e.to_dict() if not isinstance(e, Rejection) else e.message()
            for e in code_paths([ROOT / "samples" / "en"], knowledge=kb, workers=workers)]


def test_engines_local_one_and_two_workers_agree(kb):
    one, two = _run(kb, 1), _run(kb, 2)
    assert one and one == two


def test_engines_bad_document_does_not_stop_the_batch(kb, tmp_path):
    (tmp_path / "a.txt").write_text("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing.")
    (tmp_path / "b.txt").write_text("")
    (tmp_path / "c.txt").write_text("Turkish President Erdogan visited Baku on Monday.")
    items = list(code_paths([tmp_path], knowledge=kb, workers=2))
    assert [i.code for i in items if isinstance(i, Rejection)] == ["E002"]
    assert {i.doc_id for i in items if not isinstance(i, Rejection)} == {"a", "c"}


def test_engines_worker_crash_loses_only_its_document(kb, tmp_path, monkeypatch):
    """A worker that dies (os._exit, as a segfault or the OOM killer would) costs only the
    document it was coding; the pool is rebuilt and the others are coded, in order."""
    import os

    from accord.engines import local
    from accord.model import Document

    real = local.code_document

    def fragile(doc, knowledge, options):
        if "CRASH" in doc.text:
            os._exit(3)
        return real(doc, knowledge, options)

    monkeypatch.setattr(local, "code_document", fragile)   # forked workers inherit the patch
    texts = ["Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing."] * 5
    texts[2] = "CRASH " + texts[2]
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    results = list(local.run(docs, kb, Options(), workers=2))
    assert [r.doc.id for r in results] == [f"d{i}" for i in range(5)]
    assert [r.rejection.code if r.rejection else None for r in results] == [None, None, "E015", None, None]
    assert all(r.events for i, r in enumerate(results) if i != 2)
