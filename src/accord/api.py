"""`accord serve`: the REST API and the dashboard over one database.

Read endpoints are open; `POST /api/documents` (code and store articles) needs
the token the server was started with (`--token` or ACCORD_TOKEN), sent as
`Authorization: Bearer TOKEN`: without a configured token writes are refused
(403), with a wrong or missing one the answer is 401. Every filter reaches SQL
as a parameter; page sizes and request bodies are bounded; every error is JSON
`{"error": {"code", "message"}}`."""

import hmac
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .errors import AccordError
from .store import Filters, Store
from .store.db import Snapshots
from .store import query as q

STATIC = Path(__file__).resolve().parent / "web"
MAX_PAGE = 500
MAX_BODY = 5_000_000            # bytes of a POST body
MAX_DOCS_PER_POST = 100
CACHE_SIZE = 5000               # answers a read-only server keeps
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CODE = r"^[A-Za-z0-9]{2,8}$"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


class DocumentIn(BaseModel):
    id: str | None = Field(None, max_length=200, description="Your id for the article (default: its hash)")
    text: str = Field(..., min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, pattern=DATE, description="The article's date, YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000)
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$")


class Upload(BaseModel):
    documents: list[DocumentIn] = Field(..., min_length=1, max_length=MAX_DOCS_PER_POST)


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:      # NaN from pandas
        return None
    return value


def _frame(df) -> list[dict]:
    return _json_safe(df.astype(object).where(df.notna(), None).to_dict(orient="records"))


def create_app(db_path: str | Path | None = None, token: str | None = None, knowledge=None,
               cors_origins: list[str] | None = None) -> FastAPI:
    """The app over the database at `db_path`. With a token it opens the database for
    writing too (uploads); without one, read-only."""
    token = token or None
    path = Path(db_path) if db_path else None
    # Read-only, the server reads the snapshots writers publish and never holds the database
    # itself, so `accord ingest` can write while it answers. With a token it is the writer.
    live = Snapshots(path) if token is None else None
    store = live or Store(path)
    write_lock = threading.Lock()
    app = FastAPI(title="accord", version=__version__,
                  description="Coded political events from news articles: events, actors, dyads, timelines "
                              "and the documents behind them.")
    app.state.store = store
    app.state.knowledge = knowledge
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"], allow_headers=[])

    @app.middleware("http")
    async def bounded_body(request: Request, call_next):
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return _error(413, "too_large", f"request body over {MAX_BODY} bytes")
        return await call_next(request)

    cache: OrderedDict[str, tuple[int, bytes, str]] = OrderedDict()
    cache_lock = threading.Lock()
    cache_view = [None]                    # the snapshot generation the cached answers came from
    app.state.cache_stats = {"hits": 0, "misses": 0}

    @app.middleware("http")
    async def read_only_cache(request: Request, call_next):
        """A read-only server's view changes only when a new snapshot is published, so a GET
        answer stays right until then: the last CACHE_SIZE answers of the current view are kept."""
        if live is None or request.method != "GET" or not request.url.path.startswith("/api/"):
            return await call_next(request)
        key = request.url.path + "?" + request.url.query
        live.current()
        with cache_lock:
            if cache_view[0] != live.generation:
                cache.clear()
                cache_view[0] = live.generation
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
                app.state.cache_stats["hits"] += 1
        if hit is not None:
            return Response(content=hit[1], status_code=hit[0], media_type=hit[2])
        response = await call_next(request)
        body = b"".join([chunk async for chunk in response.body_iterator])
        if response.status_code in (200, 404):
            with cache_lock:
                app.state.cache_stats["misses"] += 1
                cache[key] = (response.status_code, body, response.media_type or "application/json")
                while len(cache) > CACHE_SIZE:
                    cache.popitem(last=False)
        return Response(content=body, status_code=response.status_code, headers=dict(response.headers),
                        media_type=response.media_type)

    @app.exception_handler(ApiError)
    async def api_error(request, exc: ApiError):
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(AccordError)
    async def accord_error(request, exc: AccordError):
        status = 404 if exc.code == "E023" else 500
        return _error(status, exc.code, str(exc).replace(f" in database {store.path}", ""))  # no server paths

    @app.exception_handler(RequestValidationError)
    async def bad_params(request, exc: RequestValidationError):
        parts = ["/".join(str(x) for x in e.get("loc", ())[1:]) + ": " + e.get("msg", "") for e in exc.errors()]
        return _error(422, "bad_request", "; ".join(parts) or "bad request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc: StarletteHTTPException):
        return _error(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(ValueError)
    async def value_error(request, exc: ValueError):
        return _error(422, "bad_request", str(exc))

    def db():
        return (live.current() if live is not None else store).cursor()

    DB = Annotated[Store, Depends(db)]

    def filters(dyad: Annotated[str | None, Query(max_length=20, description="AZE-BLR: either direction")] = None,
                actor: Annotated[str | None, Query(max_length=100)] = None,
                country: Annotated[str | None, Query(pattern=CODE)] = None,
                type: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,12}$|^\d{2,4}$")] = None,  # noqa: A002
                since: Annotated[str | None, Query(pattern=DATE)] = None,
                until: Annotated[str | None, Query(pattern=DATE)] = None,
                lang: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
                all_status: bool = False) -> Filters:
        f = Filters(dyad=dyad, actor=actor, country=country, type=type, since=since, until=until, lang=lang,
                    status=None if all_status else "occurred")
        try:
            f.where()
        except ValueError as exc:
            raise ApiError(422, "bad_request", str(exc)) from exc
        return f

    F = Annotated[Filters, Depends(filters)]

    @app.get("/api/health")
    def health(con: DB) -> dict:
        return {"status": "ok", "version": __version__, "database": Path(store.path).name, "writable": token is not None,
                **con.counts()}

    @app.get("/api/events")
    def list_events(con: DB, f: F, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                    order: Annotated[str, Query(pattern=r"^(-?date|reports|seq)$")] = "date") -> dict:
        """Merged events (one per real-world event) matching the filters, a page at a time."""
        total = q.count_events(con, f)
        items = list(q.records(con, f, order=order, limit=limit, offset=offset))
        return {"total": total, "limit": limit, "offset": offset, "items": _json_safe(items)}

    @app.get("/api/events/{event_id}")
    def get_event(con: DB, event_id: Annotated[str, PathParam(max_length=40)]) -> dict:
        """One event with every report of it: document, language, evidence and why it was merged."""
        return _json_safe(q.show(con, event_id))

    @app.get("/api/actors")
    def list_actors(con: DB, q_: Annotated[str | None, Query(alias="q", max_length=100)] = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        """People in the database's actor knowledge, with how many events name them."""
        return _json_safe(q.actors(con, q_, limit, offset))

    @app.get("/api/actors/{actor_id}")
    def get_actor(con: DB, actor_id: Annotated[str, PathParam(max_length=120)]) -> dict:
        """A person's offices over time (from the knowledge base and from articles) and recent events."""
        return _json_safe(q.actor(con, actor_id))

    @app.get("/api/dyads")
    def list_dyads(con: DB, f: F, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> dict:
        return {"items": _frame(q.dyads(con, f, limit=limit))}

    @app.get("/api/timeline")
    def get_timeline(con: DB, f: F, a: Annotated[str, Query(pattern=CODE)], b: Annotated[str, Query(pattern=CODE)],
                     by: Annotated[str, Query(pattern=r"^(year|month)$")] = "month") -> dict:
        """Events between a and b (either direction) per month or year: QuadClass counts, mean Goldstein.
        Takes the event filters too (type, since, until, lang, all_status); `dyad` is a and b."""
        return {"a": a.upper(), "b": b.upper(), "by": by, "items": _frame(q.timeline(con, a, b, by=by, f=f))}

    @app.get("/api/network")
    def get_network(con: DB, f: F, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> dict:
        """Countries and organisations as nodes, event counts between them as weighted edges."""
        return _json_safe(q.network(con, f, limit=limit))

    @app.get("/api/countries")
    def list_countries(con: DB) -> dict:
        """Every country or organisation that takes part in an event: code, name, kind
        (country or organisation) and event count."""
        from .store.export import _reference
        countries, orgs, _ = _reference()
        items = []
        for row in q.participants(con):
            c, o = countries.get(row["code"]), orgs.get(row["code"])
            items.append({**row, "name": (c or o or {}).get("name") or row["code"],
                          "kind": "country" if c else "organisation" if o else "other"})
        return {"items": items}

    @app.get("/api/documents")
    def list_documents(con: DB, lang: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
                       limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                       offset: Annotated[int, Query(ge=0)] = 0) -> dict:
        return {"items": _frame(q.documents(con, lang=lang, limit=limit, offset=offset))}

    @app.get("/api/documents/{doc}")
    def get_document(con: DB, doc: Annotated[str, PathParam(max_length=200)]) -> dict:
        """A stored article's text and the character spans of every event's evidence in it."""
        d = q.document(con, doc)
        spans = [{"start": r["ev_start"], "end": r["ev_end"], "event_id": r["event_id"], "type": r["type"],
                  "cameo": r["cameo"]} for r in d.pop("reports")]
        return _json_safe({**d, "spans": spans})

    @app.get("/api/search")
    def search(con: DB, q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict:
        """Articles containing the words (any language; word* for any ending, "a phrase")."""
        return {"items": _json_safe(q.search(con, q_, limit=limit))}

    @app.post("/api/documents", status_code=201)
    def upload(body: Upload, authorization: Annotated[str | None, Header()] = None) -> dict:
        """Code articles and store them (needs the server's token)."""
        if token is None:
            raise ApiError(403, "forbidden", "this server was started without a token: uploads are disabled")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(401, "unauthorized", "a valid token is required: Authorization: Bearer TOKEN")
        from .model import Document
        from .options import Options
        from .store import content_key
        from .store.ingest import ingest_documents
        docs = [Document(id=d.id or content_key(d.text)[:16], text=d.text, title=d.title, date=d.date, url=d.url,
                         lang=d.lang, path="api") for d in body.documents]
        with write_lock:
            stats = ingest_documents(store, docs, _knowledge(app), Options())
        return stats

    if (STATIC / "index.html").exists():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def index():
            return FileResponse(STATIC / "index.html")

    return app


def from_environment() -> FastAPI:
    """The app for each process of `accord serve --workers N` (read-only)."""
    cors = [o for o in os.environ.get("ACCORD_SERVE_CORS", "").split(",") if o]
    return create_app(os.environ["ACCORD_SERVE_DB"], token=None, cors_origins=cors or None)


def _knowledge(app):
    if app.state.knowledge is None:
        from .knowledge import default_knowledge
        app.state.knowledge = default_knowledge()
    return app.state.knowledge


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
