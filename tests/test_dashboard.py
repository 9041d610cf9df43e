"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

The module codes the English, German and Russian samples and tests/data/store into
its own database, serves it with `accord serve` on a free port, and walks through the
dashboard as an analyst would: the home page, the AZE–BLR pair (timeline, filtered
event table), an event with every report and its marked evidence, an actor's
offices, the actor search, the network; then the same pages on a 375px-wide phone,
and the API's errors as a person sees them. Every step saves a screenshot to
tests/artifacts/. Console errors, page errors and requests that leave the server
fail the test.

Without the `playwright` package or /usr/bin/chromium the tests are skipped, unless
ACCORD_REQUIRE_BROWSER=1, which makes them fail instead. Playwright's own browser
downloads are never used (`executable_path` points at Debian's Chromium)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
CORPUS = [ROOT / "samples" / "en", ROOT / "samples" / "de", ROOT / "samples" / "ru", ROOT / "tests" / "data" / "store"]
TIMEOUT_MS = 20_000


def _missing() -> list[str]:
    why = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why.append("the Python package playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        why.append(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    return why


_WHY = _missing()
_REQUIRED = os.environ.get("ACCORD_REQUIRE_BROWSER") == "1"
_MESSAGE = "browser tests need a browser: " + "; ".join(_WHY)

# skipped before any fixture runs (no knowledge loaded, no database built) ...
pytestmark = pytest.mark.skipif(bool(_WHY) and not _REQUIRED, reason=_MESSAGE)


@pytest.fixture(scope="session")
def browser_ready():
    """... and failed instead when ACCORD_REQUIRE_BROWSER=1 says the browser must be there."""
    if _WHY:
        pytest.fail(_MESSAGE + " (ACCORD_REQUIRE_BROWSER=1)")


@pytest.fixture(scope="module")
def dashboard_db(browser_ready, kb, tmp_path_factory) -> Path:
    from accord.store import Store, ingest
    path = tmp_path_factory.mktemp("dashboard") / "dash.duckdb"
    with Store(path) as db:
        ingest(db, CORPUS, kb)
        assert db.counts()["events"] > 0
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(dashboard_db, tmp_path_factory):
    """`accord serve` over the module's database; yields its base URL, stops it at the end."""
    port = _free_port()
    exe = Path(sys.executable).parent / "accord"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "accord"]
    cmd += ["serve", "--db", str(dashboard_db), "--host", "127.0.0.1", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_TOKEN"}       # read-only server
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"accord serve exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
                try:
                    if _get(base + "/api/health").get("status") == "ok":
                        break
                except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"accord serve did not answer /api/health in 90 s:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watched:
    """A page with everything that went wrong on it: console errors, uncaught exceptions,
    and requests that tried to leave the server (aborted)."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.console: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []

    def problems(self, allow_http_errors: bool = False) -> list[str]:
        console = [m for m in self.console
                   if not (allow_http_errors and "Failed to load resource: the server responded with a status of 4" in m)]
        return ([f"console error: {m}" for m in console] + [f"page error: {e}" for e in self.errors]
                + [f"external request: {u}" for u in self.external])

    def shot(self, name: str, full_page: bool = True) -> Path:
        text = self.page.inner_text("body")
        for junk in ("undefined", "[object ", "NaN", "nullnull"):
            assert junk not in text, f"{name}: the page shows {junk!r}"
        path = ARTIFACTS / f"dashboard-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 1000
        return path

    def goto(self, hash_: str):
        self.page.goto(self.base + "/" + hash_)

    def hash(self) -> str:
        return self.page.evaluate("location.hash")


@contextmanager
def watched(browser, base, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    w = Watched(page, base)
    page.on("console", lambda m: w.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))

    def only_local(route):
        url = route.request.url
        if url.startswith(base + "/"):
            route.continue_()
        else:
            w.external.append(url)
            route.abort()
    context.route("**/*", only_local)
    try:
        yield w
    finally:
        context.close()


def _wait_hash(w: Watched, prefix: str):
    w.page.wait_for_function("p => location.hash.startsWith(p)", arg=prefix)


def test_dashboard_walkthrough(server, browser):
    health = _get(server + "/api/health")
    pair = _get(server + "/api/events?dyad=AZE-BLR&limit=500")
    assert pair["total"] >= 2
    merged = max(pair["items"], key=lambda e: e["reports"])
    assert merged["reports"] >= 2, "the store's test pair should give one event with two reports"
    shown = _get(server + "/api/events/" + merged["event_id"])

    with watched(browser, server, viewport={"width": 1280, "height": 900}) as w:
        page = w.page
        # 1. home: counts from /api/health, the most active pairs
        w.goto("")
        page.wait_for_selector("[data-testid=count-events]")
        assert page.inner_text("[data-testid=count-events]").split()[0].replace(",", "") == str(health["events"])
        page.wait_for_selector("#dyads [data-testid=dyad-row]")
        assert page.locator("#dyads [data-testid=dyad-row]").count() >= 5
        w.shot("01-home")

        # 2. pick the pair AZE–BLR
        page.wait_for_selector("#pair-a option[value=AZE]", state="attached")
        page.select_option("#pair-a", "AZE")
        page.select_option("#pair-b", "BLR")
        page.click("#pair-go")
        _wait_hash(w, "#/pair/AZE/BLR")
        page.wait_for_selector("#timeline svg g.bar")
        page.wait_for_selector("#events-table [data-testid=event-row]")
        timeline = _get(server + "/api/timeline?a=AZE&b=BLR&by=month")
        assert page.locator("#timeline svg g.bar").count() == len(timeline["items"])
        assert page.locator("#timeline svg text", has_text="cooperation").count() == 1
        assert page.locator("#timeline svg text", has_text="conflict").count() == 1
        assert page.locator("#events-table [data-testid=event-row]").count() == min(pair["total"], 25)
        header = [t.strip().lower() for t in page.locator("#events-table thead th").all_inner_texts()]
        assert header == ["date", "type", "cameo", "source", "target", "place", "reports"]
        w.shot("02-pair")

        # 3. a bar of the timeline lists that month's events; the type filter; reset
        first = timeline["items"][0]["period"]
        in_month = _get(server + f"/api/events?dyad=AZE-BLR&since={first}&until={first}&limit=500")["total"]
        page.click("#timeline svg g.bar >> nth=0")
        _wait_hash(w, f"#/pair/AZE/BLR?since={first}&until={first}")
        page.wait_for_function("n => document.querySelectorAll('#events-table [data-testid=event-row]').length === n",
                               arg=in_month)
        assert page.input_value("#f-since") == first
        page.click("[data-testid=filter-reset]")
        page.wait_for_function("n => document.querySelectorAll('#events-table [data-testid=event-row]').length === n",
                               arg=min(pair["total"], 25))
        consult = _get(server + "/api/events?dyad=AZE-BLR&type=CONSULT&limit=500")["total"]
        page.fill("#f-type", "consult")
        page.click("[data-testid=filter-apply]")
        _wait_hash(w, "#/pair/AZE/BLR?type=CONSULT")
        page.wait_for_function("n => document.querySelectorAll('#events-table [data-testid=event-row]').length === n",
                               arg=consult)
        types = page.locator("#events-table [data-testid=event-row] td.c-type .type").all_inner_texts()
        assert types and set(types) == {"CONSULT"}
        w.shot("03-pair-filtered")
        page.click("[data-testid=filter-reset]")
        page.wait_for_function("n => document.querySelectorAll('#events-table [data-testid=event-row]').length === n",
                               arg=min(pair["total"], 25))

        # 4. open the event that two articles reported
        page.click(f"#events-table tr[data-event-id='{merged['event_id']}'] a.event-link")
        _wait_hash(w, "#/event/" + merged["event_id"])
        page.wait_for_selector("#event-page #event-record")
        n_reports = len(shown["reports"])
        page.wait_for_function("n => document.querySelectorAll('#event-page mark.evidence.current').length >= n",
                               arg=n_reports)
        assert page.locator("#event-page [data-testid=report]").count() == n_reports
        marks = page.locator("#event-page mark.evidence").all_inner_texts()
        assert shown["event"]["evidence"]["text"] in marks
        current = page.locator("#event-page mark.evidence.current").all_inner_texts()
        for r in shown["reports"]:
            assert r["evidence"] in current, r["report_id"]
        notes = page.locator("#event-page [data-testid=merge-note]").all_inner_texts()
        assert any(r["merge_note"] and r["merge_note"] in t for r in shown["reports"] for t in notes)
        record = page.inner_text("#event-record")
        for field in ("CAMEO", "Goldstein", "Status", "Place", shown["event"]["cameo"]):
            assert field in record
        assert page.inner_text("#source-actor-link") == shown["event"]["source"]["name"]
        w.shot("04-event")

        # 5. the source actor: offices over time and recent events
        actor_id = shown["event"]["source"]["actor_id"]
        assert actor_id == "p:zakir-hasanov"
        actor = _get(server + "/api/actors/" + actor_id)
        page.click("#source-actor-link")
        _wait_hash(w, "#/actor/")
        page.wait_for_selector("#actor-page #offices li")
        assert page.inner_text("[data-testid=actor-name]") == actor["name"]
        assert page.locator("#offices li").count() == len(actor["offices"]) >= 1
        assert page.locator("#offices-chart svg rect.office-bar").count() == len(actor["offices"])
        assert page.locator("#actor-events [data-testid=event-row]").count() == len(actor["events"]) >= 1
        w.shot("05-actor")

        # 6. the people search (and its text is text, never HTML)
        page.fill("#actor-q", "<b>nobody</b>")
        page.wait_for_selector("#actor-results li.empty")
        assert "<b>nobody</b>" in page.inner_text("#actor-results")
        assert page.locator("#actor-results b").count() == 0
        page.fill("#actor-q", "Khrenin")
        page.wait_for_selector("#actor-results a[data-testid=actor-result]")
        assert "null" not in page.inner_text("#actor-results")
        w.shot("06-actor-search", full_page=False)
        page.click("#actor-results a[data-testid=actor-result]")
        _wait_hash(w, "#/actor/p%3Aviktor-khrenin")
        page.wait_for_selector("#actor-page #offices li")
        assert page.inner_text("[data-testid=actor-name]") == "Viktor Khrenin"

        # 7. the network; a click on a line opens that pair
        network = _get(server + "/api/network?limit=100")
        page.click("#nav-network")
        _wait_hash(w, "#/network")
        page.wait_for_selector("#network svg a.edge")
        assert page.locator("#network svg a.edge").count() == len(network["edges"])
        assert page.locator("#network svg .node").count() == len(network["nodes"])
        w.shot("07-network")
        target = page.evaluate("""() => {
            for (const a of document.querySelectorAll('#network svg a.edge')) {
                const l = a.querySelector('line.edge-line');
                const r = l.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.closest('a.edge') === a) return {pair: a.dataset.pair, x, y};
            }
            return null;
        }""")
        assert target, "no network edge can be clicked at its middle"
        page.mouse.click(target["x"], target["y"])
        a, b = target["pair"].split("-")
        _wait_hash(w, f"#/pair/{a}/{b}")
        page.wait_for_selector("#events-table [data-testid=event-row]")

        assert w.problems() == []


PHONE_PAGES = [
    ("08-phone-home", "", "#dyads [data-testid=dyad-row]"),
    ("09-phone-pair", "#/pair/AZE/BLR", "#events-table [data-testid=event-row]"),
    ("10-phone-event", None, "#event-page mark.evidence.current"),
    ("11-phone-actor", "#/actor/p:zakir-hasanov", "#actor-page #offices li"),
    ("12-phone-network", "#/network", "#network svg a.edge"),
]


def test_dashboard_on_a_phone_has_no_horizontal_scroll(server, browser):
    merged = max(_get(server + "/api/events?dyad=AZE-BLR&limit=500")["items"], key=lambda e: e["reports"])
    with watched(browser, server, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                 device_scale_factor=1) as w:
        for name, hash_, ready in PHONE_PAGES:
            w.goto(hash_ if hash_ is not None else "#/event/" + merged["event_id"])
            w.page.wait_for_selector(ready)
            w.page.wait_for_load_state("networkidle")
            sizes = w.page.evaluate("""() => ({inner: window.innerWidth,
                doc: document.documentElement.scrollWidth, body: document.body.scrollWidth})""")
            assert sizes["inner"] == 375, sizes
            assert sizes["doc"] <= sizes["inner"] and sizes["body"] <= sizes["inner"], (name, sizes)
            w.shot(name)
        assert w.problems() == []


def test_dashboard_shows_the_api_errors(server, browser):
    with watched(browser, server, viewport={"width": 1280, "height": 800}) as w:
        w.goto("#/event/e-0000000000000000")
        box = w.page.wait_for_selector("#event-page [data-testid=error]")
        assert "no such event" in box.inner_text() and "404" in box.inner_text()
        w.shot("13-error-missing-event")
        w.goto("#/pair/AZE/BLR?since=2019x")
        box = w.page.wait_for_selector("#events-box [data-testid=error]")
        assert "since" in box.inner_text() and "422" in box.inner_text()
        w.shot("14-error-bad-filter")
        # the browser itself logs the failed requests; nothing else may go wrong
        assert w.problems(allow_http_errors=True) == []
