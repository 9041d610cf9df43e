"""Actor phrases and their resolution.

Mentions that stand together ("Azerbaijani Defense Minister, Colonel General
Zakir Hasanov") become one phrase. Each phrase gets the role word before it
(its marker: with, by, to…), whether an object article precedes it, and a
coordination group ("X and Y"). Then each phrase is resolved in document
order: a known person by name; a title with a country to the holder on the
document date; a bare title, a surname, "he", "that country", "his
Belarusian counterpart" or "we" after a speaker line back to an earlier
actor of the same document."""
from __future__ import annotations

from ..knowledge.actors import name_keys
from ..knowledge.patterns import phrase_in
from ..model import Document, Phrase

APPOSITION_KINDS = {"person", "name", "title", "rank"}
STOP_SIGNS = {".", ",", ";", ":", "!", "?", "(", ")", "\"", "“", "”", "„", "«", "»"}


def _can_join(cur: dict, m, gap, pack) -> bool:
    for t in gap:
        if t.lower == "," or t.text in ("-", "–"):
            if m.kind not in APPOSITION_KINDS and not (t.text == "-" and m.kind in ("title", "group")):
                return False
        elif t.lower not in pack.joiners and not (len(t.text) == 1 and t.text.isupper()):
            return False
    kinds = cur["kinds"]
    if m.kind in ("person", "name") and ("person" in kinds or "name" in kinds):
        return False
    named_place_only = kinds <= {"country", "capital"} and all(
        x.subkind in ("name", "official", "capital") for x in cur["mentions"])
    if m.kind in ("title", "rank") and named_place_only and any(
            t.lower not in ("'s", "-") and t.text != "," for t in gap):
        return False                       # "in Moskau von Kremlchef Putin": the place is not the title's
    if m.kind in ("person", "name") and kinds <= {"country", "capital"} and all(
            x.subkind in ("name", "official", "capital") for x in cur["mentions"]):
        return False                       # "посол Беларуси в Азербайджане Андрей Равков": not Azerbaijan's
    if m.kind == "coref" and m.subkind == "counterpart" and kinds == {"country"} and all(
            x.subkind == "adjective" for x in cur["mentions"]):
        return True                        # "his Belarusian counterpart", "белорусским коллегой"
    if m.kind in ("country", "capital", "org", "nonstate") and (cur["codes"] - {m.code}):
        return False
    if m.kind == "coref" and kinds:
        return False
    if "coref" in kinds and cur["coref"] in ("parties", "pronoun", "speaker", "that_country"):
        return False
    if m.kind in ("title", "group") and ("title" in kinds or "group" in kinds) and gap and gap[0].lower == ",":
        return False
    return True


def _group_mentions(sentence, mentions, pack):
    groups, cur = [], None
    for m in mentions:
        gap = sentence.tokens[cur["end"]:m.start] if cur else []
        if cur and _can_join(cur, m, gap, pack):
            cur["mentions"].append(m)
            cur["end"] = m.end
            cur["kinds"].add(m.kind)
            if m.code:
                cur["codes"].add(m.code)
            continue
        if cur:
            groups.append(cur)
        cur = {"mentions": [m], "start": m.start, "end": m.end, "kinds": {m.kind},
               "codes": {m.code} if m.code else set(), "coref": m.subkind if m.kind == "coref" else None}
    if cur:
        groups.append(cur)
    return groups


def _is_dateline(sentence, g) -> bool:
    """'TEHRAN, March 4 —', 'BAKU/YEREVAN –': a place heading the lead names no actor."""
    toks = sentence.tokens
    if g["start"] != 0 or not g["kinds"] <= {"capital", "country"}:
        return False
    words = [t.text for t in toks[:g["end"]] if t.text.isalpha()]
    nxt = toks[g["end"]].text if g["end"] < len(toks) else ""
    if nxt in {"/", "–", "—"}:
        return True               # "Abuja/Niamey –"
    return all(w.isupper() for w in words) and nxt in {",", "-", "("}


def _bare_adjective(g) -> bool:
    return g["kinds"] <= {"country"} and all(m.subkind == "adjective" for m in g["mentions"])


