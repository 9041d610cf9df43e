"""The event database: `Store` (DuckDB), ingest and recode, queries, exports.

    >>> from accord.store import Store, ingest, events, Filters
    >>> with Store("accord.duckdb") as db:                       # doctest: +SKIP
    ...     ingest(db, ["samples/"], knowledge)
    ...     df = events(db, Filters(dyad="AZE-BLR", since="2019"))   # a pandas DataFrame
"""
from .db import DEFAULT_DB, Store, content_key, default_path
from .export import FORMATS, export
from .ingest import ingest, recode
from .query import (Filters, count_events, document, documents, dyads, events, events_arrow, records, search,
                    show, timeline)

__all__ = ["Store", "DEFAULT_DB", "default_path", "content_key", "ingest", "recode", "Filters", "events",
           "events_arrow", "count_events", "records", "show", "timeline", "dyads", "documents", "document",
           "search", "export", "FORMATS"]
