"""Status: denied and conditional events, and what the text puts in the future.

A sentence that sums up many acts ("visited Minsk four times", "each time
these meetings …") names no single event: its drafts get status "generic"
and are dropped before output.

A negation cue shortly before the trigger in its clause (or right after it,
"traf nicht") marks the event negated; a conditional cue opening the
trigger's clause, or in it before the trigger (not across ", and"), marks it hypothetical; a
future cue in the clause before the trigger, or after it up to the next
trigger or comma ("signed a protocol and agreed to hold exercises next year" keeps
the signing), turns the event into the stated intent, as data/ontology/intents.tsv says:
promised cooperation is AGREE with its CAMEO 03x code, a promised concession stays CONCEDE,
an announced retreat is CONCEDE, a stated intent to attack or repress is THREATEN; a type
with no row keeps its type and is marked hypothetical."""
from __future__ import annotations

from ..knowledge.patterns import phrase_in
from ..model import Document
from .events import joined_verb

AFTER_WINDOW = 1
NEGATION_REACH = 5
SCOPE_ENDS = {",", ":", ";", "–", "—"}


def _cue(tokens, patterns, lo, hi):
    at = phrase_in(tokens, patterns, lo, hi, surface=True)
    return None if at is None else tokens[at].text


def status(doc: Document, knowledge, options) -> Document:
    for d in doc.drafts:
        s = doc.sentences[d.sentence]
        pack = knowledge.pack(s.lang)
        toks = s.tokens
        lo, hi = d.hit.clause
        habit = _cue(toks, pack.habitual, 0, len(toks))
        if habit:
            d.status, d.status_cue = "generic", f"habitual:{habit}"
            continue
        nxt = min([h.start for h in doc.triggers[d.sentence] if h.start > d.hit.start and h.clause == d.hit.clause]
                  + [i for i in range(d.hit.end, hi) if toks[i].text in SCOPE_ENDS]
                  + [hi])                  # cues after the trigger reach to the next trigger or comma
        neg = _cue(toks, pack.negation, max(lo, d.hit.start - NEGATION_REACH), min(nxt, d.hit.end + AFTER_WINDOW))
        if neg:
            fut = _cue(toks, pack.future, lo, nxt)
            refusal = knowledge.ontology.refusal_of(d.type, d.cameo) if fut else None
            if refusal:            # "would not provide support": the refusal is the event
                d.notes.append(f"refusal:{d.type}/{d.cameo}")
                d.type, d.cameo, d.mode = "REJECT", refusal, None
                d.status_cue = f"refusal:{neg}+{fut}"
            else:
                d.status, d.status_cue = "negated", f"negation:{neg}"
            continue
        # ", and …" / ", но …" starts a new main clause: "X invited Y to visit Minsk, and Y accepted"
        fresh = [i + 2 for i in range(max(0, lo - 1), d.hit.start - 1)
                 if toks[i].text in SCOPE_ENDS and toks[i + 1].lower in pack.coordinators]
        cond_from = max([max(0, lo - 1)] + fresh)
        if d.slots.get("source") == "shared-subject":
            # "accused X of … and demanded …": the demand is made, not accused; but in "urged them to
            # respect the deal and to let aid in" the letting stays what was urged
            joint = joined_verb(s, d.hit, pack, doc.phrases[d.sentence])
            partner = [h for h in doc.triggers[d.sentence] if h.end <= joint and h.entry.pos != "noun"][-1:]
            at = phrase_in(toks, pack.conditional, cond_from, joint, surface=True)
            if partner and at is not None and partner[0].start <= at < partner[0].end:
                cond_from = joint + 1
        cond = _cue(toks, pack.conditional, cond_from, d.hit.start)
        if cond:
            d.status, d.status_cue = "hypothetical", f"conditional:{cond}"
            continue
        fut = _cue(toks, pack.future, lo, nxt)
        if fut:
            intent = knowledge.ontology.intent_of(d.type, d.cameo) if d.type != "AGREE" else None
            if d.type == "AGREE":
                d.status_cue = f"future:{fut}"
            elif intent:
                itype, icode = intent
                if (itype, icode) != (d.type, d.cameo):
                    d.notes.append(f"intent:{d.type}/{d.cameo}")
                    d.mode = d.mode if itype == d.type else None
                    d.type, d.cameo = itype, icode
                d.status_cue = f"future:{fut}"
            else:
                d.status, d.status_cue = "hypothetical", f"future:{fut}"
    return doc
