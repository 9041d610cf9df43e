"""Argument roles: fill each trigger's frame with the clause's actor phrases.

Without a parser, slots are read from markers and order: `subject` is the
nearest unmarked phrase before the trigger, else the first after it (German
verb-second after a fronted adverbial), else an agent marked "by"/"von"
before it (participle phrases); `object` prefers a phrase after an object
article, then the nearest unmarked phrase after the trigger, then before it
(verb-final clauses); a marker slot (`with`, `to`, …) takes the nearest
phrase with that marker. Coordinated phrases expand into one event each;
"the parties" stands for the last pair that met; a word for an event as the
target ("condemned the attack") stands for whoever made the last event of the
type it names, or the article's main act ("criticised the decision")."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.ontology import SYMMETRIC_TYPES
from ..model import Document, Phrase


NOUN_REACH = 6
REACTIONS = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"})


@dataclass(slots=True)
class Draft:
    sentence: int
    hit: object
    source: Phrase
    target: Phrase | None
    slots: dict
    voice: str
    type: str = ""
    cameo: str = ""
    mode: str | None = None
    status: str = "occurred"
    status_cue: str | None = None
    date: str | None = None
    date_from: str = ""
    location: dict | None = None
    notes: list = field(default_factory=list)


def _members(p: Phrase, clause_phrases) -> list[Phrase]:
    if p.group is None:
        return [p]
    return [q for q in clause_phrases if q.group == p.group]


def _fill(slot: str, hit, phrases, passive: bool, chosen: list[Phrase], agent_first: bool = False,
          verb_final_order: bool = False) -> Phrase | None:
    before = [p for p in phrases if p.end <= hit.start and p not in chosen]
    after = [p for p in phrases if p.start >= hit.end and p not in chosen]
    if hit.particle_at is not None:
        after = [p for p in after if p.start < hit.particle_at] + [p for p in after if p.start >= hit.particle_at]
    free = lambda p: p.marker is None and p.coref != "event"  # noqa: E731 - "the step" acts for nobody
    if slot == "subject":
        after = [p for p in after if p.start < hit.clause[1] and "adjective-only" not in p.rules]
        before = [p for p in before if "adjective-only" not in p.rules]
        if agent_first and not passive:
            for p in before:
                if p.marker == "by":
                    return p          # "eine vom Minister geleitete Delegation … besuchen"
        verb_final = verb_final_order and not any(free(p) for p in after)
        # in a verb-final clause the object stands between subject and verb: take the first;
        # otherwise (SVO, verb-second) the nearest before the verb
        for p in (before if verb_final else reversed(before)):
            if free(p) and not p.object_case:
                return p
        for p in after:
            if free(p) and not p.object_case:
                return p
        if not passive:
            for p in reversed(before):
                if p.marker == "by":
                    return p
        return None
    if slot == "complement":     # "warned that North Korea would pay": the next clause's subject
        return next((p for p in after if p.start >= hit.clause[1] and free(p)), None)
    after = [p for p in after if p.start < hit.clause[1]]
    if slot == "object":
        # an object stands after the verb, or before it where clauses end in the verb (German)
        pool = after + (before[::-1] if verb_final_order or not after else [])
        for p in pool:
            if free(p) and p.object_case:
                return p
        for p in pool:
            if p.marker is None and (p.coref != "event" or p.start >= hit.end):
                return p                  # an object may be an event word: "criticised the visit"
        return None
    if slot == "by" and not passive:
        pool = [p for p in after + before[::-1] if p.marker in ("by", "of")]
    else:
        pool = [p for p in after + before[::-1] if p.marker == slot]
    return pool[0] if pool else None


def _pick(frame, hit, phrases, passive: bool, agent_first: bool, verb_final_order: bool) -> dict:
    """Fill the frame's source, then its target, each from its list of slots.

    A slot's first candidate that names no country or organisation (an
    unknown person: "the journalist Evan Gershkovich") gives way to the next
    candidate of the same slot that does."""
    chosen: list[Phrase] = []
    picked = {}
    for role in ("source", "target"):
        fallback = None
        for slot in frame[role]:
            p = _fill(slot, hit, phrases, passive, chosen, agent_first, verb_final_order)
            skipped: list[Phrase] = []
            while p is not None and not _usable(p) and len(skipped) < 2:
                fallback = fallback or (p, slot)
                skipped.append(p)
                p = _fill(slot, hit, phrases, passive, chosen + skipped, agent_first, verb_final_order)
            if p is not None and _usable(p):
                picked[role] = (p, slot)
                break
        else:
            if fallback is not None:
                picked[role] = fallback
        if role in picked:
            chosen.extend(_members(picked[role][0], phrases))
    return picked


def _usable(p: Phrase) -> bool:
    return _resolved(p) or p.coref in ("parties", "event") or p.group is not None


def _resolved(p: Phrase | None) -> bool:
    return p is not None and bool(p.country or p.org) and p.coref is None


def frame_events(doc: Document, s, hit, pack, last_pair, keep_untargeted: bool = False,
                 domestic: frozenset = frozenset(), last_actor=None, lead_types: frozenset = frozenset(),
                 lead_actors: list | None = None) -> list[Draft]:
    entry = hit.entry
    lo, hi = hit.clause
    phrases = [p for p in doc.phrases[s.index]
               if lo <= p.start < hi and not (p.start < hit.end and p.end > hit.start)]
    complement = [p for p in doc.phrases[s.index] if hi <= p.start and p.marker is None][:1]
    if entry.type not in REACTIONS:       # a bare adjective names a side only when blamed or condemned
        phrases = [p for p in phrases if "adjective-only" not in p.rules or p.end == hit.start]
    clause_phrases = phrases
    if entry.pos == "noun":      # a noun's actors stand close to it: "the visit of X to Y", "X's talks with Y"
        phrases = [p for p in phrases if p.start - hit.end <= NOUN_REACH and hit.start - p.end <= NOUN_REACH]
    if not phrases and not joined_verb(s, hit, pack, doc.phrases[s.index]):
        return []
    passive = bool(entry.passive) and any(t.lower in pack.passive_auxiliaries for t in s.tokens[lo:hi])
    frame = entry.passive if passive else entry.active
    vf = pack.verb_final
    shared = _shared_subject(doc, s, hit, pack) if entry.pos != "noun" and not passive \
        and frame["source"][:1] == ("subject",) else None
    if shared is not None:
        # "… accused Pakistan of violations and asked Islamabad to …": the second verb's subject is
        # the first one's, and its object stands after the "and"
        subject, joint = shared
        own = {"source": (), "target": frame["target"]}
        picked = _pick(own, hit, [p for p in phrases if p.start > joint] + complement, passive, False, vf) \
            or _pick(own, hit, [p for p in phrases if p is not subject] + complement, passive, False, vf)
        picked["source"] = (subject, "shared-subject")
        if not phrases:
            phrases = [subject]
    else:
        picked = _pick(frame, hit, phrases + complement, passive, False, vf)
    parties_act = "source" in picked and picked["source"][0].coref == "parties"   # "the two ministers signed"
    if "target" not in picked and not parties_act and any(p.marker == "by" and p.end <= hit.start for p in phrases):
        picked = _pick(frame, hit, phrases + complement, passive, True, vf) or picked
    if entry.pos == "noun":
        adjective = next((p for p in phrases if p.end == hit.start and p.rules
                          and all(r.startswith("place:adjective") for r in p.rules)), None)
        if adjective is not None:          # "russische Luftangriffe", "Russian air strikes": the adjective acts
            picked["source"] = (adjective, "adjective")
            if "target" in picked and picked["target"][0] is adjective:
                del picked["target"]
            if "target" not in picked:     # the attacked may stand anywhere in the clause
                rest = [p for p in clause_phrases if p is not adjective]
                again = _pick(frame, hit, rest, passive, False, vf)
                if "target" in again:
                    picked["target"] = again["target"]
    if "source" not in picked and entry.pos == "noun":
        # "Erdogan paid a visit to Baku": a noun trigger's actor may be the clause's subject
        taken = [picked["target"][0]] if "target" in picked else []
        before = [p for p in phrases if p.end <= hit.start and p.marker is None and not p.object_case
                  and p not in taken]
        if before:
            picked["source"] = (before[-1], "subject")
            if "target" in picked and picked["target"][0] is before[-1]:
                del picked["target"]
    if "source" not in picked:
        return []
    src, src_slot = picked["source"]
    sources = _members(src, phrases)
    targets = _members(picked["target"][0], phrases) if "target" in picked else []
    symmetric = entry.symmetric or entry.type in SYMMETRIC_TYPES
    if not targets and len(sources) >= 2 and symmetric:
        sources, targets = sources[:1], sources[1:]
    parties = next((p for p in sources + targets if p.coref == "parties"), None)
    pair = None
    if parties is not None:                # "the ministers" are the last two people who met; "the sides" any pair
        pair = (last_pair.get("people") if parties.title_role else None) or last_pair.get("any")
    if pair and parties in sources:
        sources, targets = [pair[0]], [pair[1]]
    elif pair:
        targets = list(pair)               # "… urged both parties to respect the deal"
    event_ref = next((p for p in targets if p.coref == "event"), None)
    if event_ref is not None and last_actor is not None:
        targets = [last_actor(_event_type(s, event_ref, pack))]   # "Borrell criticised the trip": who made it
    slots = {"source": src_slot, "target": picked.get("target", (None, None))[1]}
    out = []
    if not targets and _domestic(entry, domestic) and len(sources) == 1 and _resolved(sources[0]):
        targets = [_stand_in(sources[0], "recipient:own-country", country=sources[0].country, org=sources[0].org)]
        slots["target"] = "own-country"
    if not targets and lead_actors and _domestic(entry, lead_types) and len(sources) == 1 \
            and _resolved(sources[0]):
        # "France sent 60 rescuers" in an article whose lead names the quake-struck country: the
        # recipient is the lead's first actor of another side
        other = next((p for p in lead_actors if p.key() != sources[0].key()), None)
        if other is not None:
            targets = [_stand_in(sources[0], "recipient:lead-counterpart", country=other.country, org=other.org,
                                 sector=other.sector, name=other.name, actor_id=other.actor_id)]
            slots["target"] = "lead"
    if not targets and not keep_untargeted:
        return []
    for a in sources:
        for b in targets or [None]:
            if not _resolved(a) or (b is not None and not _resolved(b)):
                continue
            if b is not None and "recipient:own-country" not in b.rules and _same_actor(a, b):
                continue
            out.append(Draft(s.index, hit, a, b, slots, "passive" if passive else "active",
                             entry.type, entry.cameo, entry.mode))
    return out


def joined_verb(s, hit, pack, phrases) -> int | None:
    """Where the "and" stands when the trigger is a verb joined to an earlier one ("and urged",
    "et a demandé", "и пока отказывается": at most two words between, none of an actor)."""
    for j in range(hit.start - 1, max(-1, hit.start - 4), -1):
        tok = s.tokens[j]
        if tok.lower in pack.coordinators:
            if j == 0 or any(p.start < hit.start and p.end > j for p in phrases):
                return None
            if s.tokens[j + 1].lower in pack.infinitive_markers:
                return None       # "urged them to respect the deal and to let aid in": what was urged
            if pack.verb_final and any(p.end == j for p in phrases):
                return None       # "Erdoğan ile görüştü": an object or partner stands before the verb
            return j
        if not tok.text[:1].isalpha():
            return None
    return None


def _shared_subject(doc: Document, s, hit, pack):
    """The subject a joined verb shares with the verb before the "and": the subject of the
    sentence's last verb trigger before it, else the sentence's first free phrase."""
    phrases = doc.phrases[s.index]
    joint = joined_verb(s, hit, pack, phrases)
    if joint is None:
        return None
    free = [p for p in phrases if p.end <= joint and p.marker is None and not p.object_case
            and p.coref != "event" and "adjective-only" not in p.rules]
    if not free:
        return None
    earlier = [h for h in doc.triggers[s.index] if h.end <= joint and h.entry.pos != "noun"]
    if earlier:
        prev = earlier[-1]
        before = [p for p in free if p.end <= prev.start and _usable(p)]
        if before:
            return before[-1], joint
    return free[0], joint


def _stand_in(at: Phrase, rule: str, **identity) -> Phrase:
    """A recipient the clause does not write, placed (empty) at the actor it goes with."""
    return Phrase(at.sentence, at.start, at.start, at.char_start, at.char_start, "", rules=[rule], **identity)


def _event_type(s, p: Phrase, pack) -> str | None:
    """The event type a word such as "the attack" names: from its coref entry ("мятеж
    event:COERCE"), else from the trigger lexicon itself."""
    for rule in p.rules:
        if rule.startswith("coref:event:"):
            return rule.split(":")[2]
    for i in range(p.start, p.end):
        for _end, _pattern, entry in pack.triggers.match_at(s.tokens, i):
            return entry.type
    return None


def _last_actor(drafts):
    """Who made the last coded event (of a type, when the reference names one)."""
    def find(etype: str | None):
        if etype is None:            # "die Entscheidung": the article's main act, not a reaction to it
            main = next((d for d in drafts if d.type not in REACTIONS), None)
            return (main or drafts[-1]).source
        for d in reversed(drafts):   # "the attack": the last act of that kind
            if d.type == etype:
                return d.source
        return drafts[-1].source
    return find


def _domestic(entry, domestic) -> bool:
    return any(entry.type == t and entry.cameo.startswith(prefix) for t, prefix in domestic)


def _same_actor(a: Phrase, b: Phrase) -> bool:
    if a.actor_id and a.actor_id == b.actor_id:
        return True
    if a.name and b.name and not (a.actor_id and b.actor_id) and a.name == b.name:
        return True
    if a.key() != b.key():
        return False
    bare = lambda p: not (p.actor_id or p.name or p.title_role or p.role)  # noqa: E731
    return bare(a) or bare(b)


def _lead_actors(doc: Document) -> list[Phrase]:
    """The resolved actors of the headline and the lead, in order."""
    return [p for s in doc.sentences if s.index == 0 or s.lead for p in doc.phrases[s.index]
            if _resolved(p) and "adjective-only" not in p.rules]


def events(doc: Document, knowledge, options) -> Document:
    drafts: list[Draft] = []
    last_pair: dict[str, tuple] = {}
    lead_types = knowledge.ontology.lead_recipient
    lead_actors = _lead_actors(doc) if lead_types else []
    for s in doc.sentences:
        pack = knowledge.pack(s.lang)
        for hit in doc.triggers[s.index]:
            made = frame_events(doc, s, hit, pack, last_pair, options.keep_unresolved,
                                knowledge.ontology.domestic, _last_actor(drafts) if drafts else None,
                                lead_types, lead_actors)
            drafts.extend(made)
            for d in made:                 # "the parties" are the two sides of the last meeting or signing
                if d.target is not None and (d.type in SYMMETRIC_TYPES or hit.entry.symmetric):
                    last_pair["any"] = (d.source, d.target)
                    if all(x.actor_id or x.name for x in (d.source, d.target)):
                        last_pair["people"] = (d.source, d.target)
    doc.drafts = drafts
    return doc
