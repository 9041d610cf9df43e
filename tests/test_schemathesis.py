"""schemathesis against the app's own OpenAPI document (bounded, fixed seed): whatever
inputs the schema allows, and many it does not, no endpoint answers with a server error.
The write endpoint is exercised with the token, so uploads are coded and stored too."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, seed, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from accord.api import create_app  # noqa: E402
from accord.knowledge import default_knowledge  # noqa: E402
from accord.store import Store, ingest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "fuzz-token"


def _app():
    path = Path(tempfile.mkdtemp(prefix="accord-schemathesis-")) / "api.duckdb"
    kb = default_knowledge()
    with Store(path) as db:
        ingest(db, [ROOT / "tests" / "data" / "store", ROOT / "samples" / "en"], kb)
    return create_app(path, token=TOKEN, knowledge=kb)


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@seed(20261123)
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_errors(case):
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
