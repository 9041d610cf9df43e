"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) as comparable ranges."""
from __future__ import annotations

import calendar
import re
from datetime import date

PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(text: str | None) -> tuple[date, date] | None:
    """The first and last day a partial date covers, or None."""
    if not text:
        return None
    m = PARTIAL_RE.match(text.strip())
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    return date(y, 1, 1), date(y, 12, 31)


def valid_partial(text: str | None) -> bool:
    try:
        return parse_partial(text) is not None
    except ValueError:
        return False



def within(inner: str | None, outer: str | None) -> bool:
    """True when the partial date `inner` lies inside `outer`."""
    a, b = parse_partial(inner), parse_partial(outer)
    return bool(a and b and b[0] <= a[0] and a[1] <= b[1])
