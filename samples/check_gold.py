#!/usr/bin/env python3
"""Check gold files against their articles and the reference tables.

    python3 samples/check_gold.py [GOLD ...] [--reference DIR]

GOLD defaults to samples/gold.jsonl; the articles are the `LANG/*.txt` files
beside each gold file, for the languages that gold file holds.

Checks: every line parses; ids match the article files one to one; every
event has one of the 16 PLOVER types, a CAMEO code listed in cameo.md, a
mode from the type's PLOVER mode list (or null), an actor key (country or
org) on both sides, a well-formed date, and an evidence string that occurs
verbatim in its article. Prints a summary; exits 1 on any error.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"},
}
# CAMEO root -> PLOVER types it may carry in this gold set (02x appeals are REQUEST, as in the seeds;
# 16x and convictions are SANCTION as the PLOVER manual describes, see README)
ROOT_TYPES = {
    "02": {"REQUEST"}, "03": {"AGREE"}, "04": {"CONSULT"}, "05": {"SUPPORT"}, "06": {"COOPERATE"},
    "07": {"AID"}, "08": {"CONCEDE", "RETREAT"}, "09": {"ACCUSE"}, "10": {"REQUEST"},
    "11": {"ACCUSE"}, "12": {"REJECT"}, "13": {"THREATEN"}, "14": {"PROTEST"}, "15": {"MOBILIZE"},
    "16": {"SANCTION"}, "17": {"COERCE", "ASSAULT"}, "18": {"ASSAULT"}, "19": {"ASSAULT", "COERCE"},
    "20": {"ASSAULT"},
}
SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
           "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO", "NGO"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIELDS = ["type", "mode", "cameo", "source", "target", "date", "evidence", "status", "optional", "location"]


def cameo_codes(cameo_md: Path) -> set[str]:
    text = cameo_md.read_text(encoding="utf-8")
    section = text.split("## 4. Every event code", 1)[1].split("## 5.", 1)[0]
    return set(re.findall(r"^\| (\d{2,4}) \|", section, flags=re.M))


def check(reference: Path, gold: Path) -> int:
    errors: list[str] = []
    codes = cameo_codes(reference / "cameo.md")
    lines = gold.read_text(encoding="utf-8").splitlines()
    docs = []
    for n, line in enumerate(lines, 1):
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{gold.name}:{n}: does not parse ({exc})")
    held = {d.get("lang") for d in docs if isinstance(d, dict)}
    files = {p.stem: p for p in gold.parent.glob("*/*.txt") if p.parent.name in held}
    ids = [d.get("id") for d in docs]
    for dup in {i for i in ids if ids.count(i) > 1}:
        errors.append(f"{dup}: id appears twice")
    for missing in sorted(set(files) - set(ids)):
        errors.append(f"{missing}: article has no gold line")
    per_type, per_lang_types = Counter(), defaultdict(set)
    req_type, opt_count, req_count = Counter(), 0, 0
    langs = Counter()
    for d in docs:
        did = d.get("id")
        path = files.get(did)
        if path is None:
            errors.append(f"{did}: no article file")
            continue
        if d.get("file") != path.resolve().relative_to(ROOT).as_posix():
            errors.append(f"{did}: file field {d.get('file')!r} does not match {path}")
        if d.get("lang") != path.parent.name or not did.startswith(d.get("lang", "") + "_"):
            errors.append(f"{did}: lang {d.get('lang')!r} does not match folder")
        if d.get("doc_date") is not None and not DATE_RE.match(d["doc_date"]):
            errors.append(f"{did}: bad doc_date {d['doc_date']!r}")
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        if not 60 <= words <= 250:
            errors.append(f"{did}: {words} words, outside 60-250")
        langs[d["lang"]] += 1
        for k, e in enumerate(d.get("events", [])):
            where = f"{did} event {k}"
            for f in FIELDS:
                if f not in e:
                    errors.append(f"{where}: missing field {f}")
            t = e.get("type")
            if t not in TYPES:
                errors.append(f"{where}: unknown type {t!r}")
                continue
            code = str(e.get("cameo"))
            if code not in codes:
                errors.append(f"{where}: CAMEO code {code!r} not in cameo.md")
            elif t not in ROOT_TYPES.get(code[:2], set()):
                errors.append(f"{where}: type {t} does not fit CAMEO {code}")
            mode = e.get("mode")
            if mode is not None and mode not in MODES.get(t, set()):
                errors.append(f"{where}: mode {mode!r} is not a {t} mode")
            for side in ("source", "target"):
                a = e.get(side) or {}
                if not (a.get("country") or a.get("org")):
                    errors.append(f"{where}: {side} has neither country nor org")
                if a.get("country") and not re.fullmatch(r"[A-Z]{3}", a["country"]):
                    errors.append(f"{where}: {side} country {a['country']!r} is not ISO3")
                if a.get("org") and a.get("country"):
                    errors.append(f"{where}: {side} has both country and org")
                if a.get("sector") is not None and a["sector"] not in SECTORS:
                    errors.append(f"{where}: {side} sector {a['sector']!r} unknown")
                if a.get("org") and a.get("sector") != "IGO" and a.get("sector") is not None:
                    pass  # an organisation's organ (e.g. media of EU states) may carry its own sector
            if e.get("date") is not None and not DATE_RE.match(str(e["date"])):
                errors.append(f"{where}: bad date {e['date']!r}")
            if d.get("doc_date") is None and e.get("date") is not None and str(e["date"])[:4] not in text:
                errors.append(f"{where}: dated {e['date']} but the undated article never states that year")
            if e.get("status") != "occurred":
                errors.append(f"{where}: status must be 'occurred' in gold")
            if not e.get("evidence") or e["evidence"] not in text:
                errors.append(f"{where}: evidence not found verbatim: {e.get('evidence')!r}")
            if e.get("symmetric") and code != "057":
                errors.append(f"{where}: symmetric set on a non-signing event")
            if code == "057" and not e.get("symmetric"):
                errors.append(f"{where}: signing without symmetric: true")
            per_type[t] += 1
            if e.get("optional"):
                opt_count += 1
            else:
                req_count += 1
                req_type[t] += 1
                per_lang_types[d["lang"]].add(t)
    for t in TYPES:
        if req_type[t] < 2:
            errors.append(f"type {t}: only {req_type[t]} required events in the corpus")
    for lang, ts in per_lang_types.items():
        if len(ts) < 8:
            errors.append(f"language {lang}: only {len(ts)} types among required events")

    print(f"articles: {len(docs)}  " + "  ".join(f"{k}={v}" for k, v in sorted(langs.items())))
    print(f"events: {req_count + opt_count}  required={req_count}  optional={opt_count}")
    print(f"{'type':<10} {'all':>4} {'req':>4}   en de ru (required)")
    for t in TYPES:
        by_lang = [sum(1 for d in docs if d['lang'] == lg for e in d['events'] if e['type'] == t and not e.get('optional'))
                   for lg in ('en', 'de', 'ru')]
        print(f"{t:<10} {per_type[t]:>4} {req_type[t]:>4}   {by_lang[0]:>2} {by_lang[1]:>2} {by_lang[2]:>2}")
    for lg, ts in sorted(per_lang_types.items()):
        print(f"{lg}: {len(ts)} types with required events; missing: {sorted(set(TYPES) - ts) or '-'}")
    for err in errors:
        print("ERROR", err)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, nargs="*", default=[HERE / "gold.jsonl"],
                    help="gold files (default: samples/gold.jsonl)")
    ap.add_argument("--reference", type=Path, default=HERE.parent.parent / "shared" / "reference",
                    help="folder holding cameo.md (default: ../shared/reference beside the repository)")
    args = ap.parse_args()
    sys.exit(max(check(args.reference, g.resolve()) for g in args.gold))
