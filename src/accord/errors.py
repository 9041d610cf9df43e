"""The error catalogue: every error accord raises or reports has a stable code.

Library code raises `AccordError` (or returns a `Rejection` carrying the same
code); only the CLI turns them into messages and exit statuses.
"""
from __future__ import annotations

MESSAGES = {
    "E001": "file not found",
    "E002": "empty input: the document has no text",
    "E003": "binary file: the input does not look like text",
    "E004": "cannot decode the file as UTF-8, UTF-16 or a common 8-bit encoding",
    "E005": "malformed JSON line: {detail}",
    "E006": "document too large: {size} characters (limit {limit}); split it or raise --max-chars",
    "E007": "JSON line has no text: give a 'text' field",
    "E008": "unsupported input kind: {detail}",
    "E009": "unreadable HTML: no main text found",
    "E010": "knowledge file {path}:{line}: {detail}",
    "E011": "unknown language {detail}: accord has data for {known}",
    "E012": "bad date {detail}: use YYYY-MM-DD, YYYY-MM or YYYY",
    "E013": "coding failed: {detail}",
    "E014": "cannot read {detail}",
    "E015": "the worker process died while coding the document",
    "E017": "document given up after {seconds} s ({size} characters): over the time budget; raise --time-budget "
            "or split the document",
    "E016": "the Spark engine cannot start: {detail}. It needs Java {minimum} or newer (e.g. Debian's "
            "openjdk-17-jre-headless) and pyspark: pip install 'accord[spark]'",
    "E020": "database {path}: {detail}",
    "E021": "database {path} is in use by another accord process (DuckDB allows one writer); "
            "wait for it to finish or use another --db",
    "E022": "database {path} was written by a newer accord (schema {found}, this accord knows {known}); "
            "upgrade accord",
    "E023": "no such {detail} in database {path}",
    "E024": "database {path}: writing failed ({detail}); this batch was rolled back and the database holds "
            "every batch before it. Free space or fix the permissions and run the same command again: "
            "documents already stored are skipped",
}


class AccordError(Exception):
    """An error with a stable code and a message that says what to do."""

    def __init__(self, code: str, **details):
        self.code = code
        self.details = details
        template = MESSAGES.get(code, "{detail}")
        try:
            text = template.format(**details)
        except KeyError:
            text = template
        super().__init__(f"[{code}] {text}")


class KnowledgeError(AccordError):
    def __init__(self, path, line, detail):
        super().__init__("E010", path=path, line=line, detail=detail)


class StoreError(AccordError):
    """A problem with the event database, with its path."""