def _is_actor(g) -> bool:
    """Is this group an actor? A bare adjective is not ("aserbaidschanisch-belarussische
    Beziehungen"), unless it qualifies an event noun ("russische Luftangriffe"; see build_phrases)."""
    ms = g["mentions"]
    kinds = g["kinds"]
    if kinds <= {"country"} and all(m.subkind == "adjective" for m in ms):
        return False                       # "aserbaidschanisch-belarussischen Beziehungen"
    if kinds <= {"rank"}:
        return False
    return True


def _phrase(doc, sentence, g, knowledge) -> Phrase:
    toks = sentence.tokens
    start, end = g["start"], g["end"]
    p = Phrase(sentence.index, start, end, toks[start].start, toks[end - 1].end,
               doc.text[toks[start].start:toks[end - 1].end])
    for m in g["mentions"]:
        if m.kind == "person":
            p.actor_id = p.actor_id or m.actor_id
            p.rules.append(f"name:{m.subkind}")
        elif m.kind == "name":
            p.name = p.name or m.form
            p.rules.append("name:unknown" if m.subkind != "surname" else "name:surname-of-unknown")
        elif m.kind in ("country", "capital"):
            p.country = p.country or m.code
            if m.kind == "capital":
                p.sector = p.sector or "GOV"
            p.rules.append(f"place:{m.subkind}:{m.form}")
        elif m.kind == "org":
            p.org = p.org or m.code
            p.rules.append(f"org:{m.form}")
        elif m.kind == "nonstate":
            group = knowledge.groups.get(m.code, {})
            p.country = p.country or group.get("country") or None
            p.sector = p.sector or group.get("sector") or None
            p.name = p.name or group.get("name_en")
            p.rules.append(f"group:{m.code}")
        elif m.kind == "title":
            p.title_role = p.title_role or m.role
            p.sector = p.sector or m.sector
            p.rules.append(f"title:{m.form}")
        elif m.kind == "rank":
            p.sector = p.sector or m.sector or "MIL"
            p.rules.append(f"rank:{m.form}")
        elif m.kind == "group":
            p.role = p.role or m.role
            p.sector = p.sector or m.sector
            p.rules.append(f"group:{m.form}")
        elif m.kind == "coref":
            p.coref = m.subkind.split(":")[0]          # "event:COERCE" names the kind of event meant
            p.rules.append(f"coref:{m.subkind}")
            if p.coref == "parties":      # "the ministers" (people) rather than "the sides"
                toks = sentence.tokens
                pack = knowledge.pack(sentence.lang)
                roles = [hit[2][1] for i in range(m.start, m.end) for hit in pack.titles.match_at(toks, i)]
                if roles:
                    p.title_role = next((r for r in roles if r), "Head")
    return p


def _marker(sentence, p: Phrase, pack, taken: set[int], trigger_at: set[int]) -> None:
    """The role word before a phrase, looking back through lower-case words,
    then on through 'transparent' words to an earlier marker (a delegation led by X)."""
    toks = sentence.tokens
    i = p.start - 1
    steps = 0
    found = None
    while i >= 0 and steps < pack.marker_reach:
        t = toks[i]
        if i in taken or i in trigger_at or t.text in STOP_SIGNS or t.lower in pack.clause_breaks:
            break
        if t.lower in pack.markers:
            found = i
            break
        if t.lower in pack.articles_object:
            p.object_case = True
        if t.text[:1].isupper() and t.lower not in pack.transparent and i > 0 and not pack.nouns_capitalised:
            break                 # a capitalised word ends the look-back, but not where all nouns are capitalised
        i -= 1
        steps += 1
    if found is None:
        return
    j = found - 1
    while j >= 0 and (toks[j].lower in pack.transparent or toks[j].lower in pack.markers):
        if toks[j].lower in pack.markers and j not in taken:
            found = j
        if j in trigger_at:
            break
        j -= 1
    p.marker = pack.markers[toks[found].lower]
    p.object_case = False


APOSTROPHES = frozenset({"'", "’"})


