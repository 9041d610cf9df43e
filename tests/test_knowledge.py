"""The knowledge files: shape, consistency, picklability."""
import pickle

import pytest

from accord.knowledge import DATA, language_codes, load_knowledge
from accord.knowledge.ontology import PLOVER_TYPES

LANGS = language_codes()
FILES = ("language.yaml", "places.tsv", "titles.tsv", "coref.tsv", "triggers.yaml", "status.yaml",
         "dates.yaml", "boilerplate.tsv")


def test_knowledge_languages_present():
    assert {"en", "de", "ru"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FILES)
def test_knowledge_every_language_has_every_file(lang, name):
    assert (DATA / lang / name).exists()


@pytest.mark.parametrize("lang", LANGS)
def test_knowledge_triggers_agree_with_ontology(kb, lang):
    pack = kb.languages[lang]
    seen_types = set()
    for entries in list(pack.triggers.exact.values()) + [v for t in pack.triggers.stems.values() for v in t.values()]:
        for _pattern, trig in entries:
            code = kb.ontology.codes.get(trig.cameo)
            assert code is not None, f"{trig.source_file}#{trig.line}: unknown CAMEO {trig.cameo}"
            # two readings of PLOVER's manual that its CAMEO table does not make: intents to act are
            # AGREE, and an official's resignation is RETREAT `resign` under CAMEO 0831 (which the
            # table gives to CONCEDE, for acceding to a demand for new leaders)
            resignation = trig.type == "RETREAT" and trig.mode == "resign" and trig.cameo == "0831"
            assert code.plover_type == trig.type or trig.type == "AGREE" and trig.cameo.startswith("03") \
                or resignation, \
                f"{trig.source_file}#{trig.line}: CAMEO {trig.cameo} is {code.plover_type}, not {trig.type}"
            seen_types.add(trig.type)
    assert seen_types == set(PLOVER_TYPES), f"{lang} lacks {set(PLOVER_TYPES) - seen_types}"


def test_knowledge_roles_in_offices_exist(kb):
    for offices in kb.actors.offices.values():
        for o in offices:
            assert o.role in kb.ontology.roles, f"{o.actor_id}: unknown role {o.role}"
            assert o.country is None or o.country in kb.countries, f"{o.actor_id}: {o.country}"
            assert o.org is None or o.org in kb.orgs, f"{o.actor_id}: {o.org}"


def test_knowledge_place_codes_exist(kb):
    for lang, pack in kb.languages.items():
        for entries in list(pack.places.exact.values()) + [v for t in pack.places.stems.values()
                                                           for v in t.values()]:
            for _p, (kind, code, _sub) in entries:
                assert code in kb.countries or code in kb.orgs or code in kb.groups, f"{lang}: unknown place {code}"


def test_knowledge_is_picklable_and_survives_the_trip(kb):
    from accord import code_text
    clone = pickle.loads(pickle.dumps(kb))
    text = "Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu in Ankara."
    a = [e.to_dict() for e in code_text(text, doc_date="2021-06-30", knowledge=kb)]
    b = [e.to_dict() for e in code_text(text, doc_date="2021-06-30", knowledge=clone)]
    assert a == b and a


def test_knowledge_bad_file_names_file_and_line(tmp_path):
    import shutil
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    (root / "en" / "titles.tsv").write_text("pattern\trole\tsector\tkind\nminister\tMinister\tGOV\tbogus\n")
    from accord.errors import KnowledgeError
    with pytest.raises(KnowledgeError, match=r"titles.tsv:2"):
        load_knowledge(["en"], root=root)


def test_knowledge_no_language_code_in_the_code():
    """Adding a language is adding a data folder: no module names a language."""
    import re as _re
    from pathlib import Path
    src = Path(__file__).resolve().parent.parent / "src" / "accord"
    pattern = _re.compile(r"""["'](%s)["']""" % "|".join(LANGS))
    offenders = [f"{p.relative_to(src)}:{n}" for p in src.rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line.split("#")[0])]
    assert offenders == []


def test_knowledge_a_new_language_is_a_folder(tmp_path):
    import shutil
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    shutil.copytree(root / "en", root / "xx")           # a "new" language made only of files
    (root / "xx" / "language.yaml").write_text(
        (root / "en" / "language.yaml").read_text(encoding="utf-8").replace("name: English", "name: Test"),
        encoding="utf-8")
    assert "xx" in language_codes(root)
    kb = load_knowledge(["xx"], root=root)
    from accord import code_text
    # "xx" has no lemmatiser, so the sentence uses base forms
    ev = code_text("Russian President Vladimir Putin will visit China in May.",
                   doc_date="2024-04-16", lang="xx", knowledge=kb)
    assert [(e.type, e.cameo, e.source["country"], e.target["country"]) for e in ev] == [("AGREE", "036", "RUS", "CHN")]
