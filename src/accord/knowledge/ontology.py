"""CAMEO codes, PLOVER types, intents and roles, from data/ontology/."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KnowledgeError
from .files import read_tsv

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
# PLOVER's own quad per type (plover.md section 2); SANCTION counted as material conflict.
PLOVER_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
               "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
               "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    goldstein: float
    quad: int
    plover_type: str
    plover_mode: str


@dataclass
class Ontology:
    codes: dict[str, Code] = field(default_factory=dict)
    # type -> [(prefix, code, intent type)]: what a future-tense event of that type becomes
    intents: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    # type -> [(prefix, REJECT code)]: what a denied future event ("will not sign") becomes
    refusals: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    roles: dict[str, tuple[str, bool]] = field(default_factory=dict)         # role -> (sector, one_holder)
    domestic: frozenset = frozenset()      # (type, CAMEO prefix) whose unnamed recipient is the actor's own country
    lead_recipient: frozenset = frozenset()   # … whose unnamed recipient is the lead's other actor
    scores: dict[tuple[str, str], float] = field(default_factory=dict)     # (type, mode or "") -> PLOVER score
    sectors: dict[str, tuple[str, str]] = field(default_factory=dict)      # CAMEO sector -> (name, PLOVER code)

    def plover_score(self, etype: str, mode: str | None) -> float | None:
        """PLOVER's conflict-cooperation score of a type and mode (plover_scores.tsv)."""
        return self.scores.get((etype, mode or ""), self.scores.get((etype, "")))

    def label(self, cameo: str) -> str:
        c = self.code(cameo)
        return c.name if c else ""

    def code(self, cameo: str) -> Code | None:
        c = self.codes.get(cameo)
        while c is None and len(cameo) > 2:
            cameo = cameo[:-1]
            c = self.codes.get(cameo)
        return c

    def goldstein(self, cameo: str) -> float:
        c = self.code(cameo)
        return c.goldstein if c else 0.0

    def quad(self, cameo: str, etype: str) -> int:
        c = self.code(cameo)
        return c.quad if c else PLOVER_QUAD.get(etype, 1)

    def intent_of(self, etype: str, cameo: str) -> tuple[str, str] | None:
        """(type, CAMEO code) of a promised or planned event of this kind, or None.

        Promised cooperation is AGREE with its 03x code; a promised concession stays
        CONCEDE, an announced retreat is CONCEDE, a stated intent to attack is THREATEN."""
        rows = self.intents.get(etype)
        if not rows:
            return None
        best = _longest_prefix(rows, cameo)
        if best is None:
            return None
        return best[2], best[1] or cameo

    def refusal_of(self, etype: str, cameo: str) -> str | None:
        """The REJECT code of a cooperative event the text says will not happen ("would not
        provide support": refusing material cooperation), or None."""
        best = _longest_prefix(self.refusals.get(etype, ()), cameo)
        return best[1] if best else None


def _longest_prefix(rows, cameo: str):
    return max((r for r in rows if cameo.startswith(r[0])), key=lambda r: len(r[0]), default=None)


def load_ontology(root: Path) -> Ontology:
    onto = Ontology()
    path = root / "cameo.tsv"
    for r in read_tsv(path, ("code", "name", "goldstein", "quad", "plover_type", "plover_mode")):
        try:
            onto.codes[r["code"]] = Code(r["code"], r["name"], float(r["goldstein"] or 0),
                                         int(r["quad"] or 0), r["plover_type"], r["plover_mode"])
        except ValueError as exc:
            raise KnowledgeError(path, r["_line"], str(exc)) from exc
    path = root / "intents.tsv"
    for r in read_tsv(path, ("type", "cameo_prefix", "intent_cameo", "intent_type")):
        itype = r["intent_type"] or "AGREE"
        if r["intent_cameo"] and r["intent_cameo"] not in onto.codes:
            raise KnowledgeError(path, r["_line"], f"unknown CAMEO code {r['intent_cameo']!r}")
        if itype not in PLOVER_QUAD:
            raise KnowledgeError(path, r["_line"], f"unknown event type {itype!r}")
        onto.intents.setdefault(r["type"], []).append((r["cameo_prefix"], r["intent_cameo"], itype))
    for r in read_tsv(root / "roles.tsv", ("role", "sector", "one_holder")):
        onto.roles[r["role"]] = (r["sector"], r["one_holder"] == "yes")
    path = root / "refusals.tsv"
    for r in read_tsv(path, ("type", "cameo_prefix", "refusal_cameo")):
        if onto.codes.get(r["refusal_cameo"]) is None or onto.codes[r["refusal_cameo"]].plover_type != "REJECT":
            raise KnowledgeError(path, r["_line"], f"{r['refusal_cameo']!r} is no REJECT code")
        onto.refusals.setdefault(r["type"], []).append((r["cameo_prefix"], r["refusal_cameo"]))
    recipients = read_tsv(root / "recipients.tsv", ("type", "cameo_prefix", "missing_recipient"))
    for r in recipients:
        if r["missing_recipient"] not in ("own_country", "lead_counterpart"):
            raise KnowledgeError(root / "recipients.tsv", r["_line"], f"unknown rule {r['missing_recipient']!r}")
    onto.domestic = frozenset((r["type"], r["cameo_prefix"]) for r in recipients
                              if r["missing_recipient"] == "own_country")
    onto.lead_recipient = frozenset((r["type"], r["cameo_prefix"]) for r in recipients
                                    if r["missing_recipient"] == "lead_counterpart")
    path = root / "plover_scores.tsv"
    for r in read_tsv(path, ("type", "mode", "score")):
        try:
            onto.scores[(r["type"], r["mode"])] = float(r["score"])
        except ValueError as exc:
            raise KnowledgeError(path, r["_line"], str(exc)) from exc
    for r in read_tsv(root / "sectors.tsv", ("code", "name", "plover")):
        onto.sectors[r["code"]] = (r["name"], r["plover"])
    return onto