def _post_marker(sentence, p: Phrase, pack) -> None:
    """The role a case suffix or postposition AFTER a phrase gives it, for languages that
    mark roles there (Turkish "Rusya'yı", "Ankara'da", "X tarafından"). A suffix of the role
    `object` marks a direct object (like an object article); others act as markers."""
    if not (pack.case_suffixes or pack.postpositions) or p.marker is not None:
        return
    toks = sentence.tokens
    i = p.end
    role, tail = None, 0
    if i + 1 < len(toks) and toks[i].text in APOSTROPHES and toks[i + 1].lower in pack.case_suffixes:
        role, tail = pack.case_suffixes[toks[i + 1].lower], 2
        i += 2
    if i < len(toks) and toks[i].lower in pack.postpositions:
        role, tail = pack.postpositions[toks[i].lower], tail + 1
    if role is None:
        return
    p.tail = tail
    if role == "object":
        p.object_case = True
    elif role != "none":
        p.marker = role


def _coordinate(sentence, phrases, pack, next_group: int) -> int:
    for a, b in zip(phrases, phrases[1:]):
        gap = sentence.tokens[a.end + a.tail:b.start]
        words = [t.lower for t in gap]
        comma_and = bool(words) and words[0] == "," and any(w in pack.coordinators for w in words)
        if comma_and and a.group is None:
            continue                       # "…expelled the diplomat, and Canada …": two clauses, not a list
        if gap and any(w in pack.coordinators for w in words) and all(
                w in pack.coordinators or w == "," or w in pack.joiners for w in words):
            if a.group is None:
                a.group = next_group
                next_group += 1
            b.group = a.group
            if b.marker is None and not b.tail:
                b.marker = a.marker
                b.object_case = a.object_case
            elif b.tail and a.marker is None and not a.object_case and not a.tail:
                a.marker, a.object_case = b.marker, b.object_case   # "ABD ve NATO'yu": the last one's case
    # "France, Belgium and Rwanda": a comma joins a phrase to a list that an "and" closes
    for a, b in reversed(list(zip(phrases, phrases[1:]))):
        gap = [t.lower for t in sentence.tokens[a.end + a.tail:b.start]]
        if a.group is None and b.group is not None and gap and gap[0] == "," \
                and all(w == "," or w in pack.joiners for w in gap) and a.marker == b.marker and not a.tail:
            a.group = b.group
            a.object_case = b.object_case
    return next_group


def _appositions(sentence, phrases):
    """A bare name after a comma names the titled phrase before it, even across
    one marked phrase: "… Botschafter der Republik Belarus in Aserbaidschan, Andrei Ravkov"."""
    out: list[Phrase] = []
    for p in phrases:
        bare_name = (p.actor_id or p.name) and not (p.title_role or p.country or p.org or p.coref)
        comma_before = p.start > 0 and sentence.tokens[p.start - 1].text == ","
        after_marked = bool(out) and out[-1].marker is not None and out[-1].end == p.start
        if bare_name and (comma_before or after_marked) and p.marker is None:
            host = None
            for q in reversed(out[-2:]):
                if (q.title_role or q.org or q.role) and not (q.actor_id or q.name or q.coref):
                    host = q              # "the UN nuclear watchdog, Rafael Grossi" is the watchdog's
                    break
                if q.marker is None:
                    break
            if host is not None:
                host.actor_id, host.name = p.actor_id, p.name
                host.rules.extend(p.rules + ["apposition"])
                host.text = host.text + " … " + p.text
                continue
        out.append(p)
    return out


def build_phrases(doc: Document, knowledge) -> None:
    doc.phrases = []
    next_group = 0
    for s, mentions in zip(doc.sentences, doc.mentions):
        pack = knowledge.pack(s.lang)
        noun_triggers = {h.start for h in doc.triggers[s.index] if h.entry.pos == "noun"}
        groups = [g for g in _group_mentions(s, mentions, pack) if not _is_dateline(s, g)]
        phrases = []
        for g in groups:
            if _is_actor(g) or g["end"] in noun_triggers:
                phrases.append(_phrase(doc, s, g, knowledge))
            elif _bare_adjective(g):      # "eine ukrainische Flugabwehrrakete": only a reaction's target
                p = _phrase(doc, s, g, knowledge)
                p.rules.append("adjective-only")
                phrases.append(p)
        taken = {i for p in phrases if "adjective-only" not in p.rules for i in range(p.start, p.end)}
        trigger_at = {i for h in doc.triggers[s.index] for i in range(h.start, h.end)}
        for p in phrases:
            _marker(s, p, pack, taken, trigger_at)
            _post_marker(s, p, pack)
        phrases = _appositions(s, phrases)
        next_group = _coordinate(s, phrases, pack, next_group)
        doc.phrases.append(phrases)


