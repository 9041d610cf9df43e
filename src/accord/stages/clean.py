"""Boilerplate removal that keeps offsets: lines are marked, never cut.

A line is left out of coding when every part of it (parts are separated by
runs of two or more spaces or tabs) is boilerplate by a pattern of
data/common/boilerplate.tsv or a language's boilerplate.tsv, or when it
repeats an earlier line (a headline printed again as the first body line)."""
from __future__ import annotations

import re

from ..model import Document, Line

PART_SPLIT = re.compile(r"\s{2,}|\t")


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(body), body))
        pos += len(raw)
    return lines


def boilerplate_re(knowledge) -> re.Pattern:
    """Every language's and the common boilerplate patterns as one expression (built once)."""
    if knowledge._boilerplate_re is None:
        patterns = list(knowledge.boilerplate)
        for pack in knowledge.languages.values():
            patterns.extend(pack.boilerplate)
        knowledge._boilerplate_re = re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!x)x",
                                               re.IGNORECASE)
    return knowledge._boilerplate_re


def clean(doc: Document, knowledge, options) -> Document:
    pattern = boilerplate_re(knowledge)
    seen: set[str] = set()
    doc.lines = split_lines(doc.text)
    for line in doc.lines:
        stripped = line.text.strip()
        if not stripped:
            line.excluded = "empty"
            continue
        key = " ".join(stripped.split()).casefold()
        if key in seen:
            line.excluded = "duplicate"
            continue
        seen.add(key)
        parts = [p for p in PART_SPLIT.split(stripped) if p.strip()]
        kept = [p for p in parts if not pattern.fullmatch(p.strip())]
        if not kept:
            line.excluded = "boilerplate"
    return doc
