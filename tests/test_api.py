"""The REST API: every endpoint, filters, paging, bad parameters, errors as JSON, the token rule."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.api import MAX_PAGE, create_app
from accord.store import Store, ingest

from .conftest import ROOT

SAMPLES = [ROOT / "samples" / lang for lang in ("en", "de", "ru")] + [ROOT / "tests" / "data" / "store"]
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db_path(kb, tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with Store(path) as db:
        ingest(db, SAMPLES, kb)
    return path


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path)) as c:
        yield c


def _ok(r, status=200):
    assert r.status_code == status, r.text
    return r.json()


def _err(r, status):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]


def test_api_health_and_openapi(client):
    h = _ok(client.get("/api/health"))
    assert h["status"] == "ok" and h["documents"] > 30 and h["events"] > 100 and h["writable"] is False
    spec = _ok(client.get("/openapi.json"))
    paths = set(spec["paths"])
    for p in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/actors/{actor_id}", "/api/dyads",
              "/api/timeline", "/api/documents/{doc}", "/api/documents", "/api/search", "/api/network"):
        assert p in paths, p


def test_api_events_filters_and_paging(client):
    page = _ok(client.get("/api/events", params={"dyad": "AZE-BLR", "limit": 3}))
    assert page["total"] >= 8 and len(page["items"]) == 3
    for e in page["items"]:
        assert {e["source"]["country"], e["target"]["country"]} == {"AZE", "BLR"}
        assert e["status"] == "occurred" and e["sources"] and e["evidence"]["text"]
    nxt = _ok(client.get("/api/events", params={"dyad": "AZE-BLR", "limit": 3, "offset": 3}))
    assert not {e["event_id"] for e in page["items"]} & {e["event_id"] for e in nxt["items"]}
    everything = _ok(client.get("/api/events", params={"dyad": "AZE-BLR", "limit": MAX_PAGE}))
    assert len(everything["items"]) == everything["total"] == page["total"]
    dates = [e["date"] for e in everything["items"] if e["date"]]
    assert dates == sorted(dates)
    newest = _ok(client.get("/api/events", params={"dyad": "AZE-BLR", "order": "-date"}))["items"][0]["date"]
    assert newest == max(dates)
    consult = _ok(client.get("/api/events", params={"type": "CONSULT", "country": "AZE"}))["items"]
    assert consult and all(e["type"] == "CONSULT" for e in consult)
    assert all(e["cameo"].startswith("04") for e in _ok(client.get("/api/events", params={"type": "04"}))["items"])
    since = _ok(client.get("/api/events", params={"since": "2023-06", "until": "2023-06", "dyad": "AZE-BLR"}))
    assert [e["date"] for e in since["items"]] == ["2023-06-12"] and since["items"][0]["reports"] == 2
    ru = _ok(client.get("/api/events", params={"lang": "ru", "limit": 100}))["items"]
    assert ru
    assert _ok(client.get("/api/events", params={"actor": "Khrenin"}))["total"] >= 2
    assert _ok(client.get("/api/events", params={"all_status": True}))["total"] >= \
        _ok(client.get("/api/events"))["total"]


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": MAX_PAGE + 1}, {"offset": -1}, {"since": "yesterday"}, {"until": "2021-13-45x"},
    {"dyad": "AZE"}, {"dyad": "AZE-BLR-RUS"}, {"country": "A"}, {"lang": "english"}, {"type": "C"},
    {"order": "random()"}, {"limit": "ten"},
])
def test_api_bad_parameters_are_json_errors(client, params):
    err = _err(client.get("/api/events", params=params), 422)
    assert err["code"] == "bad_request"


@pytest.mark.parametrize("hostile", ["'; DROP TABLE events; --", "%' OR '1'='1", "\" OR 1=1 --", "\\x00", "😀" * 10])
def test_api_injection_strings_are_only_data(client, hostile):
    assert _ok(client.get("/api/events", params={"actor": hostile}))["total"] == 0
    assert client.get("/api/events", params={"dyad": hostile}).status_code == 422
    assert client.get("/api/search", params={"q": hostile}).status_code == 200
    assert client.get(f"/api/events/{hostile[:30]}").status_code in (404, 422)
    assert _ok(client.get("/api/health"))["events"] > 100          # the table is still there


def test_api_event_with_reports_and_document_spans(client):
    e = _ok(client.get("/api/events", params={"dyad": "AZE-BLR", "since": "2023-06-12", "until": "2023-06-12"}))
    event_id = e["items"][0]["event_id"]
    shown = _ok(client.get(f"/api/events/{event_id}"))
    assert shown["event"]["event_id"] == event_id and len(shown["reports"]) == 2
    assert {r["lang"] for r in shown["reports"]} == {"en", "de"}
    assert any(r["merge_note"] for r in shown["reports"])
    for r in shown["reports"]:
        doc = _ok(client.get(f"/api/documents/{r['doc_id']}"))
        span = next(s for s in doc["spans"] if s["event_id"] == event_id)
        assert doc["text"][span["start"]:span["end"]] == r["evidence"]
    _err(client.get("/api/events/e-0000000000000000"), 404)
    _err(client.get("/api/documents/no-such-document"), 404)
    _err(client.get("/api/events/" + "x" * 41), 422)


def test_api_actors_dyads_timeline_network_countries_documents_search(client):
    found = _ok(client.get("/api/actors", params={"q": "hasanov"}))
    assert found["items"][0]["actor_id"] == "p:zakir-hasanov" and found["items"][0]["events"] > 0
    assert _ok(client.get("/api/actors", params={"limit": 5}))["total"] > 500
    ravkov = _ok(client.get("/api/actors/p:andrei-ravkov"))
    roles = {o["role"] for o in ravkov["offices"]}
    assert {"Minister of Defence", "Ambassador"} <= roles and ravkov["events"]
    _err(client.get("/api/actors/p:nobody-at-all"), 404)
    dy = _ok(client.get("/api/dyads", params={"limit": 5}))["items"]
    assert len(dy) <= 5 and "AZE-BLR" in {d["dyad"] for d in dy}
    tl = _ok(client.get("/api/timeline", params={"a": "AZE", "b": "BLR", "by": "year"}))["items"]
    assert {"2019", "2021", "2023"} <= {r["period"] for r in tl}
    assert all(r["events"] == r["verbal_coop"] + r["material_coop"] + r["verbal_conflict"] + r["material_conflict"]
               for r in tl)
    _err(client.get("/api/timeline", params={"a": "AZE", "b": "BLR", "by": "week"}), 422)
    _err(client.get("/api/timeline", params={"a": "AZE"}), 422)
    net = _ok(client.get("/api/network", params={"limit": 10}))
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    codes = {c["code"] for c in _ok(client.get("/api/countries"))["items"]}
    assert {"AZE", "BLR", "RUS"} <= codes
    docs = _ok(client.get("/api/documents", params={"lang": "de", "limit": 5}))["items"]
    assert 0 < len(docs) <= 5 and all(d["lang"] == "de" for d in docs)
    hits = _ok(client.get("/api/search", params={"q": "Khrenin"}))["items"]
    assert hits and all("[Khrenin]" in h["snippet"] or "Khrenin" in h["snippet"] for h in hits)
    _err(client.get("/api/search"), 422)


def test_api_unknown_route_and_static_files(client):
    _err(client.get("/api/nothing-here"), 404)
    for sneaky in ("/static/../api.py", "/static/%2e%2e/api.py", "/static/..%2fapi.py"):
        r = client.get(sneaky)
        assert r.status_code == 404 or "create_app" not in r.text


def test_api_uploads_need_the_token(db_path, tmp_path, kb):
    body = {"documents": [{"id": "api_meet", "date": "2024-02-05", "text": (
        "Baku, 5 February 2024. Azerbaijan's Defence Minister Zakir Hasanov met Belarusian Defence Minister "
        "Viktor Khrenin in Baku on Monday to discuss military cooperation.")}]}
    with TestClient(create_app(db_path)) as ro:                 # started without a token: never writes
        _err(ro.post("/api/documents", json=body), 403)
    copy = tmp_path / "rw.duckdb"
    copy.write_bytes(db_path.read_bytes())
    with TestClient(create_app(copy, token=TOKEN, knowledge=kb)) as rw:
        before = _ok(rw.get("/api/health"))["documents"]
        assert _err(rw.post("/api/documents", json=body), 401)["code"] == "unauthorized"
        _err(rw.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"}), 401)
        _err(rw.post("/api/documents", json=body, headers={"Authorization": TOKEN + "x"}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        done = _ok(rw.post("/api/documents", json=body, headers=auth), 201)
        assert done["new"] == 1 and done["reports"] >= 1
        again = _ok(rw.post("/api/documents", json=body, headers=auth), 201)
        assert again["new"] == 0 and again["skipped"] == 1
        assert _ok(rw.get("/api/health"))["documents"] == before + 1
        found = _ok(rw.get("/api/events", params={"dyad": "AZE-BLR", "since": "2024-02-05", "until": "2024-02-05"}))
        assert found["total"] == 1
        _err(rw.post("/api/documents", json={"documents": []}, headers=auth), 422)
        _err(rw.post("/api/documents", json={"documents": [{"text": ""}]}, headers=auth), 422)
        _err(rw.post("/api/documents", content=b"{not json", headers={**auth, "Content-Type": "application/json"}),
             422)
        big = {"documents": [{"text": "x" * 6_000_000}]}
        _err(rw.post("/api/documents", json=big, headers=auth), 413)