# ---------------------------------------------------------------- resolution

def _copy_from(p: Phrase, other: Phrase, rule: str) -> None:
    p.actor_id = p.actor_id or other.actor_id
    p.name = p.name or other.name
    p.country = p.country or other.country
    p.org = p.org or other.org
    p.title_role = p.title_role or other.title_role
    p.sector = p.sector or other.sector
    p.rules.append(rule)


def _surname(name: str | None) -> str | None:
    return name.split()[-1].lower() if name else None


class _Memory:
    """What the document has said so far, for pointing back."""

    def __init__(self):
        self.people: list[Phrase] = []
        self.countries: list[str] = []
        self.orgs: list[str] = []

    def person_like(self, p: Phrase) -> Phrase | None:
        sur = _surname(p.name)
        for q in reversed(self.people):
            if p.actor_id and q.actor_id == p.actor_id:
                return q
            if sur and (_surname(q.name) == sur or (q.actor_id and q.actor_id.endswith("-" + sur))):
                return q
        return None

    def with_role(self, role: str) -> Phrase | None:
        """The last person with this office ("the minister" fits "Minister of Defence")."""
        words = set(role.lower().split())
        for q in reversed(self.people):
            if q.title_role and words <= set(q.title_role.lower().split()):
                return q
        return None


def _resolve(doc, p: Phrase, sentence_phrases, memory: _Memory, knowledge, speaker: Phrase | None, hints):
    kb = knowledge.actors
    if p.actor_id and "name:surname" in p.rules:
        earlier = _earlier_by_surname(doc, p, memory)
        if earlier is not None:
            p.actor_id = earlier.actor_id
            p.rules.append("coref:surname")
    if p.actor_id and "name:surname" in p.rules and not _surname_ok(doc, p, memory, kb):
        p.rules.append(f"kb:surname-rejected:{p.actor_id}")
        p.actor_id = None
        if not (p.title_role or p.country or p.org or p.role):
            p.name = doc.text[p.char_start:p.char_end]
    if p.actor_id and not p.name:
        p.name = kb.names.get(p.actor_id)
    if (p.actor_id or p.name) and not (p.country or p.org):
        earlier = memory.person_like(p)
        if earlier is not None and (earlier.actor_id == p.actor_id or not p.actor_id):
            _copy_from(p, earlier, "coref:same-person")
    if p.actor_id and not (p.country or p.org):
        _office_now(doc, p, kb, hints)
    if p.title_role and not (p.actor_id or p.name) and p.coref is None:
        if p.country or p.org:
            _holder(doc, p, knowledge)
        else:
            earlier = memory.with_role(p.title_role)
            if earlier is not None:
                _copy_from(p, earlier, "coref:title")
    if p.coref == "counterpart":
        other = next((q for q in reversed(memory.people) if q.title_role and q.country != p.country), None)
        if other is not None:
            p.title_role = p.title_role or other.title_role
            p.sector = p.sector or other.sector
        if not (p.actor_id or p.name) and p.title_role and p.country:
            _holder(doc, p, knowledge)
        p.coref = None
    elif p.coref == "pronoun":
        person = next((q for q in reversed(memory.people) if q.actor_id or (
            q.name and not any(r.startswith("group:") for r in q.rules))), None)   # "его" is not the FSB
        if person is not None:
            _copy_from(p, person, "coref:pronoun")
            p.coref = None
    elif p.coref == "speaker" and speaker is not None:
        _copy_from(p, speaker, "coref:speaker")
        p.coref = None
    elif p.coref == "that_org" and memory.orgs:
        p.org = memory.orgs[-1]            # "the alliance", "die Gemeinschaft": the last organisation named
        p.sector = p.sector or "IGO"
        p.rules.append("coref:that-org")
        p.coref = None
    elif p.coref == "that_country":
        near = {q.country for q in sentence_phrases if q is not p and (q.actor_id or q.name)}
        for c in reversed(memory.countries):
            if c not in near:
                p.country = c
                p.rules.append("coref:that-country")
                break
        p.coref = None
    if not (p.country or p.org or p.coref or p.actor_id or p.name) and (p.role or p.sector) \
            and p.sector not in ("IGO",):
        # office holders and soldiers travel: only police, crowds and other home groups go by the place
        here = None if p.title_role or p.sector in ("MIL", "REB") else _sentence_place(p, sentence_phrases)
        if here is not None:               # "À Erevan, des milliers de manifestants …": the place's people
            p.country = here.country
            p.rules.append(f"context:sentence-place:{here.country}")
        else:
            home = _home_country(doc, memory, knowledge)
            if home:
                p.country = home
                p.rules.append("context:home-country")
    if p.name and p.title_role and not (p.country or p.org or p.actor_id or p.coref) \
            and p.sector not in ("IGO",):
        # "Interior Minister Gérald Darmanin, …" whom the people list does not know: an office
        # holder named without a country is the dateline's (an agency quotes its own officials
        # without saying whose); without a dateline it stays without one
        home = _dateline_country(doc, knowledge)
        if home:
            p.country = home
            p.rules.append("context:titled-person-home")
    if p.actor_id or p.name or p.title_role:
        memory.people.append(p)
    if p.country:
        memory.countries.append(p.country)
    if p.org and not p.country:
        memory.orgs.append(p.org)


