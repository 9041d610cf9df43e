"""Regular expressions for date expressions, built from CLDR names (babel).

Month and weekday names come from CLDR for the language; relative day words
and year cues from data/<lang>/dates.yaml. The expressions only find and
classify candidates; dateparser resolves them (stages/dates.py)."""
from __future__ import annotations

import re

from babel import Locale

from .patterns import normalise


def cldr_weekdays(code: str) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        loc = Locale.parse(code)
    except Exception:  # noqa: BLE001 - no CLDR data: no weekday names
        return out
    for ctx in ("format", "stand-alone"):
        for num, name in loc.days.get(ctx, {}).get("wide", {}).items():
            out[normalise(name)] = num     # 0 = Monday
    return out


def build_date_re(months: dict[str, int], relative: dict[str, int], weekdays: dict[str, int],
                  year_cues: list[str], joiners: list[str] = (), slash_order: str = "dmy",
                  day_suffixes: list[str] = (), month_cues: list[str] = ()) -> re.Pattern:
    """`joiners`: words between day, month and year ("14 de diciembre de 2022"); `slash_order`:
    how the language writes 12/07/2021 ("dmy", or "mdy" for US English); `day_suffixes`:
    ordinal endings of a day before its month ("1er mars", "1st March")."""
    alt = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731
    month = f"(?:{alt(months)})" if months else "(?!x)x"
    rel = f"(?:{alt(relative)})" if relative else "(?!x)x"
    wday = f"(?:{alt(weekdays)})" if weekdays else "(?!x)x"
    cues = f"(?:{alt(normalise(c) for c in year_cues)})" if year_cues else "(?!x)x"
    year = r"(?P<{}>(?:1[89]|20)\d{{2}})(?!\d)"
    join = rf"(?:(?:{alt(joiners)})\s+)?" if joiners else ""
    ordinal = rf"(?:{alt(day_suffixes)})?" if day_suffixes else ""
    mcues = f"(?:{alt(normalise(c) for c in month_cues)})" if month_cues else "(?!x)x"
    first, second = ("sm", "sd") if slash_order == "mdy" else ("sd", "sm")
    parts = [
        r"(?<![\d-])(?P<iy>(?:1[89]|20)\d{2})-(?P<im>[01]\d)(?:-(?P<id>[0-3]\d))?(?![\d-])",
        r"(?<![\d.])(?P<nd>[0-3]?\d)\.(?P<nm>[01]?\d)\.(?P<ny>(?:1[89]|20)\d{2})(?!\d)",
        rf"(?<![\d\w])(?P<dd>[0-3]?\d){ordinal}\.?\s+{join}(?P<dm>{month})\.?(?:,?\s+{join}{year.format('dy')})?",
        rf"(?<!\w)(?P<mm>{month})\.?\s+(?P<md>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?(?:,?\s+{year.format('my')})?",
        rf"(?<!\w)(?P<om>{month})\.?,?\s+{join}{year.format('oy')}",
        rf"(?<![\d/])(?P<{first}>[0-3]?\d)/(?P<{second}>[0-3]?\d)/(?P<sy>(?:1[89]|20)\d{{2}})(?![\d/])",
        rf"(?<!\w){cues}\s+{year.format('cy')}",
        # "in March", "im März": a month with no day or year, the latest one up to the article
        rf"(?<!\w){mcues}\s+(?P<bm>{month})(?!\w)(?!\.?,?\s+{join}(?:\d|(?:1[89]|20)\d{{2}}))",
        rf"(?<!\w)(?P<rel>{rel})(?!\w)",
        rf"(?<!\w)(?P<wd>{wday})(?!\w)",
    ]
    # month-year must win over month-day when the "day" is the start of a year
    ordered = [parts[0], parts[1], parts[5], parts[4], parts[2], parts[3], parts[6], parts[7], parts[8], parts[9]]
    return re.compile("|".join(f"(?:{p})" for p in ordered), re.IGNORECASE)
