"""Reading knowledge files: TSV and YAML with their shape checked at load time."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import KnowledgeError


def read_tsv(path: Path, columns: tuple[str, ...], required: int | None = None) -> list[dict[str, str]]:
    """Rows of a TSV file as dicts; the header must name `columns` in order.

    Lines starting with '#' and blank lines are skipped. `required` is how
    many leading columns must be non-empty (default: the first)."""
    if not path.exists():
        return []
    required = 1 if required is None else required
    rows: list[dict[str, str]] = []
    header_seen = False
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if not header_seen:
                header_seen = True
                got = tuple(c.strip() for c in cells)
                if got[: len(columns)] != columns:
                    raise KnowledgeError(path, n, f"header {got} should be {columns}")
                continue
            if len(cells) > len(columns):
                raise KnowledgeError(path, n, f"{len(cells)} columns, expected at most {len(columns)}")
            cells = [c.strip() for c in cells] + [""] * (len(columns) - len(cells))
            if any(not cells[i] for i in range(required)):
                raise KnowledgeError(path, n, f"the first {required} column(s) must not be empty")
            rows.append(dict(zip(columns, cells)) | {"_line": str(n)})
    return rows


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML 1.2 booleans: only true/false are booleans, so words such as
    "on", "no" or "yes" in a lexicon stay words. Parsed by libyaml when PyYAML has it
    (several times faster on the large trigger files)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def read_yaml(path: Path, default=None):
    if not path.exists():
        return default
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KnowledgeError(path, mark.line + 1 if mark else 0, str(exc).splitlines()[0]) from exc
    return default if data is None else data
