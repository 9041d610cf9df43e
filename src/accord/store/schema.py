"""The database's tables, its schema version and the upgrades between versions.

Documents are keyed by a hash of their text; `reports` holds every event as
one document coded it (with its evidence); `events` holds the merged events,
one per real-world event, each report pointing to the event it joined and
saying why (`merge_note`)."""
from __future__ import annotations

SCHEMA_VERSION = 1

ACTOR_COLUMNS = ("text", "name", "country", "org", "sector", "role", "actor_id")


def _actor_columns(prefix: str) -> str:
    return ", ".join(f"{prefix}_{c} VARCHAR" for c in ACTOR_COLUMNS)


_EVENT_CORE = f"""
    type VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR NOT NULL, goldstein DOUBLE, quad_class INTEGER,
    status VARCHAR NOT NULL, date VARCHAR, date_lo DATE, date_hi DATE,
    src_key VARCHAR NOT NULL, tgt_key VARCHAR NOT NULL,
    {_actor_columns("src")}, {_actor_columns("tgt")},
    loc_name VARCHAR, loc_country VARCHAR, loc_lat DOUBLE, loc_lon DOUBLE,
    confidence DOUBLE"""

TABLES = {
    "meta": "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "runs": """CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY, command VARCHAR, started TIMESTAMP, finished TIMESTAMP,
        accord_version VARCHAR, knowledge_version VARCHAR, inputs VARCHAR, status VARCHAR,
        docs_read INTEGER DEFAULT 0, docs_new INTEGER DEFAULT 0, docs_skipped INTEGER DEFAULT 0,
        reports INTEGER DEFAULT 0, events_new INTEGER DEFAULT 0, rejected INTEGER DEFAULT 0,
        changes VARCHAR)""",
    "documents": """CREATE TABLE documents (
        doc_key VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, seq BIGINT NOT NULL, path VARCHAR,
        line_no INTEGER, url VARCHAR, title VARCHAR, lang VARCHAR, doc_date VARCHAR, given_date VARCHAR,
        n_chars INTEGER, text VARCHAR NOT NULL, run_id INTEGER, coded_with VARCHAR)""",
    "reports": f"""CREATE TABLE reports (
        report_id VARCHAR PRIMARY KEY, doc_key VARCHAR NOT NULL, doc_id VARCHAR NOT NULL, ord INTEGER,
        event_id VARCHAR NOT NULL, merge_note VARCHAR, {_EVENT_CORE},
        lang VARCHAR, evidence VARCHAR, ev_start INTEGER, ev_end INTEGER, explain VARCHAR)""",
    "events": f"""CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, sym BOOLEAN, {_EVENT_CORE},
        n_reports INTEGER, n_docs INTEGER, langs VARCHAR, first_report VARCHAR)""",
    "rejections": """CREATE TABLE rejections (
        path VARCHAR NOT NULL, line INTEGER NOT NULL, code VARCHAR NOT NULL, reason VARCHAR,
        doc_id VARCHAR, run_id INTEGER, PRIMARY KEY (path, line, code))""",
    "actors": """CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY, name VARCHAR, source VARCHAR)""",
    "offices": """CREATE TABLE offices (
        actor_id VARCHAR NOT NULL, country VARCHAR, org VARCHAR, sector VARCHAR, role VARCHAR,
        start_date VARCHAR, end_date VARCHAR, source VARCHAR, note VARCHAR)""",
    "learned": """CREATE TABLE learned (
        doc_key VARCHAR NOT NULL, name VARCHAR NOT NULL, role VARCHAR NOT NULL, actor_id VARCHAR,
        country VARCHAR, org VARCHAR, sector VARCHAR, since VARCHAR, evidence VARCHAR,
        PRIMARY KEY (doc_key, name, role))""",
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS reports_event ON reports(event_id)",
    "CREATE INDEX IF NOT EXISTS reports_doc ON reports(doc_key)",
    "CREATE INDEX IF NOT EXISTS events_pair ON events(type, src_key, tgt_key)",
)

# version -> statements that bring a database of version-1 up to it
UPGRADES: dict[int, tuple[str, ...]] = {}


def create(con) -> None:
    for ddl in TABLES.values():
        con.execute(ddl)
    for ddl in INDEXES:
        con.execute(ddl)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def version(con) -> int | None:
    have = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if "meta" not in have:
        return None
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else None
