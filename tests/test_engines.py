"""The local engine: the same events with one process or two, in input order."""
from accord import code_paths
from accord.model import Rejection

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