def _earlier_by_surname(doc, p: Phrase, memory: _Memory) -> Phrase | None:
    """The person of this document whose surname this is (two Aliyevs: the one the text named)."""
    words = doc.text[p.char_start:p.char_end].split()
    keys = set().union(*(name_keys(w) for w in words)) if words else set()
    for q in reversed(memory.people):
        if q.actor_id and q.name and name_keys(q.name.split()[-1]) & keys:
            return q
    return None


def _surname_ok(doc, p: Phrase, memory: _Memory, kb) -> bool:
    """A surname alone names a known person only when the document named them
    in full before, or when that person held an office on the document's date
    ("Kim" in a 2023 article is not a former Korean prime minister)."""
    if any(q.actor_id == p.actor_id for q in memory.people):
        return True
    when = doc.doc_date
    offices = kb.offices.get(p.actor_id, [])
    if not when:
        return bool(offices) and any(o.end is None for o in offices)
    return any(o.covers(when) for o in offices)


def _office_now(doc, p: Phrase, kb, hints) -> None:
    """Country or organisation of a named person from the office held on the document date;
    without a date, the office the article itself names elsewhere ("NATO-Generalsekretär
    Jens Stoltenberg" makes a bare "Stoltenberg" NATO's, not Norway's)."""
    seen = hints.get(p.actor_id, [])

    def prefer(o):
        if p.title_role:
            return o.role == p.title_role
        return any((h.org and h.org == o.org) or (h.country and h.country == o.country and not h.org)
                   for h in seen)
    office = kb.office_at(p.actor_id, doc.doc_date, prefer=prefer)
    if office is None and (not doc.doc_date or not kb.offices.get(p.actor_id)):
        office = kb.office_at(p.actor_id, None, prefer=prefer)
    elif office is None:
        # no office known on that date: the latest one before it still says whose side they are on
        office = _latest_before(kb.offices.get(p.actor_id, []), doc.doc_date)
    if office is not None:
        p.country, p.org, p.kb_filled = office.country, office.org, True
        p.title_role = p.title_role or office.role
        p.rules.append("kb:office")


PLACE_MARKERS = frozenset({"in", "to", "at", "of"})


def _sentence_place(p: Phrase, sentence_phrases) -> Phrase | None:
    """The nearest capital or country named as a place in the same sentence ("in Lima", "à
    Erevan"), for a group that names no country: where it happens is whose police and
    protesters they are, more often than the article's most named country."""
    places = [q for q in sentence_phrases if q is not p and q.country and q.marker in PLACE_MARKERS
              and any(r.startswith(("place:capital:", "place:name:")) for r in q.rules)
              and not (q.actor_id or q.name or q.title_role)]
    if not places:
        return None
    return min(places, key=lambda q: abs(q.start - p.start))


