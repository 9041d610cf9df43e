"""Shared fixtures: the bundled knowledge, loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb():
    from accord.knowledge import default_knowledge
    return default_knowledge()


@pytest.fixture(scope="session")
def code(kb):
    from accord import code_text

    def run(text, doc_date=None, lang=None, status="occurred"):
        events = code_text(text, doc_date=doc_date, lang=lang, knowledge=kb)
        return [e for e in events if status is None or e.status == status]
    return run
