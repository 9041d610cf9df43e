"""One frozen options object, passed explicitly to every stage."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    lang: str | None = None                # force the document language
    doc_date: str | None = None            # the document date when the input has none
    max_chars: int = 2_000_000             # longer documents are rejected (E006)
    keep_unresolved: bool = False          # also emit events whose target could not be found
    line_lang_min_chars: int = 40          # shorter lines take the document's language
    time_budget: float | None = 120.0      # seconds a document may take before it is given up (E017)