def _dateline_country(doc, knowledge) -> str | None:
    city = knowledge.city(doc.dateline_place) if doc.dateline_place else None
    return city.country if city else None


def _home_country(doc, memory: _Memory, knowledge) -> str | None:
    """The country a group without one belongs to ("the police", "protesters"):
    the one the document has named most so far, else the dateline's."""
    if not memory.countries:
        return _dateline_country(doc, knowledge)
    counts: dict[str, int] = {}
    for c in memory.countries:
        counts[c] = counts.get(c, 0) + 1
    return max(counts, key=lambda c: (counts[c], -memory.countries.index(c)))


def _latest_before(offices, when: str):
    earlier = [o for o in offices if (o.start or "") <= when]
    return max(earlier, key=lambda o: o.start or "", default=None)


def _holder(doc, p: Phrase, knowledge) -> None:
    role = p.title_role
    one = knowledge.ontology.roles.get(role, ("", False))[1]
    if not one:
        return
    found = knowledge.actors.holders(p.country, p.org, role, doc.doc_date)
    if len(found) == 1:
        p.actor_id = found[0]
        p.name = knowledge.actors.names.get(found[0])
        p.rules.append("kb:holder-at-date")


def _speaker_line(doc, s, phrases) -> bool:
    line = doc.lines[s.line]
    return line.text.rstrip().endswith(":") and s.end >= line.start + len(line.text.rstrip()) - 1 and any(
        q.actor_id or q.name for q in phrases)


def resolve(doc: Document, knowledge) -> None:
    memory = _Memory()
    speaker = None
    hints: dict[str, list[Phrase]] = {}
    for phrases in doc.phrases:                 # what the article itself says of each known person
        for p in phrases:
            if p.actor_id and (p.org or p.country):
                hints.setdefault(p.actor_id, []).append(p)
    for s, phrases in zip(doc.sentences, doc.phrases):
        for p in phrases:
            _resolve(doc, p, phrases, memory, knowledge, speaker, hints)
        if _speaker_line(doc, s, phrases):
            speaker = next(q for q in phrases if q.actor_id or q.name)
        for p in phrases:
            _learn(doc, p, knowledge)


def _learn(doc: Document, p: Phrase, knowledge) -> None:
    """Record a person the article names with an office the knowledge base does not
    give them on the article's date ("the newly appointed ambassador …, Andrei Ravkov").
    A sentence about another time ("then-Speaker …", "in 2019 …") teaches nothing."""
    if not (p.name and p.title_role and (p.country or p.org)) or p.kb_filled or p.coref:
        return
    sentence = doc.sentences[p.sentence]
    pack = knowledge.pack(sentence.lang)
    if phrase_in(sentence.tokens, pack.past, surface=True) is not None or any(
            t.text.isdigit() and len(t.text) == 4 and t.text != (doc.doc_date or "")[:4] for t in sentence.tokens):
        return
    if "coref:title" in p.rules or "kb:holder-at-date" in p.rules or any(r.startswith("group:") for r in p.rules):
        return                             # the office came from an earlier mention or the knowledge base
    if knowledge.ontology.roles.get(p.title_role, ("", False))[0] == "" or p.title_role in ("Minister", "Head"):
        return                             # too generic to record
    if len(p.name.split()) < 2 or any(r.startswith(("coref:", "name:surname")) for r in p.rules):
        return                             # learn from the full name, not a later surname
    if p.actor_id:
        held = knowledge.actors.office_at(p.actor_id, doc.doc_date) if doc.doc_date else None
        if held is not None and (held.country, held.org) == (p.country, p.org):
            return                         # already holds an office for that side ("Head of State" = President)
    doc.learned.append({"actor_id": p.actor_id, "name": p.name, "country": p.country, "org": p.org,
                        "role": p.title_role, "sector": p.sector, "since": doc.doc_date, "doc_id": doc.id,
                        "evidence": p.text})


def actors(doc: Document, knowledge, options) -> Document:
    build_phrases(doc, knowledge)
    resolve(doc, knowledge)
    return doc
